"""Writing report cards: 暂存, 提交, 撤销 and 删除 (source 000 §5.3.2, §5.3.4 第六、九步).

Each action builds or reads the card, asks the library's workflow for the transition (the
rules decide; the web shell only stores), then in ONE short transaction: locks the row,
refuses a stale ``version`` (optimistic concurrency — a second click or a second window
loses with a clear message), draws the QC code the first time the workflow issues one
(``qc_sequence.allocate_qc_code``: a number from the database, never changed afterwards),
writes the columns and the document, queues or cancels the national-sync message, and
appends the audit record. A failure anywhere in the transaction leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import attrs
import orjson
from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Invalid, NotFound, WebError
from radrules_webshell.core.masking import mask_ids_in
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic, reading
from radrules_webshell.filings.cards import qc_sequence
from radrules_webshell.filings.cards.build import (
    Built,
    build,
    creation_refusal,
    filing_of,
    with_registered_client,
)
from radrules_webshell.filings.cards.documents import card_columns, card_from_row
from radrules_webshell.filings.cards.forms import field_of
from radrules_webshell.filings.cards.tables import ReportCard as CardRow
from radrules_webshell.sync import outbox

from radrules import (
    CheckResult,
    Filing,
    Finding,
    ReportCard,
    TransitionRefused,
    computed_card_results,
)
from radrules.services import workflow

#: Keys of the card input that carry content; a submit with none of them submits the stored card.
CONTENT_KEYS = ("participants", "client_id", "service_field", "report_no", "results", "filler", "source")


class Refused(WebError):
    """The rules refuse the action: the errors, per form field, say why."""

    status = 422
    default = "报送卡有错误，不能进行该操作"


@attrs.frozen
class Outcome:
    card_id: int
    version: int
    card: ReportCard
    check: CheckResult | None
    qc_code_withheld: tuple[Finding, ...] = ()


class _Pending:
    """Stands in for the QC sequence while the workflow decides, outside the transaction,
    whether a code is issued; the real number is drawn from the database inside it."""

    def next(self, jurisdiction: str, year: int, prefix: str) -> int:  # noqa: ARG002 - the protocol's signature
        return 1


#: One queue per event loop (the test suite runs one loop per database).
_SQLITE_WRITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def _transaction() -> AsyncIterator[None]:
    """:func:`atomic`, with card writes queued in the process first on SQLite.

    SQLite has one writer at a time; a transaction that finds the lock taken waits in
    SQLite's busy handler, which polls with growing sleeps, so under 20 concurrent
    submissions some waited seconds while later ones got through (bench_card_submit: p99
    5 s). Waiting on an asyncio lock first serves them in order. Other processes and other
    writers still meet the database lock itself, which stays the guarantee.
    """
    if is_sqlite(CardRow._meta.db):
        loop = asyncio.get_running_loop()
        lock = _SQLITE_WRITERS.setdefault(loop, asyncio.Lock())
        async with lock, atomic():
            yield
    else:
        async with atomic():
            yield


def stale_message(current: int, given: object) -> str:
    return (
        f"报送卡已在其他窗口或由他人修改（当前版本 {current}，您的页面是版本 {given}），"
        "为避免覆盖，本次操作未执行：请刷新页面后重试"
    )


def _version_of(data: Mapping[str, Any]) -> int:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid(
            "缺少版本号：修改、提交和撤销须带上读取报送卡时的 version", errors={"version": "必填，整数"}
        )
    return version


def findings_errors(found: tuple[Finding, ...]) -> dict[str, str]:
    """Findings as messages per form field (several joined)."""
    out: dict[str, str] = {}
    for f in found:
        key = field_of(f.path)
        message = mask_ids_in(f.message)
        out[key] = f"{out[key]}；{message}" if key in out else message
    return out


def _refused(exc: TransitionRefused) -> WebError:
    if exc.findings:
        return Refused(str(exc), errors=findings_errors(exc.findings))
    return Conflict(str(exc))


async def card_row(institution_id: int, card_id: int, *, lock: bool = False) -> dict[str, Any]:
    """The institution's card row; another institution's card is simply not found. ``lock``
    (inside a transaction, PostgreSQL): the row is held against other writers until commit."""
    if row_id(card_id) is None:
        raise NotFound()
    if is_sqlite(CardRow._meta.db):
        row = (
            await CardRow.select()
            .where((CardRow.id == card_id) & (CardRow.institution == institution_id))
            .first()
        )
    else:
        # Precompiled: building Piccolo's select of every column costs more CPU than the
        # query itself, twice per submission (docs/performance.md, issue 17).
        rows = await CardRow.raw(_card_sql(lock), card_id, institution_id)
        row = rows[0] if rows else None
    if row is None:
        raise NotFound()
    return row


@functools.cache
def _card_sql(lock: bool) -> str:
    """The PostgreSQL statement reading one card row by id and institution (every column)."""
    columns = ", ".join(f'"{c._meta.db_column_name}"' for c in CardRow._meta.columns)
    sql = f'SELECT {columns} FROM "report_card" WHERE "id" = {{}} AND "institution" = {{}}'
    return sql + " FOR UPDATE" if lock else sql


def _refuse_stale(row: dict[str, Any], expected: int) -> dict[str, Any]:
    if row["version"] != expected:
        raise Conflict(stale_message(row["version"], expected))
    return row


async def _row_at(institution_id: int, card_id: int, data: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """The institution's card row (another institution's: not found, before anything else)
    and the version the request was made at, refused as stale unless the row is still at it."""
    row = await card_row(institution_id, card_id)
    expected = _version_of(data)
    return _refuse_stale(row, expected), expected


async def _locked_row(institution_id: int, card_id: int, expected: int) -> dict[str, Any]:
    """Inside the transaction: the row, locked against concurrent writers, at ``expected``."""
    # One statement: the row read and locked (SQLite's IMMEDIATE transaction already holds
    # the database's write lock).
    return _refuse_stale(await card_row(institution_id, card_id, lock=True), expected)


async def _issue_code(before: ReportCard, after: ReportCard, on: date) -> ReportCard:
    """``after`` with a code drawn from the database if the workflow issued one just now."""
    if before.qc_code or not after.qc_code:
        return after
    code = await qc_sequence.allocate_qc_code(attrs.evolve(after, qc_code=None), on=on)
    return attrs.evolve(after, qc_code=code)


def _changes(card: ReportCard, **extra: Any) -> dict[str, Any]:
    """The columns to write, by name (also the audit record's "after", over the row before)."""
    return {**card_columns(card), **extra}


def _columns(changes: Mapping[str, Any]) -> dict[Any, Any]:
    return {getattr(CardRow, k): v for k, v in changes.items()}


async def save(
    actor: Principal,
    institution_id: int,
    data: Mapping[str, Any],
    card_id: int | None = None,
    *,
    province: str | None = None,
) -> Outcome:
    """暂存: create or change the card; the first save that the rules allow issues its QC code.

    A new card is refused first by the platform's own province (``province``) where its
    rules refuse one (no approved qualification, §5.3.4 第一步), wherever the service is.
    """
    stored: ReportCard | None = None
    expected = 0
    if card_id is None and province:
        async with reading(CardRow._meta.db):
            reasons = await creation_refusal(institution_id, province)
        if reasons:
            raise Refused("不能新建报送卡：" + "；".join(reasons), errors={"institution": "；".join(reasons)})
    if card_id is not None:
        async with reading(CardRow._meta.db):
            row, expected = await _row_at(institution_id, card_id, data)
        stored = card_from_row(row)
    async with reading(CardRow._meta.db):
        built = await build(actor, institution_id, data, stored=stored)
    now = datetime.now(UTC)
    try:
        t = workflow.save_draft(built.filing, actor=actor.login, at=now, sequence=_Pending())
    except TransitionRefused as exc:
        raise _refused(exc) from None
    async with _transaction():
        if card_id is None:
            card = await _issue_code(built.card, t.card, clock.local(now).date())
            new = CardRow(
                institution=institution_id,
                client=data.get("client_id"),
                sources=_sources(built),
                version=1,
                created_by=actor.account_id or None,
                **_changes(card),
            )
            await new.save()
            card_id = int(new.id)
            after = await card_row(institution_id, card_id)
            await audit.record(actor, "card_create", "report_card", card_id, after=after)
            version = 1
        else:
            before = await _locked_row(institution_id, card_id, expected)
            card = await _issue_code(built.card, t.card, clock.local(now).date())
            version = expected + 1
            changes = _changes(
                card, client=data.get("client_id"), sources=_sources(built), version=version, updated_at=now
            )
            await CardRow.update(_columns(changes)).where(CardRow.id == card_id)
            await audit.record(
                actor, "card_save", "report_card", card_id, before=before, after={**before, **changes}
            )
    return Outcome(card_id, version, card, t.check, t.qc_code_withheld)


def _sources(built: Built) -> str:
    return orjson.dumps(list(built.sources)).decode()


def _has_content(data: Mapping[str, Any]) -> bool:
    return any(k in data for k in CONTENT_KEYS)


async def current_filing(
    institution_id: int, stored: ReportCard, *, as_of: date, client_id: int | None = None
) -> tuple[Filing, tuple[dict[str, Any], ...]]:
    """The stored card with its source reports as they are now, results recomputed where the
    rules compute them (a report changed since the card was saved shows in the check). With
    ``client_id``, the client is the register's as it is now (its kind decides the rules)."""
    filing, refs = await filing_of(institution_id, stored)
    if client_id is not None:
        filing = await with_registered_client(filing, client_id)
    computed = computed_card_results(filing, as_of=as_of)
    if computed is not None:
        filing = attrs.evolve(filing, report_card=attrs.evolve(stored, results=computed))
    return filing, refs


async def submit(actor: Principal, institution_id: int, card_id: int, data: Mapping[str, Any]) -> Outcome:
    """提交: every error blocks; the card keeps its first submission date and is queued for
    the national system in the same transaction."""
    now = datetime.now(UTC)
    async with reading(CardRow._meta.db):
        row, expected = await _row_at(institution_id, card_id, data)
        stored = card_from_row(row)
        if _has_content(data):
            built = await build(actor, institution_id, data, stored=stored)
            filing, refs = built.filing, built.sources
        else:
            filing, refs = await current_filing(
                institution_id, stored, as_of=clock.local(now).date(), client_id=row["client"]
            )
    try:
        t = workflow.submit(filing, actor=actor.login, at=now, sequence=_Pending())
    except TransitionRefused as exc:
        raise _refused(exc) from None
    async with _transaction():
        before = await _locked_row(institution_id, card_id, expected)
        card = await _issue_code(stored, t.card, clock.local(now).date())
        # The filing deadline is measured against the first submission (table comment).
        card = attrs.evolve(card, filed_on=before["filed_on"] or card.filed_on)
        version = expected + 1
        changes = _changes(
            card, sources=orjson.dumps(list(refs)).decode(), version=version, updated_at=now, submitted_at=now
        )
        if _has_content(data):
            changes["client"] = data.get("client_id")
        await CardRow.update(_columns(changes)).where(CardRow.id == card_id)
        # A card never submitted before has no message to replace.
        await outbox.enqueue_card(card_id, changes["document"], at=now, first=before["submitted_at"] is None)
        await audit.record(
            actor, "card_submit", "report_card", card_id, before=before, after={**before, **changes}
        )
    return Outcome(card_id, version, card, t.check)


async def withdraw(actor: Principal, institution_id: int, card_id: int, data: Mapping[str, Any]) -> Outcome:
    """撤销: the card becomes editable again; nothing is deleted (§5.3.2); what was queued
    and not yet sent is cancelled."""
    async with reading(CardRow._meta.db):
        row, expected = await _row_at(institution_id, card_id, data)
    reason = str(data.get("reason") or "").strip()[:1000] or None
    now = datetime.now(UTC)
    try:
        t = workflow.withdraw(card_from_row(row), actor=actor.login, at=now, reason=reason)
    except TransitionRefused as exc:
        raise _refused(exc) from None
    async with _transaction():
        before = await _locked_row(institution_id, card_id, expected)
        version = expected + 1
        changes = _changes(t.card, version=version, updated_at=now)
        await CardRow.update(_columns(changes)).where(CardRow.id == card_id)
        await outbox.cancel_pending(card_id)
        await audit.record(
            actor, "card_withdraw", "report_card", card_id, before=before, after={**before, **changes}
        )
    return Outcome(card_id, version, t.card, None)


async def delete(actor: Principal, institution_id: int, card_id: int, data: Mapping[str, Any]) -> None:
    """删除: only a card never submitted (待提交, §5.3.3) and not locked; a card once filed
    is kept (withdraw it to change it), since the regulator's query and deadlines count it."""
    await card_row(institution_id, card_id)  # another institution's card: 404 before anything else
    expected = _version_of(data)
    async with _transaction():
        before = await _locked_row(institution_id, card_id, expected)
        if before["filed_on"] is not None or before["status"] != "draft":
            raise Conflict("只能删除从未提交过的暂存报送卡；已提交过的报送卡请撤销后修改")
        await CardRow.delete().where(CardRow.id == card_id)
        await audit.record(actor, "card_delete", "report_card", card_id, before=before)
