"""The Jiangsu training examples, loaded fresh for each test."""

from __future__ import annotations

import pytest
from training_helpers import example

from radrules import TrainingFiling


@pytest.fixture
def registration() -> TrainingFiling:
    return example("valid-registration")


@pytest.fixture
def selection() -> TrainingFiling:
    return example("valid-selection")


@pytest.fixture
def results() -> TrainingFiling:
    return example("valid-scores-and-certificates")
