"""Training through the web shell (source 002, issue 13 "Reliability and speed"), end to end.

Starts ``radrules serve`` (SQLite in a temporary folder, or the empty PostgreSQL database
given with ``--postgres URL``) on 127.0.0.1. As the demo CDC it publishes a plan with
``--specialties`` specialties and one class; as the demo unit it adds ``--people`` complete
profiles, registers and sends them, the CDC approves them, and the unit places everyone in
every specialty — ``people × specialties`` score rows. Then it times:

* the score import of that many rows (the template downloaded, 成绩 and 是否合格 filled in);
* publishing the scores (one certificate per person, numbers drawn from the database);
* the certificate PDF, warm (``--pdfs`` downloads after a first one);
* the class-selection page (§5.4) of a unit with ``--small`` people placed, requested by
  ``--users`` concurrent clients (``--requests`` in all), and the same page of the large unit.

    .venv/bin/python bench/webshell_training.py
    .venv/bin/python bench/webshell_training.py --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import time
from datetime import date, timedelta
from typing import Any

import httpx
from openpyxl import load_workbook
from stdnum.cn import ric

if __package__:
    from bench._server import latency_line, machine, serving
else:  # run as a file: bench/ is on sys.path
    from _server import latency_line, machine, serving  # type: ignore[no-redef]

SPECIALTIES = (
    "职业性尘肺病及其他呼吸系统疾病",
    "其他职业病",
    "职业性皮肤病",
    "职业性眼病",
    "职业性耳鼻喉口腔疾病",
    "职业性化学中毒",
    "物理因素所致职业病",
    "职业性放射性疾病",
)


def _id_number(n: int) -> str:
    born = date(1970 + n % 25, 1 + n % 12, 1 + n % 28)
    first17 = f"320104{born:%Y%m%d}{(n * 2 + 1) % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def _login(base: str, login: str, password: str) -> tuple[httpx.Client, dict[str, str]]:
    client = httpx.Client(base_url=base, timeout=600)
    token = client.post("/api/auth/login", json={"login": login, "password": password}).json()["csrf_token"]
    return client, {"X-CSRF-Token": token}


def _ok(r: httpx.Response, code: int = 200) -> Any:
    assert r.status_code == code, f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:500]}"
    return r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else r


def _profile(n: int) -> dict[str, Any]:
    return {
        "basic": {"id_number": _id_number(n), "name": f"压测{n}", "mobile": "13800138001", "address": "南京"},
        "resume": {
            "education": "本科",
            "title": "主治医师",
            "title_level": "intermediate",
            "post": "职业病科",
            "years_in_field": 5,
        },
        "qualification": {"attributes": ["technician"]},
        "recipient": {"name": f"压测{n}", "phone": "13800138001", "address": "南京"},
    }


def _people(
    unit: httpx.Client, h: dict[str, str], plan_id: int, n: int, offset: int, specialties: list[str]
) -> list[int]:
    ids = [
        _ok(unit.post("/api/training/people/", json=_profile(offset + i), headers=h), 201)["id"]
        for i in range(n)
    ]
    regs: list[int] = []
    for start in range(0, len(ids), 500):
        regs += _ok(
            unit.post(
                f"/api/training/plans/{plan_id}/registrations",
                json={"person_ids": ids[start : start + 500]},
                headers=h,
            ),
            201,
        )["ids"]
    body = {
        "needs_credit_certificate": False,
        "training_kind": "initial",
        "accommodation": "none",
        "specialties": specialties,
    }
    for reg in regs:
        _ok(unit.post(f"/api/training/registrations/{reg}/submit", json=body, headers=h))
    return regs


def _new_unit(base: str, cdc: httpx.Client, c: dict[str, str]) -> tuple[httpx.Client, dict[str, str]]:
    """A second unit, registered and approved as any other (source 000 §2)."""
    sys.path.insert(0, "tests/web")
    from web_helpers import registration_data, registration_files  # a valid application

    data = registration_data()
    _ok(httpx.post(f"{base}/api/registrations/", data=data, files=registration_files()), 201)
    reg_id = next(r["id"] for r in cdc.get("/api/review/registrations/").json() if r["uscc"] == data["uscc"])
    _ok(cdc.post(f"/api/review/registrations/{reg_id}/approve", headers=c))
    first, f = _login(base, data["login"], data["password"])
    first.post(
        "/api/me/password",
        json={"current_password": data["password"], "new_password": "Bench#2027qz"},
        headers=f,
    )
    return _login(base, data["login"], "Bench#2027qz")


async def _page_latency(
    base: str, cookies: httpx.Cookies, path: str, users: int, requests: int, think: float
) -> list[float]:
    """``users`` clients requesting ``path`` until ``requests`` are answered; with ``think``,
    each waits that long before each request (their starts spread over one think time)."""
    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=60, limits=limits) as client:
        assert (await client.get(path)).status_code == 200
        queue = list(range(requests))
        times: list[float] = []

        async def worker(n: int) -> None:
            if think:
                await asyncio.sleep(think * n / users)
            while queue:
                queue.pop()
                if think:
                    await asyncio.sleep(think)
                t0 = time.perf_counter()
                r = await client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200

        await asyncio.gather(*(worker(n) for n in range(users)))
        return times


def _run(base: str, args: argparse.Namespace) -> None:
    specialties = list(SPECIALTIES[: args.specialties])
    cdc, c = _login(base, "jscdc", "Review#2026")
    unit, u = _login(base, "jsinst", "Inst#2026rad")
    today = date.today()
    plan = {
        "plan_type": "职业病诊断医师",
        "name": "压测培训班",
        "deadline": (today + timedelta(days=10)).isoformat(),
        "specialties": specialties,
    }
    plan_id = _ok(cdc.post("/api/cdc/training/plans/", json=plan, headers=c), 201)["id"]
    _ok(cdc.post(f"/api/cdc/training/plans/{plan_id}/publish", headers=c))
    t0 = time.perf_counter()
    regs = _people(unit, u, plan_id, args.people, 0, specialties)
    small, s = _new_unit(base, cdc, c)
    small_regs = _people(small, s, plan_id, args.small, args.people, specialties)
    for reg in regs + small_regs:
        _ok(cdc.post(f"/api/cdc/training/registrations/{reg}/approve", headers=c))
    start = today + timedelta(days=20)
    session = {
        "number": 1,
        "capacity": 1000,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=2)).isoformat(),
        "selection_deadline": (start - timedelta(days=1)).isoformat(),
        "place": "南京",
        "specialties": [{"specialty": x, "limit": None} for x in specialties],
    }
    session_id = _ok(cdc.post(f"/api/cdc/training/plans/{plan_id}/sessions", json=session, headers=c), 201)[
        "id"
    ]
    _ok(cdc.post(f"/api/cdc/training/sessions/{session_id}/open", headers=c))
    for client, h, ids in ((unit, u, regs), (small, s, small_regs)):
        for x in specialties:
            for part in range(0, len(ids), 500):
                chosen = ids[: part + 500]  # 确定 sets the whole list; at most 500 new at once
                _ok(
                    client.put(
                        f"/api/training/selection/{plan_id}/sessions/{session_id}",
                        json={"specialty": x, "registration_ids": chosen},
                        headers=h,
                    )
                )
    setup = time.perf_counter() - t0
    rows = (args.people + args.small) * len(specialties)

    template = cdc.get(f"/api/cdc/training/sessions/{session_id}/scores/template")
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["成绩"]
    for i, row in enumerate(sheet.iter_rows(min_row=2, max_row=rows + 1)):
        row[3].value, row[4].value = 60 + i % 40, "合格" if i % 7 else "不合格"
    out = io.BytesIO()
    book.save(out)
    t0 = time.perf_counter()
    imported = _ok(
        cdc.post(
            f"/api/cdc/training/sessions/{session_id}/scores/import",
            files={"file": ("s.xlsx", out.getvalue())},
            headers=c,
        )
    )
    t_import = time.perf_counter() - t0
    assert imported["imported"] == rows, imported
    t0 = time.perf_counter()
    issued = _ok(cdc.post(f"/api/cdc/training/sessions/{session_id}/scores/publish", headers=c))
    t_publish = time.perf_counter() - t0

    cert = next(
        r for r in small.get(f"/api/training/scores/{session_id}").json()["rows"] if r["certificate_id"]
    )
    path = f"/api/training/certificates/{cert['certificate_id']}/pdf"
    _ok(small.get(path))  # the first draws the font subset
    pdf_ms = []
    for _ in range(args.pdfs):
        t0 = time.perf_counter()
        assert small.get(path).content.startswith(b"%PDF")
        pdf_ms.append((time.perf_counter() - t0) * 1000)

    page = f"/training/selection/{plan_id}"
    runs = []
    for think in (0.0, args.think):
        for client, n in ((small, args.small), (unit, args.people)):
            ms = asyncio.run(_page_latency(base, client.cookies, page, args.users, args.requests, think))
            runs.append((think, n, ms))
    print(machine())
    print(f"setup ({args.people}+{args.small} people, {len(specialties)} specialties): {setup:.1f} s")
    print(f"score import: {rows} rows in {t_import:.2f} s (server {imported['seconds']:.2f} s)")
    print(f"publish: {issued} in {t_publish:.2f} s")
    print(f"certificate PDF warm, {args.pdfs} downloads: {latency_line(pdf_ms)}")
    for think, n, ms in runs:
        mode = f"think {think:g} s" if think else "closed loop"
        print(
            f"class page, unit of {n}, {args.users} users, {mode}, {args.requests} requests: {latency_line(ms)}"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=620, help="people of the large unit")
    parser.add_argument("--small", type=int, default=5, help="people of the small unit")
    parser.add_argument("--specialties", type=int, default=8)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds each user waits before a request (paced run)"
    )
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database); default SQLite")
    args = parser.parse_args()
    with serving(args.postgres, port=args.port) as base:
        _run(base, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
