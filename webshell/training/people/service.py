"""完善人员信息 (source 002 §3): a unit's staff profiles — scoped, checked, transactional, audited.

Saving runs the province's profile rules (§3.5 “保存时进行规则校验和唯一性校验”) on the
profile as the form describes it; an error refuses the save and is shown beside its field.
Uniqueness within the unit is also held by the database (``training_person.key``), so two
saves at once cannot both add one person. 在职/离职 is a toggle (§3.3); only in-service
staff can be registered (§4.4 3.1). Deleting a person removes their registrations not yet
sent; one waiting for review must be cancelled first, and approved ones stay, with the
copy of the profile they were sent with.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.training.people.tables import TrainingPerson, TrainingPersonFile
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.files import discard_after
from radrules_webshell.training.shared.findings import refuse_on_errors
from radrules_webshell.training.shared.scope import lock_rows, unit_row
from radrules_webshell.uploads.tables import Upload

from radrules import (
    EmploymentStatus,
    PersonProfile,
    RegistrationStatus,
    TrainingFiling,
    check_training,
)


def key_of(institution_id: int, id_number: str) -> str:
    return f"{institution_id}|{id_number.strip().upper()}"


async def person_row(institution_id: int, person_id: int, *, lock: bool = False) -> dict[str, Any]:
    query = TrainingPerson.select().where(
        (TrainingPerson.id == person_id) & (TrainingPerson.institution == institution_id)
    )
    row = await (lock_rows(query) if lock else query).first()
    if row is None:
        raise NotFound("人员不存在或无权访问")
    return row


async def file_rows(person_ids: list[int]) -> list[dict[str, Any]]:
    if not person_ids:
        return []
    return list(
        await TrainingPersonFile.select(
            TrainingPersonFile.id,
            TrainingPersonFile.person,
            TrainingPersonFile.field,
            TrainingPersonFile.created_at,
            TrainingPersonFile.upload.id.as_alias("upload_id"),
            TrainingPersonFile.upload.original_name.as_alias("original_name"),
            TrainingPersonFile.upload.media_type.as_alias("media_type"),
            TrainingPersonFile.upload.sha256.as_alias("sha256"),
            TrainingPersonFile.upload.size.as_alias("size"),
            TrainingPersonFile.upload.stored_name.as_alias("stored_name"),
        )
        .where(TrainingPersonFile.person.is_in(person_ids))
        .order_by(TrainingPersonFile.id)
    )


async def profile_of(row: dict[str, Any]) -> PersonProfile:
    """The stored profile with its uploaded copies."""
    return docs.profile_model(row["document"], await file_rows([row["id"]]))


async def profiles_of(rows: list[dict[str, Any]]) -> dict[int, PersonProfile]:
    files = await file_rows([r["id"] for r in rows])
    by_person: dict[int, list[dict[str, Any]]] = {}
    for f in files:
        by_person.setdefault(f["person"], []).append(f)
    return {r["id"]: docs.profile_model(r["document"], by_person.get(r["id"], ())) for r in rows}


def columns(profile: PersonProfile) -> dict[str, Any]:
    """The list's columns, copied from the profile."""
    resume = profile.resume
    return {
        "id_number": profile.id_number,
        "name": profile.basic.name.strip(),
        "sex": profile.basic.sex.value if profile.basic.sex else None,
        "title": resume.title,
        "title_level": resume.title_level.value if resume.title_level else None,
        "attributes": docs.dumps([a.value for a in profile.qualification.attributes]),
        "employment": profile.employment.value,
        "document": docs.profile_document(profile),
    }


async def check_profile(
    institution_id: int, profile: PersonProfile, person_id: int | None
) -> list[dict[str, Any]]:
    """The province's profile rules on ``profile``; the unit's other profile with the same ID
    number (if any) goes first in the envelope, so that the uniqueness rule names this one."""
    unit = await unit_row(institution_id)
    profiles = [profile]
    other = (
        await TrainingPerson.select(TrainingPerson.id, TrainingPerson.document)
        .where(TrainingPerson.key == key_of(institution_id, profile.id_number))
        .first()
    )
    if other is not None and other["id"] != person_id:
        profiles.insert(0, docs.profile_model(other["document"]))
    result = check_training(
        TrainingFiling(unit=docs.unit_model(unit), profiles=tuple(profiles)), as_of=clock.today()
    )
    return refuse_on_errors(result, f"profiles[{len(profiles) - 1}]", "人员信息未保存")


