"""Storing device-test and dose reports: create, update, submit, withdraw, delete (source 000
§5.1.2.2 2、§5.2.2.2 2 操作按钮: 保存 / 提交 while 未提交, 撤回 once 已提交; 删除 removes the whole
report).

The two kinds differ only in what a report holds (samples of devices, records of
workers); their states are the same: 未提交 (draft) → 已提交 (submitted) → 撤回 back to
draft, and 删除 removes a whole draft report. A report that a handed-in report card was
built from can be neither withdrawn nor deleted.

Every operation is scoped to the acting institution (another institution's report is "not
found"), runs in one transaction and leaves an audit event. Submission checks the report
with :func:`radrules.check` as of the given day, as a filing holding only that report:
error findings refuse it, warnings are returned and do not.

A report can hold 500 samples or 20,000 dose records: structuring one, writing its JSON
and checking it run in a worker thread (:func:`report_of`, :func:`checked`), never on the
event loop, so that the server answers other requests meanwhile.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

import anyio.to_thread
import attrs
import orjson
from piccolo.table import Table
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.filings.reports.documents import dumps, report_from_row
from radrules_webshell.filings.reports.findings import Refused, split_findings
from radrules_webshell.filings.reports.forms import parse_body

from radrules import Filing, ReportStatus, check

M = TypeVar("M")

#: Card states in which a card has been handed in and its sources must stay as they are.
CARD_HELD = ("submitted", "approved", "locked")

STATUS_LABELS = {"draft": "未提交", "submitted": "已提交"}


@attrs.frozen(kw_only=True)
class ReportKind(Generic[M]):
    kind: str  # "device_test" | "dose", as in ReportCard.sources
    label: str
    table: type[Table]
    model: type[M]
    filing_field: str  # the Filing field that holds reports of this kind
    #: Checks a parsed report against the platform's records and returns it with the client's
    #: stored data filled in, and the client's id: ``(institution_id, report) -> (client_id, report)``.
    resolve: Callable[[int, M], Awaitable[tuple[int, M]]]

    @property
    def prefix(self) -> str:
        return f"{self.filing_field}[0]"

    def from_row(self, row: dict[str, Any]) -> M:
        return report_from_row(row, self.model)


async def report_of(kind: ReportKind[M], row: dict[str, Any]) -> M:
    """The report a row holds, structured in a worker thread."""
    return await anyio.to_thread.run_sync(kind.from_row, row)


async def _parsed(kind: ReportKind[M], data: object) -> Any:
    return await anyio.to_thread.run_sync(parse_body, data, kind.model)


async def _dumped(report: object) -> str:
    return await anyio.to_thread.run_sync(dumps, report)


async def get(
    kind: ReportKind[M], institution_id: int, report_id: int, *, lock: bool = False
) -> dict[str, Any]:
    """The institution's report (NotFound for anyone else's).

    ``lock`` (inside a write transaction) holds the row until it ends, so that two submits
    or a submit and a withdraw of one report cannot both act on the state they read;
    SQLite's IMMEDIATE transaction already serialises writers.
    """
    t: Any = kind.table
    query = t.select().where((t.id == report_id) & (t.institution == institution_id))
    if lock and not is_sqlite(t._meta.db):
        query = query.lock_rows()
    row = await query.first()
    if row is None:
        raise NotFound()
    return dict(row)


async def _unique_no(kind: ReportKind[M], institution_id: int, report_no: str, exclude: int | None) -> None:
    # 报告编号不允许重复，本单位的检测报告编号 (§5.1.2.2 3, §5.2.2.2 3)
    t: Any = kind.table
    query = t.exists().where((t.institution == institution_id) & (t.report_no == report_no))
    if exclude is not None:
        query = query.where(t.id != exclude)
    if await query:
        raise Invalid(
            "报告编号重复", errors={"report_no": f"本机构已有报告编号为 {report_no} 的{kind.label}"}
        )


def _check_no(report_no: str) -> str:
    text = (report_no or "").strip()
    if not text:
        raise Invalid("报告编号为必填项", errors={"report_no": "报告编号为必填项"})
    if len(text) > 100:
        raise Invalid("报告编号过长", errors={"report_no": "报告编号最长100个字符"})
    return text


async def create(kind: ReportKind[M], actor: Principal, institution_id: int, data: object) -> int:
    report: Any = await _parsed(kind, data)
    report_no = _check_no(report.report_no)
    async with atomic():
        client_id, report = await kind.resolve(institution_id, report)
        report = attrs.evolve(report, report_no=report_no, status=ReportStatus.draft)
        await _unique_no(kind, institution_id, report_no, None)
        table: Any = kind.table  # one of the two report tables, alike in every column used here
        row = table(
            institution=institution_id,
            client=client_id,
            report_no=report_no,
            report_date=report.report_date,
            status="draft",
            document=await _dumped(report),
            created_by=actor.account_id or None,
        )
        await row.save()
        await audit.record(
            actor, f"{kind.kind}_create", kind.table._meta.tablename, row.id, after=row.to_dict()
        )
    return int(row.id)


async def update(
    kind: ReportKind[M], actor: Principal, institution_id: int, report_id: int, data: object
) -> None:
    await get(kind, institution_id, report_id)  # another institution's report: 404, whatever the body
    report: Any = await _parsed(kind, data)
    report_no = _check_no(report.report_no)
    async with atomic():
        before = await get(kind, institution_id, report_id, lock=True)
        if before["status"] != "draft":
            raise Conflict("已提交的报告不能修改，请先撤回")
        client_id, report = await kind.resolve(institution_id, report)
        report = attrs.evolve(report, report_no=report_no, status=ReportStatus.draft)
        await _unique_no(kind, institution_id, report_no, report_id)
        t: Any = kind.table
        values = {
            "client": client_id,
            "report_no": report_no,
            "report_date": report.report_date,
            "document": await _dumped(report),
            "updated_at": datetime.now(UTC),
        }
        await t.update(values).where(t.id == report_id)
        await audit.record(
            actor, f"{kind.kind}_update", t._meta.tablename, report_id, before=before, after=before | values
        )


def check_report(
    kind: ReportKind[M], report: Any, on: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(errors, warnings) of ``report`` as if submitted on ``on``."""
    submitted = attrs.evolve(report, status=ReportStatus.submitted)
    reports: dict[str, Any] = {kind.filing_field: (submitted,)}
    result = check(Filing(**reports), as_of=on)
    return split_findings(result, kind.prefix)


