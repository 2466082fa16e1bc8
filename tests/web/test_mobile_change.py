"""Changing the account's mobile with a code sent by SMS (source 002 §2.4 修改手机号; §7 问题九).

The code button asks for the picture check first; the code goes to the new mobile through
the notifications' SMS codes (bounded tries, expiry); confirming takes the code and the
login password; the change is audited with both numbers masked.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest
from notification_helpers import sms_rows
from web_helpers import User, Web, error_of, new_institution

ANSWER = "M3HQ"


@pytest.fixture(autouse=True)
def known_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from radrules_webshell.accounts import captcha

    monkeypatch.setattr(captcha, "new_answer", lambda: ANSWER)


def _new_mobile() -> str:
    return "139" + f"{secrets.randbelow(10**8):08d}"


def _code_sent_to(web: Web, mobile: str) -> str:
    body = sms_rows(web, mobile)[-1]["body"]
    found = re.search(r"验证码为(\d{6})", body)
    assert found and "更换手机号" in body
    return found.group(1)


def _me(web: Web) -> User:
    data, _ = new_institution(web)
    user = web.api_login(data["login"], data["password"])
    user.password = data["password"]  # type: ignore[attr-defined]
    return user


def test_the_api_flow_with_its_checks(web: Web) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    user = _me(web)
    assert user.get("/api/me/mobile/").json()["mobile"] == "138****8000"
    new = _new_mobile()
    token = user.api("POST", "/api/auth/challenge").json()["token"]
    wrong = user.api(
        "POST", "/api/me/mobile/code", json={"mobile": new, "challenge": token, "answer": "XXXX"}
    )
    assert wrong.status_code == 400 and "图片验证未通过" in wrong.json()["errors"]["captcha"]
    assert sms_rows(web, new) == []  # no picture check, no SMS (§7 问题九)
    token = user.api("POST", "/api/auth/challenge").json()["token"]
    sent = user.api("POST", "/api/me/mobile/code", json={"mobile": new, "challenge": token, "answer": ANSWER})
    assert sent.status_code == 202, sent.text
    assert sent.json()["mobile"].startswith(new[:3]) and "****" in sent.json()["mobile"]
    code = _code_sent_to(web, new)
    bad_password = user.api(
        "POST", "/api/me/mobile/", json={"mobile": new, "code": code, "password": "Nope#2026x"}
    )
    assert bad_password.status_code == 400 and "密码不正确" in bad_password.json()["errors"]["password"]
    other = "000000" if code != "000000" else "111111"
    bad_code = user.api(
        "POST",
        "/api/me/mobile/",
        json={"mobile": new, "code": other, "password": user.password},  # type: ignore[attr-defined]
    )
    assert bad_code.status_code == 400 and "还可尝试 4 次" in bad_code.json()["errors"]["code"]
    done = user.api(
        "POST",
        "/api/me/mobile/",
        json={"mobile": new, "code": code, "password": user.password},  # type: ignore[attr-defined]
    )
    assert done.status_code == 204, done.text
    assert user.get("/api/me/mobile/").json()["mobile"] == f"{new[:3]}****{new[-4:]}"
    reused = user.api(
        "POST",
        "/api/me/mobile/",
        json={"mobile": new, "code": code, "password": user.password},  # type: ignore[attr-defined]
    )
    assert reused.status_code == 400 and "请先获取验证码" in reused.json()["errors"]["code"]
    me = user.get("/api/me").json()
    [event] = web.run(
        AuditEvent.select().where(
            (AuditEvent.action == "mobile_change") & (AuditEvent.entity_id == str(me["id"]))
        )
    )
    assert json.loads(event["before"]) == {"mobile": "138****8000"}
    assert new not in event["after"] and "****" in event["after"]


def test_a_code_for_another_account_does_not_change_this_one(web: Web) -> None:
    first, second = _me(web), _me(web)
    new = _new_mobile()
    token = first.api("POST", "/api/auth/challenge").json()["token"]
    assert (
        first.api(
            "POST", "/api/me/mobile/code", json={"mobile": new, "challenge": token, "answer": ANSWER}
        ).status_code
        == 202
    )
    code = _code_sent_to(web, new)
    stolen = second.api(
        "POST",
        "/api/me/mobile/",
        json={"mobile": new, "code": code, "password": second.password},  # type: ignore[attr-defined]
    )
    assert stolen.status_code == 400
    assert second.get("/api/me/mobile/").json()["mobile"] == "138****8000"


def test_the_pages_without_javascript(web: Web) -> None:
    data, _ = new_institution(web)
    user = web.login(data["login"], data["password"])
    page = user.get("/account/mobile/")
    assert "当前手机号：138****8000" in page.text and 'src="data:image/png;base64,' in page.text
    token = re.search(r'name="challenge" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    new = _new_mobile()
    sent = user.post_form(
        "/account/mobile/code", {"mobile": new, "challenge": token, "captcha": ANSWER.lower()}
    )
    assert sent.status_code == 200 and "验证码已发送至新手机号" in sent.text
    same = user.post_form("/account/mobile/", {"mobile": new, "code": "12345", "password": data["password"]})
    assert same.status_code == 400 and error_of(same.text, "code")
    done = user.post_form(
        "/account/mobile/", {"mobile": new, "code": _code_sent_to(web, new), "password": data["password"]}
    )
    assert done.status_code == 303
    assert f"{new[:3]}****{new[-4:]}" in user.get(done.headers["location"]).text
