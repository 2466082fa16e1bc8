"""Ruleset folders load strictly, and the linter reports every problem with file and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from radrules import ParameterSpec, RulesetError
from radrules.ruleset.lint import lint_tree
from radrules.ruleset.loader import load_ruleset

META = "jurisdiction: '33'\nversion: '1'\ntitle: 测试\n"
SPECS = [ParameterSpec(name="deadline_days", type=int)]


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "zhejiang"
    folder.mkdir()
    (folder / "ruleset.yaml").write_text(META, "utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return folder


GOOD = """
description: 报送期限
values:
  - valid_from: 2022-01-01
    value: 15
    source: {document: 闽卫职健函〔2021〕847号, article: 第五条}
"""


def test_a_good_folder_loads(tmp_path: Path) -> None:
    ruleset = load_ruleset(_folder(tmp_path, {"deadline_days.yaml": GOOD}), SPECS, jurisdiction="33")
    assert ruleset.parameters["deadline_days"].values[0].value == 15


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (GOOD.replace("valid_from", "valid_form"), "values[0].valid_form", "是否应为 valid_from"),
        (GOOD.replace("value: 15", "value: '15'"), "values[0].value", "应为整数"),
        (
            GOOD.replace("    source: {document: 闽卫职健函〔2021〕847号, article: 第五条}\n", ""),
            "values[0]",
            "出处",
        ),
        (
            GOOD
            + "  - valid_from: 2021-01-01\n    valid_to: 2020-01-01\n    value: 1\n    source: {document: 测试文件〔2026〕1号}\n",
            "values[1]",
            "早于",
        ),
    ],
)
def test_bad_values_name_file_and_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    folder = _folder(tmp_path, {"deadline_days.yaml": text})
    with pytest.raises(RulesetError) as info:
        load_ruleset(folder, SPECS)
    assert info.value.file.endswith("deadline_days.yaml")
    assert info.value.key == key
    assert message in info.value.message


def test_impossible_date_names_its_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"deadline_days.yaml": GOOD.replace("2022-01-01", "2022-13-01")})
    with pytest.raises(RulesetError, match="第4行.*无效日期 2022-13-01"):
        load_ruleset(folder, SPECS)


def test_unknown_parameter_file_suggests_the_declared_name(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"deadline_day.yaml": GOOD})
    with pytest.raises(RulesetError, match="是否应为 deadline_days.yaml"):
        load_ruleset(folder, SPECS)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"deadline_days.yaml": "description: [unclosed\n"})
    with pytest.raises(RulesetError, match="第2行"):
        load_ruleset(folder, SPECS)


def test_wrong_jurisdiction_in_meta(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"deadline_days.yaml": GOOD})
    with pytest.raises(RulesetError, match="jurisdiction"):
        load_ruleset(folder, SPECS, jurisdiction="35")


def test_lint_reports_overlaps_gaps_and_unknown_keys_together(tmp_path: Path) -> None:
    overlapping = (
        GOOD + "  - valid_from: 2023-06-01\n    value: 10\n    source: {document: 测试文件〔2026〕1号}\n"
    )
    gap = """
description: 期限
values:
  - valid_from: 2021-02-01
    valid_to: 2021-12-31
    value: 1
    source: {document: 测试文件〔2026〕1号}
  - valid_from: 2022-03-01
    value: 2
    source: {document: 测试文件〔2026〕2号}
"""
    folder = _folder(
        tmp_path,
        {"deadline_days.yaml": overlapping, "other.yaml": gap, "typo.yaml": GOOD.replace("values", "valuse")},
    )
    problems = lint_tree(tmp_path, {"33": SPECS})
    text = "\n".join(str(p) for p in problems)
    assert "生效期间重叠" in text
    assert "插件未声明此参数" in text  # other.yaml and typo.yaml are not declared by the plugin
    undeclared = lint_tree(folder, {})  # a folder no plugin declares: structure and windows only
    text = "\n".join(f"{p.level} {p}" for p in undeclared)
    assert "error" in text and "生效期间重叠" in text
    assert "warning" in text and "2022-01-01 至 2022-02-28 没有取值" in text
    assert "typo.yaml: valuse" in text


def test_shipped_rulesets_lint_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "radrules", "lint-rulesets"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    root = Path(__file__).resolve().parent.parent / "rulesets"
    out = subprocess.run(
        [sys.executable, "-m", "radrules", "lint-rulesets", str(root)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
