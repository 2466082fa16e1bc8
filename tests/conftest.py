"""Shared fixtures: the national example card and a fixed as-of date."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from radrules import add_sources

ROOT = Path(__file__).resolve().parent.parent
# The fictitious documents the tests' plugins cite, before any test module builds a citation.
add_sources(Path(__file__).with_name("sources.yaml"))
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
