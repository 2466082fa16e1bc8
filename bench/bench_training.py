"""Benchmark: the training documents — certificate PDFs warm, and a 5,000-row score import.

    .venv/bin/python bench/bench_training.py [--renders 200] [--rows 5000] [--repeat 3]

* ``certificate``: :func:`radrules.documents.certificate_pdf.render_certificate_pdf` of the
  example certificate, each render with its own number and signed verification address
  in the QR code, after one warm-up render (the font decoded once per process). Target
  (issue 13): ≤ 100 ms warm.
* ``score import``: a filled-in score template of ``--rows`` rows (one session of
  ``rows / 2`` approved people, each placed for two specialties, every row a distinct
  person and specialty with a valid ID number), read with calamine and checked by
  :func:`radrules.documents.score_import.import_scores` under the Jiangsu rules, each in
  a fresh child process. Target: 5,000 rows ≤ 2 s.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "training" / "jiangsu"
SPECIALTIES = ("职业性尘肺病及其他呼吸系统疾病", "职业性化学中毒", "物理因素所致职业病", "职业性放射性疾病")

_IMPORT = r"""
import json, sys, time
from datetime import date
from radrules import TrainingFiling, structure
from radrules.documents.score_import import import_scores
import radrules.engine.registry as registry
registry.default_registry()
filing = structure(json.loads(open(sys.argv[2], encoding="utf-8").read()), TrainingFiling)
t = time.perf_counter()
result = import_scores(sys.argv[1], session=filing.sessions[0], filing=filing, as_of=date(2026, 4, 25))
elapsed = time.perf_counter() - t
assert result.ok, [str(e) for e in result.errors[:5]]
print(result.rows, elapsed)
"""


def _id_number(i: int) -> str:
    from stdnum.cn import ric

    body = f"320106{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _envelope(people: int) -> dict[str, object]:
    data = json.loads((EXAMPLES / "valid-selection.json").read_text("utf-8"))
    template = data["registrations"][0]
    session = data["sessions"][0]
    session["capacity"] = people
    session["specialties"] = [{"specialty": s} for s in SPECIALTIES]
    data["sessions"] = [session]
    data["plan"]["specialties"] = list(SPECIALTIES)
    registrations, selections = [], []
    seen: set[str] = set()
    i = 0
    while len(registrations) < people:
        number = _id_number(i)
        i += 1
        if number in seen:
            continue
        seen.add(number)
        reg = copy.deepcopy(template)
        basic = reg["person"]["basic"]
        basic["id_number"], basic["name"] = number, f"学员{len(registrations):05d}"
        basic.pop("birth_date")
        basic["sex"] = "male" if int(number[16]) % 2 else "female"
        chosen = [SPECIALTIES[len(registrations) % 4], SPECIALTIES[(len(registrations) + 1) % 4]]
        reg["specialties"] = chosen
        registrations.append(reg)
        selections.append(
            {
                "session_id": session["session_id"],
                "id_number": number,
                "unit_uscc": reg["unit_uscc"],
                "specialties": chosen,
                "selected_on": "2026-04-10",
            }
        )
    data["registrations"], data["selections"], data["counts"] = registrations, selections, None
    return data


def _workbook(path: Path, envelope: dict[str, object]) -> None:
    from openpyxl import load_workbook

    from radrules import TrainingFiling, structure
    from radrules.documents.score_sheet import write_score_template

    filing = structure(envelope, TrainingFiling)
    names = {r.id_number: r.person.basic.name for r in filing.registrations}
    write_score_template(path, filing.sessions[0], selections=filing.selections, names=names)
    book = load_workbook(path)
    sheet = book["成绩"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=2).value:
            sheet.cell(row=row, column=4, value=40 + row % 60)
            sheet.cell(row=row, column=5, value="合格" if row % 60 >= 20 else "不合格")
    book.save(path)


def bench_certificates(renders: int) -> None:
    from radrules import certificate_verification_url
    from radrules.documents.certificate_pdf import render_certificate_pdf

    cert = json.loads((EXAMPLES / "valid-scores-and-certificates.json").read_text("utf-8"))["certificates"][0]
    secret = b"benchmark-secret-0123456789"
    base = "https://218.94.1.84:8001/training/verify"
    t = time.perf_counter()
    render_certificate_pdf(cert)
    first = time.perf_counter() - t
    times, size = [], 0
    for i in range(renders):
        cert["number"] = f"JSPX-2026-01-{i + 1:06d}-0"
        url = certificate_verification_url(cert["number"], base_url=base, secret=secret)
        t = time.perf_counter()
        size = len(render_certificate_pdf(cert, verification_url=url))
        times.append(time.perf_counter() - t)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"certificate: first in process {first * 1000:.0f} ms; warm, {renders} renders: median "
        f"{statistics.median(times) * 1000:.1f} ms, mean {statistics.fmean(times) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, min {times[0] * 1000:.1f} ms; {size / 1024:.0f} KiB"
    )


def bench_import(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        envelope = _envelope(rows // 2)
        filing_path = Path(folder) / "filing.json"
        filing_path.write_text(json.dumps(envelope, ensure_ascii=False), "utf-8")
        book = Path(folder) / "scores.xlsx"
        _workbook(book, envelope)
        runs = []
        for _ in range(repeat):
            out = subprocess.run(
                [sys.executable, "-c", _IMPORT, str(book), str(filing_path)],
                check=True,
                capture_output=True,
                text=True,
            )
            count, elapsed = out.stdout.split()
            runs.append(float(elapsed))
        print(
            f"score import: {count} rows, {book.stat().st_size / 1024:.0f} KiB; median of {repeat} "
            f"{statistics.median(runs):.2f} s ({int(count) / statistics.median(runs):,.0f} rows/s), "
            f"best {min(runs):.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    bench_certificates(args.renders)
    bench_import(args.rows, args.repeat)


if __name__ == "__main__":
    main()
