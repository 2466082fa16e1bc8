"""Electronic signatures (source 001 module 11: 系统所有数据录入、修改均需进行电子签名; issue 16
item 8): every audit record is signed with the acting account's own key, and verification
names the record whose content or signature does not hold — even against someone who
holds the audit chain's key and recomputes the chain. On SQLite and PostgreSQL.

These tests rewrite rows, so they run on a database of their own per backend.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from web_helpers import DEMO, Web, unique_id_number


@pytest.fixture(scope="module")
def signed_web(backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    from conftest import own_web

    with own_web(backend, tmp_path_factory, "sign", audit_checkpoint_seconds=0) as web:
        yield web


def _rows(web: Web) -> list[dict[str, Any]]:
    from radrules_webshell.audit.tables import AuditEvent

    return web.run(AuditEvent.select().order_by(AuditEvent.id))


def _keys(web: Web) -> list[dict[str, Any]]:
    from radrules_webshell.audit.tables import SigningKey

    return web.run(SigningKey.select().order_by(SigningKey.id))


def _new_worker(web: Web, who: str = "client") -> int:
    user = web.api_login(*DEMO[who])
    r = user.api("POST", "/api/client/workers/", json={"name": "签名甲", "id_number": unique_id_number()})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _account_id(web: Web, login: str) -> int:
    from radrules_webshell.accounts.tables import Account

    return int(web.run(Account.select(Account.id).where(Account.login == login).first)["id"])


def _verify(web: Web) -> Any:
    from radrules_webshell.audit import service

    return web.run(service.verify)


class _Rewrite:
    """A database owner who also stole the audit chain's key: rewrites a row and every
    following hash. Only the signature (the account's private key) is beyond reach."""

    def __init__(self, web: Web) -> None:
        self.web = web
        self.saved: list[dict[str, Any]] = []

    def sql(self, statement: str, *args: Any) -> Any:
        from radrules_webshell.audit.tables import AuditEvent

        return self.web.run(AuditEvent.raw(statement, *args).run)

    def __enter__(self) -> _Rewrite:
        self.saved = _rows(self.web)
        self.checkpoints = self.web.settings.audit_checkpoints.read_text(encoding="utf-8")
        if self.web.backend == "sqlite":
            for name in ("audit_event_no_update", "audit_event_no_delete", "audit_event_no_replace"):
                self.sql(f"DROP TRIGGER {name}")
        else:
            self.sql("ALTER TABLE audit_event DISABLE TRIGGER USER")
        return self

    def change(self, row_id: int, **values: Any) -> None:
        """Set ``values`` on row ``row_id`` and recompute the keyed chain from there on."""
        from radrules_webshell.audit import checkpoints
        from radrules_webshell.audit.service import hashed_fields

        rows = _rows(self.web)
        key = checkpoints.current().key
        index = next(i for i, r in enumerate(rows) if r["id"] == row_id)
        rows[index].update(values)
        prev = rows[index - 1]["hash"] if index else checkpoints.GENESIS
        for row in rows[index:]:
            new = checkpoints.digest(prev, hashed_fields(row), key)
            sets = (
                ", ".join(f"{k} = {{}}" for k in [*values, "prev_hash", "hash"])
                if row["id"] == row_id
                else ("prev_hash = {}, hash = {}")
            )
            args = [*values.values(), prev, new] if row["id"] == row_id else [prev, new]
            self.sql(f"UPDATE audit_event SET {sets} WHERE id = {row['id']}", *args)
            prev = new
        # the checkpoints were signed with the same stolen key: rewrite the newest one too
        from radrules_webshell.audit.checkpoints import append_checkpoint, chain_head

        head_id, head_hash, count = self.web.run(chain_head)
        append_checkpoint(checkpoints.current(), checkpoints.Checkpoint(head_id, head_hash, count, "x"))

    def __exit__(self, *_: object) -> None:
        for row in self.saved:
            sets = (
                "actor_login = {}, after = {}, signer_key_id = {}, signature = {}, prev_hash = {}, hash = {}"
            )
            self.sql(
                f"UPDATE audit_event SET {sets} WHERE id = {row['id']}",
                row["actor_login"],
                row["after"],
                row["signer_key_id"],
                row["signature"],
                row["prev_hash"],
                row["hash"],
            )
        if self.web.backend == "sqlite":
            abort = "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
            self.sql(f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event {abort}")
            self.sql(f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event {abort}")
            self.sql(
                "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event WHEN EXISTS "
                f"(SELECT 1 FROM audit_event WHERE id = NEW.id OR hash = NEW.hash) {abort}"
            )
        else:
            self.sql("ALTER TABLE audit_event ENABLE TRIGGER USER")
        self.web.settings.audit_checkpoints.write_text(self.checkpoints, encoding="utf-8")


def _worker_row(web: Web, worker_id: int) -> dict[str, Any]:
    return next(r for r in _rows(web) if r["entity"] == "worker" and r["entity_id"] == str(worker_id))


def test_every_record_is_signed_with_the_acting_accounts_own_key(signed_web: Web) -> None:
    worker = _new_worker(signed_web)
    _new_worker(signed_web, "client")
    row = _worker_row(signed_web, worker)
    keys = {k["key_id"]: k for k in _keys(signed_web)}
    assert row["signature"] and keys[row["signer_key_id"]]["account_id"] == _account_id(signed_web, "njhosp")
    # every row since the migration is signed; the demo seeding by the system key
    assert all(r["signature"] for r in _rows(signed_web))
    system = [k for k in keys.values() if k["account_id"] is None]
    assert len(system) == 1 and system[0]["active_for"] == "system"
    # one current key per account, each with its private half encrypted, never in the clear
    owners = [k["active_for"] for k in keys.values() if k["active_for"]]
    assert len(owners) == len(set(owners))
    for k in keys.values():
        sealed = base64.b64decode(k["private_key"])
        assert len(sealed) == 12 + 32 + 16  # nonce, raw Ed25519 key, GCM tag
    assert _verify(signed_web).ok


def test_a_record_altered_in_the_database_fails_naming_the_record(signed_web: Web) -> None:
    worker = _new_worker(signed_web)
    row = _worker_row(signed_web, worker)
    forged = json.loads(row["after"])
    forged["name"] = "冒名"
    with _Rewrite(signed_web) as db:
        db.change(row["id"], after=json.dumps(forged, ensure_ascii=False, sort_keys=True))
        report = _verify(signed_web)
        assert not report.ok and report.first_bad_id == row["id"], report
        assert f"第 {row['id']} 条记录" in report.reason and f"worker {worker}" in report.reason
        assert "电子签名不符" in report.reason and "修改" in report.reason
    assert _verify(signed_web).ok


def test_a_signature_by_another_accounts_key_fails(signed_web: Web) -> None:
    """The record of njhosp re-signed with jsinst's key (both keys on the server, the attacker
    holding the key-encryption key as well): with jsinst's key id it is not the actor's key;
    under njhosp's key id the signature does not verify."""
    from radrules_webshell.audit import checkpoints
    from radrules_webshell.audit.service import content
    from radrules_webshell.signing.keys import signed_content

    worker = _new_worker(signed_web)
    row = _worker_row(signed_web, worker)
    signer = checkpoints.current().signer
    other_id = _account_id(signed_web, "jsinst")
    other = signed_web.run(signer.sign, other_id, signed_content(content(row)))
    assert other.key_id != row["signer_key_id"]
    with _Rewrite(signed_web) as db:
        db.change(row["id"], signer_key_id=other.key_id, signature=other.value)
        report = _verify(signed_web)
        assert not report.ok and report.first_bad_id == row["id"]
        assert "不属于记录的操作人" in report.reason and f"第 {row['id']} 条记录" in report.reason
    with _Rewrite(signed_web) as db:
        db.change(row["id"], signature=other.value)
        report = _verify(signed_web)
        assert not report.ok and report.first_bad_id == row["id"] and "电子签名不符" in report.reason
    with _Rewrite(signed_web) as db:
        db.change(row["id"], signer_key_id=None, signature=None)
        report = _verify(signed_web)
        assert not report.ok and report.first_bad_id == row["id"] and "缺少电子签名" in report.reason
    assert _verify(signed_web).ok


def test_a_rotated_key_still_verifies_what_it_signed(signed_web: Web) -> None:
    from radrules_webshell.audit import history
    from radrules_webshell.core.principal import SYSTEM
    from radrules_webshell.signing import rotation

    worker = _new_worker(signed_web)
    before = _worker_row(signed_web, worker)["signer_key_id"]
    assert signed_web.run(rotation.rotate, SYSTEM, "njhosp") == before
    retired = next(k for k in _keys(signed_web) if k["key_id"] == before)
    assert retired["retired_at"] and retired["private_key"] is None and retired["active_for"] is None
    user = signed_web.api_login(*DEMO["client"])
    r = user.api(
        "PUT", f"/api/client/workers/{worker}", json={"name": "签名乙", "id_number": unique_id_number()}
    )
    assert r.status_code == 200, r.text
    entries = signed_web.run(history.history, "worker", str(worker))
    assert [e.problem for e in entries] == [None, None]
    assert entries[0].signer_key_id == before and entries[1].signer_key_id != before
    assert _verify(signed_web).ok
    with pytest.raises(Exception, match="没有登录名"):
        signed_web.run(rotation.rotate, SYSTEM, "nobody-here")


def test_unknown_signer_is_refused(signed_web: Web) -> None:
    from radrules_webshell import hooks
    from radrules_webshell.settings import Settings

    settings = Settings(data_dir=signed_web.settings.data_dir, database_url="sqlite:///x", signer="usb-key")
    with pytest.raises(hooks.UnknownTransport, match="电子签名方式“usb-key”"):
        hooks.signer(settings)


def test_verify_audit_lists_a_records_history(signed_web: Web) -> None:
    worker = _new_worker(signed_web)
    env = {
        "RADRULES_DATA_DIR": str(signed_web.settings.data_dir),
        "RADRULES_DATABASE_URL": signed_web.settings.database_url,
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "radrules",
            "admin",
            "verify-audit",
            "--entity",
            "worker",
            "--id",
            str(worker),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"worker {worker} 的修改记录：1 条" in done.stdout and "签名有效" in done.stdout
    assert "电子签名有效" in done.stdout
