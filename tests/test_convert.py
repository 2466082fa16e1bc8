"""Strict JSON structuring: every refusal names the JSON path and says what is wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest

import radrules
from radrules import Filing, InputError, ServiceField, filing_from_json, parse_json, unstructure


def _error(data: Any) -> InputError:
    with pytest.raises(InputError) as info:
        filing_from_json(data)
    return info.value


def test_example_round_trips_through_json(card_json: dict[str, Any]) -> None:
    filing = filing_from_json(card_json)
    assert isinstance(filing, Filing)
    assert filing.report_card is not None
    assert filing.report_card.service_field is ServiceField.protection_testing
    again = filing_from_json(json.loads(json.dumps(unstructure(filing))))
    assert again == filing


def test_unknown_key_names_path_and_nearest_key(card_json: dict[str, Any]) -> None:
    card_json["report_card"]["participants"][1]["id_numbr"] = card_json["report_card"]["participants"][1].pop(
        "id_number"
    )
    err = _error(card_json)
    assert err.path == "report_card.participants[1].id_numbr"
    assert "是否应为 id_number" in err.message


def test_unknown_top_level_key(card_json: dict[str, Any]) -> None:
    card_json["reportcard"] = card_json.pop("report_card")
    err = _error(card_json)
    assert err.path == "reportcard"
    assert "report_card" in err.message


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["results", "protection_testing", "workplace", "points_tested"], "48", '应为整数，实际为 "48"'),
        (["results", "protection_testing", "workplace", "points_tested"], True, "应为整数，实际为 true"),
        (["results", "protection_testing", "workplace", "points_tested"], 4.0, "应为整数，实际为 4.0"),
        (["report_no"], None, "应为字符串，实际为 null"),
        (["report_no"], 158, "应为字符串，实际为 158"),
        (["report_issued_on"], "2026/10/20", "日期"),
        (["report_issued_on"], "2026-02-30", "有效日期"),
        (["service_field"], "protection_test", "是否应为 protection_testing"),
        (["participants"], {}, "应为数组"),
        (["institution"], [], "应为对象"),
        (["results", "protection_testing", "workplace", "hazard_types"], "X射线", "应为数组"),
    ],
)
def test_wrong_types_name_path_and_value(
    card_json: dict[str, Any], path: list[str], value: Any, expected: str
) -> None:
    target = card_json["report_card"]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    err = _error(card_json)
    assert err.path == "report_card." + ".".join(path)
    assert expected in err.message


def test_missing_required_key(card_json: dict[str, Any]) -> None:
    del card_json["report_card"]["client"]["uscc"]
    err = _error(card_json)
    assert (err.path, err.message) == ("report_card.client.uscc", "缺少必填字段")


def test_time_zone_offsets_are_refused(card_json: dict[str, Any]) -> None:
    card_json["report_card"]["participants"][0]["duties"][0]["periods"][0]["start"] = "2026-10-12T09:00+08:00"
    assert "不带时区" in _error(card_json).message


def test_not_an_object() -> None:
    assert "应为 JSON 对象" in _error([1, 2]).message


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(InputError, match="第2行第5列"):
        parse_json('{"a": 1,\n    }')


def test_json_refuses_nan_and_other_encodings() -> None:
    with pytest.raises(InputError, match="NaN"):
        parse_json('{"a": NaN}')
    with pytest.raises(InputError, match="UTF-8"):
        parse_json("{}".encode("utf-16"))
    assert parse_json(b"\xef\xbb\xbf{}") == {}


def test_public_api_does_not_pull_in_web_or_database_layers() -> None:
    import subprocess
    import sys

    code = "import sys, radrules; print(sorted(m for m in ('litestar', 'piccolo', 'radrules_webshell', 'radrules_plugins') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert radrules.__version__
