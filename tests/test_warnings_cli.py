"""``radrules warnings`` and ``radrules warning-rules``: exit codes 0/1/2, the JSON shape other
systems read, ID numbers masked in text only, bulk input; ``explain`` of a warning rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from radrules.cli import main, warnings_cmd

SUPERVISION = Path(__file__).resolve().parent.parent / "examples" / "supervision"
CLEAN = SUPERVISION / "clean-hospital-all-in-order.json"
UNDER_18 = SUPERVISION / "high-worker-under-18-at-work.json"
LOW = SUPERVISION / "low-licence-verification-due-in-14-days.json"
THREE = SUPERVISION / "registers-of-three-units.jsonl"
AS_OF = ("--as-of", "2026-11-26")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_warning_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "warnings", str(CLEAN), *AS_OF)
    assert (code, err) == (0, "")
    assert "无预警" in out


def test_only_reminders_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "warnings", str(LOW), *AS_OF)
    assert code == 0
    assert "提醒 NAT.unit.licence.verification-due" in out
    assert "到期日：2026-12-10" in out


def test_a_high_warning_exits_1_and_text_masks_the_id_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "warnings", str(UNDER_18), *AS_OF)
    assert code == 1
    assert "严重预警 NAT.unit.worker.minimum-age 赵小军（511502********0037） workers[2].id_number" in out
    assert "511502200811270037" not in out
    assert "通知：本单位、四川省宜宾市翠屏区（511502）、四川省宜宾市（511500）" in out


def test_json_has_the_contract_shape_and_the_whole_id_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "warnings", str(UNDER_18), *AS_OF, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"as_of", "warnings", "summary"}
    assert data["as_of"] == "2026-11-26"
    (w,) = data["warnings"]
    contract = {"rule_id", "level", "category", "subject", "path", "due", "message", "citations", "notify"}
    assert contract <= set(w)
    assert w["rule_id"] == "NAT.unit.worker.minimum-age"
    assert (w["level"], w["category"], w["path"], w["due"]) == (
        "high",
        "worker",
        "workers[2].id_number",
        None,
    )
    assert w["subject"] == {"kind": "worker", "id": "511502200811270037", "name": "赵小军"}
    assert w["notify"] == ["511502", "511500"]
    assert w["citations"][0]["document"] == "卫生部令第55号"
    assert w["key"] == "12511500MB0000123T/NAT.unit.worker.minimum-age/worker:511502200811270037"
    assert data["summary"]["by_level"] == {"low": 0, "medium": 0, "high": 1}
    assert data["summary"]["registers"] == 1


def test_jsonl_evaluates_each_line_and_sums_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "warnings", str(THREE), *AS_OF, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [w["source"] for w in data["warnings"]] == [f"{THREE}:2", f"{THREE}:3"]
    assert [w["unit"]["name"] for w in data["warnings"]] == ["宜宾市翠屏区妇幼保健院", "宜宾市叙州区人民医院"]
    assert data["summary"] | {"by_category": None} == {
        "registers": 3,
        "actionable": 1,
        "unreadable": 0,
        "total": 2,
        "by_level": {"low": 1, "medium": 0, "high": 1},
        "by_category": None,
    }
    code, out, _ = run(capsys, "warnings", str(THREE), *AS_OF, "--quiet")
    assert "共评估 3 份登记，1 份有预警或严重预警" in out
    assert "宜宾市翠屏区人民医院" not in out  # --quiet leaves out registers without warnings


def test_unreadable_input_exits_2_with_a_one_line_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "warnings", str(SUPERVISION / "unreadable-misspelt-key.json"), *AS_OF)
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "unit_register.workers[0].trainnigs: 未知字段 trainnigs，是否应为 trainings？" in err
    lines = tmp_path / "mixed.jsonl"
    lines.write_text(UNDER_18.read_text("utf-8").replace("\n", "") + "\n{broken\n", encoding="utf-8")
    code, out, err = run(capsys, "warnings", str(lines), *AS_OF)
    assert code == 2  # unreadable outranks warnings
    assert f"{lines}:2: JSON 格式错误" in err
    assert "NAT.unit.worker.minimum-age" in out


def test_as_of_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["warnings", str(CLEAN)])
    assert caught.value.code == 2
    assert "--as-of" in capsys.readouterr().err


def test_an_oversized_register_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warnings_cmd, "MAX_REGISTER_BYTES", 1024 * 1024)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (1024 * 1024 + 1))
    lines = tmp_path / "big.jsonl"
    lines.write_text(
        "x" * (1024 * 1024 + 10) + "\n" + CLEAN.read_text("utf-8").replace("\n", "") + "\n", "utf-8"
    )
    code, _, err = run(capsys, "warnings", str(big), *AS_OF)
    assert code == 2 and "单份数据超过 1 MiB" in err
    code, out, err = run(capsys, "warnings", str(lines), *AS_OF)
    assert code == 2 and f"{lines}:1: 单份数据超过 1 MiB" in err
    assert f"{lines}:2: 宜宾市翠屏区人民医院" in out  # the next line is still read


def test_warning_rules_lists_levels_and_explain_adds_the_grading(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "warning-rules", "--format", "json")
    assert code == 0
    rules = {r["id"]: r for r in json.loads(out)}
    assert rules["NAT.unit.training.due"]["level"] == "low"
    assert rules["NAT.unit.training.due"]["lead_days"] == 30
    assert rules["NAT.unit.dose.single-year-limit"]["recipients"] == ["county", "city"]
    code, out, _ = run(capsys, "explain", "NAT.unit.worker.minimum-age")
    assert "严重预警（high）" in out and "区县卫生健康行政部门、市级卫生健康行政部门" in out
    code, out, _ = run(capsys, "explain", "NAT.card.uscc")
    assert "预警（" not in out  # not a warning rule
    code, out, _ = run(capsys, "explain", "NAT.unit.dose.annual-band", "--format", "json")
    assert json.loads(out)["warning"]["category"] == "dose"
