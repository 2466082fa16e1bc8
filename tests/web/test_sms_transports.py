"""The SMS transports: a folder of whole files, the log, an HTTP gateway (httpx's mock
transport), the hook that lets a plugin add one, and the server's periodic run."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from notification_helpers import Phone, new_account, sms_rows, tell
from web_helpers import Web


def _sms(**changes: Any) -> Any:
    from radrules_webshell.notifications.transports import OutgoingSms

    return OutgoingSms(
        **{
            "message_id": 42,
            "mobile": "13912345678",
            "text": "【平台】报名已退回",
            "kind": "notice",
            **changes,
        }
    )


def test_the_file_transport_writes_whole_files_once(tmp_path: Path) -> None:
    from radrules_webshell.notifications.transports import FileSmsTransport, SmsError

    transport = FileSmsTransport(tmp_path / "sms")
    asyncio.run(transport.send(_sms()))
    asyncio.run(transport.send(_sms()))  # a retry writes the same name
    [path] = list((tmp_path / "sms").iterdir())
    assert path.name == "sms-0000000042-notice.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "format": "radrules-sms/1",
        "key": "radrules-sms-42",
        "kind": "notice",
        "mobile": "13912345678",
        "text": "【平台】报名已退回",
    }
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(SmsError, match="写入短信文件夹"):
        asyncio.run(FileSmsTransport(blocked).send(_sms()))


def test_the_log_transport_masks_the_mobile(caplog: pytest.LogCaptureFixture) -> None:
    from radrules_webshell.notifications.transports import LogSmsTransport

    with caplog.at_level(logging.INFO, logger="radrules_webshell.sms"):
        asyncio.run(LogSmsTransport().send(_sms()))
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text and "报名已退回" in caplog.text


def test_the_http_transport_posts_with_an_idempotency_key() -> None:
    from radrules_webshell.notifications.transports import HttpSmsTransport, SmsError

    seen: list[httpx.Request] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = json.loads(request.content)
        if body["mobile"] == "13900000500":
            return httpx.Response(500, text="internal trouble")
        if body["mobile"] == "13900000408":
            raise httpx.ReadTimeout("slow", request=request)
        if body["mobile"] == "13900000999":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"ok": True})

    async def run() -> list[str]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(gateway)) as client:
            transport = HttpSmsTransport("https://sms.example/send", token="t0ken", client=client)
            await transport.send(_sms())
            problems = []
            for mobile in ("13900000500", "13900000408", "13900000999"):
                with pytest.raises(SmsError) as caught:
                    await transport.send(_sms(mobile=mobile))
                problems.append(str(caught.value))
            with pytest.raises(SmsError, match="RADRULES_SMS_URL"):
                await HttpSmsTransport("").send(_sms())
            return problems

    problems = asyncio.run(run())
    first = seen[0]
    assert first.method == "POST" and str(first.url) == "https://sms.example/send"
    assert first.headers["Idempotency-Key"] == "radrules-sms-42"
    assert first.headers["Authorization"] == "Bearer t0ken"
    assert json.loads(first.content)["text"] == "【平台】报名已退回"
    assert "HTTP 500" in problems[0] and "internal trouble" in problems[0]
    assert "未应答" in problems[1] and "无法连接" in problems[2]


def test_a_plugin_provides_an_sms_transport(web: Web) -> None:
    from radrules_webshell.hooks import UnknownTransport, plugin_manager, sms_transport
    from radrules_webshell.notifications.hookspecs import hookimpl
    from radrules_webshell.notifications.transports import FileSmsTransport, HttpSmsTransport, LogSmsTransport

    phone = Phone()

    class Carrier:
        @hookimpl
        def radrules_webshell_sms_transport(self, name: str, settings: Any) -> Any:
            return phone if name == "carrier" else None

    manager = plugin_manager()
    manager.register(Carrier())

    def settings(name: str) -> Any:
        return attrs.evolve(web.settings, sms_transport=name, sms_url="https://sms.example/")

    assert sms_transport(settings("carrier"), manager) is phone
    assert isinstance(sms_transport(settings("file"), manager), FileSmsTransport)
    assert isinstance(sms_transport(settings("log"), manager), LogSmsTransport)
    http = sms_transport(settings("http"), manager)
    assert isinstance(http, HttpSmsTransport) and http.url == "https://sms.example/"
    with pytest.raises(UnknownTransport, match="pigeon"):
        sms_transport(settings("pigeon"))


def test_every_sms_hook_is_documented() -> None:
    from radrules_webshell.notifications import hookspecs

    doc = (Path(__file__).parents[2] / "docs/notifications.md").read_text(encoding="utf-8")
    names = [n for n in dir(hookspecs) if n.startswith("radrules_webshell_")]
    assert names
    for name in names:
        sig = inspect.signature(getattr(hookspecs, name))
        params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
        assert f"`{name}({params}) -> {sig.return_annotation}`" in doc, name


def test_the_server_sends_at_once_when_kicked(web: Web) -> None:
    from radrules_webshell.notifications.runner import PeriodicSms

    assert web.client.app.state.periodic_sms.running is False, "off in tests (notify_interval_seconds=0)"
    me = new_account(web)
    at = datetime(2020, 1, 6, 2, 0, tzinfo=UTC)  # before any other test's texts
    tell(web, [_account(me["id"])], kind="test.kick", title="验证码", sms="now", at=at)
    phone = Phone()
    calls = {"n": 0}

    def flaky() -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("transport misconfigured")  # logged; the loop goes on
        return phone

    async def run() -> PeriodicSms:
        # a long interval: only the kicks make it run
        runner = PeriodicSms(
            attrs.evolve(web.settings, notify_interval_seconds=3600), flaky, clock=lambda: at
        )
        runner.start()
        for _ in range(2):
            runner.kick()
            for _ in range(100):
                await asyncio.sleep(0.02)
                if runner.runs or calls["n"] >= 2:
                    break
        await runner.stop()
        return runner

    runner = web.run(run)
    assert not runner.running and calls["n"] >= 2
    assert me["mobile"] in [m.mobile for m in phone.sent]
    assert sms_rows(web, me["mobile"])[0]["state"] == "sent"


def _account(account_id: int) -> Any:
    from radrules_webshell.notifications import Recipient

    return Recipient.account(account_id)


def test_the_sms_command(tmp_path: Path) -> None:
    """``radrules sms`` sends what is due once, through the configured transport."""
    env = {
        **os.environ,
        "RADRULES_DATA_DIR": str(tmp_path),
        "RADRULES_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("RADRULES_SMS_TRANSPORT", None)
    setup = """
