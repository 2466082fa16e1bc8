"""The national baseline: the rules of the national report card that apply in every province.

Sources: the national card (国卫规划函〔2021〕184号 附件2, named by 国卫办职健函〔2021〕566号
and by Fujian's notice, source 004 三) and the field descriptions of the platform that
forwards it (source 000 §5.3.4); and the graded warnings on a radiation unit's register
(source 001 §2.3.4: 卫生部令第55号, 第46号, GBZ 128-2019, GB 18871-2002; docs/register.md).
Registered under the ``radrules`` entry-point group as ``national``, like any outside plugin.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

from radrules import NATIONAL, Jurisdiction, ParameterSpec, Rule, hookimpl

from . import (  # noqa: F401 - registers the rules, the warning rules on a unit's register among them
    rules_account,
    rules_card_parties,
    rules_card_qualification,
    rules_card_results,
    rules_dose,
    rules_exam_enrolment,
    rules_register_devices,
    rules_register_doses,
    rules_register_health,
    rules_register_licences,
    rules_register_training,
    rules_register_workers,
    rules_training,
)
from .book import book
from .register_params import REGISTER_PARAMETERS
from .types import DiagnosisPhysicianConditions, DoseBands

PARAMETERS = (
    ParameterSpec(name="hazard_types", type=list[str]),
    ParameterSpec(name="dose_bands", type=DoseBands),
    ParameterSpec(name="monitoring_period_max_days", type=int),
    ParameterSpec(name="monitoring_period_calendar_quarter", type=bool),
    ParameterSpec(name="training_diagnosis_physician", type=DiagnosisPhysicianConditions),
    *REGISTER_PARAMETERS,
)


@hookimpl
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    return [
        Jurisdiction(
            code=NATIONAL,
            slug="national",
            name="全国",
            parent=None,
            ruleset=files("radrules_rulesets") / "national",
            parameters=PARAMETERS,
        )
    ]


@hookimpl
def radrules_rules() -> Sequence[Rule]:
    return book.rules
