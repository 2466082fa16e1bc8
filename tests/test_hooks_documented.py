"""Every hook in radrules.hookspecs is documented in docs/hooks.md with its exact signature,
and every hook that takes a jurisdiction is asked per jurisdiction (or is storage's)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from radrules import hookspecs

DOC = Path(__file__).parent.parent / "docs" / "hooks.md"
#: Hooks that take a ``jurisdiction`` but are answered by storage for any jurisdiction.
STORAGE_HOOKS = {"radrules_qc_sequence"}


def _hooks() -> dict[str, object]:
    return {name: fn for name, fn in vars(hookspecs).items() if name.startswith("radrules_") and callable(fn)}


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    return {s.splitlines()[0].strip(): s for s in sections if s.startswith("radrules_")}


def _documented() -> dict[str, str]:
    out = {}
    for name, section in _sections().items():
        match = re.search(r"```python\n(.*?)\n```", section, flags=re.S)
        out[name] = match.group(1).strip() if match else ""
    return out


def _signature(name: str, fn: object) -> str:
    sig = inspect.signature(fn)  # type: ignore[arg-type]
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"def {name}({params}) -> {sig.return_annotation}"


def test_every_hook_is_documented_with_its_signature() -> None:
    documented = _documented()
    hooks = _hooks()
    assert hooks, "no hooks found"
    missing = sorted(set(hooks) - set(documented))
    assert not missing, f"hooks without a section in docs/hooks.md: {missing}"
    for name, fn in hooks.items():
        assert documented[name] == _signature(name, fn), (
            f"docs/hooks.md signature of {name} differs from the code"
        )


def test_no_documented_hook_is_gone() -> None:
    stale = sorted(set(_documented()) - set(_hooks()))
    assert not stale, f"docs/hooks.md documents hooks that no longer exist: {stale}"


def test_hooks_that_take_a_jurisdiction_are_asked_per_jurisdiction() -> None:
    for name, fn in _hooks().items():
        takes = "jurisdiction" in inspect.signature(fn).parameters  # type: ignore[arg-type]
        if takes and name not in STORAGE_HOOKS:
            assert hookspecs.is_jurisdiction_hook(name), (
                f"{name} takes a jurisdiction: mark it @jurisdiction_hook (docs/hooks.md, Hooks per jurisdiction)"
            )
        if hookspecs.is_jurisdiction_hook(name):
            assert takes, f"{name} is a jurisdiction hook, so its first parameter is `jurisdiction`"


def test_the_docs_say_which_hooks_are_per_jurisdiction() -> None:
    for name, section in _sections().items():
        assert ("*Per jurisdiction" in section) == hookspecs.is_jurisdiction_hook(name), (
            f"docs/hooks.md: the section of {name} must say *Per jurisdiction* exactly when the hook is one"
        )
