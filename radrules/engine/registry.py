"""Loading plugins, asking them per jurisdiction, and answering which rules and parameters
apply to a filing.

Plugins come from the entry-point group ``radrules`` (``RADRULES_PLUGINS``, a comma-separated
list of entry-point names, restricts which load). What they declare is read and checked by
:mod:`radrules.engine.declarations` — unique jurisdictions and rule ids, rules that can run,
parameters that exist, overrides of an ancestor's rule — and the registry caches, per
jurisdiction chain and as-of date, the rules in force and the parameters to read.

It remembers which plugin declared which jurisdiction, and asks a jurisdiction hook
(:func:`radrules.hookspecs.jurisdiction_hook`) of that plugin only: :meth:`Registry.ask`
walks a chain most specific first and returns the first answer, :meth:`Registry.ask_each`
collects every jurisdiction's answer. This is the one place a chain is walked for hooks.
"""

from __future__ import annotations

import difflib
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any, Concatenate, ParamSpec, TypeVar

import attrs
import pluggy

from radrules import hookspecs
from radrules.engine.declarations import read_declarations
from radrules.engine.jurisdiction import NATIONAL, Jurisdiction, jurisdiction_chain
from radrules.engine.rules import Rule
from radrules.engine.view import ParameterView
from radrules.errors import PluginError, UnknownJurisdiction, UnknownRule
from radrules.identifiers.division import PROVINCES
from radrules.ruleset.loader import load_ruleset
from radrules.ruleset.params import Ruleset

ENTRY_POINT_GROUP = "radrules"
PLUGINS_ENV = "RADRULES_PLUGINS"

P = ParamSpec("P")
T = TypeVar("T")


@attrs.frozen(kw_only=True)
class PluginInfo:
    name: str
    version: str | None
    jurisdictions: tuple[str, ...]
    hooks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Plan:
    """The rules in force for one chain on one date, grouped by the document type they check."""

    chain: tuple[str, ...]
    as_of: date
    rules: dict[type, tuple[Rule, ...]] = attrs.field(hash=False)
    params: ParameterView = attrs.field(eq=False, hash=False)
    #: The version of each ruleset of the chain (jurisdiction code → version), which every
    #: check result names: read once here rather than for every checked filing.
    versions: dict[str, str] = attrs.field(factory=dict, eq=False, hash=False)


