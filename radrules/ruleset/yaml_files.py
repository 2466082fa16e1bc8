"""Reading one YAML data file strictly: syntax errors and impossible dates name file, line and column.

Every data file radrules reads (ruleset parameters, calendars, the source catalogue) goes
through :func:`read_yaml`, then :func:`structure_file` into its attrs shape, where an
unknown key is an error naming the nearest valid one.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from radrules.convert import structure_yaml
from radrules.errors import InputError, RulesetError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is much faster on catalogs


class _Loader(_Base):  # type: ignore[misc]
    """Safe loading, with impossible dates (2022-13-01) reported at their line like syntax errors."""


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"无效日期 {node.value}（{exc}）", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_yaml(file: Traversable | Path, label: str) -> Any:
    """Parse one YAML file; a syntax error names the file, line and column."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesetError("文件不存在 / file not found", label) from None
    except UnicodeDecodeError:
        raise RulesetError("不是 UTF-8 编码 / not UTF-8 text", label) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列 " if mark else ""
        raise RulesetError(f"YAML 格式错误：{where}{getattr(exc, 'problem', exc)}", label) from None


def structure_file(data: Any, cls: Any, label: str) -> Any:
    try:
        return structure_yaml(data, cls)
    except InputError as exc:
        raise RulesetError(exc.message, label, exc.path) from None
