"""Scores typed by hand (source 002 §6.4 成绩信息: per person and specialty 成绩 and 合格),
from the page's table (``id_number.<i>``, ``specialty.<i>``, ``score.<i>``, ``passed.<i>``)
or a JSON list. A row with neither a score nor 合格 is left out; a value of the wrong kind is
refused beside its cell; the score rules check the rest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from radrules_webshell.core.errors import Invalid

from radrules import InputError, Score, structure
from radrules.model.training import LIMITS

PASS = {"合格": True, "passed": True, "true": True, "不合格": False, "failed": False, "false": False}


def _number(text: Any, where: str, errors: dict[str, str]) -> float | None:
    if text in (None, ""):
        return None
    if isinstance(text, bool):
        errors[where] = "成绩应为数字"
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        errors[where] = "成绩应为数字"
        return None
    if not 0 <= value <= 1000:
        errors[where] = "成绩应在0至1000之间"
    return value


def from_form(form: Any, session_id: int) -> list[Score]:
    rows: list[Score] = []
    errors: dict[str, str] = {}
    indexes = sorted(
        {k.split(".", 1)[1] for k in form if k.startswith("id_number.")},
        key=lambda i: int(i) if i.isdigit() else 0,
    )
    if len(indexes) > LIMITS["scores"]:
        raise Invalid(f"一次最多{LIMITS['scores']}行成绩")
    for i in indexes:
        passed_text = (form.get(f"passed.{i}") or "").strip()
        score = _number((form.get(f"score.{i}") or "").strip(), f"score.{i}", errors)
        if not passed_text and score is None:
            continue
        if passed_text not in PASS:
            errors[f"passed.{i}"] = "请选择合格或不合格"
            continue
        rows.append(
            Score(
                session_id=str(session_id),
                id_number=str(form.get(f"id_number.{i}") or ""),
                specialty=(form.get(f"specialty.{i}") or None),
                score=score,
                passed=PASS[passed_text],
            )
        )
    if errors:
        raise Invalid(errors=errors)
    return rows


def from_json(data: Mapping[str, Any], session_id: int) -> list[Score]:
    items = data.get("scores")
    if not isinstance(items, list) or len(items) > LIMITS["scores"]:
        raise Invalid(errors={"scores": f"应为成绩的列表（最多{LIMITS['scores']}行）"})
    rows = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise Invalid(errors={f"scores[{i}]": "应为对象"})
        try:
            score: Score = structure({**item, "session_id": str(session_id)}, Score)
        except InputError as exc:
            where = f"scores[{i}]" + (f".{exc.path}" if exc.path else "")
            raise Invalid(f"{where}：{exc.message}", errors={where: exc.message}) from None
        rows.append(score)
    return rows
