"""The password an account sets is checked by its jurisdiction's rule (source 002 §2.2 2, §2.3 1).

A Jiangsu institution's account gets ``JS.account.password`` (the manual's own list of
special characters, which has no ``$``); an administrator, who belongs to no division, gets
the national baseline (``NAT.account.password``), under which ``$`` is a special character.
"""

from __future__ import annotations

from web_helpers import Web, error_of, new_admin, new_institution


def test_jiangsu_account_gets_the_manuals_rule(web: Web) -> None:
    data, _ = new_institution(web)
    user = web.api_login(data["login"], data["password"])
    rule = user.get("/api/me/password-rule").json()
    assert list(rule["rules"]) == ["JS.account.password"]
    assert "¥" in rule["text"] and "8-16位" in rule["text"]
    refused = user.api(
        "POST", "/api/me/password", json={"current_password": data["password"], "new_password": "Kq7$Wmp9x"}
    )
    assert refused.status_code == 400
    assert "“$”" in refused.text and "特殊字符仅支持" in refused.text
    run = user.api(
        "POST", "/api/me/password", json={"current_password": data["password"], "new_password": "Kq#123Wmx"}
    )
    assert run.status_code == 400 and "（“123”）" in run.text
    ok = user.api(
        "POST", "/api/me/password", json={"current_password": data["password"], "new_password": "Kq7¥Wmp9x"}
    )
    assert ok.status_code == 204
    # the page tells the same rule before anything is typed
    page = web.login(data["login"], "Kq7¥Wmp9x").get("/password")
    assert "仅支持" in page.text and "【】" in page.text


def test_an_account_of_no_division_gets_the_national_baseline(web: Web) -> None:
    login, password = new_admin(web)
    user = web.login(login, password)
    assert "仅支持" not in user.get("/password").text
    done = user.post_form(
        "/password",
        {"current_password": password, "new_password": "Kq7$Wmp9x", "confirm_password": "Kq7$Wmp9x"},
    )
    assert done.status_code == 303
    weak = web.login(login, "Kq7$Wmp9x").post_form(
        "/password",
        {"current_password": "Kq7$Wmp9x", "new_password": "Kq7$Wabc", "confirm_password": "Kq7$Wabc"},
    )
    assert weak.status_code == 400
    message = error_of(weak.text, "new_password")
    assert message and "连续3位" in message