import asyncio
from radrules_webshell.db import engine as db
from radrules_webshell.db.migrate import migrate
from radrules_webshell.notifications import send_sms_code
from radrules_webshell.settings import Settings

async def main():
    settings = Settings.from_env()
    engine = db.engine_from_url(settings.database_url)
    await migrate(engine)
    db.bind(engine)
    await db.start(engine)
    await send_sms_code("13900001111", purpose="mobile_change", label="更换手机号", settings=settings)
    await db.stop(engine)

asyncio.run(main())
"""
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, capture_output=True)
    radrules = [sys.executable, "-m", "radrules"]
    down = {**env, "RADRULES_SMS_TRANSPORT": "http", "RADRULES_SMS_URL": "http://127.0.0.1:9/"}
    failed = subprocess.run([*radrules, "sms"], env=down, capture_output=True, text=True)
    assert failed.returncode == 1 and "待重试 1 条" in failed.stdout, failed.stdout + failed.stderr
    later = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
    sent = subprocess.run([*radrules, "sms", "--now", later], env=env, capture_output=True, text=True)
    assert sent.returncode == 0 and "发送成功 1 条" in sent.stdout, sent.stdout + sent.stderr
    [path] = list((tmp_path / "sms").glob("sms-*-code.json"))
    assert json.loads(path.read_text(encoding="utf-8"))["mobile"] == "13900001111"
    bad = subprocess.run([*radrules, "sms", "--now", "morgen"], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "--now" in bad.stderr
    unknown = subprocess.run(
        [*radrules, "sms"], env={**env, "RADRULES_SMS_TRANSPORT": "pigeon"}, capture_output=True, text=True
    )
    assert unknown.returncode != 0 and "pigeon" in unknown.stderr
