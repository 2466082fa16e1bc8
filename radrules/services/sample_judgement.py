"""Judging one device-test sample against its jurisdiction's limits, for forms and lists.

Source 000 §5.1.2.2 5: “定量检测项目内维护有最大值、最小值，则根据输入的值自动判断是否合格”,
and a sample shows 合格 “否” when an item fails and “——” when every item is missing. The
jurisdiction's plugin judges (hook ``radrules_judge_sample``), so a page fills 合格 from a
typed value, and a list shows and filters 合格, exactly as the rules will judge at submission.
"""

from __future__ import annotations

from datetime import date

from radrules import hookspecs
from radrules.answers import SampleJudgement
from radrules.engine.registry import Registry, default_registry
from radrules.model.device_test import Sample


def judge_sample(
    sample: Sample,
    *,
    division_code: str,
    as_of: date,
    registry: Registry | None = None,
    province: str | None = None,
) -> SampleJudgement | None:
    """The judged entries and 合格 of ``sample`` of a client in ``division_code``, under the
    rules in force on ``as_of`` (the catalog in force on each test date); None when no
    jurisdiction of the chain judges device tests."""
    reg = registry or default_registry()
    chain = reg.chain_for(province=province, division_code=division_code)
    found = reg.ask(hookspecs.radrules_judge_sample, chain, sample=sample, params=reg.view(chain, as_of))
    return found[1] if found is not None else None


__all__ = ["judge_sample"]
