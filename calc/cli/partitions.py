"""How a file is run in partitions: the --engine, --partition-rows, --scheduler and --workers
arguments of evaluate, project and levers, and the run itself (:mod:`calc.cli.engine`)."""

from __future__ import annotations

import argparse

from calc.model.params import InputError, Problem


def streamed(args, job: str) -> None:
    """Run ``job`` over the input in partitions on the chosen engine, writing the output
    itself (all or nothing); a write failure is said as ``main`` says it."""
    from calc.cli import engine
    try:
        engine.run(args.input, args.output, job, args.engine, args.partition_rows,
                   getattr(args, "total", False), args.scheduler, args.workers,
                   getattr(args, "bom", False))
    except (OSError, ValueError) as e:
        if isinstance(e, InputError):
            raise
        where = getattr(e, "filename", None) or str(args.output)
        raise InputError([Problem(None, None, None, f"cannot write {where}: "
                                                    f"{getattr(e, 'strerror', None) or e}; "
                                                    f"nothing was written")]) from None


def _partition_rows(text: str) -> int:
    try:
        v = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 1_000 <= v <= 10_000_000:
        raise argparse.ArgumentTypeError(f"must be between 1,000 and 10,000,000, got {v:,}")
    return v


def _workers(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 1 <= v <= 256:
        raise argparse.ArgumentTypeError(f"must be between 1 and 256, got {v}")
    return v


def engine_args(p) -> None:
    """--engine, --partition-rows, --scheduler, --workers: how a file is run in partitions."""
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: partitions one after another in this process (default); dask: "
                        "the same partitions on a Dask cluster (a local one unless --scheduler)")
    p.add_argument("--partition-rows", type=_partition_rows, default=250_000, metavar="N",
                   help="rows read and computed at a time (default 250,000); any file size")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running scheduler, e.g. tcp://host:8786 "
                        "(default: $RECOVERY_DASK_SCHEDULER, else a LocalCluster on this machine)")
    p.add_argument("--workers", type=_workers, metavar="N",
                   help="with --engine dask and no scheduler: worker processes of the "
                        "LocalCluster (default: one per core)")
