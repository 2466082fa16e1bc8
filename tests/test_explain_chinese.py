"""``radrules explain`` says in Chinese what a rule checks (issue 18, smaller things)."""

from __future__ import annotations

import json

import pytest

from radrules.cli import main


def test_the_text_explains_in_chinese_before_the_code_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "NAT.dose.period-length"]) == 0
    out = capsys.readouterr().out
    said = out.split("  说明：\n", 1)[1]
    assert said.startswith("    检查个人剂量监测报告：个人剂量监测周期最长90天")
    assert "不符合时为“错误”，阻止提交。" in said
    assert "（monitoring_period_max_days），最近的取值为 90（2007-11-01 起）" in said
    assert said.index("规则代码的说明（英文") > said.index("阻止提交")


def test_warnings_say_they_do_not_block(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "JS.declaration.calibration-lapsed", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary_zh"][0] == "检查放射卫生服务机构资质申报：仪器的校验已过检验周期（提醒审核人员）。"
    assert "不阻止提交" in data["summary_zh"][1]
