"""Benchmark: streaming exports to xlsx (device-test results, report-card query results).

    .venv/bin/python bench/bench_exports.py [--rows 100000]

Each export runs in a fresh child process that generates its rows lazily (device tests:
reports of four samples each, structured from JSON like a query result; cards: copies of
the example card with their own report number), so peak memory is the export's own. The
time to make the model objects is measured separately (one pass of the generator alone)
and subtracted to give the writing rate. Running at a tenth of the rows too shows the
memory does not grow with the row count.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
import attrs
from radrules import DeviceTestReport, filing_from_json, structure
from radrules.documents.exports import export_cards, export_device_tests

kind, rows = sys.argv[1], int(sys.argv[2])
root = Path(sys.argv[3])
client = {"name": "杭州市西湖区示例医院", "uscc": "12330106470089214Q", "kind": "general_hospital", "division_code": "330106"}

def sample(n):
    return {
        "sample_no": f"S{n:07d}",
        "device": {"device_id": f"DEV-{n:07d}", "name": "移动式C形臂X射线机", "owner_uscc": client["uscc"]},
        "categories": ["performance", "protection"],
        "performance": {"tested_on": "2026-10-12", "items": [
            {"item": "管电压指示的偏离", "passed": n % 7 != 0}, {"item": "输出量重复性", "passed": True}]},
        "protection": {"tested_on": "2026-10-11", "test_conditions": "70kV 10mA", "points": [{"name": "操作位", "passed": True}]},
    }

def reports():
    for r in range(rows // 4):
        data = {"report_no": f"ZJFH-{r:07d}", "institution_uscc": "12330000470005818G", "client": client,
                "report_date": "2026-10-20", "status": "submitted", "samples": [sample(r * 4 + i) for i in range(4)]}
        yield structure(data, DeviceTestReport)

card = filing_from_json(json.loads((root / "examples/national/valid-protection-testing-card.json").read_text()))
card = attrs.evolve(card.report_card, qc_code="ZJ-FH-2026-000000-K")

def cards():
    for i in range(rows):
        yield attrs.evolve(card, report_no=f"ZJFH-2026-{i:07d}")

t = time.perf_counter()
for _ in (reports() if kind == "device-tests" else cards()):
    pass
generate = time.perf_counter() - t
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with tempfile.TemporaryDirectory() as folder:
    out = Path(folder) / "out.xlsx"
    t = time.perf_counter()
    n = export_device_tests(reports(), out) if kind == "device-tests" else export_cards(cards(), out)
    elapsed = time.perf_counter() - t
    size = out.stat().st_size
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(n, elapsed, (peak - base) / 1024, size / 1024 / 1024, generate)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    root = str(Path(__file__).resolve().parent.parent)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    for kind in ("device-tests", "cards"):
        for rows in (args.rows // 10, args.rows):
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, kind, str(rows), root],
                check=True,
                capture_output=True,
                text=True,
            )
            n, elapsed, peak, size, generate = out.stdout.split()
            writing = float(elapsed) - float(generate)
            print(
                f"{kind:>12}: {int(n):>7,} rows in {float(elapsed):6.2f} s ({float(generate):5.2f} s making the "
                f"model objects, {writing:5.2f} s writing: {int(n) / writing:7,.0f} rows/s), "
                f"peak memory +{float(peak):5.1f} MiB, file {float(size):5.1f} MiB"
            )


if __name__ == "__main__":
    main()
