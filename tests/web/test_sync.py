"""National sync (source 000 §5.3.4 第九步): the outbox sends a submitted card's data, then its
stamped attachments five days later (Jiangsu), retries with backoff, gives up visibly, and
fixes the card once everything is sent. Runs on SQLite and PostgreSQL.

The tests run the dispatcher at injected times in 2030, restricted to their own cards, so
that messages queued by other tests (due at the real present) are never touched.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import httpx
from card_rows import attach_stamped, demo_institution_id, insert_card
from web_helpers import DEMO, Web, new_institution

T0 = datetime(2030, 3, 4, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing


def _settings(web: Web, **changes: Any) -> Any:
    return attrs.evolve(web.settings, **changes)


def _new_card(web: Web, institution_id: int | None = None, at: datetime = T0) -> int:
    from radrules_webshell.db.transaction import atomic
    from radrules_webshell.filings.cards.documents import card_from_row
    from radrules_webshell.filings.cards.tables import ReportCard
    from radrules_webshell.sync import outbox, payloads

    async def make() -> int:
        inst = institution_id or await demo_institution_id()
        card_id = await insert_card(inst)
        row = await ReportCard.select().where(ReportCard.id == card_id).first()
        async with atomic():
            await outbox.enqueue_card(card_id, payloads.data_payload(card_from_row(row)), at=at)
        return card_id

    return web.run(make)


def _dispatch(web: Web, transport: Any, now: datetime, cards: list[int], **settings: Any) -> Any:
    from radrules_webshell.sync.dispatch import dispatch_due

    return web.run(dispatch_due, _settings(web, **settings), transport, now, cards=cards)


def _messages(web: Web, card_id: int) -> list[dict[str, Any]]:
    from radrules_webshell.sync.tables import SyncMessage

    return web.run(SyncMessage.select().where(SyncMessage.report_card == card_id).order_by(SyncMessage.id))


def _card(web: Web, card_id: int) -> dict[str, Any]:
    from radrules_webshell.filings.cards.tables import ReportCard

    return web.run(ReportCard.select().where(ReportCard.id == card_id).first())


def _as_utc(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC)


@attrs.define
class Recorder:
    """A transport that keeps what it was given, optionally failing or pausing first."""

    sent: list[Any] = attrs.field(factory=list)
    fail: Callable[[Any], str | None] = lambda _m: None
    pause: float = 0.0
    name: str = "recorder"

    async def send(self, message: Any) -> None:
        from radrules_webshell.sync.transports import TransportError

        if self.pause:
            await asyncio.sleep(self.pause)
        error = self.fail(message)
        if error:
            raise TransportError(error)
        self.sent.append(message)


def test_data_then_attachments_after_five_days_then_fixed(web: Web, tmp_path: Path) -> None:
    from radrules_webshell.sync.transports import FileTransport

    folder = tmp_path / "out"
    transport = FileTransport(folder)
    card_id = _new_card(web)
    qc = _card(web, card_id)["qc_code"]

    summary = _dispatch(web, transport, T0, [card_id])
    assert (summary.sent, summary.retried, summary.failed) == (1, 0, 0)
    [data_file] = folder.glob("*.json")
    assert data_file.name.startswith(f"{qc}-data-")
    sent = json.loads(data_file.read_text(encoding="utf-8"))
    assert sent["kind"] == "data" and sent["card_id"] == card_id and sent["qc_code"] == qc
    assert sent["report_card"]["qc_code"] == qc and sent["report_card"]["status"] == "submitted"
    assert not list(folder.glob(".sending-*")), "no temporary file is left behind"

    card = _card(web, card_id)
    assert card["data_sent_on"] == date(2030, 3, 4)
    assert card["status"] == "submitted" and card["attachments_sent_on"] is None
    data_msg, att_msg = _messages(web, card_id)
    assert data_msg["state"] == "sent" and data_msg["attempts"] == 1
    # Jiangsu: attachments five days after the data (rulesets/jiangsu/attachment_sync_delay_days.yaml)
    assert att_msg["kind"] == "attachments" and att_msg["state"] == "pending"
    assert _as_utc(att_msg["due_at"]) == T0 + timedelta(days=5)

    files = web.run(attach_stamped, card_id, web.settings, T0 + timedelta(days=1))
    assert _dispatch(web, transport, T0 + timedelta(days=4, hours=23), [card_id]).sent == 0

    summary = _dispatch(web, transport, T0 + timedelta(days=5), [card_id])
    assert summary.sent == 1
    [att_file] = folder.glob(f"{qc}-attachments-*.json")
    attachments = json.loads(att_file.read_text(encoding="utf-8"))["attachments"]
    assert {a["kind"] for a in attachments} == {"stamped_card", "report_cover_sign"}
    for item in attachments:
        content = base64.b64decode(item["content_base64"])
        assert content == files[item["filename"]]
        assert hashlib.sha256(content).hexdigest() == item["sha256"]
        assert item["size"] == len(content) and item["media_type"] == "application/pdf"

    card = _card(web, card_id)
    assert card["status"] == "synced" and card["status_under_lock"] is None
    assert card["attachments_sent_on"] == date(2030, 3, 9)
    assert [m["state"] for m in _messages(web, card_id)] == ["sent", "sent"]

    from radrules_webshell.audit.tables import AuditEvent

    actions = web.run(
        AuditEvent.select(AuditEvent.action)
        .where((AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id)))
        .order_by(AuditEvent.id)
    )
    assert [a["action"] for a in actions] == ["card.data_sent", "card.attachments_sent"]

    # what the institution sees
    user = web.api_login(*DEMO["institution"])
    shown = user.get(f"/api/cards/{card_id}/sync").json()
    assert shown["fixed"] is True and shown["status"] == "synced"
    assert [(m["kind"], m["state"], m["attempts"]) for m in shown["messages"]] == [
        ("data", "sent", 1),
        ("attachments", "sent", 1),
    ]
    browser = web.login(*DEMO["institution"])
    assert 'href="/institution/sync"' in browser.get("/institution").text
    page = browser.get("/institution/sync")
    assert page.status_code == 200 and qc in page.text and "已发送" in page.text
    filtered = browser.get("/institution/sync?state=failed")
    assert filtered.status_code == 200 and qc not in filtered.text


def test_attachments_wait_for_the_stamped_copies(web: Web) -> None:
    recorder = Recorder()
    card_id = _new_card(web)
    assert _dispatch(web, recorder, T0, [card_id]).sent == 1

    due = T0 + timedelta(days=5)
    summary = _dispatch(web, recorder, due, [card_id])
    assert (summary.sent, summary.waiting) == (0, 1)
    waiting = _messages(web, card_id)[1]
    assert waiting["state"] == "pending" and waiting["attempts"] == 0, "waiting is not a failed attempt"
    assert "盖章" in waiting["last_error"]
    wait = web.settings.sync_attachment_wait_seconds
    assert _as_utc(waiting["due_at"]) == due + timedelta(seconds=wait)
    assert _card(web, card_id)["status"] == "submitted"

    web.run(attach_stamped, card_id, web.settings, due + timedelta(hours=1))
    assert _dispatch(web, recorder, due + timedelta(hours=2), [card_id]).sent == 0, "waits its turn"
    assert _dispatch(web, recorder, due + timedelta(seconds=wait), [card_id]).sent == 1
    assert [m.kind for m in recorder.sent] == ["data", "attachments"]
    assert _card(web, card_id)["status"] == "synced"


def test_http_transport_posts_json_with_an_idempotency_key(web: Web) -> None:
    from radrules_webshell.sync.transports import HttpTransport

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"ok": True})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    transport = HttpTransport("https://national.example/api/cards", client=client)
    card_id = _new_card(web)
    assert _dispatch(web, transport, T0, [card_id]).sent == 1
    [request] = seen
    assert request.method == "POST" and str(request.url) == "https://national.example/api/cards"
    message_id = _messages(web, card_id)[0]["id"]
    assert request.headers["Idempotency-Key"] == f"radrules-sync-{message_id}-data"
    assert request.headers["Content-Type"].startswith("application/json")
    assert json.loads(request.content)["card_id"] == card_id
    assert _card(web, card_id)["data_sent_on"] == date(2030, 3, 4)


def test_failures_retry_with_backoff_then_give_up(web: Web) -> None:
    from radrules_webshell.sync.transports import HttpTransport

    answers = iter(
        [
            httpx.Response(503, text="维护中"),
            httpx.ReadTimeout("slow"),
            httpx.Response(500),
            httpx.Response(200),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    transport = HttpTransport(
        "https://national.example/in", client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    card_id = _new_card(web)
    config = {"sync_max_attempts": 3, "sync_backoff_seconds": 60.0}

    first = _dispatch(web, transport, T0, [card_id], **config)
    assert (first.sent, first.retried, first.failed) == (0, 1, 0)
    [msg] = _messages(web, card_id)
    assert msg["state"] == "pending" and msg["attempts"] == 1 and "HTTP 503" in msg["last_error"]
    assert _as_utc(msg["due_at"]) == T0 + timedelta(seconds=60)
    assert _dispatch(web, transport, T0 + timedelta(seconds=59), [card_id], **config).retried == 0

    second = _dispatch(web, transport, T0 + timedelta(seconds=60), [card_id], **config)
    assert second.retried == 1
    [msg] = _messages(web, card_id)
    assert msg["attempts"] == 2 and "未应答" in msg["last_error"]
    assert _as_utc(msg["due_at"]) == T0 + timedelta(seconds=60 + 120), "the delay doubles"

    third = _dispatch(web, transport, T0 + timedelta(seconds=180), [card_id], **config)
    assert (third.failed, third.retried) == (1, 0)
    assert "已放弃" in third.text()
    [msg] = _messages(web, card_id)
    assert msg["state"] == "failed" and msg["attempts"] == 3 and "HTTP 500" in msg["last_error"]
    assert _dispatch(web, transport, T0 + timedelta(days=30), [card_id], **config).sent == 0, (
        "given up stays so"
    )
    assert _card(web, card_id)["data_sent_on"] is None

    shown = web.api_login(*DEMO["institution"]).get(f"/api/cards/{card_id}/sync").json()
    assert shown["messages"][0]["state"] == "failed" and "HTTP 500" in shown["messages"][0]["last_error"]


def test_a_retry_writes_the_same_file(web: Web, tmp_path: Path) -> None:
    from radrules_webshell.sync.transports import FileTransport

    blocked = tmp_path / "out"
    blocked.write_text("not a folder")
    card_id = _new_card(web)
    failed = _dispatch(web, FileTransport(blocked), T0, [card_id])
    assert failed.retried == 1 and "上报文件夹" in _messages(web, card_id)[0]["last_error"]

    folder = tmp_path / "ok"
    transport = FileTransport(folder)
    later = T0 + timedelta(hours=1)
    assert _dispatch(web, transport, later, [card_id]).sent == 1
    first = sorted(p.name for p in folder.iterdir())
    # the same message delivered again (a dispatcher that died after sending) keeps one file
    from radrules_webshell.sync.transports import Outgoing

    msg = _messages(web, card_id)[0]
    again = Outgoing(
        message_id=msg["id"], card_id=card_id, kind="data", qc_code=_card(web, card_id)["qc_code"], body=b"{}"
    )
    web.run(transport.send, again)
    assert sorted(p.name for p in folder.iterdir()) == first and len(first) == 1


def test_two_dispatchers_at_once_send_each_message_once(web: Web) -> None:
    from radrules_webshell.sync.dispatch import Dispatcher

    cards = [_new_card(web) for _ in range(12)]
    settings = _settings(web)
    one, two = Recorder(pause=0.005), Recorder(pause=0.005)

    async def both() -> list[Any]:
        return await asyncio.gather(
            Dispatcher(settings, one).run(T0, cards=cards), Dispatcher(settings, two).run(T0, cards=cards)
        )

    a, b = web.run(both)
    ids = [m.message_id for m in one.sent + two.sent]
    assert len(ids) == len(set(ids)) == 12
    assert a.sent + b.sent == 12
    assert all(_card(web, c)["data_sent_on"] == date(2030, 3, 4) for c in cards)
    assert all(len(_messages(web, c)) == 2 for c in cards), "one attachments message per card"


WORKER = """
import asyncio, sys, os
from datetime import datetime
from radrules_webshell.audit import checkpoints
from radrules_webshell.db import engine as db
from radrules_webshell.settings import Settings
from radrules_webshell.sync.dispatch import dispatch_due

