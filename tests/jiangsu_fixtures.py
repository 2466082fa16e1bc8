"""Shared loading of the Jiangsu examples for the tests (imported, not a conftest, to stay
clear of the other branches' fixtures)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from radrules import Filing, parse_json, structure

EXAMPLES = Path(__file__).parent.parent / "examples" / "jiangsu"
PT = EXAMPLES / "valid-medical-protection-testing-from-device-tests.json"
DM = EXAMPLES / "valid-medical-dose-monitoring-from-dose-report.json"


@cache
def _raw(path: Path) -> Any:
    return parse_json(path.read_bytes())


def raw(path: Path = PT) -> Any:
    """The example's JSON, a fresh copy to edit."""
    return copy.deepcopy(_raw(path))


def filing(path: Path = PT, data: Any = None) -> Filing:
    return structure(data if data is not None else raw(path), Filing)
