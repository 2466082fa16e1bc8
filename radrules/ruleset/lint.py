"""Linting ruleset folders: unknown keys and files, bad values, gaps and overlaps of windows.

Unlike loading, which stops at the first problem, linting reports every problem it finds.
A folder whose jurisdiction a loaded plugin declares is checked against that plugin's
parameter types; any other folder is checked for structure and windows only. The shared
``calendar`` folder (one file per year of holidays, see docs/calendar.md) is checked for
make-up days that are not weekends, make-up days inside holidays, dates outside the
file's year, overlapping holidays and missing years between the first and the last; the
source catalogue beside them (``sources.yaml``) for its shape and duplicate keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import attrs

from radrules.errors import RulesetError
from radrules.identifiers.division_table import load_table
from radrules.ruleset.calendar_files import read_year, year_files, year_problems
from radrules.ruleset.loader import META_FILE, load_parameter
from radrules.ruleset.params import Parameter, ParameterSpec, RulesetMeta
from radrules.ruleset.sources import SOURCES_FILE, SourceCatalogue
from radrules.ruleset.yaml_files import read_yaml, structure_file

#: Folders of shared data that are not jurisdictions (their own modules check them).
CALENDAR_FOLDER = "calendar"
DIVISIONS_FOLDER = "divisions"
DATA_FOLDERS = frozenset({CALENDAR_FOLDER, DIVISIONS_FOLDER})


@attrs.frozen(kw_only=True)
class LintProblem:
    file: str
    key: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = ": ".join(x for x in (self.file, self.key) if x)
        return f"{where}: {self.message}"


def window_problems(parameter: Parameter, file: str) -> Iterator[LintProblem]:
    """Overlapping windows are errors (two values on one day); gaps are warnings."""
    ordered = sorted(parameter.values, key=lambda v: (v.valid_from is not None, v.valid_from))
    for before, after in pairwise(ordered):
        start = after.valid_from
        if start is None:
            yield LintProblem(file=file, key="values", message="多个取值没有 valid_from，生效期间重叠")
            continue
        if before.valid_to is None or before.valid_to >= start:
            end = before.valid_to.isoformat() if before.valid_to else "不限"
            yield LintProblem(
                file=file,
                key="values",
                message=f"生效期间重叠：{before.valid_from or '不限'}~{end} 与 {start.isoformat()}~{after.valid_to or '不限'}",
            )
        elif before.valid_to + timedelta(days=1) < start:
            yield LintProblem(
                file=file,
                key="values",
                message=f"生效期间有空档：{(before.valid_to + timedelta(days=1)).isoformat()} 至 "
                f"{(start - timedelta(days=1)).isoformat()} 没有取值",
                level="warning",
            )


def lint_folder(
    folder: Path, specs_by_jurisdiction: Mapping[str, Sequence[ParameterSpec]]
) -> list[LintProblem]:
    """Problems of one jurisdiction folder (one holding ``ruleset.yaml``)."""
    problems: list[LintProblem] = []
    meta_file = folder / META_FILE
    try:
        meta: RulesetMeta = structure_file(read_yaml(meta_file, str(meta_file)), RulesetMeta, str(meta_file))
    except RulesetError as exc:
        return [LintProblem(file=exc.file, key=exc.key, message=exc.message)]
    specs = specs_by_jurisdiction.get(meta.jurisdiction)
    by_name = {s.name: s for s in specs} if specs is not None else {}
    seen: set[str] = set()
    for file in sorted(folder.glob("*.yaml")):
        if file.name == META_FILE:
            continue
        name = file.stem
        seen.add(name)
        if specs is not None and name not in by_name:
            near = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.5)
            hint = f"，是否应为 {near[0]}.yaml？" if near else ""
            problems.append(LintProblem(file=str(file), key="", message=f"插件未声明此参数{hint}"))
            continue
        try:
            parameter = load_parameter(file, name, by_name.get(name), str(file))
        except RulesetError as exc:
            problems.append(LintProblem(file=exc.file, key=exc.key, message=exc.message))
            continue
        problems.extend(window_problems(parameter, str(file)))
    for name in sorted(set(by_name) - seen):
        problems.append(LintProblem(file=str(folder), key="", message=f"缺少参数文件 {name}.yaml"))
    return problems


def lint_calendar_folder(folder: Path) -> list[LintProblem]:
    """Problems of the working-day calendar's year files (``rulesets/calendar``)."""
    problems: list[LintProblem] = []
    try:
        files = year_files(folder)
    except RulesetError as exc:
        return [LintProblem(file=exc.file, key=exc.key, message=exc.message)]
    if not files:
        return [LintProblem(file=str(folder), key="", message="日历目录中没有 <年份>.yaml 文件")]
    years: list[int] = []
    for file_year, file in files:
        label = str(file)
        try:
            data = read_year(file, label)
        except RulesetError as exc:
            problems.append(LintProblem(file=exc.file, key=exc.key, message=exc.message))
            continue
        years.append(file_year)
        problems.extend(
            LintProblem(file=label, key=p.key, message=p.message) for p in year_problems(data, file_year)
        )
    for before, after in pairwise(years):
        if after > before + 1:
            missing = "、".join(str(y) for y in range(before + 1, after))
            problems.append(
                LintProblem(
                    file=str(folder),
                    key="",
                    message=f"缺少 {missing} 年的节假日数据，跨越这些年份的工作日计算会报错",
                    level="warning",
                )
            )
    return problems


def lint_divisions_folder(folder: Path) -> list[LintProblem]:
    """Problems of the division table's files (``rulesets/divisions``, docs/divisions.md)."""
    try:
        load_table(folder).info  # noqa: B018 - reading the info loads the township file too
    except RulesetError as exc:
        return [LintProblem(file=exc.file, key=exc.key, message=exc.message)]
    return []


def lint_tree(root: Path, specs_by_jurisdiction: Mapping[str, Sequence[ParameterSpec]]) -> list[LintProblem]:
    """Lint ``root`` if it is a jurisdiction or calendar folder, else each such folder below it."""
    if (root / META_FILE).is_file():
        return lint_folder(root, specs_by_jurisdiction)
    if root.name == CALENDAR_FOLDER:
        return lint_calendar_folder(root)
    if root.name == DIVISIONS_FOLDER:
        return lint_divisions_folder(root)
    problems: list[LintProblem] = []
    if (root / SOURCES_FILE).is_file():
        try:  # a fresh catalogue: the file is checked on its own, not against what is loaded
            SourceCatalogue().load(root / SOURCES_FILE)
        except RulesetError as exc:
            problems.append(LintProblem(file=exc.file, key=exc.key, message=exc.message))
    for child in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        if (child / META_FILE).is_file():
            problems.extend(lint_folder(child, specs_by_jurisdiction))
        elif child.name == CALENDAR_FOLDER:
            problems.extend(lint_calendar_folder(child))
        elif child.name == DIVISIONS_FOLDER:
            problems.extend(lint_divisions_folder(child))
        elif child.name not in DATA_FOLDERS:
            problems.append(
                LintProblem(file=str(child), key="", message=f"目录中没有 {META_FILE}，不是规则集目录")
            )
    return problems
