"""``radrules lint-rulesets [DIR]``: report unknown keys, bad values, gaps and overlaps."""

from __future__ import annotations

import argparse
from pathlib import Path

from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, add_format, print_json
from radrules.convert import unstructure
from radrules.engine.registry import default_registry
from radrules.ruleset.lint import LintProblem, lint_calendar_folder, lint_folder, lint_tree
from radrules.workdays import default_folder


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lint-rulesets",
        help="检查规则集数据 / lint ruleset folders",
        description="检查规则集目录：未知键、取值错误、生效期间的空档与重叠；日历目录（calendar）中的调休上班日、"
        "假期与年份。不指定目录时检查已加载插件的规则集和工作日日历。",
    )
    p.add_argument("dir", nargs="?", type=Path, metavar="DIR")
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    specs = {code: j.parameters for code, j in registry.jurisdictions.items()}
    problems: list[LintProblem] = []
    if args.dir is not None:
        if not args.dir.is_dir():
            raise UsageError(f"{args.dir}: 目录不存在 / no such directory")
        problems = lint_tree(args.dir, specs)
        checked = str(args.dir)
    else:
        for j in registry.jurisdictions.values():
            if j.ruleset is not None:
                problems += lint_folder(Path(str(j.ruleset)), specs)
        problems += lint_calendar_folder(Path(str(default_folder())))
        checked = "已加载插件的规则集和工作日日历"
    errors = [p for p in problems if p.level == "error"]
    if args.format == "json":
        print_json({"checked": checked, "errors": len(errors), "problems": unstructure(problems)})
    else:
        for problem in problems:
            print(f"{'错误' if problem.level == 'error' else '警告'} {problem}")
        print(f"{checked}：{len(errors)} 个错误，{len(problems) - len(errors)} 个警告")
    return EXIT_FINDINGS if errors else EXIT_OK
