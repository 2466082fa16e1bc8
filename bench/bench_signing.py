"""Electronic signatures' cost per write (issue 16 item 8): N audit records written one
after another with the built-in Ed25519 signer, and N with a signer that signs nothing (a
constant, no key look-up), on a fresh database (SQLite in a temporary folder, or the empty
PostgreSQL database given with ``--postgres URL``); then the whole chain verified.

Each record is what every write of the web shell adds: ``audit.record`` in its own
transaction (the chain's lock, the previous hash, HMAC, the signature, the insert).

    .venv/bin/python -m bench.bench_signing --n 2000
    .venv/bin/python -m bench.bench_signing --n 2000 --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path


class Unsigned:
    """Hands back a constant: what the trail costs without signing."""

    name = "unsigned"

    async def sign(self, account_id: int | None, message: bytes) -> object:  # noqa: ARG002
        from radrules_webshell.signing.keys import Signature

        return Signature("none", "")

    async def public_keys(self) -> Mapping[str, object]:
        return {}


async def run(url: str, data_dir: Path, n: int) -> None:
    from radrules_webshell import hooks
    from radrules_webshell.audit import checkpoints, service
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.db import engine as db
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.settings import Settings

    settings = Settings(data_dir=data_dir, database_url=url)
    engine = db.engine_from_url(url)
    await migrate(engine)
    db.bind(engine)
    await db.start(engine)
    actors = [Principal(account_id=i, login=f"bench{i}", name="", role="client") for i in range(1, 21)]
    after = {"name": "压测人员", "id_number": "320102199001011234", "note": "x" * 200}
    try:
        signed, plain = hooks.signer(settings), Unsigned()
        checkpoints.configure(engine, settings, signed)
        for actor in actors:  # every account's key made once, as on its first write
            await service.record(actor, "bench", "worker", 0, after=after)
        timings = {"ed25519": 0.0, "unsigned": 0.0}
        written = 0
        while written < n:
            # the two kinds in alternating blocks, so that drift of the disk falls on both
            for label, signer in (("ed25519", signed), ("unsigned", plain)):
                checkpoints.configure(engine, settings, signer)  # type: ignore[arg-type]
                start = time.perf_counter()
                for i in range(written, written + 100):
                    await service.record(actors[i % len(actors)], "bench", "worker", i, after=after)
                timings[label] += time.perf_counter() - start
            written += 100
        timings = {k: v / written for k, v in timings.items()}
        from radrules_webshell.db.transaction import atomic

        async with atomic():  # inside a write's transaction, as audit.record calls it
            start = time.perf_counter()
            for i in range(n):
                await signed.sign(actors[i % len(actors)].account_id, b"x" * 600)
            sign_s = (time.perf_counter() - start) / n
        # verification of signed rows only: a fresh chain would be needed, so time the
        # signature checks themselves over the signed rows
        from radrules_webshell.audit.tables import AuditEvent

        checkpoints.configure(engine, settings, signed)
        keys = await signed.public_keys()
        rows = await AuditEvent.select().where(AuditEvent.signer_key_id != "none")
        start = time.perf_counter()
        bad = sum(service.signature_problem(row, keys) is not None for row in rows)
        verify_s = (time.perf_counter() - start) / max(len(rows), 1)
    finally:
        await db.stop(engine)
    kind = "postgresql" if url.startswith("postgres") else "sqlite (WAL)"
    extra = timings["ed25519"] - timings["unsigned"]
    print(
        f"{kind}: {written} writes of each kind, alternating; per write unsigned "
        f"{timings['unsigned'] * 1000:.2f} ms, signed {timings['ed25519'] * 1000:.2f} ms "
        f"(difference {extra * 1000:+.2f} ms); signer.sign alone (key look-up + Ed25519) "
        f"{sign_s * 1e6:.0f} µs; checking a signature {verify_s * 1e6:.0f} µs/row over {len(rows)} rows "
        f"({bad} bad)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--postgres", help="an empty PostgreSQL database's URL; default SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.postgres or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        asyncio.run(run(url, Path(folder), args.n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
