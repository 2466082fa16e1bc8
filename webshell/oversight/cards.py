"""The regulator's query of report cards (source 000 §5.4 报送卡查询), its details and export.

Filters are those of §5.4.1: the reporting institution's region (any level down to the
township, nine digits), the reporting institution, the client (name or credit code), the
service field, the report-issue date range and the status. Results are sorted by report
year ascending (§5.4.2), then by card id so that pages never overlap.

Every query is bounded by the principal's division-code prefix on the card's *service
location* (``ReportCard.division_code``): a regulator oversees the services delivered in
its area (source 001 §2.4.3: 省、市、县区 three levels), whoever filed them. A card outside
the prefix does not exist for that regulator — in the list, the details and the export.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
from piccolo.columns.combination import And, Or, Where
from radrules_webshell.core import divisions
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.text_match import contains
from radrules_webshell.filings.cards.documents import card_from_row
from radrules_webshell.filings.cards.files import attachment_rows
from radrules_webshell.filings.cards.layout import card_layout
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.oversight.deadlines import deadline_facts
from radrules_webshell.oversight.service import prefix_of

from radrules import FilingStatus, InvalidValue, ServiceField, describe_division, unstructure

#: A WHERE term of the card queries, as Piccolo builds it.
Condition = And | Or | Where

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
#: Rows fetched per round trip while exporting: the export walks the result by keyset.
EXPORT_CHUNK = 2000

#: The columns a list row shows (never the JSON document: a page of 20 stays cheap).
LIST_COLUMNS = (
    ReportCard.id,
    ReportCard.institution,
    ReportCard.institution_division_code,
    ReportCard.division_code,
    ReportCard.client_name,
    ReportCard.client_uscc,
    ReportCard.service_field,
    ReportCard.report_no,
    ReportCard.report_issued_on,
    ReportCard.report_year,
    ReportCard.status,
    ReportCard.status_under_lock,
    ReportCard.qc_code,
    ReportCard.filed_on,
)

_DIGITS = re.compile(r"\d+")
_REGION_LENGTHS = (2, 4, 6, 9, 12)


@attrs.frozen(kw_only=True)
class CardQuery:
    """The §5.4.1 filters; empty strings and None mean "any"."""

    region: str = ""
    institution: str = ""
    client: str = ""
    service_field: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    status: str = ""

    def params(self) -> dict[str, str]:
        """The filters as query parameters (for links to the next page and the export)."""
        values = {
            "region": self.region,
            "institution": self.institution,
            "client": self.client,
            "service_field": self.service_field,
            "issued_from": self.issued_from.isoformat() if self.issued_from else "",
            "issued_to": self.issued_to.isoformat() if self.issued_to else "",
            "status": self.status,
        }
        return {k: v for k, v in values.items() if v}


def region_prefix(code: str) -> str:
    """The prefix naming a division and all beneath it: 320000 → 32, 320102000000 → 320102.

    Division codes pad their unused levels with zeros (GB/T 2260 for six digits, the
    statistical codes for the township's nine and the village's twelve).
    """
    if len(code) > 9 and code[9:].strip("0") == "":
        code = code[:9]
    if len(code) > 6:
        if code[6:].strip("0"):
            return code
        code = code[:6]
    code = code[:6].ljust(6, "0")
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def parse_query(params: Mapping[str, str]) -> CardQuery:
    """The filters from query parameters; each bad value is reported under its own name."""
    errors: dict[str, str] = {}

    def text(name: str, limit: int = 200) -> str:
        value = (params.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = f"不能超过 {limit} 个字符"
        return value[:limit]

    region = text("region", 12)
    if region and (not _DIGITS.fullmatch(region) or len(region) not in _REGION_LENGTHS):
        errors["region"] = "报告单位地区应为行政区划代码（2、4、6、9 或 12 位数字，如 320102 或 320102001）"
    elif region:
        try:
            divisions.check_region(region)
        except InvalidValue as exc:
            errors["region"] = f"报告单位地区：{exc.reason}"
        region = region_prefix(region)
    service_field = text("service_field", 40)
    if service_field and service_field not in ServiceField.__members__:
        errors["service_field"] = "技术服务领域无效；可选：" + "、".join(
            f"{f.value}（{f.label}）" for f in ServiceField
        )
    status = text("status", 20)
    if status and status not in FilingStatus.__members__:
        errors["status"] = "状态无效；可选：" + "、".join(f"{s.value}（{s.label}）" for s in FilingStatus)
    issued_from = _date(params, "issued_from", errors)
    issued_to = _date(params, "issued_to", errors)
    if issued_from and issued_to and issued_from > issued_to:
        errors["issued_to"] = "结束日期早于开始日期"
    query = CardQuery(
        region=region,
        institution=text("institution"),
        client=text("client"),
        service_field=service_field,
        issued_from=issued_from,
        issued_to=issued_to,
        status=status,
    )
    if errors:
        raise Invalid("查询条件有误，请按提示修改", errors=errors)
    return query


def _date(params: Mapping[str, str], name: str, errors: dict[str, str]) -> date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = f"日期格式应为 YYYY-MM-DD，实际为“{value[:20]}”"
        return None


def parse_page(params: Mapping[str, str]) -> tuple[int, int]:
    """Page number (from 1) and page size (1–100) from ``page`` and ``page_size``."""
    errors: dict[str, str] = {}
    page = _int(params, "page", 1, errors)
    size = _int(params, "page_size", PAGE_SIZE, errors)
    if page < 1:
        errors["page"] = "页码应为正整数"
    if not 1 <= size <= MAX_PAGE_SIZE:
        errors["page_size"] = f"每页条数应在 1 到 {MAX_PAGE_SIZE} 之间"
    if errors:
        raise Invalid("分页参数有误", errors=errors)
    return page, size


def _int(params: Mapping[str, str], name: str, default: int, errors: dict[str, str]) -> int:
    value = (params.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 9:
        errors[name] = "应为正整数"
        return default
    return int(value)


async def _conditions(user: Principal, query: CardQuery) -> list[Condition] | None:
    """The WHERE terms; None when a filter can match nothing (no such institution)."""
    terms: list[Any] = []
    scope = prefix_of(user)
    if scope:
        terms.append(ReportCard.division_code.like(f"{scope}%"))
    if query.region:
        terms.append(ReportCard.institution_division_code.like(f"{query.region}%"))
    if query.institution:
        ids = await _institution_ids(query.institution)
        if not ids:
            return None
        terms.append(ReportCard.institution.is_in(ids))
    if query.client:
        text = query.client
        terms.append(contains(ReportCard.client_name, text) | (ReportCard.client_uscc == text.upper()))
    if query.service_field:
        terms.append(ReportCard.service_field == query.service_field)
    # the year bounds follow from the dates (report_year is the issue date's year); they are
    # the second key of the regulator index, so the scan skips other years' entries cheaply
    if query.issued_from:
        terms.append(ReportCard.report_issued_on >= query.issued_from)
        terms.append(ReportCard.report_year >= query.issued_from.year)
    if query.issued_to:
        terms.append(ReportCard.report_issued_on <= query.issued_to)
        terms.append(ReportCard.report_year <= query.issued_to.year)
    if query.status:
        # a locked card is still in the state beneath its lock (source 000 §5.3.4 第八步)
        terms.append(
            (ReportCard.status == query.status)
            | (
                (ReportCard.status == FilingStatus.locked.value)
                & (ReportCard.status_under_lock == query.status)
            )
        )
    return terms


async def _institution_ids(text: str) -> list[int]:
    rows = await Institution.select(Institution.id).where(
        contains(Institution.name, text) | (Institution.uscc == text.upper())
    )
    return [r["id"] for r in rows]


def _where(select: Any, terms: list[Any]) -> Any:
    return select.where(*terms) if terms else select


async def search(
    user: Principal, query: CardQuery, *, page: int = 1, size: int = PAGE_SIZE
) -> dict[str, Any]:
    """One page of the cards matching ``query`` within the principal's area, with the total."""
    terms = await _conditions(user, query)
    if terms is None:
        return {"total": 0, "page": page, "page_size": size, "pages": 0, "rows": []}
    total = await _where(ReportCard.count(), terms)
    rows = await (
        _where(ReportCard.select(*LIST_COLUMNS), terms)
        .order_by(ReportCard.report_year, ReportCard.id)
        .limit(size)
        .offset((page - 1) * size)
    )
    names = await institution_names({r["institution"] for r in rows})
    return {
        "total": total,
        "page": page,
        "page_size": size,
        "pages": (total + size - 1) // size,
        "rows": [list_row(r, names) for r in rows],
    }


