"""A card's files through the web shell: QR PNG, PDF preview, public verification, upload.

Runs the app in-process (Litestar's test client, SQLite in a temporary folder, demo data),
inserts one Jiangsu card for the demo institution and times N requests of each kind, one
after another; prints the median and p95 in milliseconds. ``--cold-font`` points the font
cache at an empty folder first, so the first PDF includes preparing the font (what a fresh
machine pays once; the server starts that preparation in the background at start-up).

    .venv/bin/python bench/webshell_card_files.py --n 50
    .venv/bin/python bench/webshell_card_files.py --n 5 --cold-font
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jiangsu" / "valid-medical-protection-testing-from-device-tests.json"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _times(n: int, call: Callable[[], Any]) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _report(name: str, ms: list[float]) -> None:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name:<34} n={len(ms):<4} median {statistics.median(ms):8.1f} ms   p95 {p95:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--cold-font", action="store_true")
    args = parser.parse_args()
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    tmp = Path(tempfile.mkdtemp(prefix="radrules-bench-cards-"))
    if args.cold_font:
        os.environ["RADRULES_CACHE_DIR"] = str(tmp / "cache")

    import orjson
    from litestar.testing import TestClient
    from radrules_webshell import demo
    from radrules_webshell.app import create_app
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.filings.cards.documents import card_columns
    from radrules_webshell.filings.cards.qc_sequence import allocate_qc_code
    from radrules_webshell.filings.cards.tables import ReportCard
    from radrules_webshell.institutions.tables import Institution
    from radrules_webshell.settings import Settings

    import radrules

    settings = Settings(data_dir=tmp, database_url=f"sqlite:///{tmp / 'db.sqlite3'}", argon2_profile="fast")
    app = create_app(settings, engine_from_url(settings.database_url))
    with TestClient(app, base_url="http://bench.local") as client:
        client.blocking_portal.call(demo.seed, settings)

        async def insert() -> int:
            inst = await Institution.select().where(Institution.uscc == demo.INSTITUTION_USCC).first()
            hosp = await Client.select().where(Client.uscc == demo.HOSPITAL_USCC).first()
            data = orjson.loads(EXAMPLE.read_bytes())
            card_json = data["report_card"]
            card_json["institution"].update(name=inst["name"], uscc=inst["uscc"])
            card_json["client"].update(
                name=hosp["name"], uscc=hosp["uscc"], division_code=hosp["division_code"]
            )
            card_json["qc_code"] = None
            card = radrules.filing_from_json({"report_card": card_json}).report_card
            assert card is not None
            import attrs

            card = attrs.evolve(card, qc_code=await allocate_qc_code(card, on=card.report_issued_on))
            row = ReportCard(institution=inst["id"], client=hosp["id"], **card_columns(card))
            await row.save()
            return int(row.id)

        card_id = client.blocking_portal.call(insert)
        login = client.post("/api/auth/login", json={"login": "jsinst", "password": "Inst#2026rad"})
        csrf = login.json()["csrf_token"]
        base = f"/api/cards/{card_id}"

        start = time.perf_counter()
        first = client.get(f"{base}/card.pdf")
        assert first.status_code == 200, first.text
        print(
            f"first PDF after start-up ({'cold' if args.cold_font else 'warm'} font cache): "
            f"{(time.perf_counter() - start) * 1000:.0f} ms"
        )

        qr = client.get(f"{base}/qr.png")
        assert qr.status_code == 200
        _report("GET qr.png", _times(args.n, lambda: client.get(f"{base}/qr.png")))
        _report("GET card.pdf", _times(args.n, lambda: client.get(f"{base}/card.pdf")))
        code = client.blocking_portal.call(
            lambda: ReportCard.select(ReportCard.qc_code).where(ReportCard.id == card_id).first()
        )["qc_code"]
        from radrules_webshell.verify.secret import qc_secret

        from radrules.qc import verification_url

        address = verification_url("/verify", code, qc_secret(settings))
        _report("GET /verify (valid, anonymous)", _times(args.n, lambda: client.get(address)))

        def upload_and_delete() -> None:
            r = client.post(
                f"{base}/attachments",
                data={"kind": "stamped_card"},
                files={"file": ("s.pdf", PDF, "application/pdf")},
                headers={"X-CSRF-Token": csrf},
            )
            assert r.status_code == 201, r.text
            d = client.delete(f"{base}/attachments/{r.json()['id']}", headers={"X-CSRF-Token": csrf})
            assert d.status_code == 200, d.text

        _report("POST + DELETE attachment (pair)", _times(args.n, upload_and_delete))


if __name__ == "__main__":
    main()
