"""Every example filing checks as its name says: valid-*, warning-*, invalid-*, unreadable-*."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import radrules
from radrules import InputError, parse_json

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AS_OF = date(2026, 11, 26)
# examples/supervision/ holds units' registers, not filings: tests/test_warnings_examples.py;
# examples/exams/ individual registrations for online training, checked below
FILES = sorted(p for p in EXAMPLES.glob("*/*.json") if p.parent.name not in ("supervision", "exams"))
ENROLMENTS = sorted(EXAMPLES.glob("exams/*.json"))
KINDS = ("valid", "warning", "invalid", "unreadable")


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_example_checks_as_named(path: Path) -> None:
    kind = path.name.split("-", 1)[0]
    assert kind in KINDS, f"{path.name}: name must start with one of {', '.join(k + '-' for k in KINDS)}"
    if kind == "unreadable":
        with pytest.raises(InputError):
            radrules.check(parse_json(path.read_bytes()), as_of=AS_OF)
        return
    result = radrules.check(parse_json(path.read_bytes()), as_of=AS_OF)
    if kind in ("valid", "warning"):
        assert result.ok, [f"{f.rule_id} {f.path} {f.message}" for f in result.errors]
        assert bool(result.warnings) == (kind == "warning"), [f.rule_id for f in result.warnings]
    else:
        assert result.errors, "an invalid example must produce at least one error"


@pytest.mark.parametrize("path", ENROLMENTS, ids=[p.name for p in ENROLMENTS])
def test_enrolment_example_checks_as_named(path: Path) -> None:
    """An individual registration (docs/exams.md), checked on its day of registering."""
    kind = path.name.split("-", 1)[0]
    assert kind in ("valid", "warning", "invalid"), path.name
    result = radrules.check_enrolment(parse_json(path.read_bytes()))
    assert result.ok == (kind != "invalid"), [f"{f.rule_id} {f.path} {f.message}" for f in result.errors]
    assert bool(result.warnings) == (kind == "warning"), [f.rule_id for f in result.warnings]
