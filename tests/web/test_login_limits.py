"""Failed logins are counted in the database before the password is checked (issue 12,
findings 3, 4 and 6): parallel guesses cannot outrun the lockout, the registration
endpoints share the login's limits, every failed credential check costs one hash, and the
address limit holds across server processes and only trusts configured proxies."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from web_helpers import DEMO, Web, new_admin, registration_data, registration_files, unique_login

THRESHOLD = 5  # Settings.lockout_threshold


@pytest.fixture
def app_with(web: Web) -> Iterator[Any]:
    """A second app on the same database with other settings (limits), called in-process."""
    from radrules_webshell import piccolo_conf
    from radrules_webshell.app import create_app

    def make(**overrides: Any) -> Any:
        return create_app(attrs.evolve(web.settings, **overrides), piccolo_conf.DB, run_migrations=False)

    yield make


def _burst(
    web: Web, app: Any, ip: str, bodies: list[dict[str, str]], path: str = "/api/auth/login"
) -> list[int]:
    """POST every body at once (one event loop, as a server takes them); the status codes in order."""

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=(ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
            replies = await asyncio.gather(*(client.post(path, json=body) for body in bodies))
        return [r.status_code for r in replies]

    return web.run(run)


def test_parallel_logins_cannot_outrun_the_lockout(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 3: 30 logins at once for one account, the right password 25th: none gets in.

    The password checks are slowed down so that the wrong guesses are all still being
    checked when the right one arrives — the window in which failures counted after the
    check let the right password through (29 × 401 and 1 × 200).
    """
    from radrules_webshell.accounts import passwords, throttle
    from radrules_webshell.accounts.tables import LoginCounter

    real = passwords.verify_password

    def slow(stored: str | None, given: str) -> bool:
        time.sleep(0.3)
        return real(stored, given)

    monkeypatch.setattr(passwords, "verify_password", slow)
    login, password = new_admin(web, prefix="lim")
    key = throttle.login_key(login)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=web.client.app, client=("10.3.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:

            def attempt(guess: str) -> Any:
                return client.post("/api/auth/login", json={"login": login, "password": guess})

            first = [asyncio.ensure_future(attempt(f"Wrong#{i:04d}x")) for i in range(24)]
            for _ in range(500):  # until the 24 are counted (they are still being checked)
                row = await LoginCounter.select(LoginCounter.failures).where(LoginCounter.key == key).first()
                if row and row["failures"] >= 24:
                    break
                await asyncio.sleep(0.01)
            rest = [asyncio.ensure_future(attempt(password))]
            rest += [asyncio.ensure_future(attempt(f"Late#{i:04d}x")) for i in range(5)]
            replies = await asyncio.gather(*first, *rest)
        return [r.status_code for r in replies]

    codes = web.run(run)
    assert codes[24] == 429 and 200 not in codes
    assert codes.count(401) <= THRESHOLD and codes.count(429) >= 30 - THRESHOLD
    # and the account stays locked for the right password afterwards
    after = web.anonymous().request("POST", "/api/auth/login", json={"login": login, "password": password})
    assert after.status_code == 429 and "锁定" in after.json()["message"]


def test_parallel_guesses_from_one_address_are_refused(web: Web, app_with: Any) -> None:
    """Finding 3: 60 wrong guesses at once from one address (different logins): the limit holds."""
    app = app_with(ip_failure_limit=20)
    bodies = [{"login": unique_login("ghost"), "password": "Wrong#2026x"} for _ in range(60)]
    codes = _burst(web, app, "10.3.0.2", bodies)
    assert codes.count(401) == 20 and codes.count(429) == 40
    # another address is not affected
    assert _burst(web, app, "10.3.0.3", bodies[:1]) == [401]


def test_a_lockout_reveals_neither_the_password_nor_the_account(web: Web) -> None:
    login, password = new_admin(web, prefix="lim")
    nobody = unique_login("nobody")
    anon = web.anonymous()
    for name in (login, nobody):
        for _ in range(THRESHOLD):
            r = anon.request("POST", "/api/auth/login", json={"login": name, "password": "Wrong#2026x"})
            assert r.status_code == 401 and r.json()["message"] == "账号或密码错误"
    replies = [
        anon.request("POST", "/api/auth/login", json={"login": name, "password": guess}).json()["message"]
        for name, guess in ((login, password), (login, "Wrong#2026x"), (nobody, "Wrong#2026x"))
    ]
    # the right password, a wrong one and a login no account has: the same reply
    assert len({r.split("请于")[0] for r in replies}) == 1 and "锁定" in replies[0]


def test_unlock_lifts_a_lockout(web: Web) -> None:
    from radrules_webshell.accounts import services

    login, password = new_admin(web, prefix="lim")
    anon = web.anonymous()
    for _ in range(THRESHOLD + 1):
        anon.request("POST", "/api/auth/login", json={"login": login, "password": "Wrong#2026x"})
    admin_page = web.login(*DEMO["admin"]).get("/admin/users").text
    row = re.search(rf"<td>{login}</td>.*?</tr>", admin_page, re.S)
    assert row and re.search(
        r"<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>\s*<td class=\"actions\">", row[0]
    )  # locked until
    assert web.run(services.unlock, login) is True
    assert web.api_login(login, password)  # in at once
    assert web.run(services.unlock, login) is False  # a success cleared the count


def test_counts_are_shared_by_server_processes(web: Web, data_dir: Path) -> None:
    """The counter is in the database: failures made by another process count here."""
    login, password = new_admin(web, prefix="lim")
    script = textwrap.dedent(
        f"""
        import asyncio
        from pathlib import Path
        from radrules_webshell.accounts import passwords, services
        from radrules_webshell.audit import checkpoints
        from radrules_webshell.db.engine import bind, engine_from_url, start, stop
        from radrules_webshell.settings import Settings

        async def main():
            # the picture check (after 3 failures by default) is not what this test counts
            settings = Settings(data_dir=Path({str(data_dir)!r}), database_url={web.settings.database_url!r},
                                argon2_profile="fast", captcha_after_failures=0)
            passwords.configure("fast")
            engine = engine_from_url(settings.database_url)
            bind(engine)
            checkpoints.configure(engine, settings)
            await start(engine)
            for _ in range({THRESHOLD}):
                try:
                    await services.login({login!r}, "Wrong#2026x", settings, "10.3.0.9")
                except services.LoginRefused as exc:
                    assert exc.status == 401, exc.message
            await stop(engine)

        asyncio.run(main())
        """
    )
    env = {**os.environ, "PICCOLO_CONF": "radrules_webshell.piccolo_conf"}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)
    r = web.anonymous().request("POST", "/api/auth/login", json={"login": login, "password": password})
    assert r.status_code == 429 and "锁定" in r.json()["message"]


