"""Building a ``radrules.ReportCard`` from the card input (source 000 §5.3.4 第二–七步).

What the platform fills in, this fills in: the institution from its qualification
declaration (第二步), participants from its staff (第三步), the client's registered details
(第四步), the report number and issue date from a picked report (第五步), the filling
unit (第七步). The card is checked together with the institution's reports that carry its
report number, so that the jurisdiction's rules can say whether the number had to be
picked and whether the results are computed (``radrules.computed_card_results``); the web
shell decides neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
import orjson
from radrules_webshell.clients.tables import Client as ClientRow
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.principal import Principal
from radrules_webshell.filings.cards import source_rows
from radrules_webshell.filings.cards.fields import CARD_FIELDS
from radrules_webshell.filings.cards.forms import SOURCE_KINDS, drop_empty
from radrules_webshell.filings.device_tests.tables import DeviceTestReport
from radrules_webshell.filings.doses.tables import DoseReport
from radrules_webshell.filings.reports.documents import report_from_row
from radrules_webshell.institutions.service import institution, institution_model
from radrules_webshell.institutions.tables import StaffMember

from radrules import (
    Client,
    ClientKind,
    Filing,
    Filler,
    InputError,
    InvalidValue,
    ReportCard,
    Results,
    ServiceField,
    check,
    computed_card_results,
    structure,
    unstructure,
    validate_division_code,
)
from radrules import (
    DeviceTestReport as DeviceTestModel,
)
from radrules import (
    DoseReport as DoseModel,
)

#: The width of the report-number columns (``device_tests.tables``, ``doses.tables``).
REPORT_NO_MAX = 100
_TABLES: dict[str, type[DeviceTestReport] | type[DoseReport]] = {
    "device_test": DeviceTestReport,
    "dose": DoseReport,
}
#: Fields of a stored card that its workflow owns; editing the content never changes them.
WORKFLOW_FIELDS = (
    "card_id",
    "qc_code",
    "status",
    "status_under_lock",
    "filed_on",
    "attachments",
    "national_sync",
)


@attrs.frozen
class Built:
    """A card ready for the workflow: the filing to check (card + its source reports), the
    reports it was built from, and whether its results were computed by the rules."""

    filing: Filing
    sources: tuple[dict[str, Any], ...]
    computed: bool

    @property
    def card(self) -> ReportCard:
        assert self.filing.report_card is not None
        return self.filing.report_card


async def source_reports(
    institution_id: int, report_no: str
) -> tuple[tuple[DeviceTestModel, ...], tuple[DoseModel, ...], tuple[dict[str, Any], ...]]:
    """The institution's reports carrying ``report_no`` (any status: a rule says when one is
    not submitted), as models, with their ``{"kind", "id"}``."""
    number = report_no.strip()
    if not number:
        return (), (), ()
    tests, doses = await source_rows.report_rows(institution_id, number)
    refs = tuple({"kind": "device_test", "id": r["id"]} for r in tests) + tuple(
        {"kind": "dose", "id": r["id"]} for r in doses
    )
    return (
        tuple(report_from_row(r, DeviceTestModel) for r in tests),
        tuple(report_from_row(r, DoseModel) for r in doses),
        refs,
    )


async def filing_of(institution_id: int, card: ReportCard) -> tuple[Filing, tuple[dict[str, Any], ...]]:
    """The card with the institution's reports of its number, ready for checking."""
    tests, doses, refs = await source_reports(institution_id, card.report_no)
    return Filing(report_card=card, device_test_reports=tests, dose_reports=doses), refs


async def defaults(actor: Principal, institution_id: int) -> dict[str, Any]:
    """What the platform fills in on a new card (第二、七步)."""
    inst = await institution(institution_id)
    return {
        "institution": {
            "name": inst["name"],
            "legal_representative": inst["legal_representative"] or "",
            "project_leader": inst["legal_representative"] or "",
            "phone": inst["contact_mobile"] or inst["phone"] or "",
        },
        "filler": {
            "unit_name": inst["name"],
            "unit_head": inst["legal_representative"] or "",
            "name": actor.name,
            "phone": inst["contact_mobile"] or inst["phone"] or "",
            "filled_on": clock.today().isoformat(),
        },
    }


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