class Log:
    name = "log"
    async def send(self, message):
        await asyncio.sleep(0.01)
        with open(sys.argv[2], "a") as out:
            out.write(f"{message.message_id}\\n")

async def main():
    engine = db.engine_from_url(sys.argv[1])
    db.bind(engine)
    # every process writing to the database chains its audit rows with the same key
    checkpoints.configure(engine, Settings.from_env())
    await db.start(engine)
    try:
        cards = [int(c) for c in sys.argv[4].split(",")]
        await dispatch_due(Settings.from_env(), Log(), datetime.fromisoformat(sys.argv[3]), cards=cards)
    finally:
        await db.stop(engine)

asyncio.run(main())
"""


def test_two_processes_never_send_a_message_twice(web: Web, tmp_path: Path) -> None:
    cards = [_new_card(web) for _ in range(16)]
    log = tmp_path / "sent.log"
    args = [web.settings.database_url, str(log), T0.isoformat(), ",".join(map(str, cards))]
    env = {**os.environ, "RADRULES_DATA_DIR": str(web.settings.data_dir)}  # its audit key
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, *args], env=env, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    sent = log.read_text().split()
    assert len(sent) == len(set(sent)) == 16
    assert all(_messages(web, c)[0]["state"] == "sent" for c in cards)


def test_a_card_of_another_institution_is_not_found(web: Web) -> None:
    data, other_institution = new_institution(web)
    card_id = _new_card(web, other_institution)
    own = _new_card(web)
    demo = web.api_login(*DEMO["institution"])
    assert demo.get(f"/api/cards/{card_id}/sync").status_code == 404
    assert demo.get("/api/cards/999999999/sync").status_code == 404
    assert demo.get(f"/api/cards/{own}/sync").status_code == 200
    other = web.api_login(data["login"], data["password"])
    assert other.get(f"/api/cards/{card_id}/sync").json()["messages"][0]["state"] == "pending"
    assert other.get(f"/api/cards/{own}/sync").status_code == 404
    page = web.login(data["login"], data["password"]).get("/institution/sync")
    assert _card(web, own)["qc_code"] not in page.text
    assert _card(web, card_id)["qc_code"] in page.text
    assert web.api_login(*DEMO["client"]).get(f"/api/cards/{own}/sync").status_code in (403, 404)
    assert web.anonymous().get(f"/api/cards/{own}/sync").status_code == 401


def test_a_withdrawn_card_sends_nothing(web: Web) -> None:
    from radrules_webshell.sync import outbox

    card_id = _new_card(web)
    web.run(outbox.cancel_pending, card_id)
    assert _dispatch(web, Recorder(), T0, [card_id]).sent == 0
    assert [m["state"] for m in _messages(web, card_id)] == ["cancelled"]


def test_the_server_runs_the_dispatcher_periodically(web: Web) -> None:
    from radrules_webshell.sync.runner import PeriodicSync

    assert web.client.app.state.periodic_sync.running is False, "off in tests (sync_interval_seconds=0)"
    before = datetime(2021, 2, 2, tzinfo=UTC)  # before any other test's messages
    card_id = _new_card(web, at=before - timedelta(minutes=1))
    recorder = Recorder()
    calls = {"n": 0}

    def flaky() -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("transport misconfigured")  # logged; the loop goes on
        return recorder

    async def run() -> PeriodicSync:
        runner = PeriodicSync(_settings(web, sync_interval_seconds=0.05), flaky, clock=lambda: before)
        runner.start()
        for _ in range(200):
            await asyncio.sleep(0.05)
            if recorder.sent:
                break
        await runner.stop()
        return runner

    runner = web.run(run)
    assert not runner.running and calls["n"] >= 2
    assert [m.card_id for m in recorder.sent] == [card_id]
    assert _card(web, card_id)["data_sent_on"] == date(2021, 2, 2)


def test_the_sync_command(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "RADRULES_DATA_DIR": str(tmp_path),
        "RADRULES_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("RADRULES_SYNC_TRANSPORT", None)
    setup = f"""
