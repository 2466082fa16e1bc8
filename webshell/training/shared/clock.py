"""The platform's clock for training steps: local time, so that “today” is the day the
users live in (a deadline of 2026-03-01 closes at local midnight, not at UTC's)."""

from __future__ import annotations

from datetime import date, datetime


def now() -> datetime:
    """The current local time, with its offset."""
    return datetime.now().astimezone()


def today() -> date:
    return now().date()


def is_unique_violation(exc: BaseException) -> bool:
    """Whether a database error is a unique constraint refusing a second row (SQLite's
    ``IntegrityError: UNIQUE constraint failed``, PostgreSQL's ``UniqueViolationError``)."""
    name = type(exc).__name__
    return name == "UniqueViolationError" or (name == "IntegrityError" and "UNIQUE" in str(exc).upper())
