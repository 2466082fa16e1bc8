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

from radrules.convert import structure_yaml
from radrules.engine.findings import Citation
from radrules.errors import InputError, RulesetError, UnknownSource
from radrules.ruleset.files import ParameterFile, ValueEntry
from radrules.ruleset.params import DatedValue, Parameter, ParameterSpec, Ruleset, RulesetMeta
from radrules.ruleset.sources import find_source
from radrules.ruleset.yaml_files import read_yaml, structure_file

META_FILE = "ruleset.yaml"


def _citations(entry: ValueEntry, label: str, where: str) -> tuple[Citation, ...]:
    """The entry's sources as citations of catalogued documents; an unknown key names the nearest."""
    refs = [(f"{where}.source", entry.source)] if entry.source else []
    refs += [(f"{where}.sources[{j}]", ref) for j, ref in enumerate(entry.sources)]
    if not refs:
        raise RulesetError("每个取值都须注明出处（source）", label, where)
    out: list[Citation] = []
    for path, ref in refs:
        try:
            source = find_source(ref.document)
        except UnknownSource as exc:
            hint = f"，是否应为 {exc.nearest}？" if exc.nearest else "；新文献请加入 rulesets/sources.yaml"
            raise RulesetError(f"文献目录中没有 {exc.key}{hint}", label, f"{path}.document") from None
        if ref.title is not None and ref.title != source.title:
            raise RulesetError(
                f"标题“{ref.title}”与文献目录不符（目录为“{source.title}”），删去 title 即可",
                label,
                f"{path}.title",
            )
        out.append(Citation(document=ref.document, article=ref.article))
    return tuple(out)


def load_parameter(file: Traversable | Path, name: str, spec: ParameterSpec | None, label: str) -> Parameter:
    """One parameter file; ``spec`` is None when only the structure can be checked (linting)."""
    raw = structure_file(read_yaml(file, label), ParameterFile, label)
    values: list[DatedValue] = []
    for i, entry in enumerate(raw.values):
        sources = _citations(entry, label, f"values[{i}]")
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
            raise RulesetError(f"缺少参数文件 {name}.yaml（插件声明了参数 {name}）", label)
        parameters[name] = load_parameter(present[name], name, spec, f"{label}/{name}.yaml")
    return Ruleset(meta=meta, parameters=parameters, location=label)
