"""Benchmark `bannergen batch`: parallel scaling against the machine's capacity, and re-runs.

Run from the repository: `python bench/batch_bench.py [--files N] [--rerun-files N] [--runs R]`.
Writes docs/benchmark-batch.md. Every figure is a ratio against a reference measured in the same
run, so that a busy machine moves both alike:

- capacity: two CPU-bound processes side by side against the same two one after the other
  (what the machine really gives to a second process; 2.0 on two idle cores);
- scaling: a batch of N PDFs with --jobs 2 against --jobs 1, as a share of that capacity;
- re-run: the same command again over files that are all up to date, against the first run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
BURN = "x = 0\nfor i in range(12_000_000):\n    x += i * i\n"


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC), "BANNERGEN_LANG": "en",
            "BANNERGEN_TODAY": "2020-06-01", "SOURCE_DATE_EPOCH": "1589846400"}


def wall(commands: list[list[str]], cwd: Path) -> float:
    """Seconds until every command (started together) has finished."""
    start = time.perf_counter()
    procs = [subprocess.Popen(c, env=env(), cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for c in commands]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise RuntimeError(err.decode()[-400:])
    return time.perf_counter() - start


def order(path: Path, files: int) -> Path:
    """An order of `files` distinct banner PDFs: the 11 slogans at as many sizes as needed."""
    sizes = -(-files // 11)
    items = "".join(f"  - slogan: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n    size: {100 + i}x20cm\n"
                    for i in range(sizes))
    path.write_text("items:\n" + items, encoding="utf-8")
    return path


def batch(work: Path, the_order: Path, out: str, jobs: int) -> list[str]:
    return [sys.executable, "-m", "bannergen", "--quiet", "batch", str(the_order), "-o",
            str(work / out), "--jobs", str(jobs)]


def capacity(work: Path) -> float:
    burn = [sys.executable, "-c", BURN]
    one_after_other = wall([burn], work) + wall([burn], work)
    side_by_side = wall([burn, burn], work)
    return one_after_other / side_by_side


def scaling(work: Path, files: int, runs: int) -> dict:
    the_order = order(work / "scaling.yaml", files)
    ratios, capacities, serial, parallel = [], [], [], []
    for _ in range(runs):  # interleaved, so that a change in load falls on both
        shutil.rmtree(work / "j1", ignore_errors=True)
        shutil.rmtree(work / "j2", ignore_errors=True)
        one = wall([batch(work, the_order, "j1", 1)], work)
        two = wall([batch(work, the_order, "j2", 2)], work)
        cap = capacity(work)
        serial.append(one)
        parallel.append(two)
        capacities.append(cap)
        ratios.append(one / two / cap)
    return {"files": files, "jobs1": statistics.median(serial),
            "jobs2": statistics.median(parallel), "capacity": statistics.median(capacities),
            "share": statistics.median(ratios)}


def rerun(work: Path, files: int, runs: int) -> dict:
    the_order = order(work / "rerun.yaml", files)
    shutil.rmtree(work / "r", ignore_errors=True)
    first = wall([batch(work, the_order, "r", 2)], work)
    again = statistics.median(wall([batch(work, the_order, "r", 2)], work) for _ in range(runs))
    return {"files": files, "first": first, "again": again, "share": again / first}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rerun-files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmark-batch.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bannergen-batch-bench-") as tmp:
        work = Path(tmp)
        scale = scaling(work, args.files, args.runs)
        again = rerun(work, args.rerun_files, args.runs)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    table = "\n".join([
        "# Batch benchmark",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.system()} {platform.machine()}, "
        f"{cpus} CPUs, Python {platform.python_version()}, by `python bench/batch_bench.py` "
        f"(medians of {args.runs} interleaved runs; wall time).",
        "",
        "| measure | bannergen | reference in the same run | ratio | target |",
        "|---|---|---|---|---|",
        f"| {scale['files']} PDFs, `--jobs 2` against `--jobs 1` | "
        f"{scale['jobs2']:.2f} s against {scale['jobs1']:.2f} s "
        f"(×{scale['jobs1'] / scale['jobs2']:.2f}) | capacity: two CPU-bound processes "
        f"×{scale['capacity']:.2f} | {scale['share']:.0%} of capacity | ≥ 75 % |",
        f"| re-run over {again['files']} up-to-date PDFs | {again['again']:.2f} s | "
        f"first run {again['first']:.2f} s | {again['share']:.1%} | ≤ 10 % |",
        "",
    ])
    args.out.write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
