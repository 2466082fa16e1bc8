"""Reading report cards: the filtered list (source 000 §5.3.3), one card with its findings,
and what the filer may pick — staff, clients, submitted reports (§5.3.4 第三–五步).

Every query is filtered by the institution: another institution's card is not found.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from radrules_webshell.core import clock, divisions
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.masking import mask_ids_in
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.filings.cards.build import stored_sources
from radrules_webshell.filings.cards.documents import card_from_row
from radrules_webshell.filings.cards.forms import field_of
from radrules_webshell.filings.cards.service import card_row, current_filing
from radrules_webshell.filings.cards.tables import ReportCard as CardRow
from radrules_webshell.filings.device_tests.tables import DeviceTestReport
from radrules_webshell.filings.doses.tables import DoseReport
from radrules_webshell.filings.reports.forms import parse_day
from radrules_webshell.institutions.tables import StaffMember

from radrules import (
    Filing,
    Finding,
    InvalidValue,
    ServiceField,
    check,
    computed_card_results,
    format_citations,
    unstructure,
)
from radrules import FilingStatus as Status
from radrules.services import workflow

PAGE_SIZE = 50
MAX_PAGE = 100_000
#: 待提交 / 已提交 of the list's status filter (§5.3.3), by the state beneath any lock.
PENDING = tuple(s.value for s in workflow.EDITABLE)
STATUS_FILTERS = (("pending", "待提交"), ("submitted", "已提交"))


@attrs.frozen(kw_only=True)
class CardFilters:
    """服务单位地区 (division prefix, down to township), 服务单位名称, 出具技术报告日期 range, 状态."""

    division: str = ""
    client_name: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    status: str = ""
    page: int = 1


def parse_filters(params: Any) -> CardFilters:
    errors: dict[str, str] = {}

    def day(name: str) -> date | None:
        return parse_day((params.get(name) or "").strip(), name, errors)

    division = (divisions.read(params.get, "division") or "").strip()
    if division:
        try:
            divisions.check_region(division)
        except InvalidValue as exc:
            errors["division"] = f"服务单位地区：{exc.reason}"
    status = (params.get("status") or "").strip()
    if status and status not in {k for k, _ in STATUS_FILTERS}:
        errors["status"] = "状态应为 pending（待提交）或 submitted（已提交）"
    page_text = (params.get("page") or "1").strip()
    page = min(int(page_text), MAX_PAGE) if page_text.isdigit() and int(page_text) > 0 else 1
    filters = CardFilters(
        division=division,
        client_name=(params.get("client_name") or "").strip()[:200],
        issued_from=day("issued_from"),
        issued_to=day("issued_to"),
        status=status,
        page=page,
    )
    if errors:
        raise Invalid(errors=errors)
    return filters


def _division_prefix(code: str) -> str:
    """Trailing zeros name a whole region: 320100 is all of Nanjing, 320104000000 Qinhuai."""
    trimmed = code.rstrip("0")
    return trimmed if len(trimmed) >= 2 else code[:2]


async def list_cards(institution_id: int, f: CardFilters) -> list[dict[str, Any]]:
    q = CardRow.select(
        CardRow.id,
        CardRow.division_code,
        CardRow.client_name,
        CardRow.client_uscc,
        CardRow.service_field,
        CardRow.report_no,
        CardRow.report_issued_on,
        CardRow.status,
        CardRow.status_under_lock,
        CardRow.qc_code,
        CardRow.filed_on,
        CardRow.version,
        CardRow.updated_at,
    ).where(CardRow.institution == institution_id)
    if f.division:
        q = q.where(CardRow.division_code.like(f"{_division_prefix(f.division)}%"))
    if f.client_name:
        pattern = f"%{f.client_name}%"
        q = q.where(
            CardRow.client_name.like(pattern)
            if is_sqlite(CardRow._meta.db)
            else CardRow.client_name.ilike(pattern)
        )
    if f.issued_from:
        q = q.where(CardRow.report_issued_on >= f.issued_from)
    if f.issued_to:
        q = q.where(CardRow.report_issued_on <= f.issued_to)
    pending = CardRow.status.is_in(list(PENDING)) | (
        (CardRow.status == Status.locked.value) & CardRow.status_under_lock.is_in(list(PENDING))
    )
    if f.status == "pending":
        q = q.where(pending)
    elif f.status == "submitted":
        q = q.where(CardRow.status.not_in(list(PENDING)))
        q = q.where((CardRow.status != Status.locked.value) | CardRow.status_under_lock.not_in(list(PENDING)))
    rows = (
        await q.order_by(CardRow.updated_at, ascending=False)
        .limit(PAGE_SIZE)
        .offset((f.page - 1) * PAGE_SIZE)
    )
    return [_list_view(r) for r in rows]


def _list_view(row: dict[str, Any]) -> dict[str, Any]:
    status = Status(row["status"])
    base = (
        Status(row["status_under_lock"]) if status is Status.locked and row["status_under_lock"] else status
    )
    return {
        **row,
        "status_label": status.label + (f"（{base.label}）" if base is not status else ""),
        "service_field_label": ServiceField(row["service_field"]).label,
        "pending": base.value in PENDING,
        "editable": status.value in PENDING,
    }


def finding_view(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "severity": f.severity.value,
        "severity_label": f.severity.label,
        "path": f.path,
        "field": field_of(f.path),
        "message": mask_ids_in(f.message),
        "blocks": list(f.blocks),
        "citations": format_citations(f.citations),
    }


async def card_view(institution_id: int, card_id: int, *, as_of: date | None = None) -> dict[str, Any]:
    """The card as stored, with its version, sources and the findings of a check now."""
    row = await card_row(institution_id, card_id)
    card = card_from_row(row)
    day = as_of or clock.today()
    editable = card.status.value in PENDING
    # An editable card is checked with its client as registered now, as its submission
    # will be; a filed card shows what was filed.
    filing, _ = await current_filing(
        institution_id, card, as_of=day, client_id=row["client"] if editable else None
    )
    result = check(filing, as_of=day)
    status = card.status
    base = workflow.base_status(card)
    return {
        "id": card_id,
        "version": row["version"],
        "status": status.value,
        "status_label": status.label,
        "base_status": base.value,
        "base_status_label": base.label,
        "locked": status is Status.locked,
        "editable": status.value in PENDING,
        "can_submit": base.value in PENDING,
        "can_withdraw": base in workflow.SENDABLE,
        "can_delete": status is Status.draft and row["filed_on"] is None,
        "qc_code": card.qc_code,
        "filed_on": card.filed_on.isoformat() if card.filed_on else None,
        "return_reason": row["return_reason"],
        "client_id": row["client"],
        "sources": stored_sources(row["sources"]),
        "results_computed": _computed(filing, day),
        # The results as the rules compute them now, where they are computed (a report changed
        # since the card was saved shows here, and is what a submission stores).
        "card": unstructure(filing.report_card),
        "findings": [finding_view(f) for f in result.findings],
    }


def _computed(filing: Filing, day: date) -> bool:
    return computed_card_results(filing, as_of=day) is not None


async def staff_for_pick(institution_id: int) -> list[dict[str, Any]]:
    return (
        await StaffMember.select(StaffMember.id, StaffMember.name, StaffMember.title, StaffMember.major)
        .where((StaffMember.institution == institution_id) & StaffMember.selected.eq(True))
        .order_by(StaffMember.id)
    )


async def reports_for_pick(institution_id: int, client_id: int | None = None) -> list[dict[str, Any]]:
    """The institution's SUBMITTED device-test and dose reports (§5.3.4 第五步③), newest first."""
    out: list[dict[str, Any]] = []
    for kind, table, label in (
        ("device_test", DeviceTestReport, "医用辐射装置检测"),
        ("dose", DoseReport, "个人剂量监测"),
    ):
        q = table.select(
            table.id,
            table.report_no,
            table.report_date,
            table.client.id.as_alias("client_id"),
            table.client.name.as_alias("client_name"),
        ).where((table.institution == institution_id) & (table.status == "submitted"))
        if client_id is not None:
            q = q.where(table.client == client_id)
        for r in await q:
            out.append({**r, "kind": kind, "kind_label": label, "key": f"{kind}:{r['id']}"})
    return sorted(out, key=lambda r: (r["report_date"], r["id"]), reverse=True)
