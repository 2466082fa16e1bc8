"""Idempotent retries (source 001 module 13 标准接口): a write sent with an ``Idempotency-Key``
header is carried out once. Sent again with the same key and the same request (method,
path and body, byte for byte), the first answer is given again, with
``Idempotent-Replayed: true``, and nothing is written a second time; with another request,
409. While the first request is still being answered, a retry is 409 too.

Keys belong to their caller (the API token, else the account), are at most 200 printable
ASCII characters, and are kept for :data:`KEEP_HOURS`. An answer of 5xx is not kept (the
write did not happen; the retry runs), nor is one larger than :data:`MAX_ANSWER` (whose
key then stays refused until it expires: the retry is told 409, never a second write).
Where the server stops between the write and keeping its answer, the key stays "being
answered" until it expires — a second write is never risked.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send
from radrules_webshell.core.errors import Conflict, Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.gateway.tables import IdempotentRequest

HEADER = b"idempotency-key"
KEEP_HOURS = 24
MAX_KEY = 200
MAX_ANSWER = 1024 * 1024
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _replay(send: Send, row: dict[str, object]) -> None:
    headers = [(b"idempotent-replayed", b"true")]
    if row["content_type"]:
        headers.append((b"content-type", str(row["content_type"]).encode("latin-1")))
    body = str(row["body"] or "").encode("utf-8")
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": int(str(row["status"])), "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        key = _header(scope, HEADER)
        user = scope.get("user")
        if key is None or scope.get("method") not in UNSAFE or not isinstance(user, Principal):
            await next_app(scope, receive, send)
            return
        if not 1 <= len(key) <= MAX_KEY or not all(" " <= c <= "~" for c in key):
            raise Invalid(errors={"Idempotency-Key": f"应为 1~{MAX_KEY} 个可打印 ASCII 字符"})
        body = await _body(receive)
        owner = f"t{user.token_id}" if user.token_id is not None else f"a{user.account_id}"
        row_key = f"{owner}:{hashlib.sha256(key.encode()).hexdigest()}"
        request_hash = hashlib.sha256(
            b"\n".join(
                [
                    str(scope.get("method", "")).encode(),
                    scope["path"].encode(),
                    scope.get("query_string", b""),
                    body,
                ]
            )
        ).hexdigest()
        if not await self._claim(row_key, request_hash, send):
            return
        sent = False

        async def replayed_body() -> ReceiveMessage:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        status = 500
        content_type: str | None = None
        chunks: list[bytes] = []
        size = 0

        async def kept(message: Message) -> None:
            nonlocal status, content_type, size
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", []):
                    if bytes(name).lower() == b"content-type":
                        content_type = bytes(value).decode("latin-1")[:100]
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                size += len(chunk)
                if size <= MAX_ANSWER:
                    chunks.append(chunk)
            await send(message)

        try:
            await next_app(scope, replayed_body, kept)
        except BaseException:
            await IdempotentRequest.delete().where(IdempotentRequest.key == row_key)
            raise
        if status >= 500:
            await IdempotentRequest.delete().where(IdempotentRequest.key == row_key)
        elif size <= MAX_ANSWER:
            await IdempotentRequest.update(
                {
                    IdempotentRequest.status: status,
                    IdempotentRequest.content_type: content_type,
                    IdempotentRequest.body: b"".join(chunks).decode("utf-8", "replace"),
                }
            ).where(IdempotentRequest.key == row_key)

    async def _claim(self, row_key: str, request_hash: str, send: Send) -> bool:
        """True when this request is the key's first (the key is now held); else the answer is sent."""
        cutoff = datetime.now(UTC) - timedelta(hours=KEEP_HOURS)
        await IdempotentRequest.delete().where(IdempotentRequest.created_at < cutoff)
        inserted = (
            await IdempotentRequest.insert(IdempotentRequest(key=row_key, request_hash=request_hash))
            .on_conflict(action="DO NOTHING")
            .returning(IdempotentRequest.id)
        )
        if inserted:
            return True
        row = await IdempotentRequest.select().where(IdempotentRequest.key == row_key).first()
        if row is None:  # expired and removed in between: the caller may retry
            raise Conflict("同一 Idempotency-Key 的请求正在处理，请稍后重试")
        if row["request_hash"] != request_hash:
            raise Conflict("此 Idempotency-Key 已用于另一个请求（方法、地址或内容不同）：请换一个键")
        if row["status"] is None:
            raise Conflict("同一 Idempotency-Key 的请求正在处理（或其应答过大未保存），请稍后重试")
        await _replay(send, row)
        return False
