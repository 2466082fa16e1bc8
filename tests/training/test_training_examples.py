"""Every training example checks as its name says, as of the day it describes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from radrules import check_training, parse_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "training"
FILES = sorted(EXAMPLES.glob("*/*.json"))
#: The day each example is set on (registration before the deadline, selection while open …).
AS_OF = {
    "valid-profiles.json": date(2026, 3, 15),
    "valid-registration.json": date(2026, 3, 15),
    "valid-selection.json": date(2026, 4, 10),
    "valid-scores-and-certificates.json": date(2026, 6, 1),
    "warning-registration-age-and-title.json": date(2026, 3, 15),
    "invalid-selection-over-capacity.json": date(2026, 4, 10),
}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_checks_as_named(path: Path) -> None:
    assert path.name in AS_OF, f"{path.name}: add its as-of day to AS_OF"
    result = check_training(parse_json(path.read_bytes()), as_of=AS_OF[path.name])
    kind = path.name.split("-", 1)[0]
    if kind == "valid":
        assert result.findings == (), [f"{f.rule_id} {f.path} {f.message}" for f in result.findings]
    elif kind == "warning":
        assert result.ok and result.warnings
    else:
        assert kind == "invalid" and result.errors
