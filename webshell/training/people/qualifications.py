"""专业技术资质 on a profile (source 002 §3.5 6–8): added, changed and deleted by the unit, and
added automatically for a certificate earned through the platform's training (§3.3
“在系统内通过培训并取得证书的人员，个人档案的专业技术人员资质信息内会自动增加该证书信息”).

资质类别 and its 资质范围 come from the province's ruleset; the profile rules check each entry
(category, number ≤ 50 bytes, dates, scope required for the three categories that have one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.forms import Field, FormSpec
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.people.service import key_of, person_row, replace_profile
from radrules_webshell.training.people.tables import TrainingPerson
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.findings import refuse_on_errors
from radrules_webshell.training.shared.scope import lock_rows, unit_row

from radrules import (
    Certificate,
    PersonProfile,
    ProfessionalQualification,
    TrainingFiling,
    TrainingVocabulary,
    add_certificate_to_profile,
    check_training,
)


def form(vocab: TrainingVocabulary) -> FormSpec:
    """The [专业资质信息] form (§3.5 8) with the ruleset's categories and scopes."""
    scopes = sorted(
        {s for c in vocab.qualification_categories for s in c.scope}, key=list(vocab.specialties).index
    )
    return FormSpec(
        (
            Field(
                name="category",
                label="资质类别",
                kind="select",
                choices=tuple((c.name, c.name) for c in vocab.qualification_categories),
            ),
            Field(name="certificate_no", label="证书（发文）编号", help="最大允许50个字节"),
            Field(name="issued_on", label="发证（发文）日期", kind="date"),
            Field(name="expires_on", label="失效日期", kind="date", required=False),
            Field(
                name="scope",
                label="资质范围",
                kind="multiselect",
                required=False,
                choices=tuple((s, s) for s in scopes),
                help="资质类别为职业病诊断医师、职业病鉴定专家、放射专业技术人员时必选（可多选）",
            ),
        )
    )


def parse(vocab: TrainingVocabulary, data: Mapping[str, Any]) -> ProfessionalQualification:
    """The entry the form describes; a value of the wrong kind is refused beside its field
    (whether it is required, and its limits, are the rules')."""
    spec = form(vocab)
    relaxed = FormSpec(tuple(attrs.evolve(f, required=False) for f in spec))
    values, errors = relaxed.parse(data)
    if errors:
        raise Invalid(errors=errors)
    return ProfessionalQualification(
        category=values["category"] or "",
        certificate_no=values["certificate_no"],
        issued_on=values["issued_on"],
        expires_on=values["expires_on"],
        scope=tuple(values["scope"] or ()),
    )


async def _store(
    user: Principal, institution_id: int, row: dict[str, Any], profile: PersonProfile, index: int, action: str
) -> None:
    """Check the changed entry with the profile rules, then store it."""
    unit = await unit_row(institution_id)
    result = check_training(
        TrainingFiling(unit=docs.unit_model(unit), profiles=(profile,)), as_of=clock.today()
    )
    refuse_on_errors(result, f"profiles[0].professional_qualifications[{index}]", "专业技术资质未保存")
    await replace_profile(user, row, profile, action)


async def put(
    user: Principal,
    institution_id: int,
    person_id: int,
    entry: ProfessionalQualification,
    index: int | None = None,
) -> int:
    """Add (``index`` None) or change an entry; its index."""
    async with atomic():
        row = await person_row(institution_id, person_id, lock=True)
        profile = docs.profile_model(row["document"])
        entries = list(profile.professional_qualifications)
        if index is None:
            entries.append(entry)
            index = len(entries) - 1
        else:
            if not 0 <= index < len(entries):
                raise NotFound("专业技术资质不存在")
            if entries[index].training_certificate_no:
                raise Invalid("通过本平台培训取得的证书由系统维护，不能修改")
            entries[index] = entry
        changed = attrs.evolve(profile, professional_qualifications=tuple(entries))
        await _store(user, institution_id, row, changed, index, "training_qualification_put")
    return index


async def remove(user: Principal, institution_id: int, person_id: int, index: int) -> None:
    async with atomic():
        row = await person_row(institution_id, person_id, lock=True)
        profile = docs.profile_model(row["document"])
        entries = list(profile.professional_qualifications)
        if not 0 <= index < len(entries):
            raise NotFound("专业技术资质不存在")
        del entries[index]
        changed = attrs.evolve(profile, professional_qualifications=tuple(entries))
        await replace_profile(user, row, changed, "training_qualification_delete")


async def add_certificate(user: Principal, institution_id: int, certificate: Certificate) -> None:
    """The certificate among the holder's 专业技术资质 in the unit's profile (§3.3), if the unit
    still keeps the person; inside the caller's transaction."""
    query = TrainingPerson.select().where(TrainingPerson.key == key_of(institution_id, certificate.id_number))
    row = await lock_rows(query).first()
    if row is None:
        return
    profile = add_certificate_to_profile(docs.profile_model(row["document"]), certificate)
    await replace_profile(user, row, profile, "training_qualification_certificate")