import asyncio, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from datetime import datetime
from radrules_webshell import demo
from radrules_webshell.audit import checkpoints
from radrules_webshell.db import engine as db
from radrules_webshell.db.migrate import migrate
from radrules_webshell.settings import Settings
from radrules_webshell.accounts import passwords
from radrules_webshell.filings.cards.documents import card_from_row
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.sync import outbox, payloads
from card_rows import demo_institution_id, insert_card

async def main():
    settings = Settings.from_env()
    passwords.configure("fast")
    engine = db.engine_from_url(settings.database_url)
    await migrate(engine)
    db.bind(engine)
    checkpoints.configure(engine, settings)
    await db.start(engine)
    await demo.seed(settings)
    for _ in range(2):
        card_id = await insert_card(await demo_institution_id())
        row = await ReportCard.select().where(ReportCard.id == card_id).first()
        await outbox.enqueue_card(card_id, payloads.data_payload(card_from_row(row)), at=datetime.fromisoformat("{T0.isoformat()}"))
    await db.stop(engine)

asyncio.run(main())
"""
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, capture_output=True)
    radrules = [sys.executable, "-m", "radrules"]

    down = {
        **env,
        "RADRULES_SYNC_TRANSPORT": "http",
        "RADRULES_SYNC_URL": "http://127.0.0.1:9/",
        "RADRULES_SYNC_MAX_ATTEMPTS": "1",
    }
    failed = subprocess.run(
        [*radrules, "sync", "--now", T0.isoformat()], env=down, capture_output=True, text=True
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "放弃（已失败）2 条" in failed.stdout and "无法连接国家系统" in failed.stdout

    # the cause fixed (back to the file transport), the given-up messages go again
    later = (T0 + timedelta(hours=1)).isoformat()
    again = subprocess.run(
        [*radrules, "sync", "--retry-failed", "--now", later], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "已将 2 条失败的消息重新排队" in again.stdout and "成功 2 条" in again.stdout
    assert len(list((tmp_path / "national-sync").glob("*-data-*.json"))) == 2
    bad = subprocess.run([*radrules, "sync", "--now", "morgen"], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "--now" in bad.stderr


def test_a_claim_whose_dispatcher_died_is_taken_again_after_its_lease(web: Web) -> None:
    from radrules_webshell.sync.claims import claim
    from radrules_webshell.sync.dispatch import Dispatcher

    settings = _settings(web)
    card_id = _new_card(web)
    stale = web.run(claim, T0, settings, [card_id])  # a dispatcher claims it, then dies
    assert stale["state"] == "sending" and stale["attempts"] == 1
    lease = timedelta(seconds=settings.sync_lease_seconds)
    recorder = Recorder()
    assert _dispatch(web, recorder, T0 + lease - timedelta(seconds=1), [card_id]).sent == 0
    assert _dispatch(web, recorder, T0 + lease, [card_id]).sent == 1
    assert _messages(web, card_id)[0]["attempts"] == 2
    # the dead dispatcher coming back cannot overwrite the outcome: its claim is no longer valid
    late = Dispatcher(settings, recorder)
    assert web.run(late._record_sent, stale, T0) is False
    assert _messages(web, card_id)[0]["state"] == "sent"


def test_a_card_withdrawn_while_its_data_is_on_the_way(web: Web) -> None:
    from radrules_webshell.filings.cards.tables import ReportCard

    card_id = _new_card(web)

    class Withdrawing(Recorder):
        async def send(self, message: Any) -> None:
            await ReportCard.update({ReportCard.status: "withdrawn"}).where(ReportCard.id == card_id)
            await super().send(message)

    summary = _dispatch(web, Withdrawing(), T0, [card_id])
    assert summary.sent == 1
    card = _card(web, card_id)
    assert card["status"] == "withdrawn" and card["data_sent_on"] is None
    assert [m["kind"] for m in _messages(web, card_id)] == ["data"], "no attachments for a withdrawn card"
    from radrules_webshell.audit.tables import AuditEvent

    noted = web.run(
        AuditEvent.select(AuditEvent.action).where(
            (AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id))
        )
    )
    assert [a["action"] for a in noted] == ["card.sync_not_applied"]


def test_a_plugin_provides_a_transport(web: Web) -> None:
    from radrules_webshell.hooks import UnknownTransport, plugin_manager
    from radrules_webshell.hooks import sync_transport as transport_for
    from radrules_webshell.sync.hookspecs import hookimpl
    from radrules_webshell.sync.transports import FileTransport

    recorder = Recorder()

    class Pigeon:
        @hookimpl
        def radrules_webshell_sync_transport(self, name: str, settings: Any) -> Any:
            return recorder if name == "pigeon" else None

    manager = plugin_manager()
    manager.register(Pigeon())
    assert transport_for(_settings(web, sync_transport="pigeon"), manager) is recorder
    assert isinstance(transport_for(_settings(web, sync_transport="file"), manager), FileTransport)
    try:
        transport_for(_settings(web, sync_transport="carrier"))
    except UnknownTransport as exc:
        assert "carrier" in str(exc)
    else:
        raise AssertionError("an unknown transport must be refused")


def test_every_web_shell_hook_is_documented() -> None:
    from radrules_webshell.sync import hookspecs

    doc = (Path(__file__).parents[2] / "docs/sync.md").read_text(encoding="utf-8")
    import inspect

    names = [n for n in dir(hookspecs) if n.startswith("radrules_webshell_")]
    assert names
    for name in names:
        sig = inspect.signature(getattr(hookspecs, name))
        params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
        assert f"`{name}({params}) -> {sig.return_annotation}`" in doc, (
            f"hook {name} is not documented with its signature in docs/sync.md"
        )