async def institution_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await Institution.select(Institution.id, Institution.name).where(Institution.id.is_in(list(ids)))
    return {r["id"]: r["name"] for r in rows}


def place(code: str | None, on: date | None = None) -> str:
    """A division as the result list shows it (§5.4.2 报告单位地区, 服务单位地区): its name
    on the report's date (``江苏省南京市玄武区``)."""
    return divisions.place(code, on=on)


def list_row(row: dict[str, Any], names: Mapping[int, str]) -> dict[str, Any]:
    status = FilingStatus(row["status"])
    under = FilingStatus(row["status_under_lock"]) if row["status_under_lock"] else None
    return {
        "id": row["id"],
        "institution_id": row["institution"],
        "institution_name": names.get(row["institution"], ""),
        "institution_division_code": row["institution_division_code"],
        "institution_place": place(row["institution_division_code"], row["report_issued_on"]),
        "division_code": row["division_code"],
        "service_place": place(row["division_code"], row["report_issued_on"]),
        "client_name": row["client_name"],
        "client_uscc": row["client_uscc"],
        "service_field": row["service_field"],
        "service_field_label": ServiceField(row["service_field"]).label,
        "report_no": row["report_no"],
        "report_issued_on": row["report_issued_on"],
        "report_year": row["report_year"],
        "status": status.value,
        "status_label": status.label + (f"（{under.label}）" if under else ""),
        "qc_code": row["qc_code"],
        "filed_on": row["filed_on"],
    }


