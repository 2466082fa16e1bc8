"""Load a jurisdiction's ruleset folder strictly.

A folder holds ``ruleset.yaml`` (jurisdiction, version, title) and one ``<parameter>.yaml``
per declared parameter. Anything unknown is an error that names the file, the key and
the nearest valid name, so a typo never silently drops a rule's data.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from radrules.convert import structure_yaml
from radrules.errors import InputError, RulesetError
from radrules.ruleset.files import ParameterFile
from radrules.ruleset.params import DatedValue, Parameter, ParameterSpec, Ruleset, RulesetMeta

META_FILE = "ruleset.yaml"

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


def load_parameter(file: Traversable | Path, name: str, spec: ParameterSpec | None, label: str) -> Parameter:
    """One parameter file; ``spec`` is None when only the structure can be checked (linting)."""
    raw = structure_file(read_yaml(file, label), ParameterFile, label)
    values: list[DatedValue] = []
    for i, entry in enumerate(raw.values):
        sources = ((entry.source,) if entry.source else ()) + entry.sources
        if not sources:
            raise RulesetError("每个取值都须注明出处（source）", label, f"values[{i}]")
        value = entry.value
        if spec is not None:
            try:
                value = structure_yaml(entry.value, spec.type)
            except InputError as exc:
                path = f"values[{i}].value" + (
                    f".{exc.path}" if exc.path and not exc.path.startswith("[") else exc.path
                )
                raise RulesetError(exc.message, label, path) from None
        if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
            raise RulesetError(
                f"valid_to {entry.valid_to} 早于 valid_from {entry.valid_from}",
                label,
                f"values[{i}]",
            )
        values.append(
            DatedValue(value=value, valid_from=entry.valid_from, valid_to=entry.valid_to, sources=sources)
        )
    return Parameter(name=name, description=raw.description, values=tuple(values), unit=raw.unit)


def load_ruleset(
    folder: Traversable | Path, specs: Sequence[ParameterSpec], *, jurisdiction: str | None = None
) -> Ruleset:
    """Load ``folder`` against the declared ``specs``; every spec needs its file and vice versa."""
    label = str(folder)
    meta = structure_file(
        read_yaml(folder / META_FILE, f"{label}/{META_FILE}"), RulesetMeta, f"{label}/{META_FILE}"
    )
    if jurisdiction is not None and meta.jurisdiction != jurisdiction:
        raise RulesetError(
            f"jurisdiction 为 {meta.jurisdiction}，但此目录属于 {jurisdiction}",
            f"{label}/{META_FILE}",
            "jurisdiction",
        )
    by_name = {spec.name: spec for spec in specs}
    present = {
        entry.name[: -len(".yaml")]: entry
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(".yaml") and entry.name != META_FILE
    }
    for name in sorted(set(present) - set(by_name)):
        near = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.5)
        hint = (
            f"，是否应为 {near[0]}.yaml？"
            if near
            else f"；已声明的参数：{', '.join(sorted(by_name)) or '无'}"
        )
        raise RulesetError(f"未声明的参数文件{hint}", f"{label}/{name}.yaml")
    parameters: dict[str, Parameter] = {}
    for name, spec in by_name.items():
        if name not in present:
            raise RulesetError(f"缺少参数文件 {name}.yaml（{spec.description}）", label)
        parameters[name] = load_parameter(present[name], name, spec, f"{label}/{name}.yaml")
    return Ruleset(meta=meta, parameters=parameters, location=label)
