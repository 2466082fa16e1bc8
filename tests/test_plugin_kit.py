"""The example province of docs/plugins.md: built from the page, installed, and its golden cases run.

The package is installed with ``pip install --target`` into a temporary directory (never
into the shared environment) and found through ``PYTHONPATH``, exactly as an outside
plugin's entry point would be.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).parent.parent / "docs" / "plugins.md"
BLOCK = re.compile(r"^```\w+ file=(\S+)\n(.*?)^```$", re.M | re.S)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("plugin-kit")
    project, site = root / "radrules-example", root / "site"
    files = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert {name for name, _ in files} >= {"pyproject.toml", "radrules_example/__init__.py"}
    for name, text in files:
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(project),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip  (pip builds the package with setuptools from the sources pip is configured with)
    env = dict(os.environ, PYTHONPATH=str(site), RADRULES_PLUGINS="national,example")
    return project, env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_example_plugin_is_listed(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    cli = "import sys; from radrules.cli import main; sys.exit(main())"
    done = _run([sys.executable, "-c", cli, "plugins", "--format", "json"], project, env)
    assert done.returncode == 0, done.stderr
    plugins = {p["name"]: p for p in json.loads(done.stdout)}
    assert set(plugins) == {"national", "example"}
    assert plugins["example"]["jurisdictions"] == ["99"]
    assert "radrules_filing_deadline" in plugins["example"]["hooks"]


def test_its_golden_cases_pass_with_the_kit(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    done = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], project, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


def test_a_wrong_expectation_fails_with_a_clear_message(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    wrong = project / "wrong.golden.yaml"
    wrong.write_text(
        "- name: 错误的期望\n  article: 示例〔2026〕1号 第三条\n  kind: deadline\n  province: example\n"
        "  issued: 2026-10-20\n  expect: {due: 2026-11-04}\n",
        encoding="utf-8",
    )
    done = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(wrong)], project, env)
    assert done.returncode == 1
    assert "due: 期望 / expected 2026-11-04，实际 / actual 2026-11-03" in done.stdout
