"""Every in-tree plugin has the layout docs/plugins.md describes, with the same file names."""

from __future__ import annotations

from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
REQUIRED = ("__init__.py", "book.py", "citations.py", "types.py")
#: Documents, singular, by their name in the envelope; training and register documents are
#: prefixed by their domain.
DOCUMENTS = (
    "card",
    "device_test",
    "dose",
    "institution_change",
    "declaration",
    "filing",
    "training",
    "register",
    "exam",
    "account",
)
#: What a jurisdiction hook computes, and the examples of the repository.
ANSWERS = ("deadline", "summary", "routing", "qc_code", "examples")


def _plugins() -> list[Path]:
    return sorted(p for p in PLUGINS.iterdir() if (p / "__init__.py").is_file())


def _named_for(stem: str, names: tuple[str, ...]) -> bool:
    return any(stem == n or stem.startswith(f"{n}_") for n in names)


@pytest.mark.parametrize("plugin", _plugins(), ids=lambda p: p.name)
def test_the_plugin_has_the_common_files(plugin: Path) -> None:
    missing = [name for name in REQUIRED if not (plugin / name).is_file()]
    assert not missing, f"{plugin.name}: missing {missing} (docs/plugins.md, The layout of a plugin)"


@pytest.mark.parametrize("plugin", _plugins(), ids=lambda p: p.name)
def test_rule_modules_and_golden_files_are_named_for_their_document(plugin: Path) -> None:
    wrong = [
        f.name for f in plugin.glob("rules*.py") if not _named_for(f.stem.removeprefix("rules_"), DOCUMENTS)
    ]
    assert not wrong, f"{plugin.name}: rules modules not named rules_<document>[_<topic>].py: {wrong}"
    golden = [f.name.removesuffix(".golden.yaml") for f in (plugin / "golden").glob("*.golden.yaml")]
    wrong = [g for g in golden if not _named_for(g, DOCUMENTS + ANSWERS)]
    assert not wrong, f"{plugin.name}: golden files not named <document>.golden.yaml: {wrong}"
    stray = [f.name for f in (plugin / "golden").iterdir() if not f.name.endswith(".golden.yaml")]
    assert not stray, f"{plugin.name}/golden holds only golden cases: {stray}"