def _returned_registration(web: Web) -> dict[str, Any]:
    data = registration_data()
    anon = web.anonymous()
    assert anon.api("POST", "/api/registrations/", data=data, files=registration_files()).status_code == 201
    reviewer = web.api_login(*DEMO["reviewer"])
    reg_id = next(
        r["id"] for r in reviewer.get("/api/review/registrations/").json() if r["uscc"] == data["uscc"]
    )
    r = reviewer.api("POST", f"/api/review/registrations/{reg_id}/return", json={"reason": "请补充材料"})
    assert r.status_code == 200
    return data | {"reg_id": reg_id}


def _resubmit(web: Web, data: dict[str, Any], password: str) -> httpx.Response:
    form = {k: v for k, v in data.items() if k not in ("password", "password_confirm", "reg_id")}
    form |= {"auth_login": data["login"], "auth_password": password}
    return web.anonymous().api("POST", "/api/registrations/resubmit", data=form)


def test_registration_endpoints_count_with_the_login_limits(web: Web) -> None:
    """Finding 4: guesses at the application's password are limited like logins, and share the count."""
    data = _returned_registration(web)
    for _ in range(THRESHOLD):
        assert _resubmit(web, data, "Wrong#2026x").status_code == 403
    found = _resubmit(web, data, data["password"])
    assert found.status_code == 429  # the right password is refused like any other now
    page = web.anonymous().post_form(
        "/register/edit/open", {"uscc": data["uscc"], "login": data["login"], "password": data["password"]}
    )
    assert page.status_code == 429
    login = web.anonymous().request(
        "POST", "/api/auth/login", json={"login": data["login"], "password": data["password"]}
    )
    assert login.status_code == 429


def test_an_approved_registration_password_opens_nothing(web: Web) -> None:
    data = _returned_registration(web)
    reviewer = web.api_login(*DEMO["reviewer"])
    assert _resubmit(web, data, data["password"]).status_code == 200  # back to 待审核
    assert reviewer.api("POST", f"/api/review/registrations/{data['reg_id']}/approve").status_code == 200
    right, wrong = _resubmit(web, data, data["password"]), _resubmit(web, data, "Wrong#2026x")
    assert right.status_code == wrong.status_code == 409 and right.json() == wrong.json()


def test_every_failed_login_costs_one_hash(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 6: a pending or returned registration costs what any other failed login does."""
    from radrules_webshell.accounts import passwords

    calls: list[str | None] = []
    real = passwords.verify_password

    def counting(stored: str | None, password: str) -> bool:
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    pending = registration_data()
    assert (
        web.anonymous()
        .api("POST", "/api/registrations/", data=pending, files=registration_files())
        .status_code
        == 201
    )
    returned = _returned_registration(web)
    account, _ = new_admin(web, prefix="lim")
    for name in (unique_login("none"), pending["login"], returned["login"], account):
        calls.clear()
        r = web.anonymous().request(
            "POST", "/api/auth/login", json={"login": name, "password": "Wrong#2026x"}
        )
        assert r.status_code == 401 and r.json()["message"] == "账号或密码错误"
        assert len(calls) == 1, (name, len(calls))


def test_forwarded_for_is_trusted_only_from_configured_proxies() -> None:
    from radrules_webshell.core.middleware import client_ip
    from radrules_webshell.settings import Settings

    def scope(peer: str, forwarded: str, proxies: tuple[str, ...]) -> dict[str, Any]:
        settings = Settings(data_dir=Path(), database_url="sqlite:///x", trusted_proxies=proxies)
        app = type("App", (), {"state": type("State", (), {"settings": settings})()})()
        return {
            "client": (peer, 1),
            "headers": [(b"x-forwarded-for", forwarded.encode())],
            "litestar_app": app,
        }

    assert client_ip(scope("127.0.0.1", "203.0.113.7", ())) == "127.0.0.1"
    assert client_ip(scope("127.0.0.1", "203.0.113.7", ("127.0.0.1",))) == "203.0.113.7"
    # a client behind the proxy cannot choose its address by sending its own header
    assert client_ip(scope("10.0.0.5", "1.2.3.4, 203.0.113.7", ("10.0.0.0/8",))) == "203.0.113.7"
    assert client_ip(scope("192.0.2.1", "203.0.113.7", ("10.0.0.0/8",))) == "192.0.2.1"
    assert client_ip(scope("10.0.0.5", "not-an-address", ("10.0.0.0/8",))) == "10.0.0.5"
