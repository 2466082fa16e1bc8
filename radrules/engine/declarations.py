"""Reading what the plugins declare, and refusing what is inconsistent, when they load.

Each plugin is asked on its own, so that every refusal names the plugin (and the rule) at
fault rather than the jurisdiction that happened to suffer from it:

* a jurisdiction declared by two plugins;
* a jurisdiction hook implemented by a plugin that declares no jurisdiction (it would
  never be asked: the registry asks such hooks only of the jurisdiction's own plugin);
* a rule id used twice; a rule of a jurisdiction no plugin declares;
* a rule whose ``applies_to`` is a type no envelope holds (:mod:`radrules.engine.dispatch`),
  which would load, be listed and never run;
* a rule naming in ``parameters`` a parameter no jurisdiction of its chain declares;
* an override of an unknown rule, or of a rule outside the jurisdiction's ancestors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import attrs
import pluggy

from radrules import hookspecs
from radrules.engine.dispatch import dispatched_types
from radrules.engine.jurisdiction import Jurisdiction, jurisdiction_chain
from radrules.engine.rules import Rule
from radrules.errors import PluginError


@attrs.frozen(kw_only=True)
class Declarations:
    """What the loaded plugins declared, checked: jurisdictions and rules, with their plugins."""

    jurisdictions: dict[str, Jurisdiction]
    #: The name of the plugin that declared each jurisdiction.
    owners: dict[str, str]
    #: The jurisdictions each plugin declared, by plugin name.
    declared: dict[str, tuple[str, ...]]
    rules: dict[str, Rule]
    #: The name of the plugin that contributed each rule, by rule id.
    rule_plugins: dict[str, str]


def read_declarations(manager: pluggy.PluginManager) -> Declarations:
    """The declarations of the plugins registered with ``manager``; :class:`PluginError` if any is wrong."""
    jurisdictions: dict[str, Jurisdiction] = {}
    owners: dict[str, str] = {}
    declared: dict[str, tuple[str, ...]] = {}
    # In pluggy's call order (the last registered first), as the jurisdictions were always listed.
    for impl in reversed(manager.hook.radrules_jurisdictions.get_hookimpls()):
        codes = []
        for j in cast("Sequence[Jurisdiction]", impl.function()):
            if j.code in jurisdictions:
                raise PluginError(
                    f"辖区 {j.code} 被插件 {owners[j.code]} 和 {impl.plugin_name} 重复声明"
                    f" / jurisdiction {j.code} declared twice"
                )
            jurisdictions[j.code] = j
            owners[j.code] = impl.plugin_name
            codes.append(j.code)
        declared[impl.plugin_name] = tuple(codes)
    _check_jurisdiction_hooks(manager, declared)
    rules: dict[str, Rule] = {}
    rule_plugins: dict[str, str] = {}
    for impl in reversed(manager.hook.radrules_rules.get_hookimpls()):
        for rule in cast("Sequence[Rule]", impl.function()):
            _check_rule(rule, impl.plugin_name, jurisdictions, rules, rule_plugins)
            rules[rule.id] = rule
            rule_plugins[rule.id] = impl.plugin_name
    for rule in rules.values():
        _check_override(rule, rule_plugins[rule.id], jurisdictions, rules)
    return Declarations(
        jurisdictions=jurisdictions, owners=owners, declared=declared, rules=rules, rule_plugins=rule_plugins
    )


def _check_jurisdiction_hooks(manager: pluggy.PluginManager, declared: Mapping[str, tuple[str, ...]]) -> None:
    for name in dir(manager.hook):
        if not hookspecs.is_jurisdiction_hook(name):
            continue
        for impl in getattr(manager.hook, name).get_hookimpls():
            if not declared.get(impl.plugin_name):
                raise PluginError(
                    f"插件 {impl.plugin_name} 实现了按辖区回答的钩子 {name}，却没有声明辖区"
                    "（radrules_jurisdictions）：这类钩子只为插件自己声明的辖区调用"
                )


def _check_rule(
    rule: Rule,
    plugin: str,
    jurisdictions: Mapping[str, Jurisdiction],
    rules: Mapping[str, Rule],
    rule_plugins: Mapping[str, str],
) -> None:
    where = f"插件 {plugin} 的规则 {rule.id}"
    if rule.id in rules:
        raise PluginError(
            f"规则编号 {rule.id} 重复：插件 {rule_plugins[rule.id]} 和 {plugin} 都定义了它"
            f" / rule id {rule.id} defined twice"
        )
    if rule.jurisdiction not in jurisdictions:
        raise PluginError(f"{where}属于未声明的辖区 {rule.jurisdiction}")
    kinds = dispatched_types()
    if rule.applies_to not in kinds:
        names = "、".join(sorted(t.__name__ for t in kinds))
        raise PluginError(
            f"{where}检查 {rule.applies_to.__name__}，但引擎不向规则分派这种文档，它永远不会运行；"
            f"applies_to 可用：{names}（见 docs/plugins.md）"
        )
    chain = jurisdiction_chain(jurisdictions, rule.jurisdiction)
    known = {spec.name for code in chain for spec in jurisdictions[code].parameters}
    for name in rule.parameters:
        if name not in known:
            raise PluginError(
                f"{where}声明读取参数 {name}，但辖区 {'/'.join(chain)} 没有以 ParameterSpec 声明这个参数；"
                f"已声明：{'、'.join(sorted(known)) or '无'}"
            )


def _check_override(
    rule: Rule, plugin: str, jurisdictions: Mapping[str, Jurisdiction], rules: Mapping[str, Rule]
) -> None:
    if rule.overrides is None:
        return
    target = rules.get(rule.overrides)
    if target is None:
        raise PluginError(f"插件 {plugin} 的规则 {rule.id} 覆盖的规则 {rule.overrides} 不存在")
    if target.jurisdiction not in jurisdiction_chain(jurisdictions, rule.jurisdiction)[:-1]:
        raise PluginError(
            f"插件 {plugin} 的规则 {rule.id} 只能覆盖上级辖区的规则，{rule.overrides} 属于 {target.jurisdiction}"
        )
