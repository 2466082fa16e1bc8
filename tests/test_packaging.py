"""`pip install .` must give a working radrules: the wheel carries the plugins, rulesets and entry points."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_plugins_rulesets_and_entry_points(tmp_path: Path) -> None:
    # Build from a copy of the tracked files: setuptools writes build/ into the source tree.
    source = tmp_path / "src"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("radrules-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "radrules/py.typed",
        "radrules/cli/__init__.py",
        "radrules_plugins/national/__init__.py",
        "radrules_rulesets/national/ruleset.yaml",
        "radrules_rulesets/national/hazard_types.yaml",
        "radrules_rulesets/sources.yaml",  # the source catalogue every citation resolves through
        "radrules_rulesets/divisions/counties.tsv",
        "radrules_rulesets/divisions/townships.tsv",
    ):
        assert required in names, required
    for jurisdiction in (
        p.name for p in (ROOT / "rulesets").iterdir() if p.is_dir() and not p.name.startswith("_")
    ):
        for data in (ROOT / "rulesets" / jurisdiction).glob("*.yaml"):
            assert f"radrules_rulesets/{jurisdiction}/{data.name}" in names
    (entry_points,) = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[radrules]" in text and "national = radrules_plugins.national" in text
    assert "[pytest11]" in text
    assert "radrules = radrules.cli:main" in text
    assert not any(n.startswith(("tests/", "bench/", "examples/")) for n in names)
