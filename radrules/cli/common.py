"""Helpers shared by the sub-commands: exit codes, dates, output formats, progress."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from typing import Any, TextIO

from radrules.errors import RadrulesError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


class UsageError(RadrulesError):
    """A command-line argument that cannot be used."""


def fail(message: str, code: int) -> int:
    print(f"radrules: {message}", file=sys.stderr)
    return code


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates, with a Chinese message on error."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，实际为 {text!r}") from None


def add_format(parser: argparse.ArgumentParser, *, extra: tuple[str, ...] = ()) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json", *extra),
        default="text",
        help="输出格式 / output format (default: text)",
    )


def print_json(data: Any, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


class Progress:
    """A one-line progress display on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int | None, label: str, *, enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0
        self._start = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self._start, 1e-9)
        if self.total:
            share = self.done / self.total
            bar = "█" * int(share * 30)
            text = f"\r{self.label} [{bar:<30}] {self.done}/{self.total} {share:6.1%} {rate:,.0f}/s"
        else:
            text = f"\r{self.label} {self.done} {rate:,.0f}/s"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            sys.stderr.write("\n")
            sys.stderr.flush()
