"""Every hook in radrules.hookspecs is documented in docs/hooks.md with its exact signature."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from radrules import hookspecs

DOC = Path(__file__).parent.parent / "docs" / "hooks.md"


def _hooks() -> dict[str, object]:
    return {name: fn for name, fn in vars(hookspecs).items() if name.startswith("radrules_") and callable(fn)}


def _documented() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    out = {}
    for section in sections:
        name = section.splitlines()[0].strip()
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
