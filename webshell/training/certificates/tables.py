"""The certificate table (合格证书, source 002 §6.4): one per person per session.

``document`` is the :class:`radrules.Certificate` as issued — what the PDF prints and the
public verification page shows. ``key`` keeps one certificate per person per session,
revoked ones included (a revoked certificate is not silently replaced). Numbers are drawn
from the database counter the QC codes use (``qc_counter``), under the certificate series'
own key, so two issues at once never share a number.

A certificate a passed online exam issues (:mod:`radrules_webshell.exams.certificates`) has
no class: ``session`` and ``institution`` are empty, ``exam_sitting`` names the sitting that
passed and ``key`` is ``exam:<plan id>|<ID number>`` — one per worker per plan.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.exams.tables import ExamSitting
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.sessions.tables import TrainingSession


class TrainingCertificate(Table, tablename="training_certificate"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    number = Varchar(length=40, unique=True)
    session = ForeignKey(TrainingSession, on_delete=OnDelete.restrict, index=True)
    registration = ForeignKey(TrainingRegistration, null=True, on_delete=OnDelete.set_null)
    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    #: The passed online exam that issued it (then no session or institution).
    exam_sitting = ForeignKey(ExamSitting, null=True, on_delete=OnDelete.restrict, index=True)
    #: ``<session id>|<ID number>``, or ``exam:<exam plan id>|<ID number>``.
    key = Varchar(length=40, unique=True)
    id_number = Varchar(length=18, index=True)
    name = Varchar(length=100)
    #: ``CertificateStatus`` value.
    status = Varchar(length=20, default="valid", index=True)
    issued_on = Date(index=True)
    revoked_on = Date(null=True, default=None)
    revoke_reason = Text(null=True, default=None)
    #: JSON of ``radrules.Certificate``.
    document = Text()
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
