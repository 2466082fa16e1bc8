"""A sample's 合格 as the rules judge it, for the sample page and the list (source 000
§5.1.2.2 5: “定量检测项目内维护有最大值、最小值，则根据输入的值自动判断是否合格”; 所有项目都为
缺项 → 合格 显示 “——”).

The judging is the jurisdiction's (:func:`radrules.judge_sample`, the catalog's limits with
set values and exposure modes); here it is only placed: a verdict left 未判定 on the form is
filled from the limit wherever the limit decides, each entry is shown with what the limit
says, and the list's 合格 and its filter read the same verdict. A 合格 typed against the
limit is kept — it is the rules' error at submission, beside the field (a retest or a
justified remark is the way out).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from radrules import EntryJudgement, Sample, SampleJudgement, judge_sample

_PATH = re.compile(r"^(performance\.items|protection\.points)\[(\d+)\]$")
_KEYS = {"performance.items": "item", "protection.points": "point"}


def judged(sample: Sample, division_code: str, on: date) -> SampleJudgement | None:
    """The judgement of ``sample`` of a client in ``division_code`` by the rules of ``on``."""
    return judge_sample(sample, division_code=division_code, as_of=on)


def form_key(entry: EntryJudgement) -> str | None:
    """The form row an entry is typed in: ``item_3``, ``point_0``."""
    match = _PATH.match(entry.path)
    return f"{_KEYS[match.group(1)]}_{match.group(2)}" if match else None


def fill_verdicts(data: dict[str, Any], judgement: SampleJudgement | None) -> dict[str, Any]:
    """Sample JSON with every 合格 left 未判定 (``passed`` None) filled from the limit where
    the limit decides; typed verdicts are kept as typed."""
    if judgement is None:
        return data
    for entry in judgement.entries:
        match = _PATH.match(entry.path)
        if not match or not entry.decided or entry.missing or entry.passed is None:
            continue
        part, rows = match.group(1).split(".")
        row = data.get(part, {}).get(rows, [])[int(match.group(2))]
        if row.get("passed") is None:
            row["passed"] = entry.passed
    return data


def hints(judgement: SampleJudgement | None) -> dict[str, dict[str, Any]]:
    """What the limit says of each row, by form row (shown beside its 是否合格)."""
    out: dict[str, dict[str, Any]] = {}
    for entry in judgement.entries if judgement else ():
        key = form_key(entry)
        if key is None:
            continue
        if entry.missing:
            text = "缺项"
        elif entry.decided:
            text = "按参考值：" + ("合格" if entry.passed else "不合格")
        else:
            text = entry.problem or "参考值不能自动判定，以填写的为准"
        out[key] = {
            "text": text,
            "passed": entry.passed,
            "decided": entry.decided,
            "requirement": entry.requirement,
            "justified": entry.justified,
        }
    return out


def list_verdict(judgement: SampleJudgement | None) -> str:
    """合格 on the list: 是, 否, —— (every entry 缺项), or empty while something is not judged."""
    return (judgement.verdict or "") if judgement else ""
