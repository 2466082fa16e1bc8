"""The Piccolo app of the web shell: its tables and its migrations folder."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig
from radrules_webshell.accounts.tables import Account, Authority, LoginChallenge, LoginCounter, WebSession
from radrules_webshell.applications.tables import AccountApplication
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.clients.tables import Client, Device, MonitoringAssignment, Worker
from radrules_webshell.core.leases import JobLease
from radrules_webshell.exams.tables import (
    ExamAnswer,
    ExamBank,
    ExamEnrolmentRow,
    ExamPlanRow,
    ExamQuestion,
    ExamSitting,
    ExamTrainingRecord,
    ExamWorker,
)
from radrules_webshell.filings.cards.tables import CardAttachment, QcCounter, ReportCard
from radrules_webshell.filings.device_tests.tables import DeviceTestReport
from radrules_webshell.filings.doses.tables import DoseReport
from radrules_webshell.gateway.tables import ApiToken, ClientCertificate, IdempotentRequest, SigningKey
from radrules_webshell.institutions.tables import (
    Institution,
    Instrument,
    QualificationDeclaration,
    StaffMember,
)
from radrules_webshell.jilin_credit.tables import (
    BlacklistEntryRecord,
    BlacklistEntryRow,
    BlacklistHistory,
    CreditRecordRow,
)
from radrules_webshell.notifications.tables import (
    Notification,
    NotificationRead,
    SmsCode,
    SmsDigestItem,
    SmsMessage,
)
from radrules_webshell.portal.tables import PortalArticle, PortalAttachment
from radrules_webshell.registrations.tables import Registration
from radrules_webshell.supervision.archives.tables import (
    ArchiveDose,
    ArchiveHealthExam,
    ArchiveTraining,
    ArchiveTransfer,
    HealthArchive,
    WorkerCertificate,
)
from radrules_webshell.supervision.registers.tables import (
    DeviceTestRecord,
    LicenceProject,
    LicenceVerification,
    RadiationLicence,
    RegisterAttachment,
    SupervisionAdmin,
    UnitProfile,
)
from radrules_webshell.sync.tables import SyncMessage
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.people.tables import TrainingPerson, TrainingPersonFile
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.scores.tables import TrainingScore
from radrules_webshell.training.sessions.tables import (
    TrainingSelection,
    TrainingSelectionSubmission,
    TrainingSession,
)
from radrules_webshell.unit_warnings.tables import UnitWarning, UnitWarningEvent, WarningRun
from radrules_webshell.uploads.tables import Upload

TABLES = (
    Authority,
    Institution,
    Client,
    Account,
    WebSession,
    QualificationDeclaration,
    StaffMember,
    Instrument,
    Device,
    Worker,
    MonitoringAssignment,
    UnitProfile,
    RegisterAttachment,
    RadiationLicence,
    LicenceProject,
    LicenceVerification,
    DeviceTestRecord,
    SupervisionAdmin,
    HealthArchive,
    ArchiveTraining,
    ArchiveHealthExam,
    ArchiveDose,
    WorkerCertificate,
    ArchiveTransfer,
    Upload,
    Registration,
    AuditEvent,
    # supervision (issue 16): portal, Jilin's credit list, delivered warnings
    PortalArticle,
    PortalAttachment,
    CreditRecordRow,
    BlacklistEntryRow,
    BlacklistEntryRecord,
    BlacklistHistory,
    UnitWarning,
    UnitWarningEvent,
    WarningRun,
    SigningKey,
    ClientCertificate,
    ApiToken,
    IdempotentRequest,
    DeviceTestReport,
    DoseReport,
    ReportCard,
    CardAttachment,
    QcCounter,
    SyncMessage,
    Notification,
    NotificationRead,
    SmsMessage,
    SmsDigestItem,
    SmsCode,
    LoginCounter,
    LoginChallenge,
    AccountApplication,
    TrainingPerson,
    TrainingPersonFile,
    TrainingPlan,
    TrainingRegistration,
    TrainingSession,
    TrainingSelection,
    TrainingSelectionSubmission,
    TrainingScore,
    TrainingCertificate,
    ExamBank,
    ExamQuestion,
    ExamPlanRow,
    ExamWorker,
    ExamEnrolmentRow,
    ExamSitting,
    ExamAnswer,
    ExamTrainingRecord,
    JobLease,
)

APP_CONFIG = AppConfig(
    app_name="radrules_webshell",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=[],
    commands=[],
)