async def checked(
    kind: ReportKind[M], report: Any, on: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """:func:`check_report` in a worker thread."""
    return await anyio.to_thread.run_sync(check_report, kind, report, on)


async def submit(
    kind: ReportKind[M], actor: Principal, institution_id: int, report_id: int, on: date
) -> list[dict[str, Any]]:
    """Submit; the warnings found, or :class:`Refused` with the errors."""
    async with atomic():
        before = await get(kind, institution_id, report_id, lock=True)
        if before["status"] != "draft":
            raise Conflict("该报告已提交")
        # The client's and devices' or workers' current records, as the rules must see them.
        report: Any  # a device-test or dose report: attrs.evolve takes either
        _, report = await kind.resolve(institution_id, await report_of(kind, before))
        errors, warnings = await checked(kind, report, on)
        if errors:
            raise Refused(errors + warnings)
        t: Any = kind.table
        values = {
            "status": "submitted",
            "document": await _dumped(attrs.evolve(report, status=ReportStatus.submitted)),
            "submitted_at": datetime.now(UTC),
            "updated_at": datetime.now(UTC),
        }
        await t.update(values).where(t.id == report_id)
        await audit.record(
            actor, f"{kind.kind}_submit", t._meta.tablename, report_id, before=before, after=before | values
        )
    return warnings


async def withdraw(kind: ReportKind[M], actor: Principal, institution_id: int, report_id: int) -> None:
    async with atomic():
        before = await get(kind, institution_id, report_id, lock=True)
        if before["status"] != "submitted":
            raise Conflict("只有已提交的报告可以撤回")
        await refuse_if_used(institution_id, kind.kind, report_id, "撤回")
        t: Any = kind.table
        values = {"status": "draft", "updated_at": datetime.now(UTC)}
        await t.update(values).where(t.id == report_id)
        await audit.record(
            actor, f"{kind.kind}_withdraw", t._meta.tablename, report_id, before=before, after=before | values
        )


async def delete(kind: ReportKind[M], actor: Principal, institution_id: int, report_id: int) -> None:
    async with atomic():
        before = await get(kind, institution_id, report_id, lock=True)
        await refuse_if_used(institution_id, kind.kind, report_id, "删除")
        if before["status"] != "draft":
            raise Conflict("已提交的报告不能删除，请先撤回")
        t: Any = kind.table
        await t.delete().where(t.id == report_id)
        await audit.record(actor, f"{kind.kind}_delete", t._meta.tablename, report_id, before=before)


async def edit_document(
    kind: ReportKind[M],
    actor: Principal,
    institution_id: int,
    report_id: int,
    edit: Callable[[Any], Awaitable[Any]],
    action: str,
) -> Any:
    """Apply ``edit`` to a draft's report and store the result, in one transaction.

    Used by the page's sample editing and by the dose import; ``edit`` raises to store nothing.
    """
    async with atomic():
        before = await get(kind, institution_id, report_id, lock=True)
        if before["status"] != "draft":
            raise Conflict("已提交的报告不能修改，请先撤回")
        report = await edit(await report_of(kind, before))
        t: Any = kind.table
        values = {
            "document": await _dumped(attrs.evolve(report, status=ReportStatus.draft)),
            "updated_at": datetime.now(UTC),
        }
        await t.update(values).where(t.id == report_id)
        await audit.record(
            actor, f"{kind.kind}_{action}", t._meta.tablename, report_id, before=before, after=before | values
        )
    return report


async def cards_using(institution_id: int, kind: str, report_id: int) -> list[dict[str, Any]]:
    """The institution's handed-in cards built from this report (ReportCard.sources)."""
    rows = await ReportCard.select(
        ReportCard.id, ReportCard.report_no, ReportCard.qc_code, ReportCard.sources
    ).where((ReportCard.institution == institution_id) & ReportCard.status.is_in(list(CARD_HELD)))
    using = []
    for row in rows:
        try:
            sources = orjson.loads(row["sources"] or "[]")
        except orjson.JSONDecodeError:
            continue
        if any(isinstance(s, dict) and s.get("kind") == kind and s.get("id") == report_id for s in sources):
            using.append(row)
    return using


async def refuse_if_used(institution_id: int, kind: str, report_id: int, action: str) -> None:
    used = await cards_using(institution_id, kind, report_id)
    if used:
        names = "、".join(r["qc_code"] or f"报送卡{r['id']}" for r in used)
        raise Conflict(f"该报告已被已提交的技术服务信息报送卡（{names}）引用，不能{action}；请先撤销报送卡")
