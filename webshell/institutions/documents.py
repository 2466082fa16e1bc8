"""The institution and its qualification declaration as radrules models (source 000 §4.1):
the rows of ``institution``, ``qualification_declaration``, ``staff_member`` and
``instrument`` → :class:`radrules.Institution` with its :class:`radrules.Qualification`,
staff and instruments, for checking the declaration and for building report cards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs

from radrules import (
    DeclarationStatus,
    EvaluationGrade,
    Qualification,
    QualificationStatus,
    ServiceField,
)
from radrules import Institution as InstitutionModel
from radrules import Instrument as InstrumentModel
from radrules import StaffMember as StaffModel


def scope_of(row: dict[str, Any]) -> list[str]:
    """The declaration's 服务项目 as stored (``protection_evaluation:grade_a``, …)."""
    try:
        value = json.loads(row.get("service_scope") or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def scope_model(codes: list[str]) -> tuple[tuple[ServiceField, ...], EvaluationGrade | None]:
    fields: list[ServiceField] = []
    grade: EvaluationGrade | None = None
    for code in codes:
        field, _, g = code.partition(":")
        if ServiceField(field) not in fields:
            fields.append(ServiceField(field))
        if g:
            candidate = EvaluationGrade(g)
            grade = candidate if grade is None or candidate == EvaluationGrade.grade_a else grade
    return tuple(fields), grade


def model_of(
    inst: dict[str, Any],
    decl: dict[str, Any],
    staff: Sequence[dict[str, Any]],
    instruments: Sequence[dict[str, Any]],
) -> InstitutionModel:
    """The institution of its rows, with the declaration's staff and instruments."""
    qualification = None
    if decl["certificate_no"] and decl["issued_on"] and decl["expires_on"]:
        scope, grade = scope_model(scope_of(decl))
        qualification = Qualification(
            certificate_no=decl["certificate_no"],
            issued_on=decl["issued_on"],
            expires_on=decl["expires_on"],
            status=QualificationStatus(decl["certificate_status"] or "valid"),
            service_scope=scope,
            evaluation_grade=grade,
            declaration_status=DeclarationStatus(decl["status"]),
        )
    return InstitutionModel(
        name=inst["name"],
        uscc=inst["uscc"],
        division_code=inst["division_code"],
        address=inst["address"],
        legal_representative=inst["legal_representative"],
        phone=inst["phone"],
        website=inst["website"],
        qualification=qualification,
        staff=tuple(
            StaffModel(
                name=s["name"],
                id_number=s["id_number"],
                mobile=s["mobile"],
                major=s["major"],
                title=s["title"],
                support_multiple=s["support_multiple"],
            )
            for s in staff
        ),
        instruments=tuple(
            InstrumentModel(
                type=i["type"],
                name=i["name"],
                model=i["model"],
                asset_no=i["asset_no"],
                serial_no=i["serial_no"],
                outsourced=i["outsourced"],
                calibrated_on=i["calibrated_on"],
                calibration_period_years=i["calibration_period_years"],
            )
            for i in instruments
        ),
    )


def with_basic(model: InstitutionModel, basic: dict[str, Any], cert: dict[str, Any]) -> InstitutionModel:
    """The declaration as it will be once the basic-information form's values are saved."""
    scope, grade = scope_model(cert.get("service_scope") or [])
    qualification = Qualification(
        certificate_no=cert["certificate_no"],
        issued_on=cert["issued_on"],
        expires_on=cert["expires_on"],
        status=QualificationStatus(cert["certificate_status"] or "valid"),
        service_scope=scope,
        evaluation_grade=grade,
    )
    return attrs.evolve(
        model,
        name=basic["name"],
        address=basic["address"],
        website=basic["website"],
        legal_representative=basic["legal_representative"],
        phone=basic["phone"],
        qualification=qualification,
    )
