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
    ParameterSpec(name="worker_minimum_age", type=MinimumAge, description="放射工作人员的最低年龄"),
    ParameterSpec(name="pre_job_training_min_days", type=float, description="岗前培训的最短时间（天）"),
    ParameterSpec(name="training_interval_years", type=int, description="两次培训的最长间隔（年）"),
    ParameterSpec(
        name="in_service_training_min_days", type=float, description="每次在岗培训的最短时间（天）"
    ),
    ParameterSpec(
        name="health_exam_interval_years", type=int, description="两次在岗职业健康检查的最长间隔（年）"
    ),
    ParameterSpec(name="dose_gap_max_days", type=int, description="两个监测周期之间最长的未监测天数"),
    ParameterSpec(
        name="dose_unmonitored_days", type=int, description="最近监测周期结束后多少天仍无结果即为未监测"
    ),
    ParameterSpec(name="dose_investigation_level", type=float, description="个人剂量的年调查水平（mSv）"),
    ParameterSpec(name="dose_limits", type=DoseLimits, description="职业照射剂量限值（mSv）"),
    ParameterSpec(
        name="device_status_test_interval_years", type=int, description="两次状态检测的最长间隔（年）"
    ),
    ParameterSpec(
        name="licence_verification_years", type=list[int], description="放射诊疗许可证的校验期（年）可取的值"
    ),
    ParameterSpec(name="warning_grading", type=WarningGrading, description="每条预警规则的等级与类别"),
    ParameterSpec(name="warning_lead_days", type=WarningLeadDays, description="提醒提前的天数"),
    ParameterSpec(
        name="warning_recipients", type=WarningRecipients, description="各等级预警通知的卫生健康行政部门"
    ),
    ParameterSpec(
        name="warning_level_labels", type=dict[WarningLevel, str], description="预警等级的中文名称"
    ),
)
