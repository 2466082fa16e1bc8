"""radrules: the regulations on radiation-health technical services, as checkable rules.

The public API, for health information systems and plugin authors alike, is what this
module exports (plus :mod:`radrules.hookspecs`). It never imports a web framework or a
database layer.

>>> import radrules
>>> result = radrules.check(filing_json, as_of=date(2026, 11, 26))   # doctest: +SKIP
>>> [f.rule_id for f in result.errors]                                 # doctest: +SKIP
"""

from radrules.convert import converter, filing_from_json, parse_json, structure, unstructure
from radrules.engine.check import CheckResult, as_filing, check
from radrules.engine.context import RuleContext
from radrules.engine.deadlines import Deadline
from radrules.engine.explain import Explanation, explain
from radrules.engine.findings import Citation, Finding, ParameterUse, Severity
from radrules.engine.jurisdiction import NATIONAL, Jurisdiction
from radrules.engine.registry import PluginError, Registry, default_registry, set_default_registry
from radrules.engine.rules import Rule, RuleBook
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
from radrules.model import *  # noqa: F403 - the model is part of the public API
from radrules.model import __all__ as _model_names
from radrules.ruleset.params import DatedValue, Parameter, ParameterSpec

__version__ = "0.1.0"

__all__ = [
    "NATIONAL",
    "PROVINCES",
    "CalendarYearMissing",
    "CheckResult",
    "Citation",
    "DatedValue",
    "Deadline",
    "Explanation",
    "Finding",
    "InputError",
    "InvalidValue",
    "Jurisdiction",
    "Parameter",
    "ParameterSpec",
    "ParameterUse",
    "ParameterView",
    "PluginError",
    "RadrulesError",
    "Registry",
    "Rule",
    "RuleBook",
    "RuleContext",
    "RulesetError",
    "Severity",
    "UnknownJurisdiction",
    "UnknownRule",
    "as_filing",
    "birth_date_of",
    "check",
    "converter",
    "default_registry",
    "explain",
    "filing_from_json",
    "hookimpl",
    "parse_json",
    "province_of",
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
    *_model_names,
]