async def save(
    user: Principal, institution_id: int, profile: PersonProfile, person_id: int | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """Add (``person_id`` None) or change a profile; its id and the rules' warnings."""
    unit = await unit_row(institution_id)
    now = datetime.now(UTC)
    profile = with_defaults(profile)
    async with atomic():
        before = await person_row(institution_id, person_id, lock=True) if person_id else None
        if before is not None:
            stored = docs.profile_model(before["document"])
            profile = _keep(profile, stored)
        else:
            profile = _new(profile, unit["uscc"])
        warnings = await check_profile(institution_id, profile, person_id)
        values = columns(profile) | {"key": key_of(institution_id, profile.id_number), "updated_at": now}
        if before is None:
            inserted = await TrainingPerson.insert(
                TrainingPerson(institution=institution_id, **values)
            ).returning(TrainingPerson.id)
            person_id = int(inserted[0]["id"])
        else:
            assert person_id is not None
            await TrainingPerson.update(
                {**values, "version": before["version"] + 1}  # type: ignore[dict-item]
            ).where(TrainingPerson.id == person_id)
        await audit.record(
            user,
            "training_person_save",
            "training_person",
            person_id,
            before=_audited(before),
            after=values,
        )
    return person_id, warnings


def with_defaults(profile: PersonProfile) -> PersonProfile:
    """§3.5 1: 性别 and 出生日期 left empty take what the ID number says."""
    basic = profile.basic
    return attrs.evolve(
        profile,
        basic=attrs.evolve(
            basic,
            id_number=profile.id_number,
            name=basic.name.strip(),
            sex=basic.sex or profile.derived_sex,
            birth_date=basic.birth_date or profile.birth_date,
        ),
    )


def _new(profile: PersonProfile, unit_uscc: str) -> PersonProfile:
    return attrs.evolve(
        profile, unit_uscc=unit_uscc, employment=EmploymentStatus.in_service, professional_qualifications=()
    )


def _keep(profile: PersonProfile, stored: PersonProfile) -> PersonProfile:
    """What the form does not hold stays as stored: 专业技术资质, 在岗状态, the unit."""
    return attrs.evolve(
        profile,
        unit_uscc=stored.unit_uscc,
        employment=stored.employment,
        professional_qualifications=stored.professional_qualifications,
    )


def _audited(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if row is None else {k: row[k] for k in ("id", "key", "employment", "document", "version")}


async def replace_profile(user: Principal, row: dict[str, Any], profile: PersonProfile, action: str) -> None:
    """Store ``profile`` over ``row`` (inside the caller's transaction), checked and audited."""
    values = columns(profile) | {"updated_at": datetime.now(UTC), "version": row["version"] + 1}
    await TrainingPerson.update(values).where(TrainingPerson.id == row["id"])  # type: ignore[arg-type]
    await audit.record(user, action, "training_person", row["id"], before=_audited(row), after=values)


async def set_employment(
    user: Principal, institution_id: int, person_id: int, status: EmploymentStatus
) -> None:
    """在职/离职 (§3.3 操作列【离职】)."""
    async with atomic():
        row = await person_row(institution_id, person_id, lock=True)
        profile = docs.profile_model(row["document"])
        await replace_profile(
            user, row, attrs.evolve(profile, employment=status), "training_person_employment"
        )


async def delete(user: Principal, institution_id: int, person_id: int, settings: Settings) -> None:
    """【删除】 (§3.3): see the module docstring for what happens to registrations."""
    async with atomic():
        row = await person_row(institution_id, person_id, lock=True)
        regs = await TrainingRegistration.select(TrainingRegistration.id, TrainingRegistration.status).where(
            TrainingRegistration.person == person_id
        )
        if any(r["status"] == RegistrationStatus.registered.value for r in regs):
            raise Conflict("该人员有已报名、等待审核的报名，请先在集体报名中取消报名后再删除")
        unsent = [
            r["id"]
            for r in regs
            if r["status"] in (RegistrationStatus.not_registered.value, RegistrationStatus.returned.value)
        ]
        if unsent:
            await TrainingRegistration.delete().where(TrainingRegistration.id.is_in(unsent))
        files = await file_rows([person_id])
        await TrainingPersonFile.delete().where(TrainingPersonFile.person == person_id)
        if files:
            await Upload.delete().where(Upload.id.is_in([f["upload_id"] for f in files]))
        await TrainingPerson.delete().where(TrainingPerson.id == person_id)
        await audit.record(
            user,
            "training_person_delete",
            "training_person",
            person_id,
            before={**(_audited(row) or {}), "removed_registrations": unsent},
        )
    discard_after(files, settings)
