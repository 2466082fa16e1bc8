"""Uploaded copies on a profile (source 002 §3.5: 身份证复印件, 职称证书附件, 毕业证书附件,
医师资格证书附件 … “允许附件格式为图片和PDF；上传附件后可查看附件，删除附件后重新上传”).

One file per field: uploading to a field that has one replaces it. The content decides the
type (PDF, PNG or JPEG); the province's rule on attachment types then checks the profile
with the file in it, as any other change of the profile.
"""

from __future__ import annotations

from typing import Any

import attrs
from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.training.people.forms import FILE_FIELDS
from radrules_webshell.training.people.service import file_rows, person_row
from radrules_webshell.training.people.tables import TrainingPersonFile
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.files import discard_after, read_upload, staged
from radrules_webshell.training.shared.findings import refuse_on_errors
from radrules_webshell.training.shared.scope import unit_row
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads.tables import Upload

from radrules import FileRef, TrainingFiling, check_training

PURPOSE = "training_person"


async def add_file(
    user: Principal, institution_id: int, person_id: int, field: Any, upload: Any, settings: Settings
) -> int:
    """Upload the copy for ``field``; the id of the new file row."""
    if not isinstance(field, str) or field not in FILE_FIELDS:
        raise Invalid(
            "请选择附件类别", errors={"field": "请选择附件类别（" + "、".join(FILE_FIELDS.values()) + "）"}
        )
    await person_row(institution_id, person_id)  # another unit's person: 404 before reading the file
    data, media_type, ext, name = await read_upload(upload, settings)
    unit = await unit_row(institution_id)
    replaced: list[dict[str, Any]] = []
    async with staged(settings) as stage, atomic():
        row = await person_row(institution_id, person_id, lock=True)
        stored = stage(data, media_type, ext, name)
        profile = docs.profile_model(row["document"], await file_rows([person_id]))
        section, _, attr = field.partition(".")
        ref = FileRef(filename=stored.original_name, media_type=stored.media_type, sha256=stored.sha256)
        changed = attrs.evolve(profile, **{section: attrs.evolve(getattr(profile, section), **{attr: ref})})
        result = check_training(
            TrainingFiling(unit=docs.unit_model(unit), profiles=(changed,)), as_of=clock.today()
        )
        refuse_on_errors(result, f"profiles[0].{field}", "附件未上传")
        replaced = [f for f in await file_rows([person_id]) if f["field"] == field]
        upload_id = await uploads.insert(
            stored, PURPOSE, institution_id=institution_id, account_id=user.account_id
        )
        if replaced:
            await TrainingPersonFile.delete().where(TrainingPersonFile.id.is_in([f["id"] for f in replaced]))
            await Upload.delete().where(Upload.id.is_in([f["upload_id"] for f in replaced]))
        inserted = await TrainingPersonFile.insert(
            TrainingPersonFile(person=person_id, field=field, upload=upload_id)
        ).returning(TrainingPersonFile.id)
        await audit.record(
            user,
            "training_person_file_add",
            "training_person",
            person_id,
            before={"files": [_shown(f) for f in replaced]},
            after={"field": field, "filename": stored.original_name, "sha256": stored.sha256},
        )
    discard_after(replaced, settings)
    return int(inserted[0]["id"])


def _shown(f: dict[str, Any]) -> dict[str, Any]:
    return {"field": f["field"], "filename": f["original_name"], "sha256": f["sha256"]}


async def file_of(institution_id: int, person_id: int, file_id: int) -> dict[str, Any]:
    """A file row of the unit's own person, else 404."""
    await person_row(institution_id, person_id)
    found = next((f for f in await file_rows([person_id]) if f["id"] == file_id), None)
    if found is None:
        raise NotFound("附件不存在或无权访问")
    return found


async def remove_file(
    user: Principal, institution_id: int, person_id: int, file_id: int, settings: Settings
) -> None:
    """删除附件 (then it can be uploaded again)."""
    async with atomic():
        await person_row(institution_id, person_id, lock=True)
        target = await file_of(institution_id, person_id, file_id)
        await TrainingPersonFile.delete().where(TrainingPersonFile.id == file_id)
        await Upload.delete().where(Upload.id == target["upload_id"])
        await audit.record(
            user, "training_person_file_delete", "training_person", person_id, before=_shown(target)
        )
    discard_after([target], settings)
