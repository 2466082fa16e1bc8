"""A city's registers evaluated into warnings: 300 units, 3,000 devices, 10,000 workers with
five years of quarterly doses (issue 14: ≤ 2 s on one core).

    .venv/bin/python -m bench.bench_warnings [--units 300] [--rounds 3]

Prints the best wall-clock and CPU time of (a) parse + structure the JSON Lines, (b)
evaluate the structured registers, (c) both, as the command line does, and how many
warnings came out. One process, one core; on a shared machine the CPU time is the steadier
figure. The registers are generated with a realistic share of defects (an
overdue training, a quarter above the investigation level, a device test overdue, a
licence coming due), so that rules produce warnings as well as pass.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import time
from datetime import date, timedelta
from typing import Any

import radrules
from radrules.supervision import as_register

if __package__:
    from bench.yibin import COUNTIES
else:  # run as a file: bench/ is on sys.path
    from yibin import COUNTIES  # type: ignore[no-redef]

AS_OF = date(2026, 11, 26)


def _id_number(rng: random.Random, county: str) -> str:
    from stdnum.cn import ric

    born = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 35))
    body = f"{county}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _quarters(first: int, rng: random.Random, hot: bool) -> list[dict[str, Any]]:
    out = []
    for year in range(first, 2027):
        for q in range(1, 5):
            if year == 2026 and q == 4:
                break
            start = date(year, 3 * q - 2, 1)
            end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
            dose = round(rng.uniform(0.02, 0.4) + (1.5 if hot and year == 2025 and q == 2 else 0), 2)
            out.append({"period_start": start.isoformat(), "period_end": end.isoformat(), "hp10": dose})
    return out


def _chain(rng: random.Random, first: date, every: tuple[int, int], late: bool) -> list[date]:
    """Dates from ``first`` at intervals drawn from ``every`` (days) up to the as-of date;
    ``late`` stops the chain a year early, so the duty is overdue."""
    days = [first]
    stop = AS_OF - timedelta(days=400 if late else 0)
    while (nxt := days[-1] + timedelta(days=rng.randrange(*every))) <= stop:
        days.append(nxt)
    return days


def _worker(rng: random.Random, county: str) -> dict[str, Any]:
    started = date(2019, 1, 7) + timedelta(days=rng.randrange(500))
    trained = _chain(rng, started - timedelta(days=10), (600, 720), late=rng.random() < 0.03)
    trainings = [
        {
            "kind": "pre_job" if i == 0 else "in_service",
            "ended_on": d.isoformat(),
            "days": 4 if i == 0 else 2,
            "passed": True,
        }
        for i, d in enumerate(trained)
    ]
    examined = _chain(rng, started - timedelta(days=20), (600, 720), late=rng.random() < 0.03)
    exams = [
        {
            "kind": "pre_job" if i == 0 else "in_service",
            "examined_on": d.isoformat(),
            "fit": rng.random() > 0.002,
        }
        for i, d in enumerate(examined)
    ]
    return {
        "name": "工作人员",
        "id_number": _id_number(rng, county),
        "started_on": started.isoformat(),
        "certificate_no": f"川放证字第{rng.randrange(10**6):06d}号",
        "trainings": trainings,
        "health_exams": exams,
        "doses": _quarters(2021, rng, hot=rng.random() < 0.03),
    }


def _device(rng: random.Random, n: int) -> dict[str, Any]:
    installed = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
    tested = _chain(rng, installed + timedelta(days=5), (330, 364), late=rng.random() < 0.05)
    tests = [
        {"condition": "acceptance" if i == 0 else "status", "tested_on": d.isoformat(), "passed": True}
        for i, d in enumerate(tested)
    ]
    return {
        "device_id": f"D{n:05d}",
        "name": "X射线设备",
        "type": "DR",
        "installed_on": installed.isoformat(),
        "tests": tests,
    }


def generate(units: int, seed: int = 14) -> list[str]:
    """``units`` registers as JSON Lines text, ten devices and ~33 workers each (10,000 for 300)."""
    rng = random.Random(seed)
    lines = []
    workers_total = units * 100 // 3
    for u in range(units):
        county = COUNTIES[u % len(COUNTIES)]
        verified = date(2023, 12, 1) + timedelta(days=rng.randrange(365))
        workers = workers_total // units + (1 if u < workers_total % units else 0)
        register = {
            "unit_register": {
                "unit": {
                    "name": f"医院{u:03d}",
                    "uscc": f"12511500MB{u:07d}X",
                    "kind": "general_hospital",
                    "division_code": county,
                },
                "licences": [
                    {
                        "number": f"川卫放证字第{u:04d}号",
                        "issued_on": "2018-05-10",
                        "verified_on": verified.isoformat(),
                        "verification_years": 3,
                        "projects": ["x_ray_imaging"],
                    }
                ],
                "devices": [_device(rng, u * 10 + d) for d in range(10)],
                "workers": [_worker(rng, county) for _ in range(workers)],
            }
        }
        lines.append(json.dumps(register, ensure_ascii=False))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    lines = generate(args.units)
    registry = radrules.default_registry()
    structured = [as_register(radrules.parse_json(line)) for line in lines]
    radrules.warnings(structured[0], as_of=AS_OF, registry=registry)  # load plugins, rulesets, plans
    counts: dict[str, int] = {}

    def read() -> None:
        for line in lines:
            as_register(radrules.parse_json(line))

    def evaluate() -> None:
        counts.clear()
        for register in structured:
            for w in radrules.warnings(register, as_of=AS_OF, registry=registry).warnings:
                counts[w.level.value] = counts.get(w.level.value, 0) + 1

    def both() -> None:
        for line in lines:
            radrules.warnings(radrules.parse_json(line), as_of=AS_OF, registry=registry)

    timings = {}
    for name, fn in (("parse+structure", read), ("evaluate", evaluate), ("parse+structure+evaluate", both)):
        wall = cpu = float("inf")
        for _ in range(args.rounds):
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall = min(wall, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        timings[name] = (wall, cpu)
    workers = sum(len(r.workers) for r in structured)
    devices = sum(len(r.devices) for r in structured)
    doses = sum(len(w.doses) for r in structured for w in r.workers)
    megabytes = sum(len(line.encode()) for line in lines) / 1e6
    print(
        f"python {platform.python_version()} on {platform.machine()}: {len(structured)} units, {devices} devices, "
        f"{workers} workers, {doses} dose periods ({megabytes:.0f} MB of JSON), best of {args.rounds}"
    )
    print(f"{'':26s} {'wall':>7s} {'cpu':>7s}")
    for name, (wall, cpu) in timings.items():
        print(f"{name:26s} {wall:6.2f}s {cpu:6.2f}s")
    print(f"warnings by level: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
