"""Bounds on the lists of the model: every input is bounded, so a JSON body of a million
items is refused while it is structured, with a message naming the field, and the JSON
Schema says so (``maxItems``)."""

from __future__ import annotations

from collections.abc import Sized
from typing import Any


class bounded:  # lower case: used like a function, ``validator=bounded(50)``
    """An attrs validator refusing more than ``limit`` items."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, _instance: Any, attribute: Any, value: Sized) -> None:
        if len(value) > self.limit:
            raise ValueError(f"{attribute.name} 最多{self.limit}项，实际为{len(value)}项")
