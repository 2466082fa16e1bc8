"""The output of ``radrules check`` for one checked filing: text, JSON or JSON Lines."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs

from radrules.cli.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from radrules.engine.check import CheckResult
from radrules.engine.findings import format_citations
from radrules.engine.serialize import result_json


@attrs.frozen
class Options:
    """What each document's check and output depend on (picklable, sent to workers)."""

    as_of: date | None
    province: str | None
    format: str
    quiet: bool


@attrs.define
class Outcome:
    """The finished output of some documents, in their input order."""

    checked: int = 0
    failing: int = 0
    unreadable: int = 0
    stdout: list[str] = attrs.field(factory=list)
    stderr: list[str] = attrs.field(factory=list)
    collected: list[dict[str, Any]] = attrs.field(factory=list)

    def add(self, other: Outcome) -> None:
        self.checked += other.checked
        self.failing += other.failing
        self.unreadable += other.unreadable
        self.collected.extend(other.collected)

    @property
    def worst(self) -> int:
        if self.unreadable:
            return EXIT_INPUT
        return EXIT_FINDINGS if self.failing else EXIT_OK


def render(options: Options, source: str, result: CheckResult, out: Outcome) -> None:
    """One checked document's output, in the chosen format, appended to ``out``."""
    if options.format == "json":
        out.collected.append(result_json(result, source=source))
    elif options.format == "jsonl":
        out.stdout.append(json.dumps(result_json(result, source=source), ensure_ascii=False) + "\n")
    elif result.findings or not options.quiet:
        out.stdout.append(format_result(source, result) + "\n")


def format_result(source: str, result: CheckResult) -> str:
    chain = " → ".join(result.jurisdictions)
    versions = ", ".join(f"{k} {v}" for k, v in result.ruleset_versions.items())
    head = f"{source}: "
    if not result.findings:
        head += "未发现问题"
    else:
        head += f"{len(result.errors)} 个错误，{len(result.warnings)} 个警告"
    lines = [f"{head}（辖区 {chain}；规则集 {versions}；适用日期 {result.as_of.isoformat()}）"]
    for f in result.findings:
        basis = "；".join(format_citations(f.citations))
        lines.append(f"  {f.severity.label} {f.rule_id} {f.path}: {f.message}")
        lines.append(f"      依据：{basis}")
    return "\n".join(lines)
