"""Reading ruleset parameters through a jurisdiction chain, as of a date.

A province's value wins over the national one. Each read returns the value with its
window and sources, so that a finding can say what it relied on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from radrules.engine.findings import ParameterUse
from radrules.errors import RulesetError
from radrules.ruleset.params import Ruleset


class ParameterView:
    """The parameters of a jurisdiction chain (most specific last), read as of ``as_of``."""

    __slots__ = ("_cache", "_rulesets", "as_of", "chain")

    def __init__(self, chain: Sequence[str], rulesets: Mapping[str, Ruleset], as_of: date) -> None:
        self.chain = tuple(chain)
        self._rulesets = rulesets
        self.as_of = as_of
        self._cache: dict[tuple[str, date], ParameterUse] = {}

    def use(self, name: str, *, on: date | None = None) -> ParameterUse:
        """The value of ``name`` in force on ``on`` (default: the as-of date), with its provenance."""
        day = on or self.as_of
        key = (name, day)
        found = self._cache.get(key)
        if found is None:
            found = self._resolve(name, day)
            self._cache[key] = found
        return found

    def get(self, name: str, *, on: date | None = None) -> Any:
        return self.use(name, on=on).value

    def has(self, name: str) -> bool:
        return any(name in self._rulesets[j].parameters for j in self.chain if j in self._rulesets)

    def _resolve(self, name: str, day: date) -> ParameterUse:
        declared = False
        for code in reversed(self.chain):
            ruleset = self._rulesets.get(code)
            if ruleset is None or name not in ruleset.parameters:
                continue
            declared = True
            value = ruleset.parameters[name].at(day)
            if value is not None:
                return ParameterUse(
                    jurisdiction=code,
                    name=name,
                    value=value.value,
                    valid_from=value.valid_from,
                    valid_to=value.valid_to,
                    sources=value.sources,
                    ruleset_version=ruleset.meta.version,
                )
        if declared:
            raise RulesetError(f"参数 {name} 在 {day.isoformat()} 没有有效取值（检查生效期间）", key=name)
        raise RulesetError(f"辖区 {'/'.join(self.chain)} 的规则集中没有参数 {name}", key=name)
