"""Every register example warns as its name says (clean-, low-, medium-, high-: the gravest
level; unreadable-: refused), the committed register schema and warning catalogue are
current, and the schema agrees with the strict structuring."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

import radrules
from radrules import InputError, parse_json
from radrules.schema import register_schema

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "supervision"
AS_OF = date(2026, 11, 26)
FILES = sorted(FOLDER.glob("*.json"))
KINDS = ("clean", "low", "medium", "high", "unreadable")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_warns_as_named(path: Path) -> None:
    kind = path.name.split("-", 1)[0]
    assert kind in KINDS, f"{path.name}: name must start with one of {', '.join(k + '-' for k in KINDS)}"
    data = parse_json(path.read_bytes())
    if kind == "unreadable":
        with pytest.raises(InputError):
            radrules.warnings(data, as_of=AS_OF)
        return
    report = radrules.warnings(data, as_of=AS_OF)
    gravest = min((w.level for w in report.warnings), key=lambda level: level.rank, default=None)
    assert (gravest.value if gravest else "clean") == kind, [w.rule_id for w in report.warnings]


def test_committed_register_schema_is_current() -> None:
    committed = ROOT / "docs" / "schema" / "register.schema.json"
    assert json.loads(committed.read_text("utf-8")) == register_schema(), (
        "run: radrules schema --register --out docs/schema/register.schema.json"
    )


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_schema_and_structuring_agree(path: Path) -> None:
    data = parse_json(path.read_bytes())
    validator = jsonschema.Draft202012Validator(register_schema(), format_checker=jsonschema.FormatChecker())
    try:
        radrules.supervision.as_register(data)
        model_ok = True
    except InputError:
        model_ok = False
    assert validator.is_valid(data) == model_ok
    # a division code that names no county or city is a string to both: warnings() refuses it
    assert model_ok == (path.name != "unreadable-misspelt-key.json")


def test_schema_bounds_lists() -> None:
    worker = register_schema()["$defs"]["RegisteredWorker"]["properties"]
    assert worker["doses"]["maxItems"] == 600


def test_committed_warning_catalogue_is_current() -> None:
    from radrules.supervision.catalogue import markdown

    expected = markdown(radrules.default_registry()) + "\n"
    assert (ROOT / "docs" / "warnings.md").read_text("utf-8") == expected, (
        "run: radrules warning-rules --format markdown > docs/warnings.md"
    )
