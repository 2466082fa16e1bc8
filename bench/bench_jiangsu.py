"""Benchmarks of the Jiangsu plugin and the QC-code flow (not tests; run by hand).

    .venv/bin/python bench/bench_jiangsu.py

Measures, on the examples under examples/jiangsu/: checking a full filing (card, a
device-test report of 3 devices and a dose report of 4 workers); checking a large device
report (200 devices, 1 100 items, 600 points) and a large dose report (2 000 records of 500 workers);
computing card results; issuing QC codes; signing and drawing QR codes.
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import attrs
from stdnum.cn import ric

import radrules
from radrules import Filing, InMemoryQcSequence, parse_json, structure

ROOT = Path(__file__).resolve().parent.parent
PT = ROOT / "examples" / "jiangsu" / "valid-medical-protection-testing-from-device-tests.json"
DM = ROOT / "examples" / "jiangsu" / "valid-medical-dose-monitoring-from-dose-report.json"
DAY = date(2026, 11, 26)


def bench(label: str, fn: Callable[[], object], *, repeat: int = 5, min_time: float = 0.3) -> None:
    fn()  # warm caches (plans, parsed limits), as a long-running service would have them
    rates = []
    for _ in range(repeat):
        n, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < min_time:
            fn()
            n += 1
        rates.append(n / elapsed)
    best = max(rates)
    print(f"{label:<58} {best:>12,.0f}/s  {1e3 / best:>9.3f} ms  (median {statistics.median(rates):,.0f}/s)")


def big_device_filing(devices: int) -> Filing:
    data = parse_json(PT.read_bytes())
    report = data["device_test_reports"][0]
    base = report["samples"]
    samples = []
    for i in range(devices):
        s = copy.deepcopy(base[i % 2])  # DR (9 items, 4 points) and DSA (2 items, 2 points)
        s["sample_no"] = f"S-{i:04d}"
        s["device"]["device_id"] = f"D-{i:04d}"
        samples.append(s)
    report["samples"] = samples
    del data["report_card"], data["dose_reports"]
    return structure(data, Filing)


def _id_number(i: int) -> str:
    body = f"32010619780915{i:03d}"  # one county and birth date, a different order code each
    return body + ric.calc_check_digit(body + "0")


def big_dose_filing(records: int) -> Filing:
    """``records`` records: a quarter of as many workers, each with four 90-day periods."""
    data = parse_json(DM.read_bytes())
    report = data["dose_reports"][0]
    template = report["records"][0]
    out = []
    for i in range(records):
        r = copy.deepcopy(template)
        worker, k = divmod(i, 4)
        r["worker"]["id_number"] = _id_number(worker)
        r["worker"]["name"] = f"人员{worker}"
        start = date(2025, 10, 1) + timedelta(days=91 * k)
        r["period_start"], r["period_end"] = start.isoformat(), (start + timedelta(days=89)).isoformat()
        out.append(r)
    report["records"] = out
    del data["report_card"], data["device_test_reports"]
    return structure(data, Filing)


def main() -> None:
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    pt = structure(parse_json(PT.read_bytes()), Filing)
    dm = structure(parse_json(DM.read_bytes()), Filing)
    raw = PT.read_bytes()
    assert radrules.check(pt, as_of=DAY).ok and radrules.check(dm, as_of=DAY).ok

    bench("check: card + device report (3 devices) + dose report", lambda: radrules.check(pt, as_of=DAY))
    bench("parse + structure + check of the same, from JSON bytes",
          lambda: radrules.check(parse_json(raw), as_of=DAY))  # fmt: skip
    big = big_device_filing(200)
    assert radrules.check(big, as_of=DAY).ok
    bench(
        "check: device report of 200 devices (1 100 items, 600 points)",
        lambda: radrules.check(big, as_of=DAY),
        repeat=3,
    )
    doses = big_dose_filing(2000)
    result = radrules.check(doses, as_of=DAY)
    assert result.ok, [f.message for f in result.findings[:3]]
    bench("check: dose report of 2 000 records", lambda: radrules.check(doses, as_of=DAY), repeat=3)
    bench("computed_card_results: protection testing", lambda: radrules.computed_card_results(pt, as_of=DAY))
    card = pt.report_card
    assert card is not None
    fresh = attrs.evolve(card, qc_code=None)
    seq = InMemoryQcSequence()
    bench("issue_qc_code (in-memory sequence)", lambda: radrules.issue_qc_code(fresh, on=DAY, sequence=seq))
    secret = b"benchmark-secret-0123456789"
    bench("card_verification_url (validate + sign)",
          lambda: radrules.card_verification_url(card, as_of=DAY, secret=secret))  # fmt: skip
    url = radrules.card_verification_url(card, as_of=DAY, secret=secret)
    bench("verify_qc_url (signature + format)", lambda: radrules.verify_qc_url(url, as_of=DAY, secret=secret))
    bench("qr_png (draw the PNG)", lambda: radrules.qr_png(url), repeat=3)


if __name__ == "__main__":
    main()
