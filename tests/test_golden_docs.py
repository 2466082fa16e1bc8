"""The case examples in docs/golden-cases.md are real cases that pass."""

from __future__ import annotations

import re
from pathlib import Path

from radrules.testing import load_cases, run_case

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "golden-cases.md"


def test_documented_cases_run(tmp_path: Path) -> None:
    blocks = [
        b for b in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S) if "- name:" in b
    ]
    assert len(blocks) >= 6
    # the examples name inputs as plugins/<province>/golden/ cases do: ../../../examples/...
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    folder = tmp_path / "plugins" / "doc" / "golden"
    folder.mkdir(parents=True)
    file = folder / "doc.golden.yaml"
    file.write_text("\n".join(blocks), encoding="utf-8")
    cases = load_cases(file)
    assert {c.kind for c in cases} == {
        "check",
        "deadline",
        "period_deadline",
        "notify_divisions",
        "institution_facts",
        "summary",
        "training",
        "password",
        "warnings",
    }
    for case in cases:
        run_case(case)
