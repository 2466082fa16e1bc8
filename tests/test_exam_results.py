"""职业健康检查 results as institutions post them (radrules.supervision.exam_results): read
strictly, every problem by its JSON path, a bulk bounded and checked item by item."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from radrules import HealthExamKind, InputError
from radrules.supervision.exam_results import MAX_RESULTS, read_result, read_results

TODAY = date(2026, 12, 6)
GOOD = {
    "unit_uscc": "123201004660012325",
    "name": "李明",
    "id_number": "11010519491231002X",
    "kind": "in_service",
    "examined_on": "2026-11-01",
    "fit": True,
}


def _problems(fn: Any, data: Any) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        fn(data, as_of=TODAY)
    return dict(caught.value.problems)


def test_a_sound_result_becomes_the_register_s_exam() -> None:
    result = read_result(GOOD | {"report_no": "TJ-1"}, as_of=TODAY)
    exam = result.as_exam("宜宾市职业病防治院")
    assert (exam.kind, exam.examined_on, exam.fit, exam.institution) == (
        HealthExamKind.in_service,
        date(2026, 11, 1),
        True,
        "宜宾市职业病防治院",
    )


def test_every_problem_is_named_by_its_path() -> None:
    found = _problems(
        read_result,
        GOOD | {"id_number": "110105194912310021", "examined_on": "2027-01-01", "unit_uscc": "123"},
    )
    assert set(found) == {"id_number", "examined_on", "unit_uscc"}
    assert "校验码" in found["id_number"] and "晚于今天" in found["examined_on"]
    assert "未知字段" in _problems(read_result, GOOD | {"fitt": True})["fitt"]
    assert set(_problems(read_result, GOOD | {"kind": "yearly"})) == {"kind"}
    born_later = _problems(read_result, GOOD | {"examined_on": "1940-01-01"})
    assert "早于出生日期" in born_later["examined_on"]
    assert set(_problems(read_result, GOOD | {"name": " ", "conclusion": "长" * 301})) == {
        "name",
        "conclusion",
    }


def test_a_bulk_reports_every_item_and_is_bounded() -> None:
    items = [GOOD, GOOD | {"fit": "yes"}, GOOD | {"kind": "pre_job", "id_number": "1"}, GOOD]
    found = _problems(read_results, {"results": items})
    assert set(found) == {"results[1].fit", "results[2].id_number", "results[3]"}
    assert "results[0]" in found["results[3]"]  # the same exam twice
    assert set(_problems(read_results, {"results": [GOOD] * (MAX_RESULTS + 1)})) == {"results"}
    assert set(_problems(read_results, {"results": []})) == {"results"}
    assert set(_problems(read_results, {"result": [GOOD]})) == {"result"}
    assert set(_problems(read_results, {"results": {"a": 1}})) == {"results"}
    assert len(read_results({"results": [GOOD, GOOD | {"kind": "departure"}]}, as_of=TODAY)) == 2
