"""Getting a user back in (issue 18 item 10; source 000 第6章 1(2)): the administrator resets
a forgotten password — the user must change it at the next login — and unlocks an account
locked by failed logins; both audited, from the pages, the API and ``radrules admin``."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from web_helpers import DEMO, Web, error_of, new_admin

from radrules import validate_password

RADRULES = str(Path(sys.executable).parent / "radrules")


def _account_id(web: Web, login: str) -> int:
    admin = web.api_login(*DEMO["admin"])
    return int(next(a["id"] for a in admin.get("/api/admin/users").json() if a["login"] == login))


def _lock(web: Web, login: str) -> None:
    anon = web.anonymous()
    for _ in range(5):
        anon.request("POST", "/api/auth/login", json={"login": login, "password": "Wrong#2026x"})


def _events(web: Web, action: str, account_id: int) -> list[dict[str, Any]]:
    from radrules_webshell.audit.tables import AuditEvent

    rows: list[dict[str, Any]] = web.run(
        AuditEvent.select(AuditEvent.actor_login, AuditEvent.after).where(
            (AuditEvent.action == action) & (AuditEvent.entity_id == str(account_id))
        )
    )
    return rows


def test_a_forgotten_password_is_reset_and_must_be_changed(web: Web) -> None:
    login, password = new_admin(web, prefix="fg")
    account_id = _account_id(web, login)
    user = web.api_login(login, password)  # a session that the reset must end
    admin = web.login(*DEMO["admin"])
    weak = admin.post_form(f"/admin/users/{account_id}/reset-password", {"password": "abc"})
    assert weak.status_code == 400 and error_of(weak.text, f"reset_{account_id}")
    page = admin.post_form(f"/admin/users/{account_id}/reset-password", {})
    assert page.status_code == 200
    told = re.search(r"临时密码：([^（]+)（只显示这一次", page.text)
    assert told, page.text[:800]
    temporary = html.unescape(told.group(1))
    validate_password(temporary)  # what is generated meets the policy
    assert temporary not in str(page.headers.get("location", ""))  # never in an address
    assert user.get("/api/me").status_code == 401, "the old sessions end"
    assert (
        web.anonymous()
        .request("POST", "/api/auth/login", json={"login": login, "password": password})
        .status_code
        == 401
    )
    again = web.api_login(login, temporary)
    assert again.get("/api/me").json()["must_change_password"] is True
    event = _events(web, "password_reset", account_id)
    assert event and event[0]["actor_login"] == DEMO["admin"][0] and temporary not in str(event[0]["after"])

    # the API, with a password the administrator chose
    api = web.api_login(*DEMO["admin"])
    chosen = api.api(
        "POST", f"/api/admin/users/{account_id}/reset-password", json={"password": "Given#2026ok"}
    )
    assert chosen.status_code == 200 and chosen.json() == {
        "login": login,
        "password": None,
        "must_change_password": True,
    }
    assert web.api_login(login, "Given#2026ok").get("/api/me").json()["must_change_password"] is True
    assert api.api("POST", "/api/admin/users/999999/reset-password", json={}).status_code == 404


def test_a_locked_account_is_unlocked(web: Web) -> None:
    login, password = new_admin(web, prefix="lk")
    account_id = _account_id(web, login)
    _lock(web, login)
    anon = web.anonymous()
    assert (
        anon.request("POST", "/api/auth/login", json={"login": login, "password": password}).status_code
        == 429
    )
    admin = web.login(*DEMO["admin"])
    listed = admin.get("/admin/users").text
    assert f'action="/admin/users/{account_id}/unlock"' in listed  # offered for a locked account
    done = admin.post_form(f"/admin/users/{account_id}/unlock", {})
    assert done.status_code == 200 and "已解锁" in done.text
    assert (
        anon.request("POST", "/api/auth/login", json={"login": login, "password": password}).status_code
        == 200
    )
    assert _events(web, "account_unlock", account_id)
    api = web.api_login(*DEMO["admin"])
    assert api.api("POST", f"/api/admin/users/{account_id}/unlock").json() == {"unlocked": False}


def test_others_may_neither_reset_nor_unlock(web: Web) -> None:
    login, _ = new_admin(web, prefix="ot")
    account_id = _account_id(web, login)
    for who in ("institution", "reviewer", "regulator", "client"):
        user = web.api_login(*DEMO[who])
        assert user.api("POST", f"/api/admin/users/{account_id}/reset-password", json={}).status_code == 403
        assert user.api("POST", f"/api/admin/users/{account_id}/unlock").status_code == 403


def test_the_command_line_resets_and_unlocks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
    env["RADRULES_DATA_DIR"] = str(tmp_path / "data")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [RADRULES, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
        )

    made = run(
        "admin",
        "create-user",
        "--role",
        "admin",
        "--login",
        "cliforgot",
        "--password-stdin",
        stdin="Cli#2026pass\n",
    )
    assert made.returncode == 0, made.stderr
    reset = run("admin", "reset-password", "--login", "cliforgot")
    assert reset.returncode == 0 and "临时密码：" in reset.stdout and "下次登录须修改密码" in reset.stdout
    validate_password(reset.stdout.split("临时密码：", 1)[1].split("；", 1)[0])
    given = run("admin", "reset-password", "--login", "cliforgot", "--password-stdin", stdin="Cli#2027pass\n")
    assert given.returncode == 0 and "临时密码" not in given.stdout
    assert run("admin", "unlock", "--login", "cliforgot").returncode == 0
    missing = run("admin", "unlock", "--login", "nobody")
    assert missing.returncode != 0 and "没有登录账号 nobody" in missing.stderr
