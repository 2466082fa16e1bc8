"""The report card's input: the JSON the API takes, the HTML form that produces the same
JSON (and the form's values of a stored card, to show it), and where each radrules finding
is shown on the form (source 000 §5.3.4 第二–七步).

The input names what the filer chooses — staff by id, the client by id, a source report
by kind and id — and what the filer types. :mod:`.build` turns it into a
``radrules.ReportCard``; the rules live in the plugins, this module only reads forms.

Card input (JSON)::

    {
      "version": 3,                                   # every write of an existing card
      "institution": {"project_leader": "…", "phone": "…"},
      "participants": [{"staff_id": 1, "duties": [
          {"duty": "sampling", "periods": [{"start": "2026-10-08T08:30", "end": "2026-10-08T17:00"}]}]}],
      "client_id": 7,
      "client": {"kind": "general_hospital", "contact": {"name": "…", "phone": "…"}},
      "service_address": {"division_code": "320104", "address": "…"},   # or null
      "service_field": "protection_testing",
      "source": {"kind": "device_test", "id": 12},    # a submitted report, or null
      "report_no": "…", "report_issued_on": "2026-10-20",   # typed when no source is picked
      "results": {…radrules Results JSON…},           # ignored where the rules compute them
      "filler": {"unit_head": "…", "name": "…", "phone": "…", "filled_on": "2026-10-22"}
    }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from radrules_webshell.core import divisions
from radrules_webshell.filings.cards.fields import RESULT_NUMBERS

from radrules import Duty, InvalidValue

SOURCE_KINDS = ("device_test", "dose")

#: Form sections, in page order, with their labels: where findings are shown.
SECTIONS = (
    ("institution", "机构信息"),
    ("participants", "参与人员"),
    ("client", "服务的用人单位"),
    ("service_address", "技术服务地址"),
    ("service_field", "技术服务领域"),
    ("report_no", "技术服务报告编号"),
    ("report_issued_on", "出具技术报告日期"),
    ("results", "技术服务结果"),
    ("filler", "报告信息"),
    ("qc_code", "质控编号"),
    ("card", "报送卡"),
)

_TOP = {name for name, _ in SECTIONS}
_SOURCE_DOCS = ("device_test_reports", "dose_reports")


def field_of(path: str) -> str:
    """The form field a finding's path concerns: ``report_card.participants[2].id_number`` →
    ``participants[2]``; a source report's problem is shown at the report number."""
    rest = path.removeprefix("report_card.").removeprefix("report_card")
    if rest.startswith(_SOURCE_DOCS):
        return "report_no"
    head = re.match(r"([a-z_]+)(\[\d+\])?", rest)
    if head is None:
        return "card"
    name, index = head.group(1), head.group(2)
    if name == "participants" and index:
        return f"participants{index}"
    if name == "filed_on":
        return "card"
    return name if name in _TOP else "card"


#: Input keys that are not a section's name, and the section they are shown in.
_SECTION_OF = {"client_id": "client", "source": "report_no", "version": "card"}


def section_of(field: str) -> str:
    """The form section of an error's key: a section name, ``participants[2]``, or a JSON
    path into a section (``results.dose_monitoring.workers_5_to_20``)."""
    head = re.split(r"[.\[]", field, maxsplit=1)[0]
    return _SECTION_OF.get(head, head)


# -- the HTML form ---------------------------------------------------------------------------

_PERIOD = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*[-~～至]\s*(?:(\d{4}-\d{2}-\d{2})\s+)?(\d{1,2}:\d{2})\s*$"
)


def parse_periods(text: str) -> list[dict[str, str]]:
    """Time ranges typed one a line: ``2026-10-08 08:30-17:00`` (or with an end date)."""
    periods = []
    for n, line in enumerate(text.replace("；", "\n").replace(";", "\n").splitlines(), start=1):
        if not line.strip():
            continue
        m = _PERIOD.match(line)
        if m is None:
            raise InvalidValue(f"第{n}行时间格式应为“2026-10-08 08:30-17:00”")
        day, start, end_day, end = m.group(1), m.group(2), m.group(3) or m.group(1), m.group(4)
        try:
            s = datetime.strptime(f"{day} {start}", "%Y-%m-%d %H:%M")
            e = datetime.strptime(f"{end_day} {end}", "%Y-%m-%d %H:%M")
        except ValueError:
            raise InvalidValue(f"第{n}行不是有效的日期或时间") from None
        periods.append({"start": s.isoformat(timespec="minutes"), "end": e.isoformat(timespec="minutes")})
    return periods


def format_periods(periods: list[dict[str, str]]) -> str:
    lines = []
    for p in periods:
        start, end = str(p["start"]), str(p["end"])
        same_day = start[:10] == end[:10]
        lines.append(f"{start[:10]} {start[11:16]}-{'' if same_day else end[:10] + ' '}{end[11:16]}")
    return "\n".join(lines)


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return "" if value is None else str(value).strip()


