"""A sample's items and points judged for a form or a list (hook ``radrules_judge_sample``).

The same judgements the rules and the card's counts use (:mod:`.catalog`, :mod:`.aggregate`):
合格 follows the limit wherever the catalog decides it, the tester's verdict elsewhere; a
sample is 否 when an entry fails and —— when every entry is missing (source 000 §5.1.2.2 5).
"""

from __future__ import annotations

from radrules import EntryJudgement, Sample, SampleJudgement, TestCategory, Verdict

from .aggregate import CatalogOn, _device_type, judge_items
from .catalog import SampleVerdict, judge_point


def _verdict(entries: list[EntryJudgement]) -> str | None:
    if not entries:
        return None
    if all(e.missing for e in entries):
        return SampleVerdict.all_missing.value
    if any(not e.missing and e.passed is False for e in entries):
        return SampleVerdict.failed.value
    if any(not e.missing and e.passed is None for e in entries):
        return None  # not every entry is judged yet
    return SampleVerdict.passed.value


def judge_sample(sample: Sample, catalog_on: CatalogOn) -> SampleJudgement:
    performance: list[EntryJudgement] = []
    protection: list[EntryJudgement] = []
    perf = sample.performance
    if perf is not None and TestCategory.performance in sample.categories:
        for j, (item, judged) in enumerate(
            zip(perf.items, judge_items(sample, catalog_on(perf.tested_on)), strict=True)
        ):
            performance.append(
                EntryJudgement(
                    path=f"performance.items[{j}]",
                    name=item.item,
                    missing=judged.missing,
                    passed=None if judged.missing else judged.effective,
                    decided=judged.computed in (Verdict.passed, Verdict.failed),
                    requirement=judged.reference.requirement if judged.reference else None,
                    problem=judged.problem,
                    justified=judged.justified,
                )
            )
    prot = sample.protection
    if prot is not None and TestCategory.protection in sample.categories:
        dtype = _device_type(catalog_on(prot.tested_on), sample.device.type)
        for k, point in enumerate(prot.points):
            judged = judge_point(point, dtype)
            protection.append(
                EntryJudgement(
                    path=f"protection.points[{k}]",
                    name=point.name,
                    missing=judged.missing,
                    passed=None if judged.missing else judged.effective,
                    decided=judged.computed is not None,
                    requirement=judged.limit.requirement if judged.limit else None,
                    problem=judged.problem,
                    justified=judged.justified,
                )
            )
    return SampleJudgement(
        entries=tuple(performance + protection),
        verdict=_verdict(performance + protection),
        performance=_verdict(performance),
        protection=_verdict(protection),
    )