async def _participants(institution_id: int, items: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list):
        errors["participants"] = "参与人员应为列表"
        return []
    ids = [p.get("staff_id") for p in items if isinstance(p, Mapping)]
    rows = {
        r["id"]: r
        for r in await StaffMember.select(
            StaffMember.id, StaffMember.name, StaffMember.id_number, StaffMember.mobile
        ).where(
            (StaffMember.institution == institution_id)
            & StaffMember.selected.eq(True)
            & StaffMember.id.is_in([i for i in map(row_id, ids) if i is not None] or [-1])
        )
    }
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for i, item in enumerate(items):
        staff_id = item.get("staff_id") if isinstance(item, Mapping) else None
        row = rows.get(row_id(staff_id))
        if row is None:
            errors[f"participants[{i}]"] = "请从本机构资质申报中已勾选的人员中选择参与人员"
            continue
        if row["id"] in seen:
            errors[f"participants[{i}]"] = f"{row['name']} 已在参与人员中"
            continue
        seen.add(row["id"])
        out.append(
            {
                "name": row["name"],
                "id_number": row["id_number"],
                "mobile": row["mobile"] or None,
                "duties": item.get("duties") or [],
            }
        )
    return out


async def _client(data: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any] | None:
    client_id = data.get("client_id")
    row = (
        await ClientRow.select().where(ClientRow.id == client_id).first()
        if row_id(client_id) is not None
        else None
    )
    if row is None:
        errors["client"] = "请选择服务的用人单位（按单位名称或统一社会信用代码查询，查不到可添加）"
        return None
    given = _section(data, "client")
    contact = _section(given, "contact")
    kind = given.get("kind")
    if kind and kind != row["kind"]:
        errors["client.kind"] = kind_contradiction(kind, row["kind"])
    return {
        **registered_client(row),
        "contact": {
            "name": contact.get("name") or row["contact_name"],
            "phone": contact.get("phone") or row["contact_phone"],
        },
    }


def registered_client(row: Mapping[str, Any]) -> dict[str, Any]:
    """The client's fields on a card as the register holds them (source 000 §5.3.4 第四步:
    注册地址 and the rest 由填写的用人单位信息自动带入). Its kind in particular is the
    register's: the data-first control (服务单位类型为放射诊疗机构的，需先将…数据录入平台) must
    not depend on what the card says the client is."""
    return {
        "name": row["name"],
        "uscc": row["uscc"],
        "kind": row["kind"],
        "division_code": row["division_code"],
        "registered_address": row["address"],
    }


def kind_contradiction(given: object, registered: str) -> str:
    labels = {k.value: k.label for k in ClientKind}
    said = labels.get(str(given), str(given))
    return (
        f"服务单位类型“{said}”与登记信息“{labels.get(registered, registered)}”不符：服务单位类型以"
        "登记信息为准；登记有误的，请由登记该单位的机构或管理员修改登记信息"
    )


async def with_registered_client(filing: Filing, client_id: int | None) -> Filing:
    """``filing`` with its card's client as the register holds it now (the contact, which
    the card may change, kept): a stored card is submitted with the registered kind."""
    card = filing.report_card
    row = await source_rows.client_row(client_id) if client_id else None
    if card is None or row is None:
        return filing
    current = unstructure(card.client)
    client = structure(drop_empty({**current, **registered_client(row)}), Client)
    return attrs.evolve(filing, report_card=attrs.evolve(card, client=client))


async def _picked(
    institution_id: int, data: Mapping[str, Any], errors: dict[str, str]
) -> dict[str, Any] | None:
    source = data.get("source")
    if not source:
        return None
    kind = source.get("kind") if isinstance(source, Mapping) else None
    ident = source.get("id") if isinstance(source, Mapping) else None
    if kind not in SOURCE_KINDS or row_id(ident) is None:
        errors["report_no"] = "所选报告无效：应为 {kind: device_test|dose, id: 报告序号}"
        return None
    table = _TABLES[kind]
    row = (
        await table.select(table.id, table.report_no, table.report_date, table.status)
        .where((table.id == ident) & (table.institution == institution_id))
        .first()
    )
    if row is None or row["status"] != "submitted":
        errors["report_no"] = "所选报告不存在或尚未提交：只能选择本机构已提交的检测报告"
        return None
    return dict(row)


def _date(value: Any, field: str, errors: dict[str, str]) -> str | None:
    text = value.isoformat() if isinstance(value, date) else str(value or "").strip()
    if not text:
        errors[field] = "必填"
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        errors[field] = "日期格式应为 YYYY-MM-DD"
        return None


