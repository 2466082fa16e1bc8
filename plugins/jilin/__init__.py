"""Jilin (吉林, 22): 吉卫监督发〔2021〕1号 (source 003), on regulating radiation-health technical services.

Rules: work only within the licensed scope, reports outside it are not accepted (第一条,
overriding the national scope rule); missing test items justified (第三条); institutions
from other provinces registered with the provincial institute from 2021-04-01 (第四条);
changes to an institution reported (第五条). Deadlines and summaries: each institution's
semiannual report by 10 July and 10 January, the provincial annual table by 20 January
(第五条). Credit warning and blacklist records in :mod:`.credit` (第六条). Registered under
the ``radrules`` entry-point group as ``jilin``.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

from radrules import (
    Deadline,
    Filing,
    Jurisdiction,
    ParameterSpec,
    ParameterView,
    Rule,
    Summary,
    hookimpl,
)

from . import rules_card, rules_device_test, rules_institution_change  # noqa: F401 - registers the rules
from .book import CODE, book
from .deadline import period_deadline
from .summary import build
from .types import DueDate, RegistrationRequirement, SemiannualDue

PARAMETERS = (
    ParameterSpec(name="semiannual_report_due", type=SemiannualDue),
    ParameterSpec(name="annual_summary_due", type=DueDate),
    ParameterSpec(name="out_of_province_registration", type=RegistrationRequirement),
)


@hookimpl
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    return [
        Jurisdiction(
            code=CODE,
            slug="jilin",
            name="吉林省",
            ruleset=files("radrules_rulesets") / "jilin",
            parameters=PARAMETERS,
        )
    ]


@hookimpl
def radrules_rules() -> Sequence[Rule]:
    return book.rules


@hookimpl
def radrules_period_deadline(period: str, params: ParameterView) -> Deadline | None:
    return period_deadline(period, params)


@hookimpl
def radrules_summary(
    scope: str, period: str, filings: Sequence[Filing], params: ParameterView
) -> Summary | None:
    return build(scope, period, filings, params)
