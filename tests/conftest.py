"""Shared fixtures: the national example card and a fixed as-of date."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = date(2026, 11, 26)


@pytest.fixture
def card_json() -> dict[str, Any]:
    """A fresh copy of the valid national example filing, to modify in a test."""
    data: dict[str, Any] = json.loads(
        (EXAMPLES / "national" / "valid-protection-testing-card.json").read_text("utf-8")
    )
    return copy.deepcopy(data)


@pytest.fixture
def as_of() -> date:
    return AS_OF
