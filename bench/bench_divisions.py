"""Division-code look-ups: checks and names per second, cold and cached, and table loading.

    .venv/bin/python -m bench.bench_divisions [--calls 1000000]

The bulk check validates two division codes per card (client, service address) on the
card's report date, so a check must cost far less than a card (~90 µs at 11,000 cards/s).
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import date
from importlib.resources import files

import radrules.identifiers.division as div
from radrules.errors import InvalidValue
from radrules.identifiers import division_table


def _timed(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def _check(code: str, on: date) -> bool:
    try:
        div.validate_division_code(code, on=on)
    except InvalidValue:
        return False  # codes created after the drawn date: refusals are timed too
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = files("radrules_rulesets") / "divisions"
    table = division_table.load_table(folder)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"load counties: {_timed(division_table.load_table, folder) * 1000:.1f} ms")
    print(f"load townships (first need): {_timed(table.township_name, '320508017') * 1000:.1f} ms")

    counties = [d.code for c in div.division_children("320000") for d in div.division_children(c.code)]
    counties += [d.code for d in div.division_children("110000")]
    rng = random.Random(18)
    days = [date(rng.randrange(2015, 2027), rng.randrange(1, 13), 1) for _ in range(64)]
    calls = [(rng.choice(counties), rng.choice(days)) for _ in range(args.calls)]

    div._validate.cache_clear()
    cold = [(c, d) for c in counties for d in {x.replace(month=1) for x in days}]
    seconds = _timed(lambda: [_check(c, d) for c, d in cold])
    print(
        f"validate, cold (first check of each code and year): {len(cold) / seconds:,.0f}/s ({len(cold)} checks)"
    )
    seconds = _timed(lambda: [_check(c, d) for c, d in calls])
    print(f"validate, cached (same codes recur, as in bulk checks): {len(calls) / seconds:,.0f}/s")
    seconds = _timed(lambda: [div.division_name(c, on=d) for c, d in calls[:200_000]])
    print(f"division_name (cached per code and year): {200_000 / seconds:,.0f}/s")
    fresh = division_table.load_table(folder)
    cities = [c for c in fresh._spans if c[4:] == "00" and c[2:] != "0000"]
    seconds = _timed(lambda: [fresh.children(c, None) for c in cities])
    print(f"children of every city, cold: {seconds / len(cities) * 1e6:,.0f} µs per city")


if __name__ == "__main__":
    main()
