"""Loading the Jiangsu training examples (examples/training/jiangsu/) in tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from radrules import TrainingFiling, structure

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "training" / "jiangsu"
_cache: dict[str, Any] = {}


def example_json(name: str) -> dict[str, Any]:
    """A fresh copy of ``examples/training/jiangsu/<name>.json``, to edit in a test."""
    if name not in _cache:
        _cache[name] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return copy.deepcopy(_cache[name])


def example(name: str) -> TrainingFiling:
    return structure(example_json(name), TrainingFiling)
