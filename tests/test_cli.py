"""The command line: exit codes 0/1/2, one-line reasons on stderr, JSON output, bulk input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from radrules.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

NATIONAL = EXAMPLES / "national"
VALID = NATIONAL / "valid-protection-testing-card.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_card_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(VALID), "--as-of", "2026-11-26")
    assert code == 0
    assert "未发现问题" in out


def test_error_findings_exit_1_with_json_paths(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        str(NATIONAL / "invalid-inconsistent-counts.json"),
        "--as-of",
        "2026-11-26",
        "--format",
        "json",
    )
    assert code == 1
    data = json.loads(out)
    (result,) = data["results"]
    assert result["jurisdictions"] == ["national"]
    paths = {f["path"] for f in result["findings"]}
    assert "report_card.results.protection_testing.workplace.exceeding_points" in paths
    assert all(f["citations"] for f in result["findings"])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d.write_text("{broken", "utf-8"), "JSON 格式错误"),
        (lambda d: d.write_text("[]", "utf-8"), "应为 JSON 对象"),
        (lambda d: d.write_bytes("{}".encode("utf-16")), "UTF-8"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any, reason: str
) -> None:
    target = tmp_path / "card.json"
    make(target)
    code, _, err = run(capsys, "check", str(target))
    assert code == 2
    assert reason in err
    assert str(target) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("unreadable-unknown-key.json", "report_card.report_number"),
        ("unreadable-count-as-text.json", "report_card.results.protection_testing.workplace.points_tested"),
    ],
)
def test_wrong_shape_exits_2_naming_file_and_path(
    capsys: pytest.CaptureFixture[str], name: str, path: str
) -> None:
    code, _, err = run(capsys, "check", str(NATIONAL / name))
    assert code == 2
    assert f"{NATIONAL / name}: {path}:" in err


def test_missing_file_and_bad_usage_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "no-such-file.json")[0] == 2
    with pytest.raises(SystemExit) as info:
        main(["check", str(VALID), "--as-of", "26/11/2026"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    code, _, err = run(capsys, "check", str(VALID), "--province", "atlantis")
    assert code == 2 and "未知辖区" in err


def test_jsonl_bulk_names_the_bad_line_and_checks_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = json.dumps(json.loads(VALID.read_text("utf-8")), ensure_ascii=False)
    bad = json.loads(VALID.read_text("utf-8"))
    bad["report_card"]["client"]["uscc"] = "12330106470089214R"
    lines = [good, json.dumps(bad, ensure_ascii=False), "", '{"report_card": 1}', good]
    target = tmp_path / "cards.jsonl"
    target.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, err = run(capsys, "check", str(target), "--as-of", "2026-11-26", "--format", "jsonl")
    assert code == 2  # one line cannot be read; the others are still checked
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in results] == [f"{target}:1", f"{target}:2", f"{target}:5"]
    assert [r["ok"] for r in results] == [True, False, True]
    assert f"{target}:4: report_card: 应为对象" in err


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "NAT.card.results.hazard-types")
    assert code == 0
    assert "国卫规划函〔2021〕184号" in out and "hazard_types" in out and "2021-02-01" in out
    code, out, _ = run(capsys, "explain", "NAT.card.results.hazard-types", "--format", "json")
    assert json.loads(out)["parameters"][0]["parameter"]["name"] == "hazard_types"
    code, _, err = run(capsys, "explain", "NAT.card.nothing")
    assert code == 2 and "未知规则编号" in err


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        ("id-number", "32010619850312123X", 0),
        ("id-number", "320106198503121231", 1),
        ("uscc", "91350100MA2Y123446", 0),
        ("uscc", "91350100MA2Y123447", 1),
        ("mobile", "13905710001", 0),
        ("landline", "0591-87275326", 0),
        ("postcode", "35000", 1),
        ("email", "fjajjzac@163.com", 0),
        ("password", "Radr!ules24", 0),
        ("password", "Abc123!x", 1),
    ],
)
def test_validate(capsys: pytest.CaptureFixture[str], kind: str, value: str, code: int) -> None:
    got, out, _ = run(capsys, "validate", kind, value)
    assert got == code
    assert out.startswith("有效" if code == 0 else "无效：")


def test_plugins_lists_national(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plugins", "--format", "json")
    assert code == 0
    names = {p["name"]: p for p in json.loads(out)}
    assert names["national"]["jurisdictions"] == ["national"]


def test_installed_script_never_shows_a_traceback(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text('{"report_card": {"institution": "x"}}', "utf-8")
    script = Path(sys.executable).with_name("radrules")
    out = subprocess.run([str(script), "check", str(target)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "report_card.institution: 应为对象" in out.stderr
