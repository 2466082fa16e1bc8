"""One login per account at a time (source 002 §2.1 4 “同一个账号不能多人同时登录”).

A second login ends the first session, in the database (so every server process sees it);
the first session's next request is told why — a Chinese message on the login page, or
``code: session_replaced`` from the API — and loses its cookie.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from web_helpers import DEMO, Web


@pytest.fixture(scope="module")
def single_web(backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    from conftest import own_web
    from radrules_webshell.settings import Settings

    assert Settings(data_dir=tmp_path_factory.mktemp("s"), database_url="sqlite:///x").single_login
    with own_web(backend, tmp_path_factory, "single", single_login=True) as web:
        yield web


def test_a_second_login_ends_the_first_and_the_first_is_told(single_web: Web) -> None:
    first_page = single_web.login(*DEMO["institution"])
    first_api = single_web.api_login(*DEMO["institution"])  # this already ends first_page
    assert first_api.get("/api/me").status_code == 200
    page = first_page.get("/institution")
    assert page.status_code in (302, 303, 307)
    assert page.headers["location"].startswith("/login?notice=session_replaced&next=")
    assert 'radrules_session=""' in page.headers["set-cookie"] or "Max-Age=0" in page.headers["set-cookie"]
    shown = first_page.get(page.headers["location"])
    assert "您的账号已在其他地方登录" in shown.text
    # another login, by the page: now the API session is the one ended
    second_page = single_web.login(*DEMO["institution"])
    told = first_api.get("/api/me")
    assert told.status_code == 401
    assert told.json()["code"] == "session_replaced"
    assert "同一个账号不能多人同时登录" in told.json()["message"]
    assert second_page.get("/institution").status_code == 200
    # other accounts are untouched
    reviewer = single_web.api_login(*DEMO["reviewer"])
    assert reviewer.get("/api/me").status_code == 200
    assert second_page.get("/institution").status_code == 200


def test_the_login_that_ended_others_is_audited(single_web: Web) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    single_web.api_login(*DEMO["client"])
    single_web.api_login(*DEMO["client"])
    rows = single_web.run(
        AuditEvent.select(AuditEvent.action, AuditEvent.after)
        .where(AuditEvent.action == "login")
        .order_by(AuditEvent.id, ascending=False)
        .limit(1)
    )
    assert "ended_sessions" in str(rows[0]["after"])


def test_logins_at_once_leave_exactly_one_session(single_web: Web) -> None:
    from radrules_webshell.accounts import services
    from radrules_webshell.accounts.tables import Account, WebSession

    login, password = DEMO["regulator"]

    async def many() -> int:
        # four: each attempt is counted before its password is checked, and more at once
        # than the lockout threshold (5) would lock the login (accounts.throttle)
        await asyncio.gather(*(services.login(login, password, single_web.settings, None) for _ in range(4)))
        account = await Account.select(Account.id).where(Account.login == login).first()
        assert account is not None
        return int(
            await WebSession.count().where(
                (WebSession.account == account["id"]) & WebSession.ended_reason.is_null()
            )
        )

    assert single_web.run(many) == 1
