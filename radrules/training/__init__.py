"""Training management (source 002) in the library: the check of training documents, the
registration workflow, class selection against capacities, certificates and their
numbers, signed verification addresses, and what the unit's lists show.

Everything here is part of the public API (re-exported by :mod:`radrules`);
docs/training.md describes it. The rules themselves are in the plugins.
"""

from radrules.training.certificates import (
    CertificateDue,
    CertificateExtension,
    CertificatesDue,
    add_certificate_to_profile,
    certificates_due,
    issue_certificate,
    passes,
    revoke_certificate,
)
from radrules.training.check import (
    TRAINING_DOCUMENT_TYPES,
    TrainingContext,
    as_training,
    check_training,
    training_index,
    training_of,
)
from radrules.training.index import TrainingIndex
from radrules.training.numbers import (
    CertificateError,
    CertificateNumberFormat,
    CertificateSequence,
    CertificateSeries,
    certificate_format,
    certificate_number_problems,
    certificate_series,
    format_certificate_number,
    issue_certificate_number,
)
from radrules.training.selection import (
    NO_CLASS_MESSAGE,
    SessionSeats,
    SpecialtySeats,
    candidates,
    overlap,
    placement_conflict,
    selectable_sessions,
    selection_open,
    selection_totals,
    session_seats,
)
from radrules.training.status import (
    plan_action,
    registration_open,
    score_query_range,
    scores_complete,
    unit_plan_status,
    unit_plan_status_of,
)
from radrules.training.verification import (
    certificate_verification_base,
    certificate_verification_url,
    verify_certificate_url,
)
from radrules.training.vocabulary import (
    PlanTypeChoice,
    QualificationChoice,
    TrainingVocabulary,
    training_vocabulary,
)
from radrules.training.workflow import (
    EDITABLE_REGISTRATIONS,
    RegistrationAction,
    RegistrationAudit,
    RegistrationRefused,
    RegistrationTransition,
    approve_registration,
    cancel_registration,
    remove_registration,
    return_registration,
    submit_registration,
)

__all__ = [
    "EDITABLE_REGISTRATIONS",
    "NO_CLASS_MESSAGE",
    "TRAINING_DOCUMENT_TYPES",
    "CertificateDue",
    "CertificateError",
    "CertificateExtension",
    "CertificateNumberFormat",
    "CertificateSequence",
    "CertificateSeries",
    "CertificatesDue",
    "PlanTypeChoice",
    "QualificationChoice",
    "RegistrationAction",
    "RegistrationAudit",
    "RegistrationRefused",
    "RegistrationTransition",
    "SessionSeats",
    "SpecialtySeats",
    "TrainingContext",
    "TrainingIndex",
    "TrainingVocabulary",
    "add_certificate_to_profile",
    "approve_registration",
    "as_training",
    "cancel_registration",
    "candidates",
    "certificate_format",
    "certificate_number_problems",
    "certificate_series",
    "certificate_verification_base",
    "certificate_verification_url",
    "certificates_due",
    "check_training",
    "format_certificate_number",
    "issue_certificate",
    "issue_certificate_number",
    "overlap",
    "passes",
    "placement_conflict",
    "plan_action",
    "registration_open",
    "remove_registration",
    "return_registration",
    "revoke_certificate",
    "score_query_range",
    "scores_complete",
    "selectable_sessions",
    "selection_open",
    "selection_totals",
    "session_seats",
    "submit_registration",
    "training_index",
    "training_of",
    "training_vocabulary",
    "unit_plan_status",
    "unit_plan_status_of",
    "verify_certificate_url",
]
