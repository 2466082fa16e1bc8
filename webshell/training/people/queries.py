"""Reading the unit's profiles for 完善人员信息 (source 002 §3.3): the list's columns and a
profile's page, with its files and 专业技术资质."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.people.forms import FILE_FIELDS
from radrules_webshell.training.people.service import file_rows, person_row, profile_of
from radrules_webshell.training.people.tables import TrainingPerson
from radrules_webshell.training.shared.documents import loads

from radrules import EmploymentStatus, PersonAttribute, Sex, TitleLevel, unstructure

#: The most rows one page of the list shows (a unit keeps at most 2,000 profiles).
PAGE = 500


def _label(kind: Any, value: str | None) -> str:
    return kind(value).label if value else ""


def list_row(row: dict[str, Any]) -> dict[str, Any]:
    """One line of the list (§3.3): 姓名、性别、职称、人员属性、在岗状态、证书（发证）编号."""
    document = loads(row["document"], {})
    numbers = [q.get("certificate_no") for q in document.get("professional_qualifications") or ()]
    numbers = [n for n in numbers if n]
    return {
        "id": row["id"],
        "name": row["name"],
        "id_number": mask_id_number(row["id_number"]),
        "sex": _label(Sex, row["sex"]),
        "title": row["title"] or "",
        "title_level": _label(TitleLevel, row["title_level"]),
        "attributes": [PersonAttribute(a).label for a in loads(row["attributes"], [])],
        "employment": row["employment"],
        "employment_label": EmploymentStatus(row["employment"]).label,
        # §3.3 证书编号: "若有多张证书则会显示【其他】", the others on hover
        "certificate_no": numbers[0] if numbers else "",
        "other_certificates": numbers[1:],
        "version": row["version"],
    }


@reads
async def list_people(
    institution_id: int, *, name: str | None = None, employment: str | None = None
) -> list[dict[str, Any]]:
    where: Any = TrainingPerson.institution == institution_id
    if name:
        where &= contains(TrainingPerson.name, name)
    if employment in (EmploymentStatus.in_service.value, EmploymentStatus.departed.value):
        where &= TrainingPerson.employment == employment
    rows = await TrainingPerson.select().where(where).order_by(TrainingPerson.id).limit(PAGE)
    return [list_row(r) for r in rows]


@reads
async def person_view(institution_id: int, person_id: int) -> dict[str, Any]:
    """The profile (JSON), its files and its columns — the record's own page, for its unit."""
    row = await person_row(institution_id, person_id)
    profile = await profile_of(row)
    files = [
        {
            "id": f["id"],
            "field": f["field"],
            "label": FILE_FIELDS.get(f["field"], f["field"]),
            "filename": f["original_name"],
            "media_type": f["media_type"],
            "size": f["size"],
            "download": f"/training/people/{person_id}/files/{f['id']}",
        }
        for f in await file_rows([person_id])
    ]
    return {
        **list_row(row),
        "id_number_full": row["id_number"],
        "profile": unstructure(profile),
        "files": files,
        "model": profile,
    }
