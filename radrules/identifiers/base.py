"""The error every identifier validator raises."""

from __future__ import annotations

from radrules.errors import RadrulesError


class InvalidValue(RadrulesError, ValueError):
    """A value that does not meet its format; ``reason`` is in Chinese, for the filer."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
