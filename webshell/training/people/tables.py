"""Tables of 完善人员信息 (source 002 §3): one profile per person a unit keeps, and its uploads.

The profile is kept whole as radrules JSON (``document``: :class:`radrules.PersonProfile`,
without its file references), so the library checks exactly what is stored; the columns
copy what the list shows and filters on. Uploaded copies (身份证复印件, 职称证书 …) are rows
of :class:`TrainingPersonFile`, one per form field, and become the profile's ``FileRef``\\ s
when it is read — a file is never named by a document that could drift from the uploads.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.uploads.tables import Upload


class TrainingPerson(Table, tablename="training_person"):
    """人员信息 of one member of a unit's staff (§3.5)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.cascade, index=True)
    #: ``<institution id>|<ID number>``: one profile per person in a unit (§3.5 唯一性校验),
    #: held by the database so that two saves at once cannot both add the same person.
    key = Varchar(length=40, unique=True)
    id_number = Varchar(length=18, index=True)
    name = Varchar(length=100, index=True)
    sex = Varchar(length=10, null=True, default=None)
    title = Varchar(length=100, null=True, default=None)
    title_level = Varchar(length=20, null=True, default=None)
    #: JSON list of ``PersonAttribute`` values (人员属性).
    attributes = Text(default="[]")
    #: ``EmploymentStatus`` value: ``in_service`` (在职) or ``departed`` (离职).
    employment = Varchar(length=20, default="in_service", index=True)
    #: JSON of ``radrules.PersonProfile`` (file references left out: see TrainingPersonFile).
    document = Text()
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class TrainingPersonFile(Table, tablename="training_person_file"):
    """An uploaded copy on a profile: ``field`` is its place in the profile (``basic.id_card_copy``)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    person = ForeignKey(TrainingPerson, on_delete=OnDelete.cascade, index=True)
    field = Varchar(length=80)
    upload = ForeignKey(Upload, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())
