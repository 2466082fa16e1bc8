"""The committed training JSON Schema matches the model and agrees with strict structuring."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from radrules import InputError, TrainingFiling, parse_json, structure
from radrules.schema import training_schema

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "schema" / "training.schema.json"
EXAMPLES = sorted((ROOT / "examples" / "training").glob("*/*.json"))


def test_committed_training_schema_is_current() -> None:
    assert json.loads(COMMITTED.read_text("utf-8")) == training_schema(), (
        "run: radrules schema --training --out docs/schema/training.schema.json"
    )


def _agree(data: object) -> tuple[bool, bool]:
    validator = jsonschema.Draft202012Validator(training_schema(), format_checker=jsonschema.FormatChecker())
    try:
        structure(data, TrainingFiling)
        model_ok = True
    except InputError:
        model_ok = False
    return validator.is_valid(data), model_ok


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_schema_and_structuring_agree_on_examples(path: Path) -> None:
    assert _agree(parse_json(path.read_bytes())) == (True, True)


def test_labels_are_titles_and_bounds_are_max_items() -> None:
    person = training_schema()["$defs"]["BasicInfo"]["properties"]["mobile"]
    assert person["title"] == "手机号码"
    assert training_schema()["$defs"]["TrainingFiling"]["properties"]["registrations"]["maxItems"] == 5000


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["registrations"][0].update(speciality=[]),  # unknown key
        lambda d: d["registrations"][0].update(training_kind="initial_training"),  # not in the vocabulary
        lambda d: d["plan"].update(deadline="2026/03/31"),  # not ISO 8601
        lambda d: d["registrations"][0]["person"]["resume"].update(
            years_in_field="12"
        ),  # a string for a number
        lambda d: d.update(registrations=d["registrations"] * 2501),  # over maxItems
    ],
    ids=["unknown-key", "vocabulary", "date", "type", "too-many"],
)
def test_schema_and_structuring_refuse_the_same(edit: object) -> None:
    data = parse_json((ROOT / "examples" / "training" / "jiangsu" / "valid-registration.json").read_bytes())
    edit(data)  # type: ignore[operator]
    assert _agree(data) == (False, False)
