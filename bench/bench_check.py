"""Bulk checking throughput against its floor (parsing and structuring the same cards).

    .venv/bin/python -m bench.bench_check [--cards 100000]

Prints cards per second for (a) parse + structure only, (b) parse + structure + check,
and the ratio b/a. One process, one core.
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
from datetime import date

import radrules
from bench.cards import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--gc-threshold", type=int, default=0, help="gen-0 threshold to try (0: Python default)"
    )
    args = parser.parse_args()
    documents = generate(args.cards)
    if args.gc_threshold:
        gc.set_threshold(args.gc_threshold, 50, 100)
    as_of = date(2026, 11, 26)
    registry = radrules.default_registry()
    radrules.check(
        radrules.filing_from_json(radrules.parse_json(documents[0])), as_of=as_of, registry=registry
    )

    def floor() -> None:
        for doc in documents:
            radrules.filing_from_json(radrules.parse_json(doc))

    errors = 0

    def full() -> None:
        nonlocal errors
        errors = 0
        for doc in documents:
            result = radrules.check(
                radrules.filing_from_json(radrules.parse_json(doc)), as_of=as_of, registry=registry
            )
            errors += not result.ok

    timings = {}
    for name, fn in (("parse+structure (floor)", floor), ("parse+structure+check", full)):
        best = float("inf")
        for _ in range(args.rounds):
            gc.collect()
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        timings[name] = best
    print(
        f"python {platform.python_version()} on {platform.machine()}, {args.cards} cards, best of {args.rounds}"
    )
    for name, seconds in timings.items():
        print(f"{name:28s} {seconds:7.2f} s  {args.cards / seconds:10,.0f} cards/s")
    floor_s, full_s = timings.values()
    print(f"ratio full/floor            {full_s / floor_s:7.2f}")
    print(f"cards with error findings   {errors} ({errors / args.cards:.1%})")


if __name__ == "__main__":
    main()
