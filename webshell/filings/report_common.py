"""What device-test and dose reports share (source 000 §5.1, §5.2): reading a body strictly,
the client the institution picks, findings as the pages and the API show them, the
report-number rule, and whether a submitted report card still uses a report.

The two kinds differ only in what a report holds (samples of devices, records of
workers); their states are the same: 未提交 (draft) → 已提交 (submitted) → 撤回 back to
draft, and 删除 removes a whole draft report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

import attrs
import orjson
from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Conflict, Invalid, WebError
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.filings.tables import ReportCard

from radrules import CheckResult, ClientKind, Finding, InputError, Severity, structure
from radrules import Client as ClientModel

T = TypeVar("T")

#: Card states in which a card has been handed in and its sources must stay as they are.
CARD_HELD = ("submitted", "approved", "locked")

STATUS_LABELS = {"draft": "未提交", "submitted": "已提交"}


@attrs.define(kw_only=True)
class ReportFilters:
    """The 查询条件 both lists have (§5.1.2.1 2, §5.2.2.1 2); each kind adds its own.

    ``status`` is draft (the default), submitted or empty for both; ``tested_from`` and
    ``tested_to`` bound each line's test or monitoring day; ``passed`` is "yes" or "no".
    """

    report_no: str | None = None
    client_id: int | None = None
    report_date_from: date | None = None
    report_date_to: date | None = None
    passed: str | None = None
    tested_from: date | None = None
    tested_to: date | None = None
    status: str | None = "draft"


class Refused(WebError):
    """Submission refused by radrules' error findings (422), the findings kept for display."""

    status = 422
    default = "检查未通过，请按提示修改后再提交"

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        super().__init__(None)
        self.findings = findings


def parse_body(data: object, cls: type[T]) -> T:
    """The body as a radrules model, strictly; an error names its JSON path (400)."""
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "status"}  # the state is the server's
    try:
        return structure(data, cls)
    except InputError as exc:
        raise Invalid(
            f"{exc.path or '请求体'}：{exc.message}", errors={exc.path or "body": exc.message}
        ) from None


async def picked_client(uscc: str, *, path: str = "client.uscc") -> tuple[int, ClientModel]:
    """The registered client with credit code ``uscc`` (institutions pick, never add, §5.1.1)."""
    text = (uscc or "").strip().upper()
    row = await Client.select().where(Client.uscc == text).first() if text else None
    if row is None:
        raise Invalid(
            "委托单位不存在：只能选择平台上已登记的放射诊疗单位",
            errors={path: "平台上没有该统一社会信用代码的委托单位"},
        )
    return int(row["id"]), client_model(row)


def client_model(row: dict[str, Any]) -> ClientModel:
    return ClientModel(
        name=row["name"], uscc=row["uscc"], kind=ClientKind(row["kind"]), division_code=row["division_code"]
    )


def check_institution(given: str, own: str) -> None:
    if given and given.strip().upper() != own:
        raise Invalid(
            "只能填报本机构的报告", errors={"institution_uscc": f"应为本机构的统一社会信用代码 {own}"}
        )


def finding_out(finding: Finding, prefix: str) -> dict[str, Any]:
    """A finding for the API and the pages; ``field`` is its path within the report."""
    path = finding.path
    field = path[len(prefix) :].lstrip(".") if path.startswith(prefix) else path
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "path": path,
        "field": field,
        "message": finding.message,
        "citation": "；".join(str(c) for c in finding.citations),
    }


def split_findings(result: CheckResult, prefix: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(errors, warnings) of a check, as :func:`finding_out` gives them."""
    errors = [finding_out(f, prefix) for f in result.findings if f.severity is Severity.error]
    warnings = [finding_out(f, prefix) for f in result.findings if f.severity is Severity.warning]
    return errors, warnings


def findings_by_field(findings: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Findings keyed by every prefix of their field, so a page can show them beside a section."""
    out: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        out.setdefault(f["field"], []).append(f)
    return out


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


def parse_day(text: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = "日期格式应为 YYYY-MM-DD"
        return None


def like(value: str | None, text: str | None) -> bool:
    """Fuzzy match of the list filters (模糊查询): a case-insensitive substring."""
    if not text:
        return True
    return text.strip().casefold() in (value or "").casefold()


def contains(column: Any, text: str) -> Any:
    """A superset of the rows whose ``column`` contains ``text`` (ASCII case ignored).

    ``%`` and ``_`` in ``text`` are left as wildcards (SQLite has no default LIKE escape),
    so callers keep :func:`like` on the rows for the exact answer.
    """
    pattern = f"%{text.strip()}%"
    return column.like(pattern) if is_sqlite(column._meta.table._meta.db) else column.ilike(pattern)


def within(day: date | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def sorted_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["report_date"], r["report_id"]), reverse=True)
