"""``radrules check --jobs N``: bulk checking on several cores, output in input order.

The inputs are cut into chunks — byte ranges of whole lines of a .jsonl file, or batches
of documents from .json files and standard input — which worker processes check with the
same per-document code as the one-process path (:func:`check_one`). Each chunk comes back
as its finished output (stdout text, stderr text, JSON results and counts), and the parent
writes the chunks in the order they were read, so the output and the exit code are those
of ``--jobs 1``. At most ``4 × jobs`` chunks are in flight, so memory stays bounded for
any file size. No regulation is encoded here; the rules are the plugins'.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs

from radrules.cli.check_output import Options, Outcome, render
from radrules.cli.common import documents
from radrules.convert_fast import filing_from_text
from radrules.engine.check import CheckResult, check
from radrules.engine.registry import Registry, default_registry
from radrules.errors import InputError

CHUNK_BYTES = 1 << 20  # a .jsonl chunk: about 400 cards of 2.5 kB
CHUNK_DOCUMENTS = 200  # a batch of .json files or stdin lines
NOT_UTF8 = "文件不是 UTF-8 编码的文本"


def default_jobs() -> int:
    """The cores this process may run on (the affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_one(
    options: Options,
    registry: Registry,
    source: str,
    payload: str | bytes | InputError,
    out: Outcome,
) -> None:
    """Check one document and append its output to ``out`` (shared by both paths)."""
    try:
        if isinstance(payload, InputError):
            raise payload
        result: CheckResult = check(
            filing_from_text(payload),
            as_of=options.as_of,
            province=options.province,
            registry=registry,
        )
    except InputError as exc:
        out.unreadable += 1
        out.stderr.append(f"radrules: {exc.with_source(source)}\n")
        return
    out.checked += 1
    if not result.ok:
        out.failing += 1
    render(options, source, result, out)


@attrs.frozen
class FileChunk:
    """Whole lines ``offset … offset + length`` of a .jsonl file; its first line's number."""

    path: str
    offset: int
    length: int
    first_line: int


@attrs.frozen
class Batch:
    """Documents already read by the parent (.json files, standard input)."""

    items: tuple[tuple[str, str | bytes | InputError], ...]


Chunk = FileChunk | Batch


def _lines_of(chunk: FileChunk) -> Iterator[tuple[str, str | bytes | InputError]]:
    with Path(chunk.path).open("rb") as handle:
        handle.seek(chunk.offset)
        data = handle.read(chunk.length)
    number = chunk.first_line
    for raw in data.split(b"\n"):
        if raw.strip():
            try:
                yield f"{chunk.path}:{number}", raw.decode("utf-8")
            except UnicodeDecodeError:
                yield f"{chunk.path}:{number}", InputError(NOT_UTF8)
        number += 1


def run_chunk(options: Options, chunk: Chunk) -> Outcome:
    """A worker's task: check every document of one chunk."""
    registry = default_registry()
    out = Outcome()
    items = _lines_of(chunk) if isinstance(chunk, FileChunk) else iter(chunk.items)
    for source, payload in items:
        check_one(options, registry, source, payload, out)
    return out


def chunks(paths: list[str]) -> Iterator[Chunk]:
    """The inputs as chunks, in input order: regular .jsonl files by byte ranges of whole
    lines (the workers read them), everything else through :func:`documents` in batches."""
    batch: list[tuple[str, str | bytes | InputError]] = []
    for name in paths:
        path = Path(name)
        if name != "-" and path.suffix == ".jsonl" and path.is_file():
            if batch:
                yield Batch(tuple(batch))
                batch = []
            yield from _file_chunks(name)
            continue
        for item in documents([name]):
            batch.append(item)
            if len(batch) >= CHUNK_DOCUMENTS:
                yield Batch(tuple(batch))
                batch = []
    if batch:
        yield Batch(tuple(batch))


def _file_chunks(name: str) -> Iterator[FileChunk]:
    offset, line = 0, 1
    with Path(name).open("rb") as handle:
        while block := handle.read(CHUNK_BYTES):
            cut = len(block)
            if cut == CHUNK_BYTES:  # end the chunk at its last whole line
                cut = block.rfind(b"\n") + 1
                if cut == 0:  # one line longer than a chunk: take all of it
                    block += handle.readline()
                    cut = len(block)
                handle.seek(offset + cut)
            yield FileChunk(name, offset, cut, line)
            line += block.count(b"\n", 0, cut)
            offset += cut


def run_parallel(options: Options, paths: list[str], jobs: int, progress: Any) -> Outcome:
    """Check the inputs on ``jobs`` processes, writing each chunk's output in input order."""
    source = chunks(paths)
    first = list(_take(source, 2))
    total = Outcome()
    if len(first) < 2:  # too little to be worth starting processes
        for chunk in first:
            _emit(run_chunk(options, chunk), total, progress)
        return total
    default_registry()  # loaded once here, inherited by forked workers
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pending: deque[Future[Outcome]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        queue = iter([*first, *source])
        for chunk in queue:
            pending.append(pool.submit(run_chunk, options, chunk))
            if len(pending) >= 4 * jobs:
                _emit(pending.popleft().result(), total, progress)
        while pending:
            _emit(pending.popleft().result(), total, progress)
    return total


def _take(items: Iterator[Chunk], n: int) -> Iterator[Chunk]:
    for _ in range(n):
        item = next(items, None)
        if item is None:
            return
        yield item


def _emit(out: Outcome, total: Outcome, progress: Any) -> None:
    if out.stderr:
        sys.stderr.write("".join(out.stderr))
    if out.stdout:
        sys.stdout.write("".join(out.stdout))
    progress.step(out.checked + out.unreadable)
    total.add(out)
