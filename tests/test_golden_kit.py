"""The golden-case kit itself: a case that expects the wrong thing fails, and says how."""

from __future__ import annotations

from pathlib import Path

import pytest

from radrules.testing import CaseFailure, load_cases, run_case

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "national" / "valid-protection-testing-card.json"
).as_posix()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.golden.yaml"
    path.write_text(text.replace("EXAMPLE", EXAMPLE), "utf-8")
    return path


def test_missing_and_unexpected_findings_are_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
- name: wrong expectation
  article: 测试
  filing: EXAMPLE
  as_of: 2026-11-26
  set: {report_card.filler.phone: "123"}
  expect:
    findings:
      - {rule: NAT.card.uscc, path: report_card.client.uscc}
""",
    )
    (case,) = load_cases(path)
    with pytest.raises(CaseFailure) as info:
        run_case(case)
    text = str(info.value)
    assert "缺少 / missing:    NAT.card.uscc @ report_card.client.uscc" in text
    assert "多出 / unexpected: NAT.card.phones @ report_card.filler.phone" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: x\n  filing: EXAMPLE\n  as_of: 2026-11-26\n  expect: {findings: []}\n", "缺少 article"),
        ("- name: x\n  article: y\n  kind: nonsense\n  expect: {}\n", "未知用例类型"),
        ("- name: x\n  article: y\n  filing: EXAMPLE\n  fling: 1\n  expect: {}\n", "未知键 fling"),
        ("name: [\n", "YAML 格式错误"),
    ],
)
def test_malformed_case_files_fail_loudly(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CaseFailure, match=message):
        load_cases(_write(tmp_path, text))


def test_a_path_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "- name: x\n  article: y\n  filing: EXAMPLE\n  as_of: 2026-11-26\n  set: {report_card.nowhere.deep: 1}\n  expect: {findings: []}\n",
    )
    (case,) = load_cases(path)
    with pytest.raises(CaseFailure, match="路径 report_card.nowhere.deep"):
        run_case(case)
