"""The qualification declaration checked by the rules of the platform's province (source 000
§4.1–§4.2; Jiangsu: ``JS.declaration.*`` — the unfilled certificate template, a website that
is no address, a calibration dated in the future; a lapsed calibration is a warning the
reviewer sees).

The web shell decides nothing here: it builds the declaration as ``radrules.Filing(
declaration=…)`` from the stored records (or the values about to be saved), runs
``radrules.check`` and says where each finding belongs — a field of the basic-information
form, or a row of the staff or instruments. A save is refused for the errors of what it
saves; the submission for every error; warnings never block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
from radrules_webshell.core import clock
from radrules_webshell.core.masking import mask_ids_in
from radrules_webshell.institutions.tables import Instrument, StaffMember

from radrules import CheckResult, Filing, Finding, Severity, check
from radrules import Institution as InstitutionModel
from radrules import Instrument as InstrumentModel
from radrules import StaffMember as StaffModel

_PROVINCE = ["32"]
_ROW = re.compile(r"^declaration\.(staff|instruments)\[(\d+)\](?:\.(\w+))?")
#: Finding paths of the declaration's own fields → the form field they are typed in.
_FIELDS = {
    "declaration.name": "name",
    "declaration.address": "address",
    "declaration.website": "website",
    "declaration.legal_representative": "legal_representative",
    "declaration.phone": "phone",
    "declaration.qualification": "certificate_no",
    "declaration.qualification.certificate_no": "certificate_no",
    "declaration.qualification.issued_on": "issued_on",
    "declaration.qualification.expires_on": "expires_on",
    "declaration.qualification.status": "certificate_status",
    "declaration.qualification.service_scope": "service_scope",
}


def configure(province: str) -> None:
    """The platform's province, whose rules judge every declaration made on it (an
    institution from elsewhere declares to this platform; set by ``create_app``)."""
    _PROVINCE[0] = province


def run(declaration: InstitutionModel, *, as_of: date | None = None) -> CheckResult:
    return check(Filing(declaration=declaration), as_of=as_of or clock.today(), province=_PROVINCE[0])


def field_of(finding: Finding) -> str | None:
    """The basic-information form field a finding concerns, or None (a row, or elsewhere)."""
    return _FIELDS.get(finding.path)


def view(finding: Finding, rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A finding for the pages and the API: where it belongs (``field``, or the ``row`` of
    staff or instruments with its ``column``), the message with ID numbers masked."""
    out: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "severity_label": finding.severity.label,
        "path": finding.path,
        "message": mask_ids_in(finding.message),
        "citation": "；".join(str(c) for c in finding.citations),
        "field": field_of(finding),
    }
    match = _ROW.match(finding.path)
    if match:
        part, index, column = match.group(1), int(match.group(2)), match.group(3)
        listed = rows.get(part, [])
        if index < len(listed):
            out |= {"part": part, "row_id": listed[index]["id"], "column": column}
    return out


async def selected_rows(institution_id: int) -> dict[str, list[dict[str, Any]]]:
    """The ids of the staff and instruments in the declaration, in its order (by id)."""
    return {
        "staff": await StaffMember.select(StaffMember.id)
        .where((StaffMember.institution == institution_id) & StaffMember.selected.eq(True))
        .order_by(StaffMember.id),
        "instruments": await Instrument.select(Instrument.id)
        .where((Instrument.institution == institution_id) & Instrument.selected.eq(True))
        .order_by(Instrument.id),
    }


def errors_by_field(result: CheckResult, names: set[str] | None = None) -> dict[str, str]:
    """The errors at the basic-information form's fields (those of ``names``), joined."""
    out: dict[str, str] = {}
    for f in result.findings:
        name = field_of(f)
        if f.severity is Severity.error and name and (names is None or name in names):
            out[name] = f"{out[name]}；{f.message}" if name in out else f.message
    return out


def _row_errors(result: CheckResult, part: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in result.findings:
        match = _ROW.match(f.path)
        if f.severity is Severity.error and match and match.group(1) == part and match.group(2) == "0":
            column = match.group(3) or "name"
            out[column] = f"{out[column]}；{f.message}" if column in out else f.message
    return out


def instrument_errors(base: InstitutionModel, values: Mapping[str, Any]) -> dict[str, str]:
    """What the rules refuse in one instrument about to be saved, by its form field: the
    declaration checked with that instrument alone."""
    fields = {a.name for a in attrs.fields(InstrumentModel)}
    instrument = InstrumentModel(**{k: v for k, v in values.items() if k in fields})
    return _row_errors(run(attrs.evolve(base, instruments=(instrument,))), "instruments")


def staff_errors(base: InstitutionModel, values: Mapping[str, Any]) -> dict[str, str]:
    """The same for one staff member."""
    fields = {a.name for a in attrs.fields(StaffModel)}
    person = StaffModel(**{k: v for k, v in values.items() if k in fields})
    return _row_errors(run(attrs.evolve(base, staff=(person,))), "staff")
