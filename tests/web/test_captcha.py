"""The picture check before a login after failures (source 002 §2.2 1 图片验证; §7 问题九).

After ``captcha_after_failures`` failed logins for a login name or an address, a login must
answer a picture drawn on the server; the answer is kept hashed, used once, and expires.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest
from web_helpers import DEMO, User, Web

ANSWER = "K7QX"


@pytest.fixture(scope="module")
def captcha_web(backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    from conftest import own_web

    with own_web(backend, tmp_path_factory, "captcha", captcha_after_failures=2) as web:
        yield web


@pytest.fixture(autouse=True)
def fresh_counters(captcha_web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from radrules_webshell.accounts import captcha
    from radrules_webshell.accounts.tables import LoginCounter

    captcha_web.run(LoginCounter.delete(force=True))
    monkeypatch.setattr(captcha, "new_answer", lambda: ANSWER)


def _fail(web: Web, login: str, times: int) -> None:
    for _ in range(times):
        r = web.anonymous().request(
            "POST", "/api/auth/login", json={"login": login, "password": "Wrong#2026x"}
        )
        assert r.status_code == 401, r.text


def _challenge_of(html: str) -> str:
    found = re.search(r'name="challenge" value="([^"]+)"', html)
    assert found, "the page should carry a picture check"
    return found.group(1)


def test_no_check_until_the_failures_then_the_page_asks_for_it(captcha_web: Web) -> None:
    login, password = DEMO["institution"]
    page = captcha_web.anonymous().get("/login")
    assert 'name="challenge"' not in page.text
    _fail(captcha_web, login, 2)
    user = User(captcha_web)
    refused = user.post_form("/login", {"login": login, "password": password})
    assert refused.status_code == 400
    assert "请输入图片中的字符" in refused.text
    assert 'src="data:image/png;base64,' in refused.text  # drawn here: no outside service
    assert "<script>" not in refused.text
    # the right answer (any case, spaces ignored) and the right password log in
    ok = user.post_form(
        "/login",
        {"login": login, "password": password, "challenge": _challenge_of(refused.text), "captcha": " k7qx "},
    )
    assert ok.status_code == 303
    # the success cleared the login's count; the address keeps its failures for its window
    from radrules_webshell.accounts import throttle
    from radrules_webshell.accounts.tables import LoginCounter

    rows = captcha_web.run(LoginCounter.select().where(LoginCounter.key == throttle.login_key(login)))
    assert rows == []
    again = captcha_web.anonymous().request(
        "POST", "/api/auth/login", json={"login": login, "password": password}
    )
    assert again.json()["code"] == "captcha_required"


def test_a_check_is_used_once_and_a_wrong_answer_checks_no_password(captcha_web: Web) -> None:
    from radrules_webshell.accounts.tables import LoginCounter

    login, password = DEMO["client"]
    _fail(captcha_web, login, 2)
    anon = captcha_web.anonymous()
    made = anon.request("POST", "/api/auth/challenge").json()
    assert base64.b64decode(made["image"]).startswith(b"\x89PNG")
    assert made["media_type"] == "image/png" and made["expires_in"] == 300
    before = captcha_web.run(LoginCounter.select().where(LoginCounter.key.like("login:%")))
    wrong = anon.request(
        "POST",
        "/api/auth/login",
        json={"login": login, "password": password, "challenge": made["token"], "answer": "ABCD"},
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "captcha_wrong"
    assert wrong.json()["captcha_required"] is True
    after = captcha_web.run(LoginCounter.select().where(LoginCounter.key.like("login:%")))
    assert before == after  # no failure counted, no password checked
    again = anon.request(
        "POST",
        "/api/auth/login",
        json={"login": login, "password": password, "challenge": made["token"], "answer": ANSWER},
    )
    assert again.status_code == 400 and again.json()["code"] == "captcha_wrong"  # used up
    missing = anon.request("POST", "/api/auth/login", json={"login": login, "password": password})
    assert missing.status_code == 400 and missing.json()["code"] == "captcha_required"
    fresh = anon.request("POST", "/api/auth/challenge").json()
    ok = anon.request(
        "POST",
        "/api/auth/login",
        json={"login": login, "password": password, "challenge": fresh["token"], "answer": ANSWER},
    )
    assert ok.status_code == 200, ok.text


def test_an_expired_check_fails_and_only_its_hash_is_kept(captcha_web: Web) -> None:
    from radrules_webshell.accounts.tables import LoginChallenge

    login, password = DEMO["regulator"]
    _fail(captcha_web, login, 2)
    anon = captcha_web.anonymous()
    made = anon.request("POST", "/api/auth/challenge").json()
    rows = captcha_web.run(LoginChallenge.select())
    assert not any(made["token"] in str(r) or ANSWER in str(r) for r in rows)
    captcha_web.run(LoginChallenge.update({LoginChallenge.expires_at: 1}, force=True))
    late = anon.request(
        "POST",
        "/api/auth/login",
        json={"login": login, "password": password, "challenge": made["token"], "answer": ANSWER},
    )
    assert late.status_code == 400 and late.json()["code"] == "captcha_wrong"


def test_failures_from_one_address_ask_every_login_from_it(captcha_web: Web) -> None:
    _fail(captcha_web, "nobody-one", 1)
    _fail(captcha_web, "nobody-two", 1)
    login, password = DEMO["reviewer"]
    r = captcha_web.anonymous().request(
        "POST", "/api/auth/login", json={"login": login, "password": password}
    )
    assert r.status_code == 400 and r.json()["code"] == "captcha_required"
    assert 'name="challenge"' in captcha_web.anonymous().get("/login").text
