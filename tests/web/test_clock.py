"""The platform's day is China's day, whatever the host's time zone (webshell/core/clock.py).

A host on UTC is still on the previous day for the first eight hours of a Chinese day;
before one clock, some modules took the host's date and others China's, so an account
extended at 06:00 in Beijing ended a day later than the page said."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from radrules_webshell.core import clock

WEBSHELL = Path(__file__).resolve().parents[2] / "webshell"


class _Fixed(datetime):
    """datetime whose now() is 2026-12-06 20:30 UTC (04:30 on 7 December in Beijing)."""

    @classmethod
    def now(cls, tz: object = None) -> _Fixed:  # type: ignore[override]
        instant = datetime(2026, 12, 6, 20, 30, tzinfo=UTC)
        return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)  # type: ignore[return-value, arg-type]


def test_today_is_chinas_date_when_the_host_is_still_on_yesterday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "datetime", _Fixed)
    assert clock.today() == date(2026, 12, 7)
    assert clock.now().utcoffset() is not None and clock.now().hour == 4


def test_a_stored_instant_is_shown_in_chinas_time() -> None:
    stored = datetime(2026, 12, 6, 20, 30)  # naive, as SQLite returns it: UTC
    assert clock.local(stored).strftime("%Y-%m-%d %H:%M") == "2026-12-07 04:30"
    assert clock.local(stored.replace(tzinfo=UTC)) == clock.local(stored)


def _host_clock_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        host_today = name == "today" and isinstance(owner, ast.Name) and owner.id in {"date", "datetime"}
        naive_now = name == "now" and isinstance(owner, ast.Name) and owner.id == "datetime" and not node.args
        host_zone = name == "astimezone" and not node.args
        if host_today or naive_now or host_zone:
            found.append(f"{path.relative_to(WEBSHELL.parent)}:{node.lineno}")
    return found


def test_no_web_shell_module_reads_the_hosts_time_zone() -> None:
    calls = [
        c
        for p in sorted(WEBSHELL.rglob("*.py"))
        if "piccolo_migrations" not in p.parts
        for c in _host_clock_calls(p)
    ]
    assert calls == [], "use radrules_webshell.core.clock (China's date), not the host's: " + ", ".join(calls)