async def build(
    actor: Principal,
    institution_id: int,
    data: Mapping[str, Any],
    *,
    stored: ReportCard | None = None,
    today: date | None = None,
) -> Built:
    """The card of ``data`` (keeping the workflow fields of ``stored``), or :class:`Invalid`
    with a message per form field."""
    day = today or clock.today()
    errors: dict[str, str] = {}
    inst = unstructure(await institution_model(institution_id))
    given_inst = _section(data, "institution")
    inst["project_leader"] = given_inst.get("project_leader") or inst.get("legal_representative")
    inst["phone"] = given_inst.get("phone") or inst.get("phone")
    participants = await _participants(institution_id, data.get("participants"), errors)
    client = await _client(data, errors)
    picked = await _picked(institution_id, data, errors)
    field = str(data.get("service_field") or "")
    if field not in {f.value for f in ServiceField}:
        errors["service_field"] = "请选择技术服务领域"
    report_no = str(picked["report_no"] if picked else data.get("report_no") or "").strip()
    if not report_no and "report_no" not in errors:
        errors["report_no"] = "必填：选择已提交的报告或填写报告编号"
    elif len(report_no) > REPORT_NO_MAX:
        errors["report_no"] = f"报告编号不能超过{REPORT_NO_MAX}个字符"
    issued = (
        picked["report_date"].isoformat()
        if picked
        else _date(data.get("report_issued_on"), "report_issued_on", errors)
    )
    address = data.get("service_address")
    if isinstance(address, Mapping) and address.get("division_code"):
        # A code is checked as of the report's date: one retired since is right for an old report.
        on = date.fromisoformat(issued) if issued else None
        try:
            code = validate_division_code(str(address["division_code"]), level="county", on=on)
            address = {**address, "division_code": code}
        except InvalidValue as exc:
            errors["service_address"] = exc.reason
    else:
        address = None
    filler = dict(_section(data, "filler"))
    base = await defaults(actor, institution_id)
    filler = {k: filler.get(k) or v for k, v in base["filler"].items()}
    filler["unit_name"] = base["filler"]["unit_name"]
    if errors:
        raise Invalid(CARD_FIELDS.summary(errors), errors=errors)
    doc: dict[str, Any] = {
        "institution": inst,
        "participants": participants,
        "client": client,
        "service_address": address,
        "service_field": field,
        "report_no": report_no,
        "report_issued_on": issued,
        "results": data.get("results") or {},
        "filler": filler,
    }
    if stored is not None:
        kept = unstructure(stored)
        doc.update({k: kept.get(k) for k in WORKFLOW_FIELDS})
    try:
        card = structure(drop_empty(doc), ReportCard)
    except InputError as exc:
        summary, errors = CARD_FIELDS.input_error(exc)
        raise Invalid(summary, errors=errors) from None
    tests, doses, refs = await source_reports(institution_id, card.report_no)
    filing = Filing(report_card=card, device_test_reports=tests, dose_reports=doses)
    computed = computed_card_results(filing, as_of=day)
    if computed is not None:
        filing = attrs.evolve(filing, report_card=attrs.evolve(card, results=computed))
    return Built(filing=filing, sources=refs, computed=computed is not None)


async def creation_refusal(institution_id: int, province: str) -> list[str]:
    """Why the platform's province refuses a new card from this institution (no approved
    qualification, source 000 §5.3.4 第一步): the messages of the rules that block saving,
    checked on an empty card; none when a card may be created."""
    inst = await institution_model(institution_id)
    today = clock.today()
    skeleton = ReportCard(
        institution=inst,
        participants=(),
        client=Client(
            name=inst.name, uscc=inst.uscc, kind=ClientKind.other, division_code=inst.division_code
        ),
        service_field=ServiceField.protection_testing,
        report_no="-",
        report_issued_on=today,
        results=Results(),
        filler=Filler(unit_name=inst.name, unit_head="-", name="-", phone="-", filled_on=today),
    )
    result = check(skeleton, as_of=today, province=province)
    return [f.message for f in result.blocking("save_draft")]


def stored_sources(text: str | None) -> list[dict[str, Any]]:
    try:
        value = orjson.loads(text or "[]")
    except orjson.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []
