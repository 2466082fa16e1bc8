"""National-sync dispatcher throughput: N queued cards sent through the file transport.

Creates a fresh database (SQLite in a temporary folder, or the empty PostgreSQL database
given with ``--postgres URL``), migrates it, seeds the demo data, inserts N submitted copies
of the Jiangsu example card with their data messages, then times one run of D dispatchers
at once (each message: claim, build, write the JSON file, mark sent, update the card, queue
its attachments message — with their audit rows).

    .venv/bin/python bench/sync_dispatch.py --n 1000 --dispatchers 1
    .venv/bin/python bench/sync_dispatch.py --n 1000 --dispatchers 4 --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests/web"))


class Null:
    """Takes every message at once: what the dispatcher and the database cost alone."""

    name = "null"

    async def send(self, _message: object) -> None:
        return None


async def run(url: str, data_dir: Path, n: int, dispatchers: int, kind: str) -> None:
    from card_rows import demo_institution_id, insert_card
    from radrules_webshell import demo
    from radrules_webshell.accounts import passwords
    from radrules_webshell.db import engine as db
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.filings.cards.documents import card_from_row
    from radrules_webshell.filings.cards.tables import ReportCard
    from radrules_webshell.settings import Settings
    from radrules_webshell.sync import outbox, payloads
    from radrules_webshell.sync.dispatch import Dispatcher
    from radrules_webshell.sync.tables import SyncMessage
    from radrules_webshell.sync.transports import FileTransport

    settings = Settings(data_dir=data_dir, database_url=url, argon2_profile="fast")
    passwords.configure("fast")
    engine = db.engine_from_url(url)
    await migrate(engine)
    db.bind(engine)
    await db.start(engine)
    try:
        await demo.seed(settings)
        inst = await demo_institution_id()
        at = datetime(2030, 1, 7, 2, tzinfo=UTC)
        for _ in range(n):
            card_id = await insert_card(inst)
            row = await ReportCard.select().where(ReportCard.id == card_id).first()
            await outbox.enqueue_card(card_id, payloads.data_payload(card_from_row(row)), at=at)
        transport = FileTransport(data_dir / "national-sync") if kind == "file" else Null()
        start = time.perf_counter()
        results = await asyncio.gather(*(Dispatcher(settings, transport).run(at) for _ in range(dispatchers)))
        elapsed = time.perf_counter() - start
        sent = sum(r.sent for r in results)
        files = len(list((data_dir / "national-sync").glob("*.json")))
        left = await SyncMessage.count().where((SyncMessage.kind == "data") & (SyncMessage.state != "sent"))
        print(
            f"{'PostgreSQL' if url.startswith('postgres') else 'SQLite'}, {kind}: {dispatchers} dispatcher(s), "
            f"{sent}/{n} sent ({files} files, {left} unsent) in {elapsed:.2f} s = {sent / elapsed:.0f} messages/s, "
            f"{elapsed / max(sent, 1) * 1000:.1f} ms per message"
        )
    finally:
        await db.stop(engine)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--dispatchers", type=int, default=1)
    parser.add_argument("--transport", choices=("file", "null"), default="file")
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL; default SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        asyncio.run(run(url, Path(tmp), args.n, args.dispatchers, args.transport))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
