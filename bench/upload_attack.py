"""Uploads that attack the server, measured: `python bench/upload_attack.py [--browser]`.

Part 1 (always): each upload path of the dashboard and the CLI's `evaluate`, run on a hostile
or large file in a fresh Python process of its own, which reports how long it took, what it
answered (or why it refused) and its peak memory (ru_maxrss: the file's bytes, as the server
holds an upload, included). Files: a 150 MB file that is one line (75 million columns), a
1,000,000-row segments file (17 MB), the Segments page's largest file (100,000 rows), a
5,000,000-row case log and a 10,000-row scenario import.

Part 2 (``--browser``, run by ``make load``): the dashboard under attack. One browser session
uploads the one-line file, then the million-row file, to the Segments page while a second
session keeps changing an input on the calculator; reports how long each upload took to get
its answer or refusal on screen, the second session's latencies meanwhile, and the server's
peak memory. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GIB = 1024 ** 3


# --- files ----------------------------------------------------------------------------------

def one_line(mb: int = 150) -> bytes:
    """A header of 'mb' megabytes with no line break: 1,1,1,... (mb/2 million columns)."""
    return b"1," * (mb * 1_000_000 // 2)


def segment_rows(rows: int) -> bytes:
    """A segments file like the attack's: scenario, customers, failure_rate, retention."""
    import numpy as np
    i = np.arange(rows)
    customers = 1000 + (i * 7919) % 90000
    rate = np.round(0.05 + (i % 40) / 100, 2)
    lines = [f"s{a},{b},{c}\n" for a, b, c in zip(i.tolist(), customers.tolist(), rate.tolist())]
    return ("scenario,customers,failure_rate\n" + "".join(lines)).encode()


def case_log(rows: int) -> bytes:
    """A valid case log of 'rows' customer-years (flags consistent, money numbers)."""
    import numpy as np
    rng = np.random.default_rng(1)
    f = rng.random(rows) < 0.3
    c = f & (rng.random(rows) < 0.4)
    r = c & (rng.random(rows) < 0.6)
    q = r & (rng.random(rows) < 0.5)
    k = rng.random(rows) < 0.8
    flags = np.stack([f, c, r, q, k], axis=1).astype(np.uint8) + ord("0")
    body = np.full((rows, 11), ord(","), dtype=np.uint8)
    body[:, 1:10:2] = flags
    body[:, 10] = ord("\n")
    ids = np.char.encode(np.char.add("C", np.arange(rows).astype(str)), "ascii")
    out = bytearray(b"customer_id,failed,complained,resolved,resolved_fast,retained\n")
    joined = [a + b.tobytes() for a, b in zip(ids.tolist(), body)]
    out += b"".join(joined)
    return bytes(out)


# --- one measured run, in a process of its own ------------------------------------------------

def child(path: str, route: str) -> dict:
    """Run one upload route on the file; report seconds, outcome and peak memory."""
    import calc
    from calc.files.caselog import parse_log
    from calc.calibration.estimates import estimate
    from calc.files.ranges import read_ranges
    from calc.files.scenarios import (MAX_IMPORT_ROWS, MAX_SEGMENT_ROWS, read_scenarios,
                                      scenario_params)
    base = peak_kb()
    data = Path(path).read_bytes()          # the server holds an upload's bytes
    t0 = time.perf_counter()
    try:
        if route == "segments":
            table = calc.segments(read_scenarios(data, max_rows=MAX_SEGMENT_ROWS))
            answer = (f"{len(table) - 1:,} segments, total net value "
                      f"{table.iloc[-1]['net_value']:,.0f}")
        elif route == "calibrate":
            log = parse_log(data)
            answer = f"{estimate(log.frame).rows_used:,} rows estimated"
        elif route == "ranges":
            answer = f"{len(read_ranges(data))} ranges"
        elif route == "import":
            answer = f"{len(list(scenario_params(read_scenarios(data, MAX_IMPORT_ROWS)))):,} " \
                     f"scenarios ready to save"
        else:
            raise ValueError(route)
    except calc.InputError as e:
        answer = "refused: " + str(e.problems[0])[:110]
    seconds = time.perf_counter() - t0
    peak = peak_kb()
    return {"route": route, "seconds": seconds, "answer": answer, "peak_mb": peak / 1024,
            "imports_mb": base / 1024, "file_mb": len(data) / 1e6}


def peak_kb() -> int:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over
    from the parent that forked the process, so a fresh interpreter would start at the
    parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(path: Path, route: str) -> dict:
    """:func:`child` in a fresh interpreter (its peak memory is this upload's alone)."""
    if route == "cli":
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", CLI_CHILD, str(path)], cwd=ROOT,
                           capture_output=True, text=True)
        out = json.loads(r.stdout.strip().splitlines()[-1])
        out["seconds"] = time.perf_counter() - t0
        return out
    r = subprocess.run([sys.executable, __file__, "--child", route, str(path)], cwd=ROOT,
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


# A small interpreter runs the CLI and reads its peak from RUSAGE_CHILDREN (the CLI starts from
# this small parent, so the carried-over peak is negligible).
CLI_CHILD = """
import json, os, resource, subprocess, sys
out = sys.argv[1] + ".out.csv"        # a file of its own, removed after
r = subprocess.run([sys.executable, "-m", "calc", "evaluate", sys.argv[1], "-o", out],
                   capture_output=True, text=True)
if os.path.exists(out):
    os.unlink(out)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
answer = "exit 0" if r.returncode == 0 else f"exit {r.returncode}: " + r.stderr.strip()[:110]
print(json.dumps({"route": "cli evaluate", "answer": answer, "peak_mb": peak / 1024}))
"""


def part_one(folder: Path) -> list[dict]:
    files = {"one line, 150 MB": (one_line(150), ["segments", "ranges", "calibrate", "import",
                                                  "cli"]),
             "1,000,000 segment rows": (segment_rows(1_000_000), ["segments", "import", "cli"]),
             "100,000 segment rows": (segment_rows(100_000), ["segments"]),
             "10,000 scenarios": (segment_rows(10_000), ["import"]),
             "5,000,000-row case log": (case_log(5_000_000), ["calibrate"])}
    results = []
    for name, (data, routes) in files.items():
        path = folder / "upload.csv"
        path.write_bytes(data)
        del data
        for route in routes:
            r = measure(path, route)
            r["file"] = name
            results.append(r)
            print(f"{name:>24} -> {r['route']:<13} {r['seconds']:6.2f} s  peak "
                  f"{r['peak_mb']:6.0f} MB  {r['answer']}", flush=True)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, metavar=("ROUTE", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--browser", action="store_true", help="also attack a running dashboard")
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[1], args.child[0])))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        results = part_one(Path(tmp))
        worst = max(r["peak_mb"] for r in results if r["route"] != "cli evaluate")
        print(f"largest peak memory of one dashboard upload: {worst:,.0f} MB (limit 1,024 MB; "
              f"the CLI runs on the user's machine, not the server)")
        code = 0 if worst < 1024 else 1
        if args.browser:
            from upload_browser import attack
            code |= attack(Path(tmp), one_line(150), segment_rows(1_000_000),
                           segment_rows(100_000))
    return code


if __name__ == "__main__":
    sys.exit(main())
