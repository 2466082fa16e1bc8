"""docs/architecture.md names every top-level module and package of radrules/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_top_level_module_is_described() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    entries = [
        f"radrules/{p.name}/" if p.is_dir() else f"radrules/{p.name}"
        for p in (ROOT / "radrules").iterdir()
        if (p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py"
    ]
    missing = sorted(e for e in entries if f"`{e}`" not in text)
    assert not missing, f"docs/architecture.md, The core, module by module: describe {missing}"
