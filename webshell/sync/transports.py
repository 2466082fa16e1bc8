"""How a national-sync message leaves the web shell (source 000 §5.3.4 第九步).

A transport takes one :class:`Outgoing` message — its JSON body and an idempotency key —
and either delivers it or raises. Two are built in: ``file`` writes each message as a JSON
file into a folder (a hand-off directory that another program collects), ``http`` POSTs
it to a configured address. Others come from plugins through the
``radrules_webshell_sync_transport`` hook (:mod:`.hookspecs`); the setting
``RADRULES_SYNC_TRANSPORT`` names the one used, and :func:`radrules_webshell.hooks.sync_transport`
finds it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs
import httpx
from radrules_webshell.core.handoff import write_whole
from radrules_webshell.markers import hookimpl
from radrules_webshell.settings import Settings


class TransportError(Exception):
    """The national system did not take the message; it is retried later."""


@attrs.frozen(kw_only=True)
class Outgoing:
    """One message as sent: the same ``body`` and ``key`` on every attempt."""

    message_id: int
    card_id: int
    #: ``data`` or ``attachments``.
    kind: str
    qc_code: str | None
    #: UTF-8 JSON (see :mod:`.payloads`).
    body: bytes

    @property
    def key(self) -> str:
        """Names the message across retries: a receiver drops a second copy with the same key."""
        return f"radrules-sync-{self.message_id}-{self.kind}"

    @property
    def filename(self) -> str:
        who = self.qc_code or f"card-{self.card_id}"
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in who)
        return f"{safe}-{self.kind}-{self.message_id}.json"


@runtime_checkable
class Transport(Protocol):
    """What the dispatcher calls; ``name`` is what ``RADRULES_SYNC_TRANSPORT`` selects."""

    name: str

    async def send(self, message: Outgoing) -> None: ...


@attrs.define
class FileTransport:
    """Writes ``<folder>/<qc code>-<kind>-<message id>.json``.

    The file appears whole or not at all (written to a temporary file in the same folder,
    flushed to disk, then renamed over the final name), and a retry of the same message
    writes the same name, so a collector never sees a partial file or a duplicate.
    """

    folder: Path
    name: str = "file"

    async def send(self, message: Outgoing) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: Outgoing) -> None:
        try:
            write_whole(self.folder, message.filename, message.body)
        except OSError as exc:
            raise TransportError(f"写入上报文件夹 {self.folder} 失败：{exc.strerror or exc}") from exc


@attrs.define
class HttpTransport:
    """POSTs the JSON body to ``url`` with an ``Idempotency-Key`` header.

    A 2xx answer is success; any other status, a timeout or a connection error is a
    failure that is retried. ``client`` is for tests (``httpx.MockTransport``).
    """

    url: str
    timeout: float = 30.0
    client: httpx.AsyncClient | None = None
    name: str = "http"

    async def send(self, message: Outgoing) -> None:
        if not self.url:
            raise TransportError("未配置国家系统上报地址（RADRULES_SYNC_URL）")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message.key,
            "X-Radrules-Message-Kind": message.kind,
        }
        try:
            if self.client is not None:
                response = await self.client.post(self.url, content=message.body, headers=headers)
            else:
                async with httpx.AsyncClient(timeout=self.timeout) as client:
                    response = await client.post(self.url, content=message.body, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransportError(f"国家系统在 {self.timeout:g} 秒内未应答（{type(exc).__name__}）") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"无法连接国家系统：{exc}") from exc
        if not 200 <= response.status_code < 300:
            text = response.text[:200].strip()
            raise TransportError(f"国家系统拒收：HTTP {response.status_code}{'：' + text if text else ''}")


class BuiltinTransports:
    """The built-in transports, registered like any plugin (and tried last)."""

    @staticmethod
    @hookimpl(trylast=True)
    def radrules_webshell_sync_transport(name: str, settings: Settings) -> Transport | None:
        if name == "file":
            return FileTransport(settings.sync_folder)
        if name == "http":
            return HttpTransport(settings.sync_url, timeout=settings.sync_timeout_seconds)
        return None