async def card_row(user: Principal, card_id: int) -> dict[str, Any]:
    """The whole row of a card within the principal's area; 404 otherwise, whether or not it exists."""
    scope = prefix_of(user)
    condition: Condition = ReportCard.id == card_id
    if scope:
        condition = condition & ReportCard.division_code.like(f"{scope}%")
    row = await ReportCard.select().where(condition).first()
    if row is None:
        raise NotFound("报送卡不存在或不在本辖区")
    return dict(row)


async def detail(user: Principal, card_id: int) -> dict[str, Any]:
    """A card's details for a regulator: the row's columns and the card, ID numbers masked."""
    row = await card_row(user, card_id)
    card = card_from_row(row)
    document = unstructure(card)
    for participant in document.get("participants") or []:
        if participant.get("id_number"):
            participant["id_number"] = mask_id_number(participant["id_number"])
    names = await institution_names({row["institution"]})
    return {
        **list_row(row, names),
        "version": row["version"],
        "return_reason": row["return_reason"],
        "data_sent_on": row["data_sent_on"],
        "attachments_sent_on": row["attachments_sent_on"],
        "deadline": deadline_facts(row["division_code"], row["report_issued_on"], row["filed_on"]),
        "card": document,
        # the card as printed (source 000 §5.3.4), and its stamped copies (第八步)
        "layout": card_layout(card),
        "attachments": [
            {k: a[k] for k in ("id", "kind", "kind_label", "filename", "size", "created_at")}
            for a in await attachment_rows(card_id)
        ],
    }


async def export_rows(user: Principal, query: CardQuery) -> list[list[Any]]:
    """Every matching card as a row of ``radrules.documents.exports.CARD_COLUMNS``, in query order.

    Read in keyset chunks of :data:`EXPORT_CHUNK` (year, id), so no single statement
    holds the whole result and an offset never grows with the export.
    """
    terms = await _conditions(user, query)
    if terms is None:
        return []
    out: list[list[Any]] = []
    names: dict[int, str] = {}
    after: tuple[int, int] | None = None
    while True:
        chunk_terms = list(terms)
        if after is not None:
            year, last_id = after
            chunk_terms.append(
                (ReportCard.report_year > year)
                | ((ReportCard.report_year == year) & (ReportCard.id > last_id))
            )
        rows = await (
            _where(ReportCard.select(*LIST_COLUMNS), chunk_terms)
            .order_by(ReportCard.report_year, ReportCard.id)
            .limit(EXPORT_CHUNK)
        )
        if not rows:
            return out
        missing = {r["institution"] for r in rows} - names.keys()
        names.update(await institution_names(missing))
        out.extend(_export_row(r, names) for r in rows)
        after = (rows[-1]["report_year"], rows[-1]["id"])


def _export_row(row: dict[str, Any], names: Mapping[int, str]) -> list[Any]:
    # the order of radrules.documents.exports.CARD_COLUMNS (§5.4.2 查询结果)
    return [
        # as `radrules export cards` writes the column: name and code
        describe_division(row["institution_division_code"] or "", on=row["report_issued_on"]),
        names.get(row["institution"], ""),
        describe_division(row["division_code"] or "", on=row["report_issued_on"]),
        row["client_name"],
        ServiceField(row["service_field"]),
        row["report_no"],
        row["report_issued_on"],
        row["qc_code"],
        row["filed_on"],
        FilingStatus(row["status"]),
    ]
