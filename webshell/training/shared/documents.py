"""Rows of the training tables ↔ radrules' models (source 002).

The library checks models, the tables store rows; these functions are the only place
where one becomes the other, so that a page, the API and a check always see the same
thing. Ids become the models' string ids (``plan_id="12"``, ``session_id="7"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import orjson

from radrules import (
    Accommodation,
    BasicInfo,
    Certificate,
    ClassSelection,
    FileRef,
    PersonProfile,
    PlanStatus,
    Recipient,
    Registration,
    RegistrationStatus,
    Resume,
    Score,
    Session,
    SessionSpecialty,
    Sex,
    TitleLevel,
    TrainingKind,
    TrainingPlan,
    TrainingUnit,
    structure,
    unstructure,
)

Row = Mapping[str, Any]


def loads(text: str | None, default: Any = None) -> Any:
    return default if not text else orjson.loads(text)


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def plan_model(row: Row) -> TrainingPlan:
    return TrainingPlan(
        plan_id=str(row["id"]),
        plan_type=row["plan_type"],
        name=row["name"],
        division_code=row["division_code"],
        deadline=row["deadline"],
        target=row["target"],
        content=row["content"],
        other_matters=row["other_matters"],
        attachment=None,
        age_limit=row["age_limit"],
        min_title_level=TitleLevel(row["min_title_level"]) if row["min_title_level"] else None,
        specialties=tuple(loads(row["specialties"], [])),
        registration_limit=row["registration_limit"],
        status=PlanStatus(row["status"]),
        published_on=row["published_on"],
    )


def unit_model(row: Row) -> TrainingUnit:
    return TrainingUnit(name=row["name"], uscc=row["uscc"], division_code=row["division_code"])


def session_model(row: Row) -> Session:
    return Session(
        session_id=str(row["id"]),
        number=row["number"],
        capacity=row["capacity"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        selection_deadline=row["selection_deadline"],
        selection_opens_on=row["selection_opens_on"],
        place=row["place"],
        training_kind=TrainingKind(row["training_kind"]) if row["training_kind"] else None,
        specialties=tuple(
            SessionSpecialty(specialty=s["specialty"], limit=s.get("limit"))
            for s in loads(row["specialties"], [])
        ),
    )


def session_specialties_json(rows: Iterable[SessionSpecialty]) -> str:
    return dumps([{"specialty": s.specialty, "limit": s.limit} for s in rows])


def profile_model(document: str, files: Iterable[Row] = ()) -> PersonProfile:
    """The stored profile with its uploaded copies as ``FileRef``\\ s (one per field)."""
    data = loads(document, {})
    for f in files:
        section, _, name = str(f["field"]).partition(".")
        data.setdefault(section, {})[name] = {
            "filename": f["original_name"],
            "media_type": f["media_type"],
            "sha256": f["sha256"],
        }
    profile: PersonProfile = structure(data, PersonProfile)
    return profile


def profile_document(profile: PersonProfile) -> str:
    """The profile as stored: without its file references (those are rows of their own)."""
    data = unstructure(profile)
    for section in ("basic", "resume", "qualification"):
        part = data.get(section) or {}
        for key in [k for k, v in part.items() if isinstance(v, dict) and "filename" in v]:
            part[key] = None
    return dumps(data)


def brief_profile(document: str | None, id_number: str, name: str) -> PersonProfile:
    """The parts of a stored profile that lists and state steps read — name, ID number, sex,
    birth date, 职称 and 职称级别 — built without structuring the whole document (class
    selection reads hundreds of them per page). Not for checking a profile: use
    :func:`profile_model`."""
    data = loads(document, {})
    basic, resume = data.get("basic") or {}, data.get("resume") or {}
    born = basic.get("birth_date")
    return PersonProfile(
        basic=BasicInfo(
            id_number=basic.get("id_number") or id_number,
            name=basic.get("name") or name,
            sex=Sex(basic["sex"]) if basic.get("sex") else None,
            birth_date=date.fromisoformat(born) if born else None,
        ),
        resume=Resume(
            title=resume.get("title"),
            title_level=TitleLevel(resume["title_level"]) if resume.get("title_level") else None,
        ),
    )


def recipient_model(text: str | None) -> Recipient | None:
    data = loads(text)
    return None if data is None else structure(data, Recipient)


def registration_model(row: Row, person: PersonProfile, unit_uscc: str) -> Registration:
    return Registration(
        person=person,
        unit_uscc=unit_uscc,
        registration_id=str(row["id"]),
        needs_credit_certificate=row["needs_credit_certificate"],
        training_kind=TrainingKind(row["training_kind"]) if row["training_kind"] else None,
        accommodation=Accommodation(row["accommodation"]) if row["accommodation"] else None,
        specialties=tuple(loads(row["specialties"], [])),
        recipient=recipient_model(row["recipient"]),
        status=RegistrationStatus(row["status"]),
        return_reason=row["return_reason"],
        submitted_on=row["submitted_on"],
    )


def selection_model(row: Row, unit_uscc: str) -> ClassSelection:
    return ClassSelection(
        session_id=str(row["session"]),
        id_number=row["id_number"],
        unit_uscc=unit_uscc,
        specialties=tuple(loads(row["specialties"], [])),
        selected_on=row["selected_on"],
    )


def score_model(row: Row) -> Score:
    return Score(
        session_id=str(row["session"]),
        id_number=row["id_number"],
        passed=bool(row["passed"]),
        specialty=row["specialty"],
        score=row["score"],
        name=row["name"],
    )


def certificate_model(row: Row) -> Certificate:
    cert: Certificate = structure(loads(row["document"]), Certificate)
    return cert


def file_ref(row: Row) -> FileRef:
    return FileRef(filename=row["original_name"], media_type=row["media_type"], sha256=row["sha256"])
