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
from radrules_webshell.core.masking import mask_ids_in
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.resources import Resource
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions import checks, documents
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
    Severity,
    Sex,
    birth_date_of,
    sex_of,
)
from radrules import (
    Institution as InstitutionModel,
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


async def _staff_check(institution_id: int, values: dict[str, Any]) -> dict[str, str]:
    return checks.staff_errors(await institution_model(institution_id), values)


async def _instrument_check(institution_id: int, values: dict[str, Any]) -> dict[str, str]:
    return checks.instrument_errors(await institution_model(institution_id), values)


STAFF = Resource(
    name="staff",
    label="人员",
    table=StaffMember,
    spec=STAFF_FORM,
    owner_column="institution",
    list_fields=("name", "id_number", "mobile", "major", "title", "support_multiple", "selected"),
    unique=(("id_number", "本机构已有该身份证号的人员"),),
    guard_write=_require_editable,
    check=_staff_check,
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
    check=_instrument_check,
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


async def save_basic(actor: Principal, institution_id: int, data: dict[str, Any]) -> None:
    basic, errors = BASIC_FORM.parse(data)
    cert, cert_errors = CERTIFICATE_FORM.parse(data)
    errors.update(cert_errors)
    issued, expires = cert.get("issued_on"), cert.get("expires_on")
    if issued and expires and expires <= issued:
        errors["expires_on"] = "失效日期应晚于发证时间"
    if not errors:
        # the rules' errors on what this form saves (the unfilled 苏卫职技字[]第号, …)
        would_be = documents.with_basic(await institution_model(institution_id), basic, cert)
        errors = checks.errors_by_field(checks.run(would_be), set(basic) | set(cert))
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
    if not documents.scope_of(decl):
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


async def declaration_findings(institution_id: int) -> list[dict[str, Any]]:
    """The rules' findings on the declaration as stored, each placed at its field or row."""
    result = checks.run(await institution_model(institution_id))
    rows = await checks.selected_rows(institution_id)
    return [checks.view(f, rows) for f in result.findings]


async def submit(actor: Principal, institution_id: int) -> None:
    missing = await missing_for_submission(institution_id)
    if missing:
        raise Invalid("请先填写：" + "、".join(missing), errors={"declaration": "、".join(missing)})
    result = checks.run(await institution_model(institution_id))
    blocking = [f for f in result.findings if f.severity is Severity.error]
    if blocking:
        raise Invalid(
            "资质申报有错误，不能提交：" + "；".join(mask_ids_in(f.message) for f in blocking),
            errors=checks.errors_by_field(result) or {"declaration": "；".join(f.message for f in blocking)},
        )
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


async def institution_model(institution_id: int) -> InstitutionModel:
    """The institution as a :class:`radrules.Institution`, for building and checking filings."""
    # In id order: a finding's staff[i] / instruments[i] is the i-th selected row.
    staff = (
        await StaffMember.select()
        .where((StaffMember.institution == institution_id) & StaffMember.selected.eq(True))
        .order_by(StaffMember.id)
    )
    instruments = (
        await Instrument.select()
        .where((Instrument.institution == institution_id) & Instrument.selected.eq(True))
        .order_by(Instrument.id)
    )
    return documents.model_of(
        await institution(institution_id), await declaration(institution_id), staff, instruments
    )
