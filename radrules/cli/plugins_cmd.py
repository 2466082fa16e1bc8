"""``radrules plugins``: the loaded plugins, their versions, jurisdictions and hooks."""

from __future__ import annotations

import argparse

from radrules.cli.common import EXIT_OK, add_format, print_json
from radrules.convert import unstructure
from radrules.engine.registry import default_registry


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("plugins", help="列出已加载的插件 / list loaded plugins")
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    plugins = registry.plugins()
    if args.format == "json":
        print_json(unstructure(plugins))
        return EXIT_OK
    for info in plugins:
        names = [
            f"{registry.jurisdictions[c].name}({c})"
            for c in info.jurisdictions
            if c in registry.jurisdictions
        ]
        rules = sum(1 for r in registry.rules.values() if r.jurisdiction in info.jurisdictions)
        print(f"{info.name} {info.version or ''}".rstrip())
        print(f"  辖区 / jurisdictions: {', '.join(names) or '—'}")
        print(f"  规则 / rules: {rules}")
        print(f"  钩子 / hooks: {', '.join(info.hooks) or '—'}")
    return EXIT_OK
