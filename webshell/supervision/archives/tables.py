"""Tables of radiation workers' 健康监护档案 (卫生部令第55号 第七、八、十一、十九条; source 001
module 8) and of their transfer with the worker (module 20).

One :class:`HealthArchive` per worker row: its records — training (第七、八条), 职业健康检查
(第十九条), doses entered (第十一条; submitted dose reports are read where they are) and the
放射工作人员证 (第六条) — hang on the archive, not on the unit, so a transfer moves them whole
by pointing the archive at the worker row of the new unit, in one transaction, and
:class:`ArchiveTransfer` keeps the record of the move for both units.
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, DoublePrecision, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.clients.tables import Client, Worker
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.certificates.tables import TrainingCertificate


class HealthArchive(Table, tablename="health_archive"):
    """The archive of one worker; ``worker`` is the row at the unit that holds it now."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    #: Deleting the worker row deletes its archive with it (as the client's other records).
    worker = ForeignKey(Worker, unique=True, on_delete=OnDelete.cascade)
    #: 档案编号, as the unit numbers it (optional).
    archive_no = Varchar(length=40, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ArchiveTraining(Table, tablename="archive_training"):
    """放射防护和有关法律知识培训 (第七、八条): entered, or from a training certificate."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    archive = ForeignKey(HealthArchive, on_delete=OnDelete.cascade, index=True)
    #: ``radrules.model.WorkerTrainingKind`` value.
    kind = Varchar(length=20)
    ended_on = Date()
    days = DoublePrecision()
    passed = Boolean(default=True)
    organizer = Varchar(length=200, null=True, default=None)
    certificate_no = Varchar(length=100, null=True, default=None)
    #: The certificate of the training module this record was taken from, if any.
    training_certificate = ForeignKey(
        TrainingCertificate, null=True, default=None, on_delete=OnDelete.set_null
    )
    created_at = Timestamptz(default=TimestamptzNow())


class ArchiveHealthExam(Table, tablename="archive_health_exam"):
    """职业健康检查 (第十九条) and its conclusion; ``institution`` is the examining
    职业健康检查机构 when it is one of the web shell's (it may post the result itself)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    archive = ForeignKey(HealthArchive, on_delete=OnDelete.cascade, index=True)
    #: ``radrules.model.HealthExamKind`` value.
    kind = Varchar(length=20)
    examined_on = Date()
    #: 可以从事放射工作 (True) or not.
    fit = Boolean()
    conclusion = Varchar(length=300, null=True, default=None)
    institution_name = Varchar(length=200, null=True, default=None)
    institution = ForeignKey(Institution, null=True, default=None, on_delete=OnDelete.set_null)
    report_no = Varchar(length=100, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class ArchiveDose(Table, tablename="archive_dose"):
    """A dose entered in the archive (第十一条): Hp(10) in mSv of one monitoring period."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    archive = ForeignKey(HealthArchive, on_delete=OnDelete.cascade, index=True)
    period_start = Date()
    period_end = Date()
    hp10 = DoublePrecision()
    institution_name = Varchar(length=200, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class WorkerCertificate(Table, tablename="worker_certificate"):
    """《放射工作人员证》 (第六条); the register's ``certificate_no`` is the latest not cancelled."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    archive = ForeignKey(HealthArchive, on_delete=OnDelete.cascade, index=True)
    number = Varchar(length=100)
    issued_on = Date()
    issuer = Varchar(length=200, null=True, default=None)
    cancelled_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class ArchiveTransfer(Table, tablename="archive_transfer"):
    """The move of an archive to another unit (module 20): requested by the new unit,
    decided by the old unit or the authority; ``status`` ``requested`` → ``approved``
    (moved, ``moved_at``) | ``rejected`` | ``cancelled``. Both units see the row."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    #: None once the archive is gone with its worker row; the copied name and ID number stay.
    archive = ForeignKey(HealthArchive, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    from_client = ForeignKey(Client, on_delete=OnDelete.restrict, index=True)
    to_client = ForeignKey(Client, on_delete=OnDelete.restrict, index=True)
    from_worker = ForeignKey(Worker, null=True, default=None, on_delete=OnDelete.set_null)
    to_worker = ForeignKey(Worker, null=True, default=None, on_delete=OnDelete.set_null)
    #: Copied so that the record reads the same after the rows change.
    worker_name = Varchar(length=100)
    id_number = Varchar(length=18, index=True)
    #: First day of radiation work at the new unit.
    starts_on = Date()
    status = Varchar(length=20, default="requested", index=True)
    reason = Text(null=True, default=None)
    requested_by = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.set_null)
    requested_at = Timestamptz(default=TimestamptzNow())
    decided_by = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)
    decision_note = Text(null=True, default=None)
    #: JSON counts of what moved ({"trainings": n, "health_exams": n, "doses": n, ...}).
    moved = Text(null=True, default=None)
    moved_at = Timestamptz(null=True, default=None)
