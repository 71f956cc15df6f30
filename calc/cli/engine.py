"""Batch runs of files in partitions: ``--engine local`` (this process, one partition after
another) or ``--engine dask`` (the same partition function through ``map_partitions`` on a
``distributed.Client``: a LocalCluster, or the scheduler at ``--scheduler`` /
``RECOVERY_DASK_SCHEDULER``).

Either way the file is planned into parts (:func:`calc.files.stream.plan_parts`), each part is
read, checked and computed by :func:`compute_part`, and the results are written in the file's
order as they come, so a run holds a few partitions, never the file. Problems are those of the
first part that has any (the same whichever engine: parts are waited for in order); then the
temporary output is removed and nothing is written. ``--total`` adds the Segments page's
``Total`` row, reduced over the parts (:func:`calc.model.analyses.add_segment_sums`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from calc.budget.levers import lever_table
from calc.cli.memory import keep_freed_memory
from calc.files import stream
from calc.files.scenarios import template_frame
from calc.model.analyses import add_segment_sums, segment_sums, total_row
from calc.model.evaluation import evaluate_table
from calc.model.params import InputError, Problem
from calc.model.scenario import projections

ENGINES = ("local", "dask")
SCHEDULER_ENV = "RECOVERY_DASK_SCHEDULER"
JOBS = {"evaluate": evaluate_table, "project": projections, "levers": lever_table}


def compute_part(scenarios: pd.DataFrame, job: str, total: bool) -> pd.DataFrame:
    """One part's output (``JOBS[job]`` of its scenarios), with ``attrs["rows"]`` (scenarios
    read) and, for ``total``, ``attrs["sums"]`` (:func:`segment_sums`)."""
    out = JOBS[job](scenarios) if len(scenarios) else _empty(job)
    out.attrs["rows"] = len(scenarios)
    out.attrs["blanks"] = scenarios.attrs.get("blanks", 0)
    if total:
        out.attrs["sums"] = segment_sums(out)
    return out


def _empty(job: str) -> pd.DataFrame:
    return JOBS[job](template_frame()).iloc[:0]


def _read_and_compute(part, job: str, total: bool, batch=None) -> pd.DataFrame:
    return compute_part(stream.read_part(part, batch), job, total)


def run(source, target, job: str = "evaluate", engine: str = "local",
        partition_rows: int = stream.DEFAULT_PARTITION_ROWS, total: bool = False,
        scheduler: str | None = None, workers: int | None = None, bom: bool = False) -> None:
    """Read ``source`` in partitions, compute ``job`` on each, write ``target`` (CSV or
    Parquet by extension) in order. Raises :class:`InputError` (nothing written) or OSError."""
    parts = stream.plan_parts(source, partition_rows)
    writer = stream.PartWriter(target, bom)
    results = (_local(parts, job, total) if engine == "local" else
               _dask(parts, job, total, scheduler or os.environ.get(SCHEDULER_ENV) or None,
                     workers))
    # A part is written on a second thread while the next is computed (Arrow's writers and
    # numpy release the interpreter lock): one part more in memory, the two cores both busy.
    pool = ThreadPoolExecutor(1)
    writing = None
    try:
        before, sums = 0, None
        for out in results:
            rows = out.attrs.get("rows", 0)
            if total:
                part = out.attrs["sums"]
                sums = part if sums is None else add_segment_sums(sums, part)
            if out.attrs.get("blanks"):
                out = stream.name_blanks(out, before)
            out.attrs = {}
            if writing is not None:
                writing.result()
            writing = pool.submit(writer.write, out)
            del out
            before += rows
        if writing is not None:
            writing.result()
        if before == 0:
            raise InputError([Problem(None, None, None, "the scenarios file has a header but no "
                                                        "data rows; add one row per scenario")])
        if total:
            columns = _empty(job).columns
            frame = pd.DataFrame([total_row(sums, columns)], columns=columns)
            frame["paradox_assumed"] = frame["paradox_assumed"].astype(bool)
            writer.write(frame)
        writer.commit()
    except stream.PartProblems as e:
        pool.shutdown(wait=True)        # no write in flight while the output is removed
        writer.abort()
        raise InputError(e.problems + _later(parts, e.part, partition_rows)) from None
    except BaseException:
        pool.shutdown(wait=True)
        writer.abort()
        raise
    finally:
        pool.shutdown(wait=True)
        results.close()     # the engine shuts down (a LocalCluster stops) however the run ends


def _later(parts, failed: int, rows: int) -> list[Problem]:
    if failed + 1 >= len(parts):
        return []
    return [Problem(None, None, None, f"the file is read in {len(parts):,} parts of up to "
                                      f"{rows:,} rows; these problems are in part "
                                      f"{failed + 1:,}, and the rows after it are checked once "
                                      f"they are fixed")]


def _local(parts, job: str, total: bool):
    keep_freed_memory()
    for part, batch in stream.local_batches(parts):
        yield _read_and_compute(part, job, total, batch)


def _dask(parts, job: str, total: bool, scheduler: str | None, workers: int | None):
    """The parts through dask.dataframe (``from_map`` reads them, ``map_partitions`` computes),
    at most a few ahead of the one being written, results taken in order."""
    # Dask is imported here, only when this engine is asked for (it adds ~1 s to start-up).
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as e:
            raise InputError([Problem(None, None, None, f"cannot reach the Dask scheduler at "
                                                        f"{scheduler} ({e}); start one (`dask "
                                                        f"scheduler`), or leave out --scheduler "
                                                        f"and {SCHEDULER_ENV} for a local "
                                                        f"cluster")]) from None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
        # this cluster's workers live for one run: they reuse freed blocks as this process
        # does, and keep Dask's trimming of the heap's top (5M rows: 21-23 s, not 27-29 s;
        # the process tree's peak 2.7-2.8 GiB, not 2.0-2.2 GiB)
        client.run(keep_freed_memory, None)
    try:
        with dask.config.set({"dataframe.convert-string": False}):
            meta_in = stream.read_part(stream.Part("bytes", "-", 0, 2, data=_template_bytes()))
            meta_in = meta_in.iloc[:0]
            meta_out = _empty(job)
            frames = dd.from_map(stream.read_part, parts, meta=meta_in, enforce_metadata=False)
            out = frames.map_partitions(compute_part, job, total, meta=meta_out,
                                        enforce_metadata=False, align_dataframes=False)
            pieces = out.to_delayed()
        ahead = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        futures = {}
        try:
            for i in range(len(pieces)):
                for j in range(i, min(len(pieces), i + ahead + 1)):
                    if j not in futures:
                        futures[j] = client.compute(pieces[j])
                result = futures.pop(i).result()
                yield result
        finally:
            for f in futures.values():
                f.cancel()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _template_bytes() -> bytes:
    from calc.files.write import to_csv_bytes
    return to_csv_bytes(template_frame())


__all__ = ["ENGINES", "JOBS", "SCHEDULER_ENV", "compute_part", "run"]
