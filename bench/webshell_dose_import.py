"""Dose import through the web shell: one filled-in template of N rows, end to end.

Starts ``radrules serve`` (SQLite in a temporary folder, or the empty PostgreSQL database
given with ``--postgres URL``) on 127.0.0.1, adds W workers to the demo hospital as its
client user and assigns them to the demo institution, then, as the institution, creates a
dose report, imports N rows (daily periods, W workers) and times the import request, the
list of the report's records, the report page and the submission. The run stops by itself.

    .venv/bin/python bench/webshell_dose_import.py --rows 5000
    .venv/bin/python bench/webshell_dose_import.py --rows 5000 --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import date, timedelta

import httpx
from openpyxl import load_workbook
from radrules_webshell.demo import HOSPITAL_USCC, INSTITUTION_USCC
from stdnum.cn import ric

from radrules.documents import write_dose_template
from radrules.documents.dose_sheet import DATA_SHEET

if __package__:
    from bench._server import serving
else:  # run as a file: bench/ is on sys.path
    from _server import serving  # type: ignore[no-redef]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _id_number(n: int) -> str:
    born = date(1980 + n % 20, 1 + n % 12, 1 + n % 28)
    first17 = f"320104{born:%Y%m%d}{(n * 2 + 1) % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def _workbook(workers: list[tuple[str, str]], rows: int) -> bytes:
    out = io.BytesIO()
    write_dose_template(out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    sheet = book[DATA_SHEET]
    for r in range(2, sheet.max_row + 1):
        for c in range(1, sheet.max_column + 1):
            sheet.cell(row=r, column=c).value = None
    start = date(date.today().year, 1, 1)
    for i in range(rows):
        name, id_number = workers[i % len(workers)]
        day = start + timedelta(days=i // len(workers))
        for c, value in enumerate((name, id_number, f"D{i}", day, day, 0.05, None, None), 1):
            sheet.cell(row=i + 2, column=c).value = value
    done = io.BytesIO()
    book.save(done)
    return done.getvalue()


def _login(base: str, login: str, password: str) -> tuple[httpx.Client, dict[str, str]]:
    client = httpx.Client(base_url=base, timeout=600)
    token = client.post("/api/auth/login", json={"login": login, "password": password}).json()["csrf_token"]
    return client, {"X-CSRF-Token": token}


def _run(base: str, rows: int, n_workers: int) -> None:
    days_needed = -(-rows // n_workers)
    if days_needed > (date.today() - date(date.today().year, 1, 1)).days:
        raise SystemExit(f"{rows} rows need more than {n_workers} workers this early in the year")
    hosp, h = _login(base, "njhosp", "Hosp#2026rad")
    workers = []
    for n in range(n_workers):
        name, id_number = f"压测人员{n}", _id_number(n)
        r = hosp.post("/api/client/workers/", json={"name": name, "id_number": id_number}, headers=h)
        assert r.status_code == 201, r.text
        worker_id = r.json()["id"]
        a = hosp.post(
            f"/api/client/workers/{worker_id}/assignments/",
            json={"institution_uscc": INSTITUTION_USCC, "start": f"{date.today().year}-01-01"},
            headers=h,
        )
        assert a.status_code == 201, a.text
        workers.append((name, id_number))
    inst, i = _login(base, "jsinst", "Inst#2026rad")
    body = {
        "report_no": f"BENCH-{int(time.time())}",
        "institution_uscc": "",
        "client": {"name": "x", "uscc": HOSPITAL_USCC, "kind": "general_hospital", "division_code": "320104"},
        "report_date": date.today().isoformat(),
        "records": [],
    }
    report_id = inst.post("/api/dose-reports/", json=body, headers=i).json()["id"]
    content = _workbook(workers, rows)
    t0 = time.perf_counter()
    r = inst.post(
        f"/api/dose-reports/{report_id}/import", files={"file": ("b.xlsx", content, XLSX)}, headers=i
    )
    t_import = time.perf_counter() - t0
    assert r.status_code == 200, r.text[:1000]
    assert r.json()["imported"] == rows
    t0 = time.perf_counter()
    listed = inst.get("/api/dose-reports/", params={"report_no": body["report_no"]}).json()
    t_list = time.perf_counter() - t0
    assert len(listed) == rows
    t0 = time.perf_counter()
    assert inst.get(f"/institution/doses/{report_id}").status_code == 200  # the same session cookie
    t_page = time.perf_counter() - t0
    t0 = time.perf_counter()
    s = inst.post(f"/api/dose-reports/{report_id}/submit", headers=i)
    t_submit = time.perf_counter() - t0
    assert s.status_code == 200, s.text[:500]
    print(
        f"{rows} rows ({len(content) / 1024:.0f} KiB, {n_workers} workers): import {t_import:.2f} s "
        f"({rows / t_import:.0f} rows/s); list {t_list:.2f} s; report page {t_page:.2f} s; submit {t_submit:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database); default SQLite")
    args = parser.parse_args()
    with serving(args.postgres, port=args.port) as base:
        _run(base, args.rows, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
