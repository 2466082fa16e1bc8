"""Bounds on the lists of the model: every input is bounded, so a JSON body of a million
items is refused while it is structured, with a message naming the field, and the JSON
Schema says so (``maxItems``).

A field declared with ``validator=bounded(n)`` holds at most ``n`` items. The validator
refuses a longer list built in Python; :mod:`radrules.convert` reads the same bound
(:func:`limit_of`) and refuses a longer JSON array *before* structuring a single item of
it — a validator alone would only run once all million items had been structured. Any
other list is held to :data:`DEFAULT_MAX_ITEMS`, a backstop far above every real filing.
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

#: Longest list of any field without its own bound.
DEFAULT_MAX_ITEMS = 100_000


class bounded:  # lower case: used like a function, ``validator=bounded(50)``
    """An attrs validator refusing more than ``limit`` items."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, _instance: Any, attribute: Any, value: Sized) -> None:
        if len(value) > self.limit:
            raise ValueError(f"{attribute.name} 最多{self.limit}项，实际为{len(value)}项")


def limit_of(field: Any) -> int | None:
    """The bound an attrs field declares with :class:`bounded`, or None."""
    limit = getattr(field.validator, "limit", None)
    return limit if isinstance(limit, int) else None
