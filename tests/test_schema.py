"""The committed JSON Schema matches the model, and it agrees with the strict structuring."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from radrules import InputError, filing_from_json, parse_json
from radrules.schema import filing_schema

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "schema" / "filing.schema.json"


def test_committed_schema_is_current() -> None:
    assert json.loads(COMMITTED.read_text("utf-8")) == filing_schema(), (
        "run: radrules schema --out docs/schema/filing.schema.json"
    )


@pytest.mark.parametrize(
    "path",
    sorted(p for p in ROOT.glob("examples/*/*.json") if p.parent.name not in ("supervision", "exams")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_schema_and_structuring_agree_on_examples(path: Path) -> None:
    data = parse_json(path.read_bytes())
    validator = jsonschema.Draft202012Validator(filing_schema(), format_checker=jsonschema.FormatChecker())
    schema_ok = validator.is_valid(data)
    try:
        filing_from_json(data)
        model_ok = True
    except InputError:
        model_ok = False
    assert schema_ok == model_ok
    assert model_ok == (not path.name.startswith("unreadable-"))


def test_committed_rule_catalogue_is_current() -> None:
    from radrules.cli.rules_cmd import markdown, selected
    from radrules.engine.registry import default_registry

    registry = default_registry()
    expected = markdown(registry, selected(registry, None, None)) + "\n"
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == expected, (
        "run: radrules rules --format markdown > docs/rules.md"
    )
