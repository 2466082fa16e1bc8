"""No import cycles in the library, the plugins and the web shell, counting every import a module writes.

An import inside ``if TYPE_CHECKING:`` or inside a function counts like any other: a cycle
that only the type checker sees is still two modules that cannot be understood apart.
Parent packages are not counted (importing ``radrules.engine.rules`` runs
``radrules/__init__.py`` first, which is how Python works, not a dependency of the module).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Import name → folder, for every layer this test covers (setup.py maps the folders).
PACKAGES = {
    "radrules": ROOT / "radrules",
    "radrules_plugins": ROOT / "plugins",
    "radrules_webshell": ROOT / "webshell",
}


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGES.items():
        for file in folder.rglob("*.py"):
            parts = [package, *file.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = file
    return found


def _imported(module: str, file: Path, known: dict[str, Path]) -> Iterator[str]:
    """The modules of ``known`` that ``module`` names in its import statements."""
    package = module.split(".") if file.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` imports the module a.b when there is one, else a name of a.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != module:
                yield target


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {module: set(_imported(module, file, known)) for module, file in known.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def _describe(cycle: list[str], graph: dict[str, set[str]]) -> str:
    members = set(cycle)
    edges = [f"{a} -> {b}" for a in cycle for b in sorted(graph[a] & members)]
    return "; ".join(edges)


def test_no_import_cycles() -> None:
    graph = _graph()
    assert "radrules.engine.registry" in graph and "radrules_plugins.jiangsu" in graph
    cycles = _cycles(graph)
    assert not cycles, "import cycles: " + " | ".join(_describe(c, graph) for c in cycles)


def test_the_check_sees_a_cycle_written_only_for_the_type_checker() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    file = ROOT / "radrules" / "engine" / "rules.py"
    known = {"radrules.engine.rules": file, "radrules.model.filing": ROOT / "radrules/model/filing.py"}
    # rules.py names Filing only under TYPE_CHECKING; that import is still an edge.
    assert "radrules.model.filing" in set(_imported("radrules.engine.rules", file, known))
