"""Supervision of radiation diagnosis-and-treatment units (source 001): a unit's register
evaluated into graded, classified warnings for the unit and its county and city authorities.

``radrules.warnings(register, as_of=...)`` is the entry point; the warning rules are the
plugins' rules on the register's types, and their levels, categories, lead times and
recipients are ruleset data (:mod:`radrules.supervision.policy`).
"""

from radrules.supervision.context import RegisterContext
from radrules.supervision.dates import add_years, age_reached_on
from radrules.supervision.evaluate import as_register, warnings
from radrules.supervision.policy import (
    Authority,
    Grade,
    LocalLeadDays,
    WarningCategory,
    WarningGrading,
    WarningLeadDays,
    WarningLevel,
    WarningRecipients,
)
from radrules.supervision.rules import REGISTER_TYPES, warning_rule
from radrules.supervision.warning import RegisterWarning, Subject, WarningReport, summarize

__all__ = [
    "REGISTER_TYPES",
    "Authority",
    "Grade",
    "LocalLeadDays",
    "RegisterContext",
    "RegisterWarning",
    "Subject",
    "WarningCategory",
    "WarningGrading",
    "WarningLeadDays",
    "WarningLevel",
    "WarningRecipients",
    "WarningReport",
    "add_years",
    "age_reached_on",
    "as_register",
    "summarize",
    "warning_rule",
    "warnings",
]
