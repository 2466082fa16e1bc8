"""The ruleset parameters of the warning rules on a unit's register, and their value types.

Thresholds, intervals and the warning policy are all dated data in rulesets/national/
(one file each, with its source), so that a province — or, through the policy's
``local`` entries, a city — changes them without code.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from radrules import (
    ParameterSpec,
    WarningGrading,
    WarningLeadDays,
    WarningLevel,
    WarningRecipients,
)


class AgeReached(StrEnum):
    """From which day someone counts as 年满N周岁: the birthday itself, or the day after."""

    birthday = "birthday"
    day_after_birthday = "day_after_birthday"


@attrs.frozen(kw_only=True)
class MinimumAge:
    years: int
    reached: AgeReached


@attrs.frozen(kw_only=True)
class DoseLimits:
    """Occupational dose limits (mSv): any single year, and any five consecutive years."""

    single_year: float
    five_years: float


REGISTER_PARAMETERS = (
    ParameterSpec(name="worker_minimum_age", type=MinimumAge),
    ParameterSpec(name="pre_job_training_min_days", type=float),
    ParameterSpec(name="training_interval_years", type=int),
    ParameterSpec(name="in_service_training_min_days", type=float),
    ParameterSpec(name="health_exam_interval_years", type=int),
    ParameterSpec(name="dose_gap_max_days", type=int),
    ParameterSpec(name="dose_unmonitored_days", type=int),
    ParameterSpec(name="dose_investigation_level", type=float),
    ParameterSpec(name="dose_limits", type=DoseLimits),
    ParameterSpec(name="device_status_test_interval_years", type=int),
    ParameterSpec(name="licence_verification_years", type=list[int]),
    ParameterSpec(name="warning_grading", type=WarningGrading),
    ParameterSpec(name="warning_lead_days", type=WarningLeadDays),
    ParameterSpec(name="warning_recipients", type=WarningRecipients),
    ParameterSpec(name="warning_level_labels", type=dict[WarningLevel, str]),
)