class Registry:
    """Everything the loaded plugins provide. Build one with :meth:`load` or :meth:`from_plugins`."""

    def __init__(self, manager: pluggy.PluginManager, names: dict[str, str | None]) -> None:
        self.manager = manager
        self._versions = names
        declared = read_declarations(manager)
        self.jurisdictions: dict[str, Jurisdiction] = declared.jurisdictions
        #: The name of the plugin that declared each jurisdiction.
        self.owners: dict[str, str] = declared.owners
        self._declared = declared.declared
        self.rules: dict[str, Rule] = declared.rules
        #: The name of the plugin that contributed each rule, by rule id.
        self.rule_plugins: dict[str, str] = declared.rule_plugins
        self._callers: dict[tuple[str, str], Any] = {}
        self._rulesets: dict[str, Ruleset] = {}
        self._plans: dict[tuple[tuple[str, ...], date], Plan] = {}
        self._chains: dict[str, tuple[str, ...]] = {}  # of declared codes only: bounded
        self._lock = threading.Lock()

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_plugins(cls, *plugins: ModuleType | object, names: Sequence[str] | None = None) -> Registry:
        """A registry of the given plugin objects (modules or instances), for tests and embedding."""
        manager = _manager()
        versions: dict[str, str | None] = {}
        for i, plugin in enumerate(plugins):
            name = names[i] if names else getattr(plugin, "__name__", type(plugin).__name__)
            manager.register(plugin, name=name)
            versions[name] = None
        return cls(manager, versions)

    @classmethod
    def load(cls, only: Iterable[str] | None = None) -> Registry:
        """Load the plugins registered under the ``radrules`` entry-point group."""
        if only is None and os.environ.get(PLUGINS_ENV):
            only = [n.strip() for n in os.environ[PLUGINS_ENV].split(",") if n.strip()]
        wanted = set(only) if only is not None else None
        manager = _manager()
        versions: dict[str, str | None] = {}
        found: dict[str, EntryPoint] = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
        if wanted is not None and (unknown := wanted - set(found)):
            raise PluginError(
                f"{PLUGINS_ENV} 中的插件未安装：{', '.join(sorted(unknown))}；已安装：{', '.join(sorted(found))}"
            )
        for name, ep in sorted(found.items()):
            if wanted is not None and name not in wanted:
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(f"插件 {name}（{ep.value}）加载失败：{type(exc).__name__}: {exc}") from exc
            manager.register(plugin, name=name)
            versions[name] = ep.dist.version if ep.dist else None
        return cls(manager, versions)

    # -- asking plugins per jurisdiction -------------------------------------------------------

    def ask(
        self,
        hook: Callable[Concatenate[str, P], T | None],
        chain: Sequence[str],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> tuple[str, T] | None:
        """The first answer to ``hook`` along ``chain``, most specific jurisdiction first.

        ``hook`` is the specification in :mod:`radrules.hookspecs` (it must be a
        jurisdiction hook); the keyword arguments are its own but ``jurisdiction``, which
        each plugin receives as the code it is asked for. Returns the code that answered
        and its answer, or None when none of the chain does.
        """
        for code in reversed(chain):
            answers = self._answers(hook.__name__, code, args, kwargs)
            if answers:
                return code, answers[0]
        return None

    def ask_each(
        self,
        hook: Callable[Concatenate[str, P], T | None],
        chain: Sequence[str],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> list[tuple[str, T]]:
        """Every jurisdiction's answer to ``hook`` along ``chain``, most general first."""
        return [
            (code, answer) for code in chain for answer in self._answers(hook.__name__, code, args, kwargs)
        ]

    def _answers(self, name: str, code: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        if args:
            raise TypeError(f"{name}: hooks take keyword arguments only")
        caller = self._callers.get((name, code))
        if caller is None:
            if not hookspecs.is_jurisdiction_hook(name):
                raise TypeError(f"{name} is not a jurisdiction hook; call it through Registry.hook")
            owner = self.owners.get(code)
            others = [p for n, p in self.manager.list_name_plugin() if n != owner]
            caller = self.manager.subset_hook_caller(name, remove_plugins=others)
            self._callers[(name, code)] = caller
        found = caller(jurisdiction=code, **kwargs)
        if caller.spec is not None and caller.spec.opts.get("firstresult"):
            return [] if found is None else [found]
        return [answer for answer in found if answer is not None]

    # -- jurisdictions --------------------------------------------------------------------

    def ancestors(self, code: str) -> tuple[str, ...]:
        """``code``'s chain without itself, most general first."""
        chain = self.chain(code)
        return chain[:-1]

    def chain(self, code: str) -> tuple[str, ...]:
        """The jurisdiction chain ending in ``code``, most general first: ``("national", "32")``."""
        chain = self._chains.get(code)
        if chain is None:  # every checked filing asks: worked out once per jurisdiction
            chain = jurisdiction_chain(self.jurisdictions, code)
            if code in self.jurisdictions:
                self._chains[code] = chain
        return chain

    def resolve(self, province: str) -> str:
        """A jurisdiction code from a code, slug or Chinese name (``32``, ``jiangsu``, ``江苏``)."""
        key = province.strip()
        for j in self.jurisdictions.values():
            if key.lower() in (j.code, j.slug) or key in (j.name, j.name.rstrip("省市")):
                return j.code
        known = ", ".join(f"{j.slug}({j.code})" for j in self.jurisdictions.values())
        raise UnknownJurisdiction(f"未知辖区 {province!r}；已加载：{known}")

    def chain_for(self, *, province: str | None, division_code: str | None) -> tuple[str, ...]:
        """The chain of ``province`` (code, slug or name) when given, else of the service location."""
        return self.chain(self.resolve(province)) if province else self.chain_for_division(division_code)

    def chain_for_division(self, division_code: str | None) -> tuple[str, ...]:
        """The chain for a service location: its province if a plugin provides it, on national."""
        province = (division_code or "")[:2]
        if province in self.jurisdictions:
            return self.chain(province)
        if NATIONAL in self.jurisdictions:
            return (NATIONAL,)
        raise UnknownJurisdiction(
            f"没有适用于行政区划 {division_code or '（空）'} 的规则：{PROVINCES.get(province, '未知省份')}无插件，且未加载全国基线"
        )

    # -- rulesets and plans ---------------------------------------------------------------

    def ruleset(self, code: str) -> Ruleset | None:
        j = self.jurisdictions[code]
        if j.ruleset is None:
            return None
        cached = self._rulesets.get(code)
        if cached is None:
            cached = load_ruleset(j.ruleset, j.parameters, jurisdiction=code)
            self._rulesets[code] = cached
        return cached

    def rulesets(self, chain: Sequence[str]) -> dict[str, Ruleset]:
        out = {}
        for code in chain:
            rs = self.ruleset(code)
            if rs is not None:
                out[code] = rs
        return out

    def view(self, chain: tuple[str, ...], as_of: date) -> ParameterView:
        return self.plan(chain, as_of).params

    def plan(self, chain: tuple[str, ...], as_of: date) -> Plan:
        key = (chain, as_of)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        with self._lock:
            plan = self._plans.get(key)
            if plan is None:
                if len(self._plans) > 4096:
                    self._plans.clear()
                plan = self._build_plan(chain, as_of)
                self._plans[key] = plan
        return plan

    def _build_plan(self, chain: tuple[str, ...], as_of: date) -> Plan:
        in_chain = [r for r in self.rules.values() if r.jurisdiction in chain and r.in_force(as_of)]
        overridden = {r.overrides for r in in_chain if r.overrides}
        order = {code: i for i, code in enumerate(chain)}
        active = sorted(
            (r for r in in_chain if r.id not in overridden),
            key=lambda r: (order[r.jurisdiction], r.id),
        )
        grouped: dict[type, list[Rule]] = defaultdict(list)
        for rule in active:
            grouped[rule.applies_to].append(rule)
        rulesets = self.rulesets(chain)
        return Plan(
            chain=chain,
            as_of=as_of,
            rules={k: tuple(v) for k, v in grouped.items()},
            params=ParameterView(chain, rulesets, as_of),
            versions={code: rs.meta.version for code, rs in rulesets.items()},
        )

    def rule(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            near = difflib.get_close_matches(rule_id, list(self.rules), n=1, cutoff=0.6)
            hint = f"，是否应为 {near[0]}？" if near else ""
            raise UnknownRule(f"未知规则编号 {rule_id}{hint}") from None

    # -- hooks and introspection ------------------------------------------------------------

    @property
    def hook(self) -> Any:
        return self.manager.hook

    def plugins(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.manager.list_name_plugin():
            if name is None:
                continue
            codes = self._declared.get(name, ())
            callers = self.manager.get_hookcallers(plugin) or []
            out.append(
                PluginInfo(
                    name=name,
                    version=self._versions.get(name),
                    jurisdictions=codes,
                    hooks=tuple(sorted(c.name for c in callers)),
                )
            )
        return sorted(out, key=lambda p: p.name)


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


_default: Registry | None = None
_default_lock = threading.Lock()


def default_registry() -> Registry:
    """The process-wide registry of installed plugins, loaded on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Registry.load()
    return _default


def set_default_registry(registry: Registry | None) -> None:
    """Replace (or, with None, forget) the process-wide registry; for tests and embedders."""
    global _default
    _default = registry
