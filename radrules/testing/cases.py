"""Golden cases: loading, and running them against the installed plugins.

A case file is a YAML list of cases. Every case has a ``name`` and the ``article`` it
tests; what it runs depends on its kind:

* a *check* case gives a filing (``filing``: a JSON file relative to the case file,
  ``sample``: a sample filing shipped with the kit, or ``input``: the filing inline),
  optional edits (``set``: path → value, ``unset``: paths), ``as_of``, optional
  ``province``, and ``expect.findings``: exactly the error and warning findings (``rule``,
  ``path``, optional ``severity``) the check must produce;
* the kinds of :mod:`radrules.testing.value_cases` compare computed values: deadlines,
  routing, institution facts and summaries;
* other kinds are added with :func:`register_case_kind`, each reading its own keys and
  comparing ``expect``.

docs/golden-cases.md describes every kind.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import yaml

from radrules.convert import parse_json
from radrules.engine.check import CheckResult, check
from radrules.engine.registry import Registry, default_registry
from radrules.errors import InputError

CaseRunner = Callable[["GoldenCase", Registry], None]
CASE_KINDS: dict[str, CaseRunner] = {}

_COMMON_KEYS = {"name", "article", "kind", "province", "as_of", "expect", "note"}
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class CaseFailure(AssertionError):
    """A golden case whose outcome differs from what it expects."""


@attrs.frozen(kw_only=True)
class GoldenCase:
    name: str
    article: str
    kind: str
    file: Path
    index: int
    data: Mapping[str, Any] = attrs.field(hash=False)

    @property
    def as_of(self) -> date:
        value = self.data.get("as_of")
        if not isinstance(value, date):
            raise CaseFailure(f"{self.where}: as_of 须为日期 YYYY-MM-DD")
        return value

    @property
    def province(self) -> str | None:
        value = self.data.get("province")
        return None if value is None else str(value)

    @property
    def expect(self) -> Mapping[str, Any]:
        value = self.data.get("expect")
        if not isinstance(value, Mapping):
            raise CaseFailure(f"{self.where}: 缺少 expect")
        return value

    @property
    def where(self) -> str:
        return f"{self.file}#{self.index + 1}（{self.name}）"


def register_case_kind(kind: str, runner: CaseRunner, *, keys: set[str]) -> None:
    """Add a case kind: ``runner`` raises :class:`CaseFailure` when the outcome differs."""
    CASE_KINDS[kind] = runner
    _KIND_KEYS[kind] = keys


_KIND_KEYS: dict[str, set[str]] = {}


def load_cases(file: Path) -> list[GoldenCase]:
    """Read a ``*.golden.yaml`` file; structural mistakes fail loudly with the case number."""
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseFailure(f"{file}: YAML 格式错误：{exc}") from None
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list):
        raise CaseFailure(f"{file}: 应为用例列表 / a list of cases")
    cases = []
    for i, raw in enumerate(data):
        if not isinstance(raw, Mapping):
            raise CaseFailure(f"{file}#{i + 1}: 用例应为映射 / a case is a mapping")
        kind = str(raw.get("kind", "check"))
        if kind not in CASE_KINDS:
            raise CaseFailure(f"{file}#{i + 1}: 未知用例类型 {kind}；可用：{', '.join(sorted(CASE_KINDS))}")
        unknown = set(raw) - _COMMON_KEYS - _KIND_KEYS[kind]
        if unknown:
            raise CaseFailure(f"{file}#{i + 1}: 未知键 {', '.join(sorted(unknown))}")
        for key in ("name", "article"):
            if not raw.get(key):
                raise CaseFailure(f"{file}#{i + 1}: 缺少 {key}（每个用例须注明所测条款）")
        cases.append(
            GoldenCase(
                name=str(raw["name"]),
                article=str(raw["article"]),
                kind=kind,
                file=file,
                index=i,
                data=raw,
            )
        )
    return cases


def run_case(case: GoldenCase, registry: Registry | None = None) -> None:
    CASE_KINDS[case.kind](case, registry or default_registry())


# -- check cases -------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """YAML gives dates as objects; the filing format has ISO strings."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for name, index in _STEP.findall(path):
        steps.append(int(index) if index else name)
    return steps


def _walk(data: Any, steps: list[str | int], path: str) -> Any:
    for step in steps:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            raise CaseFailure(f"路径 {path} 在输入中不存在（{step!r}）") from None
    return data


