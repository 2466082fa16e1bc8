"""Benchmark: importing dose results from Excel, against openpyxl's read-only iteration.

    .venv/bin/python bench/bench_dose_import.py [--rows 100000]

Writes a filled-in dose template of ``--rows`` valid rows (every worker a distinct valid
ID number; a quarter of them with a second monitoring period), then, each in a fresh child
process so that peak memory is the step's own:

* ``import``: :func:`radrules.documents.dose_import.import_doses` — read with calamine,
  every cell converted, every row turned into a record, the whole report checked by the
  rules (national baseline for a Zhejiang client);
* ``calamine``: calamine's row iteration alone (the floor of the import);
* ``openpyxl``: openpyxl ``read_only=True`` iterating every row's values (what the import
  would cost before any checking if it read with openpyxl).

Peak memory is the child's maximum resident set size minus its size after imports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from datetime import date
mode, path = sys.argv[1], sys.argv[2]
if mode == "import":
    from radrules import MonitoringAssignment, Worker
    from radrules.documents.dose_import import import_doses
    import radrules.engine.registry as registry
    registry.default_registry()
    # The web shell looks workers up in its store: every worker is the client's, assigned
    # to the institution for the year, as the Jiangsu platform requires (source 000 §5.2.2.2).
    assigned = (MonitoringAssignment(institution_uscc="12330000470005818G", start=date(2026, 1, 1)),)
    on_file = {
        number: Worker(name=name, id_number=number, employer_uscc=sys.argv[3], assignments=assigned)
        for number, name in json.loads(open(path + ".ids.json", encoding="utf-8").read()).items()
    }
elif mode == "openpyxl":
    from openpyxl import load_workbook
else:
    from python_calamine import CalamineWorkbook
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
if mode == "import":
    result = import_doses(path, as_of=date(2026, 11, 26), workers=on_file.get)
    assert result.ok, [str(e) for e in result.errors[:5]]
    rows = len(result.report.records)
    print("rules:", ",".join(result.check_result.jurisdictions), file=sys.stderr)
elif mode == "openpyxl":
    book = load_workbook(path, read_only=True)
    rows = sum(1 for _ in book["个人剂量监测结果"].iter_rows(min_row=2, values_only=True))
    book.close()
else:
    book = CalamineWorkbook.from_path(path)
    rows = sum(1 for _ in book.get_sheet_by_name("个人剂量监测结果").iter_rows()) - 1
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(rows, elapsed, (peak - base) / 1024)
"""


def _id_number(rng: random.Random, serial: int) -> str:
    from stdnum.cn import ric

    born = date(1984, 1, 1) + timedelta(days=rng.randrange(0, 365 * 16))
    base = f"330106{born:%Y%m%d}{serial % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


CLIENT_USCC = {"330106": "12330106470089214Q", "320106": "12320106466012345T"}


def write_file(path: Path, rows: int, division: str = "330106") -> None:
    from openpyxl import load_workbook

    from radrules.documents.dose_template import write_dose_template

    template = path.with_suffix(".template.xlsx")
    write_dose_template(template)
    info = load_workbook(template)["报告信息"]
    values = [
        "BENCH-0001",
        date(2026, 10, 20),
        "示例医院",
        CLIENT_USCC[division],
        "综合性医院",
        division,
        "12330000470005818G",
    ]
    # The template's formats and validation are not needed to measure reading; a
    # write-only workbook with the same sheets and header is quick to produce.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet("个人剂量监测结果")
    data.append(
        [
            "姓名",
            "身份证号",
            "剂量计编号",
            "监测开始日期",
            "监测结束日期",
            "Hp(10)(mSv)",
            "Hp(0.07)(mSv)",
            "备注",
        ]
    )
    rng = random.Random(20261126)
    seen: dict[str, str] = {}
    written = 0
    serial = 0
    while written < rows:
        serial += 1
        number = _id_number(rng, serial)
        if number in seen:
            continue
        seen[number] = f"人员{serial}"
        periods = [(date(2026, 7, 1), date(2026, 9, 28))]
        if serial % 4 == 0:
            periods = [(date(2026, 4, 1), date(2026, 6, 29)), (date(2026, 7, 1), date(2026, 9, 28))]
        for start, end in periods:
            if written == rows:
                break
            data.append(
                [
                    f"人员{serial}",
                    number,
                    f"D-{serial:06d}",
                    start,
                    end,
                    round(rng.random() * 2, 2),
                    None,
                    None,
                ]
            )
            written += 1
    sheet = book.create_sheet("填写说明")
    sheet.append(["说明"])
    report = book.create_sheet("报告信息")
    report.append(["项目", "内容", "说明"])
    for row in list(info.iter_rows(min_row=2, max_col=1, values_only=True)):
        report.append([row[0], values.pop(0)])
    book.save(path)
    template.unlink()
    Path(str(path) + ".ids.json").write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")


def _run(mode: str, path: Path, division: str) -> tuple[int, float, float, str]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(path), CLIENT_USCC[division]],
        check=True,
        capture_output=True,
        text=True,
    )
    rows, elapsed, peak = out.stdout.split()
    return int(rows), float(elapsed), float(peak), out.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is reported")
    parser.add_argument(
        "--division",
        choices=sorted(CLIENT_USCC),
        default="330106",
        help="the client's division: 330106 (national baseline only), 320106 (Jiangsu's dose rules too, if installed)",
    )
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doses.xlsx"
        t = time.perf_counter()
        write_file(path, args.rows, args.division)
        size = path.stat().st_size / 1024 / 1024
        print(
            f"file: {args.rows} rows x 8 columns, {size:.1f} MiB (written in {time.perf_counter() - t:.1f} s)"
        )
        results = {}
        for mode in ("import", "calamine", "openpyxl"):
            runs = sorted((_run(mode, path, args.division) for _ in range(args.repeat)), key=lambda r: r[1])
            rows, elapsed, peak, note = runs[len(runs) // 2]
            assert rows == args.rows, (mode, rows)
            results[mode] = elapsed
            print(
                f"{mode:>9}: {elapsed:6.2f} s, {rows / elapsed:9,.0f} rows/s, peak memory +{peak:,.0f} MiB"
                + (f"  ({note})" if note else "")
            )
        ratio = results["import"] / results["openpyxl"]
        print(f"import takes {ratio:.2f} of the time openpyxl read-only needs just to iterate the rows")


if __name__ == "__main__":
    main()
