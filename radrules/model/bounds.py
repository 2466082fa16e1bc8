"""Bounds on the lists of the model: every input is bounded, so a JSON body of a million
items is refused while it is structured, with a message naming the field."""

from __future__ import annotations

from collections.abc import Callable, Sized
from typing import Any


def bounded(limit: int) -> Callable[[Any, Any, Sized], None]:
    """An attrs validator refusing more than ``limit`` items."""

    def check(_instance: Any, attribute: Any, value: Sized) -> None:
        if len(value) > limit:
            raise ValueError(f"{attribute.name} 最多{limit}项，实际为{len(value)}项")

    return check