def set_path(data: Any, path: str, value: Any) -> None:
    steps = _steps(path)
    parent = _walk(data, steps[:-1], path)
    try:
        parent[steps[-1]] = value
    except (IndexError, TypeError):
        raise CaseFailure(f"路径 {path} 在输入中不存在") from None


def unset_path(data: Any, path: str) -> None:
    steps = _steps(path)
    parent = _walk(data, steps[:-1], path)
    try:
        del parent[steps[-1]]
    except (KeyError, IndexError, TypeError):
        raise CaseFailure(f"路径 {path} 在输入中不存在") from None


_example_cache: dict[Path, Any] = {}

#: Sample filings shipped with the kit (``sample: <name>`` in a case), to start from and edit.
SAMPLES = Path(__file__).parent / "samples"


def _load_json(path: Path, where: str) -> Any:
    if path not in _example_cache:
        try:
            _example_cache[path] = parse_json(path.read_bytes())
        except FileNotFoundError:
            raise CaseFailure(f"{where}: 文件不存在 {path}") from None
        except InputError as exc:
            raise CaseFailure(f"{where}: {path}: {exc}") from None
    return copy.deepcopy(_example_cache[path])


def sample_names() -> list[str]:
    return sorted(p.stem for p in SAMPLES.glob("*.json"))


def document_input(spec: Mapping[str, Any], base: Path, where: str) -> Any:
    """JSON data from ``filing`` (a file relative to ``base``), ``sample`` or ``input``, then ``set``/``unset``."""
    if "filing" in spec:
        data = _load_json((base / str(spec["filing"])).resolve(), where)
    elif "sample" in spec:
        name = str(spec["sample"])
        if name not in sample_names():
            raise CaseFailure(f"{where}: 没有名为 {name} 的样例；可用：{', '.join(sample_names())}")
        data = _load_json(SAMPLES / f"{name}.json", where)
    elif "input" in spec:
        data = _jsonable(spec["input"])
    else:
        raise CaseFailure(f"{where}: 须给出 filing（文件）、sample（工具包样例）或 input（内联数据）")
    for path, value in (spec.get("set") or {}).items():
        set_path(data, str(path), _jsonable(value))
    for path in spec.get("unset") or []:
        unset_path(data, str(path))
    return data


def case_input(case: GoldenCase) -> Any:
    """The filing JSON of a check case, with its edits applied."""
    return document_input(case.data, case.file.parent, case.where)


def _run_check(case: GoldenCase, registry: Registry) -> None:
    try:
        result = check(case_input(case), as_of=case.as_of, province=case.province, registry=registry)
    except InputError as exc:
        raise CaseFailure(f"{case.where}: 输入无法读取：{exc}") from None
    compare_findings(case, result)


def compare_findings(case: GoldenCase, result: CheckResult) -> None:
    """Fail unless ``result``'s error and warning findings are exactly ``expect.findings``."""
    expected_raw = case.expect.get("findings")
    if not isinstance(expected_raw, list):
        raise CaseFailure(f"{case.where}: expect.findings 须为列表（无问题时写 []）")
    actual = {(f.rule_id, f.path, f.severity.value): f for f in result.findings if f.severity.value != "info"}
    expected = set()
    for item in expected_raw:
        severity = item.get("severity")
        matches = [
            k
            for k in actual
            if k[0] == item["rule"] and k[1] == item["path"] and (severity is None or k[2] == severity)
        ]
        expected.add(matches[0] if matches else (item["rule"], item["path"], severity or "error"))
    missing = expected - set(actual)
    unexpected = set(actual) - expected
    if missing or unexpected:
        lines = [f"{case.where} [{case.article}]"]
        lines += [f"  缺少 / missing:    {r} @ {p} ({s})" for r, p, s in sorted(missing)]
        lines += [
            f"  多出 / unexpected: {r} @ {p} ({s}): {actual[(r, p, s)].message}"
            for r, p, s in sorted(unexpected)
        ]
        raise CaseFailure("\n".join(lines))


register_case_kind("check", _run_check, keys={"filing", "sample", "input", "set", "unset"})


def dump_findings(case: GoldenCase, registry: Registry | None = None) -> str:
    """The findings a check case produces now, as YAML to paste into ``expect`` when writing a case."""
    result = check(case_input(case), as_of=case.as_of, province=case.province, registry=registry)
    rows = [{"rule": f.rule_id, "path": f.path} for f in result.findings if f.severity.value != "info"]
    return json.dumps(rows, ensure_ascii=False, indent=2)
