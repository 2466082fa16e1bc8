"""The qualification declaration: basic information, certificate, staff, instruments,
attachments; submit and review (source 000 §4.1–§4.2).

Staff and instruments can change only while the declaration is a draft or was returned;
an approved declaration is reopened (变更申报) to change it, which takes it back to draft
until the reviewer approves it again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from piccolo.columns import Column
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.resources import Resource
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.forms import BASIC_FORM, CERTIFICATE_FORM, INSTRUMENT_FORM, STAFF_FORM
from radrules_webshell.institutions.tables import (
    Institution,
    Instrument,
    QualificationDeclaration,
    StaffMember,
)
from radrules_webshell.registrations import states
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads import storage
from radrules_webshell.uploads.tables import Upload

from radrules import (
    DeclarationStatus,
    EvaluationGrade,
    Qualification,
    QualificationStatus,
    ServiceField,
    Sex,
    birth_date_of,
    sex_of,
)
from radrules import (
    Institution as InstitutionModel,
)
from radrules import (
    Instrument as InstrumentModel,
)
from radrules import (
    StaffMember as StaffModel,
)

EDITABLE = (DeclarationStatus.draft, DeclarationStatus.returned)


async def declaration(institution_id: int) -> dict[str, Any]:
    row = (
        await QualificationDeclaration.select()
        .where(QualificationDeclaration.institution == institution_id)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


async def _require_editable(institution_id: int) -> None:
    row = await declaration(institution_id)
    if row["status"] not in EDITABLE:
        raise Conflict(
            f"资质申报当前为“{states.label(row['status'])}”，不能修改；"
            + ("审核通过后如需变更，请先点击“变更申报”" if row["status"] == "approved" else "请等待审核结果")
        )


STAFF = Resource(
    name="staff",
    label="人员",
    table=StaffMember,
    spec=STAFF_FORM,
    owner_column="institution",
    list_fields=("name", "id_number", "mobile", "major", "title", "selected"),
    unique=(("id_number", "本机构已有该身份证号的人员"),),
    guard_write=_require_editable,
)

INSTRUMENTS = Resource(
    name="instrument",
    label="仪器",
    table=Instrument,
    spec=INSTRUMENT_FORM,
    owner_column="institution",
    list_fields=(
        "type",
        "name",
        "model",
        "asset_no",
        "calibrated_on",
        "calibration_period_years",
        "selected",
    ),
    unique=(("asset_no", "本机构已有该中心编号的仪器"),),
    guard_write=_require_editable,
)


def staff_view(row: dict[str, Any]) -> dict[str, Any]:
    """A staff row with the sex and birth date derived from the ID number (第三步)."""
    sex = sex_of(row["id_number"])
    born = birth_date_of(row["id_number"])
    return {
        **row,
        "sex": sex,
        "sex_label": Sex(sex).label if sex else "",
        "birth_date": born.isoformat() if born else "",
        "birth_month": born.strftime("%Y-%m") if born else "",
    }


async def institution(institution_id: int) -> dict[str, Any]:
    row = await Institution.select().where(Institution.id == institution_id).first()
    if row is None:
        raise NotFound()
    return row


def scope_of(row: dict[str, Any]) -> list[str]:
    try:
        value = json.loads(row.get("service_scope") or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


async def save_basic(actor: Principal, institution_id: int, data: dict[str, Any]) -> None:
    basic, errors = BASIC_FORM.parse(data)
    cert, cert_errors = CERTIFICATE_FORM.parse(data)
    errors.update(cert_errors)
    issued, expires = cert.get("issued_on"), cert.get("expires_on")
    if issued and expires and expires <= issued:
        errors["expires_on"] = "失效日期应晚于发证时间"
    if errors:
        raise Invalid(errors=errors)
    async with atomic():
        await _require_editable(institution_id)
        before_inst = await institution(institution_id)
        before_decl = await declaration(institution_id)
        await Institution.update({getattr(Institution, k): v for k, v in basic.items()}).where(
            Institution.id == institution_id
        )
        await QualificationDeclaration.update(
            {
                QualificationDeclaration.certificate_no: cert["certificate_no"],
                QualificationDeclaration.issued_on: cert["issued_on"],
                QualificationDeclaration.expires_on: cert["expires_on"],
                QualificationDeclaration.certificate_status: cert["certificate_status"],
                QualificationDeclaration.service_scope: json.dumps(cert["service_scope"]),
                QualificationDeclaration.updated_at: datetime.now(UTC),
            }
        ).where(QualificationDeclaration.institution == institution_id)
        await audit.record(
            actor,
            "institution_update",
            "institution",
            institution_id,
            before=before_inst,
            after=await institution(institution_id),
        )
        await audit.record(
            actor,
            "declaration_update",
            "qualification_declaration",
            before_decl["id"],
            before=before_decl,
            after=await declaration(institution_id),
        )


async def attachments(institution_id: int) -> list[dict[str, Any]]:
    return await Upload.select(
        Upload.id, Upload.original_name, Upload.media_type, Upload.size, Upload.created_at
    ).where((Upload.institution == institution_id) & (Upload.purpose == "qualification"))


async def add_attachment(actor: Principal, institution_id: int, upload: Any, settings: Settings) -> int:
    from radrules import InvalidValue

    try:
        blob, media_type, ext = await storage.read_checked(upload, settings)
    except InvalidValue as exc:
        raise Invalid(errors={"file": exc.reason}) from None
    async with storage.Staging(settings) as staging, atomic():
        await _require_editable(institution_id)
        stored = staging.add(blob, media_type, ext, upload.filename)
        upload_id = await uploads.insert(
            stored, "qualification", institution_id=institution_id, account_id=actor.account_id
        )
        await audit.record(
            actor,
            "attachment_add",
            "upload",
            upload_id,
            after={"original_name": stored.original_name, "sha256": stored.sha256, "size": stored.size},
        )
    return upload_id


async def remove_attachment(
    actor: Principal, institution_id: int, upload_id: int, settings: Settings
) -> None:
    async with atomic():
        row = (
            await Upload.select()
            .where(
                (Upload.id == upload_id)
                & (Upload.institution == institution_id)
                & (Upload.purpose == "qualification")
            )
            .first()
        )
        if row is None:
            raise NotFound()
        await _require_editable(institution_id)
        await Upload.delete().where(Upload.id == upload_id)
        await audit.record(actor, "attachment_remove", "upload", upload_id, before=row)
    storage.remove(row["stored_name"], settings)  # once its row is gone for good


async def missing_for_submission(institution_id: int) -> list[str]:
    """What must still be filled in before the declaration can be submitted (必填项, §4.1.2)."""
    inst = await institution(institution_id)
    decl = await declaration(institution_id)
    missing = [f.label for f in BASIC_FORM if f.required and not inst.get(f.name)]
    missing += [f.label for f in CERTIFICATE_FORM if f.name != "service_scope" and not decl.get(f.name)]
    if not scope_of(decl):
        missing.append("服务项目")
    if not await StaffMember.exists().where(
        (StaffMember.institution == institution_id) & StaffMember.selected.eq(True)
    ):
        missing.append("人员信息（至少选择一名人员）")
    if not await Instrument.exists().where(
        (Instrument.institution == institution_id) & Instrument.selected.eq(True)
    ):
        missing.append("仪器信息（至少选择一台仪器）")
    if not await attachments(institution_id):
        missing.append("资质附件")
    return missing


async def _move(actor: Principal, institution_id: int, action: str, **changes: Any) -> None:
    async with atomic():
        before = await declaration(institution_id)
        status = states.next_state(states.DECLARATION_TRANSITIONS, before["status"], action)
        values: dict[Column | str, Any] = {
            QualificationDeclaration.status: status,
            QualificationDeclaration.updated_at: datetime.now(UTC),
        }
        values.update({getattr(QualificationDeclaration, k): v for k, v in changes.items()})
        await QualificationDeclaration.update(values).where(QualificationDeclaration.id == before["id"])
        after = await declaration(institution_id)
        await audit.record(
            actor,
            f"declaration_{action}",
            "qualification_declaration",
            before["id"],
            before=before,
            after=after,
        )


async def submit(actor: Principal, institution_id: int) -> None:
    missing = await missing_for_submission(institution_id)
    if missing:
        raise Invalid("请先填写：" + "、".join(missing), errors={"declaration": "、".join(missing)})
    await _move(actor, institution_id, "submit", submitted_at=datetime.now(UTC), return_reason=None)


async def reopen(actor: Principal, institution_id: int) -> None:
    await _move(actor, institution_id, "reopen")


async def review_list(status: str | None) -> list[dict[str, Any]]:
    query = QualificationDeclaration.select(
        *QualificationDeclaration.all_columns(),
        QualificationDeclaration.institution.name.as_alias("institution_name"),
        QualificationDeclaration.institution.uscc.as_alias("institution_uscc"),
    ).order_by(QualificationDeclaration.updated_at, ascending=False)
    if status:
        query = query.where(QualificationDeclaration.status == status)
    return await query


async def declaration_by_id(declaration_id: int) -> dict[str, Any]:
    row = await QualificationDeclaration.select().where(QualificationDeclaration.id == declaration_id).first()
    if row is None:
        raise NotFound()
    return row


async def approve(actor: Principal, declaration_id: int) -> None:
    row = await declaration_by_id(declaration_id)
    await _move(
        actor, row["institution"], "approve", reviewed_at=datetime.now(UTC), reviewer=actor.account_id
    )


async def return_(actor: Principal, declaration_id: int, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(errors={"reason": "退回时须填写退回原因"})
    row = await declaration_by_id(declaration_id)
    await _move(
        actor,
        row["institution"],
        "return",
        return_reason=reason[:1000],
        reviewed_at=datetime.now(UTC),
        reviewer=actor.account_id,
    )


def _scope_model(codes: list[str]) -> tuple[tuple[ServiceField, ...], EvaluationGrade | None]:
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


async def institution_model(institution_id: int) -> InstitutionModel:
    """The institution as a :class:`radrules.Institution`, for building and checking filings."""
    inst = await institution(institution_id)
    decl = await declaration(institution_id)
    qualification = None
    if decl["certificate_no"] and decl["issued_on"] and decl["expires_on"]:
        scope, grade = _scope_model(scope_of(decl))
        qualification = Qualification(
            certificate_no=decl["certificate_no"],
            issued_on=decl["issued_on"],
            expires_on=decl["expires_on"],
            status=QualificationStatus(decl["certificate_status"] or "valid"),
            service_scope=scope,
            evaluation_grade=grade,
            declaration_status=DeclarationStatus(decl["status"]),
        )
    staff = await StaffMember.select().where(
        (StaffMember.institution == institution_id) & StaffMember.selected.eq(True)
    )
    instruments = await Instrument.select().where(
        (Instrument.institution == institution_id) & Instrument.selected.eq(True)
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