def _number(form: Any, name: str, errors: dict[str, str], path: str) -> int | None:
    text = _text(form, name)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors[path] = f"“{text}”不是整数"
        return None


def _numbers(
    form: Any, section: str, errors: dict[str, str], *, always: bool = False
) -> dict[str, Any] | None:
    """The numbers of a results section (:data:`.fields.RESULT_NUMBERS`); None when none is
    typed (unless ``always``); a blank one beside others is 必填 (若无，则填写0)."""
    pairs = RESULT_NUMBERS[section]
    if not always and not any(_text(form, name) for name, _ in pairs):
        return None
    out: dict[str, Any] = {}
    for name, key in pairs:
        path = f"{section}.{key}"
        if not _text(form, name):
            errors[path] = "必填，若无则填写0"
        out[key] = _number(form, name, errors, path)
    return out


def _names(form: Any, name: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、,，;；\n]", _text(form, name)) if p.strip()]


def _picked(form: Any, name: str) -> list[str]:
    """The options ticked in a list of checkboxes (超标点位放射性危害类型, 可多选)."""
    getall = getattr(form, "getall", None)
    values = getall(name, []) if getall else [form.get(name)]
    return [str(v).strip() for v in values if v and str(v).strip()]


def input_from_form(form: Any, staff_ids: list[int]) -> tuple[dict[str, Any], dict[str, str]]:
    """The card input of a submitted HTML form (a multi-dict) and the errors of its own syntax
    (time ranges, numbers), keyed by form field."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "institution": {
            "project_leader": _text(form, "project_leader"),
            "phone": _text(form, "institution_phone"),
        },
        "client": {
            "kind": _text(form, "client_kind") or None,
            "contact": {
                "name": _text(form, "client_contact_name"),
                "phone": _text(form, "client_contact_phone"),
            },
        },
        "service_field": _text(form, "service_field"),
        "report_no": _text(form, "report_no"),
        "report_issued_on": _text(form, "report_issued_on"),
        "filler": {
            "unit_head": _text(form, "filler_unit_head"),
            "name": _text(form, "filler_name"),
            "phone": _text(form, "filler_phone"),
            "filled_on": _text(form, "filler_filled_on"),
        },
    }
    if _text(form, "version"):
        data["version"] = _number(form, "version", errors, "version")
    client_id = _text(form, "client_id")
    data["client_id"] = int(client_id) if client_id.isdigit() else None
    source = _text(form, "source")
    if source:
        kind, _, ident = source.partition(":")
        data["source"] = {"kind": kind, "id": int(ident) if ident.isdigit() else None}
    service_division = divisions.read(form.get, "service_division_code")
    if service_division:
        data["service_address"] = {
            "division_code": service_division,
            "address": _text(form, "service_address") or None,
        }
    participants: list[dict[str, Any]] = []
    for staff_id in staff_ids:
        if _text(form, f"p{staff_id}_on") != "on":
            continue
        index = len(participants)
        duties = []
        for duty in Duty:
            if _text(form, f"p{staff_id}_{duty.value}") != "on":
                continue
            try:
                periods = parse_periods(_text(form, f"p{staff_id}_{duty.value}_times"))
            except InvalidValue as exc:
                errors[f"participants[{index}]"] = f"{duty.label}：{exc.reason}"
                periods = []
            duties.append({"duty": duty.value, "periods": periods})
        participants.append({"staff_id": staff_id, "duties": duties})
    data["participants"] = participants
    data["results"] = _results_from_form(form, data["service_field"], errors)
    return data, errors


def _results_from_form(form: Any, field: str, errors: dict[str, str]) -> dict[str, Any]:
    if field == "protection_evaluation":
        section = "results.protection_evaluation"
        evaluation = _numbers(form, section, errors, always=True) or {}
        return {
            "protection_evaluation": {
                "kind": _text(form, "ev_kind") or "pre_evaluation",
                **evaluation,
                "points_tested": _number(form, "ev_points_tested", errors, f"{section}.points_tested"),
                "hazard_types": _picked(form, "ev_hazard_types"),
            }
        }
    if field == "protection_testing":
        testing: dict[str, Any] = {}
        workplace = _numbers(form, "results.protection_testing.workplace", errors)
        if workplace is not None:
            testing["workplace"] = {**workplace, "hazard_types": _picked(form, "wp_hazard_types")}
        qc = _numbers(form, "results.protection_testing.equipment_qc", errors)
        if qc is not None:
            testing["equipment_qc"] = {**qc, "failing_device_names": _names(form, "eq_failing_device_names")}
        return {"protection_testing": testing}
    if field == "dose_monitoring":
        # Left out when nothing is typed, as the other sections are: a card built from a
        # picked dose report gets the section computed by the rules (the new-card form
        # shows these inputs empty), and one without a report is told by the rules that
        # the results are missing, beside the results, instead of a bare parse error.
        dose = _numbers(form, "results.dose_monitoring", errors)
        return {} if dose is None else {"dose_monitoring": dose}
    if field == "equipment_product_testing":
        products: dict[str, Any] = {}
        for key, prefix in (("protective_equipment", "pe"), ("radioactive_products", "rp")):
            counts = _numbers(form, f"results.equipment_product_testing.{key}", errors)
            if counts is not None:
                products[key] = {**counts, "exceeding_names": _names(form, f"{prefix}_exceeding_names")}
        return {"equipment_product_testing": products}
    return {}


def form_values(card: dict[str, Any] | None, base: dict[str, Any]) -> dict[str, Any]:
    """Flat form values of a stored card (radrules JSON), or of the defaults for a new one."""
    if card is None:
        inst, filler = base["institution"], base["filler"]
        return {
            "project_leader": inst["project_leader"],
            "institution_phone": inst["phone"],
            "filler_unit_head": filler["unit_head"],
            "filler_name": filler["name"],
            "filler_phone": filler["phone"],
            "filler_filled_on": filler["filled_on"],
        }
    c = card
    client = c["client"]
    contact = client.get("contact") or {}
    address = c.get("service_address") or {}
    v: dict[str, Any] = {
        "project_leader": c["institution"].get("project_leader") or "",
        "institution_phone": c["institution"].get("phone") or "",
        "client_kind": client["kind"],
        "client_contact_name": contact.get("name") or "",
        "client_contact_phone": contact.get("phone") or "",
        "service_division_code": address.get("division_code") or "",
        "service_address": address.get("address") or "",
        "service_field": c["service_field"],
        "report_no": c["report_no"],
        "report_issued_on": c["report_issued_on"],
        "filler_unit_head": c["filler"]["unit_head"],
        "filler_name": c["filler"]["name"],
        "filler_phone": c["filler"]["phone"],
        "filler_filled_on": c["filler"]["filled_on"],
    }
    r = c.get("results") or {}
    ev = r.get("protection_evaluation") or {}
    v.update(
        ev_kind=ev.get("kind", ""),
        ev_exceeding_points=ev.get("exceeding_points", ""),
        ev_points_tested=ev.get("points_tested", ""),
        ev_hazard_types=list(ev.get("hazard_types") or ()),
    )
    pt = r.get("protection_testing") or {}
    wp, eq = pt.get("workplace") or {}, pt.get("equipment_qc") or {}
    v.update(
        wp_points_tested=wp.get("points_tested", ""),
        wp_exceeding_points=wp.get("exceeding_points", ""),
        wp_hazard_types=list(wp.get("hazard_types") or ()),
        eq_devices_tested=eq.get("devices_tested", ""),
        eq_failing_devices=eq.get("failing_devices", ""),
        eq_failing_device_names="、".join(eq.get("failing_device_names") or ()),
    )
    dm = r.get("dose_monitoring") or {}
    v.update(
        dm_workers_monitored=dm.get("workers_monitored", ""),
        dm_workers_5_to_20=dm.get("workers_5_to_20", ""),
        dm_workers_over_20=dm.get("workers_over_20", ""),
    )
    ep = r.get("equipment_product_testing") or {}
    for key, prefix in (("protective_equipment", "pe"), ("radioactive_products", "rp")):
        s = ep.get(key) or {}
        v[f"{prefix}_samples_tested"] = s.get("samples_tested", "")
        v[f"{prefix}_samples_exceeding"] = s.get("samples_exceeding", "")
        v[f"{prefix}_exceeding_names"] = "、".join(s.get("exceeding_names") or ())
    return v


def participant_values(card: dict[str, Any] | None, staff: list[dict[str, Any]]) -> dict[str, Any]:
    """Form values of the participants: matched to staff by ID number."""
    if card is None:
        return {}
    by_id = {s["id_number"]: s["id"] for s in staff if "id_number" in s}
    v: dict[str, Any] = {}
    for p in card.get("participants") or ():
        sid = by_id.get(p["id_number"])
        if sid is None:
            continue
        v[f"p{sid}_on"] = "on"
        for d in p.get("duties") or ():
            v[f"p{sid}_{d['duty']}"] = "on"
            v[f"p{sid}_{d['duty']}_times"] = format_periods(d.get("periods") or [])
    return v


def drop_empty(value: Any) -> Any:
    """The input without keys whose value is None, so that model defaults apply."""
    if isinstance(value, Mapping):
        return {k: drop_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_empty(v) for v in value]
    return value
