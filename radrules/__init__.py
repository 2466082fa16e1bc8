"""radrules: the regulations on radiation-health technical services, as checkable rules.

The public API, for health information systems and plugin authors alike, is what this
module exports (plus :mod:`radrules.hookspecs`). It never imports a web framework or a
database layer.

>>> import radrules
>>> result = radrules.check(filing_json, as_of=date(2026, 11, 26))   # doctest: +SKIP
>>> [f.rule_id for f in result.errors]                                 # doctest: +SKIP
"""

from radrules.accounts import (
    Account,
    FirstLoginStep,
    RegistrationReview,
    ReviewOutcome,
    change_password,
    correct_uscc,
    first_login_steps,
    normalize_uscc,
    validate_login,
)
from radrules.card_results import computed_card_results
from radrules.convert import converter, filing_from_json, parse_json, structure, unstructure
from radrules.documents.tables import Column, Table
from radrules.engine.check import CheckResult, as_filing, check
from radrules.engine.context import RuleContext
from radrules.engine.deadlines import (
    Deadline,
    FilingDeadline,
    NoDeadline,
    PeriodDeadline,
    filing_deadline,
    late_working_days,
    period_deadline,
)
from radrules.engine.explain import Explanation, explain
from radrules.engine.findings import Citation, Finding, ParameterUse, Severity
from radrules.engine.jurisdiction import NATIONAL, Jurisdiction
from radrules.engine.periods import Period, PeriodError, parse_period
from radrules.engine.registry import PluginError, Registry, default_registry, set_default_registry
from radrules.engine.routing import institution_facts, notify_divisions
from radrules.engine.rules import BLOCKABLE_ACTIONS, Rule, RuleBook
from radrules.engine.summary import NoSummary, Skipped, Summary, build_summary
from radrules.engine.view import ParameterView
from radrules.errors import (
    CalendarYearMissing,
    InputError,
    RadrulesError,
    RulesetError,
    UnknownJurisdiction,
    UnknownRule,
)
from radrules.hookspecs import hookimpl
from radrules.identifiers import (
    PROVINCES,
    InvalidValue,
    birth_date_of,
    province_of,
    sex_of,
    validate_division_code,
    validate_email,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_password,
    validate_postcode,
    validate_uscc,
)
from radrules.measurement import Bound, Measurement, Verdict, judge, parse_decimal, parse_measurement
from radrules.model import *  # noqa: F403 - the model is part of the public API
from radrules.model import __all__ as _model_names
from radrules.qc import QcSignatureError, qr_png
from radrules.qc_codes import (
    CHECK_ALPHABET,
    CheckedQcCode,
    InMemoryQcSequence,
    QcCodeCheck,
    QcCodeError,
    QcSequence,
    QcSeries,
    VerifiedQcCode,
    card_verification_url,
    issue_qc_code,
    qc_check_character,
    qc_check_character_ok,
    qc_series_for,
    validate_qc_code,
    verification_base,
    verify_qc_url,
)
from radrules.ruleset.params import DatedValue, Parameter, ParameterSpec
from radrules.workdays import (
    WorkdayCalendar,
    add_working_days,
    default_calendar,
    is_working_day,
    set_default_calendar,
    working_days_between,
)
from radrules.workflow import (
    Action,
    AuditRecord,
    SyncDue,
    Transition,
    TransitionRefused,
    WorkflowPolicy,
    approve,
    attach,
    base_status,
    detach,
    lock_complete,
    record_attachments_sent,
    record_data_sent,
    return_card,
    save_draft,
    submit,
    sync_due,
    withdraw,
    workflow_policy,
)

__version__ = "0.1.0"

__all__ = [
    "BLOCKABLE_ACTIONS",
    "CHECK_ALPHABET",
    "NATIONAL",
    "PROVINCES",
    "CalendarYearMissing",
    "CheckResult",
    "Citation",
    "Column",
    "DatedValue",
    "Deadline",
    "Explanation",
    "FilingDeadline",
    "Finding",
    "InputError",
    "InvalidValue",
    "Jurisdiction",
    "NoDeadline",
    "NoSummary",
    "Parameter",
    "ParameterSpec",
    "ParameterUse",
    "ParameterView",
    "Period",
    "PeriodDeadline",
    "PeriodError",
    "PluginError",
    "RadrulesError",
    "Registry",
    "Rule",
    "RuleBook",
    "RuleContext",
    "RulesetError",
    "Severity",
    "Skipped",
    "Summary",
    "Table",
    "UnknownJurisdiction",
    "UnknownRule",
    "WorkdayCalendar",
    "add_working_days",
    "Account",
    "Action",
    "AuditRecord",
    "Bound",
    "CheckedQcCode",
    "FirstLoginStep",
    "InMemoryQcSequence",
    "Measurement",
    "QcCodeCheck",
    "QcCodeError",
    "QcSeries",
    "QcSequence",
    "QcSignatureError",
    "RegistrationReview",
    "ReviewOutcome",
    "SyncDue",
    "Transition",
    "TransitionRefused",
    "Verdict",
    "VerifiedQcCode",
    "WorkflowPolicy",
    "approve",
    "as_filing",
    "attach",
    "base_status",
    "card_verification_url",
    "change_password",
    "computed_card_results",
    "correct_uscc",
    "detach",
    "first_login_steps",
    "issue_qc_code",
    "qc_series_for",
    "judge",
    "lock_complete",
    "normalize_uscc",
    "parse_decimal",
    "parse_measurement",
    "qc_check_character",
    "qc_check_character_ok",
    "qr_png",
    "record_attachments_sent",
    "record_data_sent",
    "return_card",
    "save_draft",
    "submit",
    "sync_due",
    "validate_login",
    "validate_qc_code",
    "verification_base",
    "verify_qc_url",
    "withdraw",
    "workflow_policy",
    "birth_date_of",
    "build_summary",
    "check",
    "converter",
    "default_calendar",
    "default_registry",
    "explain",
    "filing_deadline",
    "filing_from_json",
    "hookimpl",
    "institution_facts",
    "is_working_day",
    "late_working_days",
    "notify_divisions",
    "parse_json",
    "parse_period",
    "period_deadline",
    "province_of",
    "set_default_calendar",
    "set_default_registry",
    "sex_of",
    "structure",
    "unstructure",
    "validate_division_code",
    "validate_email",
    "validate_id_number",
    "validate_landline",
    "validate_mobile",
    "validate_password",
    "validate_postcode",
    "validate_uscc",
    "working_days_between",
    *_model_names,
]
