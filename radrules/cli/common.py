"""Helpers shared by the sub-commands: exit codes, dates, output formats, progress."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from radrules.errors import InputError, RadrulesError

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


def _too_large(limit: int) -> InputError:
    return InputError(f"单份数据超过 {limit // (1024 * 1024)} MiB，请拆分后再处理 / document too large")


def _lines(source: str, handle: TextIO, limit: int | None) -> Iterator[tuple[str, Any]]:
    number = 0
    while True:
        line = handle.readline(limit + 1) if limit else handle.readline()
        if not line:
            return
        number += 1
        if limit and len(line) > limit and not line.endswith("\n"):
            while line and not line.endswith("\n"):  # skip the rest of the over-long line
                line = handle.readline(limit + 1)
            yield f"{source}:{number}", _too_large(limit)
        elif line.strip():
            # without its newline, as the parallel reader cuts lines, so that a JSON error's
            # position reads the same (第1行第32列, not 第2行第1列) with --jobs 1 and N
            yield f"{source}:{number}", line[:-1] if line.endswith("\n") else line


def documents(paths: list[str], *, max_bytes: int | None = None) -> Iterator[tuple[str, Any]]:
    """(source, JSON text or InputError) for every document in the inputs, lazily: a .json
    file is one document, each non-blank line of a .jsonl file (or of ``-``, stdin) one.
    With ``max_bytes``, a larger document is an InputError and is not read whole."""
    for name in paths:
        if name == "-":
            yield from _lines("<stdin>", sys.stdin, max_bytes)
            continue
        path = Path(name)
        if not path.is_file():
            yield name, InputError("文件不存在或不是普通文件 / no such file")
            continue
        if path.suffix == ".jsonl":
            try:
                with path.open(encoding="utf-8") as handle:
                    yield from _lines(name, handle, max_bytes)
            except UnicodeDecodeError:
                yield name, InputError("文件不是 UTF-8 编码的文本")
            continue
        if max_bytes is not None and path.stat().st_size > max_bytes:
            yield name, _too_large(max_bytes)
            continue
        yield name, path.read_bytes()


def count_documents(paths: list[str]) -> int | None:
    """How many documents :func:`documents` will give (None when reading stdin)."""
    total = 0
    for name in paths:
        path = Path(name)
        if name == "-" or not path.is_file():
            return None if name == "-" else total + 1
        if path.suffix == ".jsonl":
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


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
