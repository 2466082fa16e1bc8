"""``radrules check --jobs N`` on a .jsonl of generated cards, against orjson parsing the file.

    .venv/bin/python -m bench.bench_check_jobs [--cards 100000] [--jobs 1 2] [--rounds 2]

Writes the cards (bench/cards.py, 20 % with a defect) to a temporary .jsonl, then, in one
run and alternating rounds: the floor — reading the file and ``orjson.loads`` of every
line, in this process — and the command itself (``radrules check -q FILE --jobs N``, a
fresh process each time, its output to /dev/null), best of the rounds. Prints wall
seconds, cards/s and the CPU seconds used (the command and its workers), the speed-up over
one job and the ratio of one job to the orjson floor. On a machine shared with other work
the CPU seconds show what the wall time cannot: how much the parallel run costs in all.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from bench.cards import generate


def _floor(path: Path) -> float:
    start = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                orjson.loads(line)
    return time.perf_counter() - start


def _command(path: Path, jobs: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the command and its workers, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "radrules", "check", "-q", "--as-of", "2026-11-26"]
    done = subprocess.run(
        [*command, str(path), "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cards.jsonl"
        with path.open("wb") as handle:
            for document in generate(args.cards):
                handle.write(orjson.dumps(orjson.loads(document)) + b"\n")
        size = path.stat().st_size
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        codes: set[int] = set()
        loads = [os.getloadavg()[0]]
        for _ in range(args.rounds):
            best["floor"] = min(best.get("floor", float("inf")), _floor(path))
            for jobs in args.jobs:
                seconds, used, code = _command(path, jobs)
                codes.add(code)
                if seconds < best.get(f"jobs {jobs}", float("inf")):
                    best[f"jobs {jobs}"], cpu[f"jobs {jobs}"] = seconds, used
                loads.append(os.getloadavg()[0])
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{args.cards} cards ({size / 1e6:.0f} MB), best of {args.rounds}, "
        f"load average {min(loads):.1f}–{max(loads):.1f}; exit codes {sorted(codes)}"
    )
    for name, seconds in best.items():
        spent = f"  CPU {cpu[name]:6.2f} s" if name in cpu else ""
        print(f"{name:28s} {seconds:7.2f} s  {args.cards / seconds:10,.0f} cards/s{spent}")
    one = best.get("jobs 1")
    if one:
        for jobs in args.jobs:
            if jobs != 1:
                print(f"speed-up jobs {jobs} / jobs 1    {one / best[f'jobs {jobs}']:7.2f}")
        print(f"ratio jobs 1 / orjson floor  {one / best['floor']:7.2f}")


if __name__ == "__main__":
    main()
