"""The web shell's commands: ``radrules admin …`` and what ``serve`` prepares."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from web_helpers import unique_uscc

RADRULES = str(Path(sys.executable).parent / "radrules")


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RADRULES, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
    e["RADRULES_DATA_DIR"] = str(tmp_path / "data")
    return e


def test_admin_commands_on_a_fresh_database(env: dict[str, str], tmp_path: Path) -> None:
    uscc = unique_uscc("12")
    created = _run(
        [
            "admin",
            "create-client",
            "--uscc",
            uscc,
            "--name",
            "命令行医院",
            "--kind",
            "general_hospital",
            "--division",
            "320102",
        ],
        env,
    )
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "data" / "radrules.sqlite3").is_file()
    user = _run(
        ["admin", "create-user", "--role", "client", "--login", "clihosp", "--password-stdin", "--org", uscc],
        env,
        stdin="Cli#2026pass\n",
    )
    assert user.returncode == 0, user.stderr
    assert "首次登录须修改密码" in user.stdout
    regulator = _run(
        [
            "admin",
            "create-user",
            "--role",
            "regulator",
            "--login",
            "clireg",
            "--password-stdin",
            "--division",
            "320100",
        ],
        env,
        stdin="Cli#2026pass\n",
    )
    assert regulator.returncode == 0, regulator.stderr
    again = _run(
        ["admin", "create-user", "--role", "admin", "--login", "clihosp", "--password-stdin"],
        env,
        stdin="Cli#2026pass\n",
    )
    assert again.returncode == 2 and "该登录账号已被使用" in again.stderr and "Traceback" not in again.stderr
    weak = _run(
        ["admin", "create-user", "--role", "admin", "--login", "cliweak", "--password-stdin"],
        env,
        stdin="password\n",
    )
    assert weak.returncode == 2 and "密码不符合要求" in weak.stderr
    no_org = _run(
        [
            "admin",
            "create-user",
            "--role",
            "institution",
            "--login",
            "cliinst",
            "--password-stdin",
            "--org",
            uscc,
        ],
        env,
        stdin="Cli#2026pass\n",
    )
    assert no_org.returncode == 2 and "技术服务机构" in no_org.stderr
    verify = _run(["admin", "verify-audit"], env)
    assert verify.returncode == 0 and "审计哈希链完整" in verify.stdout


def test_bad_database_url_is_reported(env: dict[str, str]) -> None:
    env["RADRULES_DATABASE_URL"] = "mysql://localhost/x"
    r = _run(["admin", "migrate"], env)
    assert r.returncode == 2 and "不支持的数据库地址" in r.stderr and "Traceback" not in r.stderr


def test_missing_web_extra_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import radrules_webshell
    from radrules_webshell import plugin

    monkeypatch.setitem(sys.modules, "radrules_webshell.commands", None)  # import now fails
    # An earlier test in this process may have imported it: `from package import name` would
    # then find the package's attribute and never consult sys.modules.
    monkeypatch.delattr(radrules_webshell, "commands", raising=False)
    code = plugin._run("serve")(argparse.Namespace())
    assert code == 2
    assert "pip install 'radrules[web]'" in capsys.readouterr().err


def test_web_commands_are_listed() -> None:
    r = subprocess.run([RADRULES, "--help"], capture_output=True, text=True, timeout=60)
    assert "serve" in r.stdout and "admin" in r.stdout
