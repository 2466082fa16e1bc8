"""``radrules explain RULE_ID``: the rule, its window, citations, dated parameters and the documents cited."""

from __future__ import annotations

import argparse
import json

from radrules.cli.common import EXIT_OK, add_format, print_json
from radrules.cli.explain_summary import chinese_summary
from radrules.convert import unstructure
from radrules.engine.explain import Explanation, explain
from radrules.engine.findings import format_citations
from radrules.engine.registry import default_registry
from radrules.engine.serialize import explanation_json
from radrules.supervision.catalogue import warning_lines, warning_summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "explain",
        help="说明规则 / explain a rule",
        description="显示规则的内容、生效期间、法律依据和参数。",
    )
    p.add_argument("rule_id", metavar="RULE_ID")
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    explanation = explain(args.rule_id)
    registry = default_registry()
    # A warning rule (on a unit's register) also says how the warning policy grades it.
    if args.format == "json":
        summary = {"summary_zh": chinese_summary(explanation)}
        print_json(explanation_json(explanation) | summary | warning_summary(registry, args.rule_id))
    else:
        print("\n".join([format_explanation(explanation), *warning_lines(registry, args.rule_id)]))
    return EXIT_OK


def _window(start: object, end: object) -> str:
    return f"{start or '不限'} 至 {end or '今'}"


def format_explanation(e: Explanation) -> str:
    lines = [
        f"{e.rule_id}  {e.title}",
        f"  辖区：{e.jurisdiction}    严重程度：{e.severity.label}（{e.severity.value}）    检查对象：{e.applies_to}",
        f"  生效期间：{_window(e.valid_from, e.valid_to)}",
        f"  所在模块：{e.module}（插件 {e.plugin}）",
    ]
    if e.overrides:
        lines.append(f"  覆盖上级规则：{e.overrides}")
    if e.overridden_by:
        lines.append(f"  被下级规则覆盖：{', '.join(e.overridden_by)}")
    lines.append("  依据：")
    lines += [f"    - {text}" for text in format_citations(e.citations)]
    lines.append("  说明：")
    lines += [f"    {line}" for line in chinese_summary(e)]
    if e.description:
        lines.append("  规则代码的说明（英文，引文为原文）：")
        lines += [f"    {line}" for line in e.description.splitlines()]
    for p in e.parameters:
        lines.append(
            f"  参数 {p.parameter.name}（{p.jurisdiction} 规则集 {p.ruleset_version}）：{p.parameter.description}"
        )
        for v in p.parameter.values:
            # JSON, not repr: string enums inside ruleset values would otherwise show as <Enum.x: 'x'>.
            text = json.dumps(unstructure(v.value), ensure_ascii=False, default=str)
            shown = text if len(text) <= 120 else text[:117] + "..."
            lines.append(f"    {_window(v.valid_from, v.valid_to)}: {shown}")
            lines.append(f"      出处：{'；'.join(format_citations(v.sources))}")
    lines.append("  文献：")
    lines += [f"    - {source.describe()}" for source in e.sources]
    return "\n".join(lines)
