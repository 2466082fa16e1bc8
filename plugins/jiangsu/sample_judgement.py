"""A sample's items and points judged for a form or a list (hook ``radrules_judge_sample``).

The same judgements the rules and the card's counts use (:mod:`.catalog`, :mod:`.aggregate`):
合格 follows the limit wherever the catalog decides it, the tester's verdict elsewhere; a
sample is 否 when an entry fails and —— when every entry is missing (source 000 §5.1.2.2 5).
"""

from __future__ import annotations

from radrules import EntryJudgement, Sample, SampleJudgement, TestCategory, Verdict

from .aggregate import CatalogOn, judge_items
from .catalog import ItemJudgement, PointJudgement, SampleVerdict, device_type, judge_point


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


def _entry(
    path: str, name: str, judged: ItemJudgement | PointJudgement, requirement: str | None
) -> EntryJudgement:
    return EntryJudgement(
        path=path,
        name=name,
        missing=judged.missing,
        passed=None if judged.missing else judged.effective,
        decided=judged.computed in (Verdict.passed, Verdict.failed),
        requirement=requirement,
        problem=judged.problem,
        justified=judged.justified,
    )


def judge_sample(sample: Sample, catalog_on: CatalogOn) -> SampleJudgement:
    performance: list[EntryJudgement] = []
    protection: list[EntryJudgement] = []
    perf = sample.performance
    if perf is not None and TestCategory.performance in sample.categories:
        for j, (item, judged) in enumerate(
            zip(perf.items, judge_items(sample, catalog_on(perf.tested_on)), strict=True)
        ):
            requirement = judged.reference.requirement if judged.reference else None
            performance.append(_entry(f"performance.items[{j}]", item.item, judged, requirement))
    prot = sample.protection
    if prot is not None and TestCategory.protection in sample.categories:
        catalog = catalog_on(prot.tested_on)
        dtype = device_type(catalog, sample.device.type) if catalog is not None else None
        for k, point in enumerate(prot.points):
            on_point = judge_point(point, dtype)
            limit = on_point.limit.requirement if on_point.limit else None
            protection.append(_entry(f"protection.points[{k}]", point.name, on_point, limit))
    return SampleJudgement(
        entries=tuple(performance + protection),
        verdict=_verdict(performance + protection),
        performance=_verdict(performance),
        protection=_verdict(protection),
    )
