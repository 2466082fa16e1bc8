"""Notifications: the inbox (per account and per organisation, unread counts, read marks),
the outbox discipline (queued with the event, rolled back with it, told once per key), and
the SMS dispatcher (retries with backoff, never twice, daily summaries)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from notification_helpers import Phone, dispatch, new_account, sms_rows, tell, unique_mobile
from web_helpers import DEMO, Web, new_institution

T0 = datetime(2022, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 Beijing


def _recipient(**kwargs: Any) -> Any:
    from radrules_webshell.notifications import Recipient

    return Recipient(**kwargs)


def test_a_message_for_an_account_is_in_its_inbox_only(web: Web) -> None:
    me, other = new_account(web), new_account(web)
    [message_id] = tell(
        web,
        [_recipient(account_id=me["id"])],
        kind="test.hello",
        title="报名已退回",
        body="退回原因：职称证书不清晰\n请修改后重新提交",
        link="/inbox",
    )
    mine = web.api_login(me["login"], me["password"])
    inbox = mine.get("/api/inbox/").json()
    assert [m["id"] for m in inbox["items"]] == [message_id] and inbox["unread"] == 1
    assert inbox["items"][0]["read"] is False and inbox["items"][0]["title"] == "报名已退回"
    assert mine.get("/api/inbox/unread-count").json() == {"unread": 1}

    theirs = web.api_login(other["login"], other["password"])
    assert theirs.get("/api/inbox/").json()["total"] == 0
    assert theirs.get(f"/api/inbox/{message_id}").status_code == 404
    assert theirs.api("POST", f"/api/inbox/{message_id}/read").status_code == 404

    assert mine.api("POST", f"/api/inbox/{message_id}/read").status_code == 204
    assert mine.api("POST", f"/api/inbox/{message_id}/read").status_code == 204, "twice is no error"
    assert mine.get("/api/inbox/unread-count").json() == {"unread": 0}
    assert mine.get(f"/api/inbox/{message_id}").json()["read"] is True


def test_the_page_header_counts_unread_and_opening_reads(web: Web) -> None:
    me = new_account(web)
    ids = [
        tell(web, [_recipient(account_id=me["id"])], kind="test.page", title=f"第{n}条消息")[0]
        for n in (1, 2)
    ]
    page = web.login(me["login"], me["password"])
    listing = page.get("/inbox/")
    assert listing.status_code == 200
    assert 'aria-label="2 条未读"' in listing.text and "第1条消息" in listing.text
    opened = page.get(f"/inbox/{ids[0]}")
    assert opened.status_code == 200 and "第1条消息" in opened.text
    assert 'aria-label="1 条未读"' in opened.text, "the header counts after the opening"
    assert page.post_form("/inbox/read-all", {}).status_code == 303
    assert "条未读" not in page.get("/inbox/").text
    assert page.get(f"/inbox/{ids[1] + 10_000_000}").status_code == 404


def test_a_message_for_an_organisation_reaches_each_of_its_accounts(web: Web) -> None:
    data, institution_id = new_institution(web)
    second = new_account(web, institution_id=institution_id)
    [message_id] = tell(
        web, [_recipient(org_kind="institution", org_id=institution_id)], kind="test.unit", title="选班已开始"
    )
    first = web.api_login(data["login"], data["password"])
    other = web.api_login(second["login"], second["password"])
    assert (
        first.get("/api/inbox/unread-count").json()
        == other.get("/api/inbox/unread-count").json()
        == {"unread": 1}
    )
    first.api("POST", f"/api/inbox/{message_id}/read")
    assert first.get("/api/inbox/unread-count").json() == {"unread": 0}
    assert other.get("/api/inbox/unread-count").json() == {"unread": 1}, "each account reads on its own"
    # an account created later sees the unit's messages too
    later = new_account(web, institution_id=institution_id)
    assert web.api_login(later["login"], later["password"]).get("/api/inbox/").json()["total"] == 1
    # another institution does not
    demo = web.api_login(*DEMO["institution"])
    assert demo.get(f"/api/inbox/{message_id}").status_code == 404


def test_notify_belongs_to_the_callers_transaction(web: Web) -> None:
    from radrules_webshell.db.transaction import atomic
    from radrules_webshell.notifications import NotifyError, notify
    from radrules_webshell.notifications.tables import Notification

    me = new_account(web)
    who = [_recipient(account_id=me["id"])]

    async def outside() -> None:
        await notify(who, kind="test.outside", title="不在事务中")

    with pytest.raises(NotifyError, match="transaction"):
        web.run(outside)

    async def rolled_back() -> None:
        async with atomic():
            await notify(who, kind="test.rollback", title="事件未提交", sms="now")
            raise RuntimeError("the event failed")

    with pytest.raises(RuntimeError):
        web.run(rolled_back)
    assert web.run(Notification.count().where(Notification.account == me["id"])) == 0
    assert sms_rows(web, me["mobile"]) == [], "no text for an event that did not happen"

    for bad in ({"kind": "Bad Kind"}, {"link": "https://elsewhere.example/"}, {"title": ""}):
        args = {"kind": "test.bad", "title": "标题", **bad}
        with pytest.raises(NotifyError):
            tell(web, who, **args)


def test_the_same_key_tells_each_recipient_once(web: Web) -> None:
    a, b = new_account(web), new_account(web)
    first = tell(
        web,
        [_recipient(account_id=a["id"])],
        kind="test.key",
        title="预警",
        key="warning:7",
        sms="now",
        at=T0,
    )
    again = tell(
        web,
        [_recipient(account_id=a["id"]), _recipient(account_id=b["id"])],
        kind="test.key",
        title="预警",
        key="warning:7",
        sms="now",
        at=T0,
    )
    assert len(first) == 1 and len(again) == 1, "only b is new"
    assert len(sms_rows(web, a["mobile"])) == 1 and len(sms_rows(web, b["mobile"])) == 1


def test_an_sms_is_sent_once_per_mobile_and_not_again(web: Web) -> None:
    _data, institution_id = new_institution(web)
    shared = unique_mobile()
    new_account(web, institution_id=institution_id, mobile=shared)
    new_account(web, institution_id=institution_id, mobile=shared)
    tell(
        web,
        [_recipient(org_kind="institution", org_id=institution_id)],
        kind="test.sms",
        title="报名已审核通过",
        sms="now",
        at=T0,
    )
    rows = sms_rows(web, shared)
    assert len(rows) == 1 and rows[0]["state"] == "pending"
    assert rows[0]["body"].startswith("【放射卫生信息平台】报名已审核通过")
    phone = Phone()
    summary = dispatch(web, phone, T0 + timedelta(seconds=1), mobiles=[shared])
    assert summary.sent == 1 and [m.mobile for m in phone.sent] == [shared]
    assert phone.sent[0].key == f"radrules-sms-{rows[0]['id']}"
    assert dispatch(web, phone, T0 + timedelta(days=1), mobiles=[shared]).sent == 0
    assert sms_rows(web, shared)[0]["state"] == "sent"


def test_failed_sends_are_retried_with_backoff_then_given_up(web: Web) -> None:
    me = new_account(web)
    tell(web, [_recipient(account_id=me["id"])], kind="test.retry", title="成绩已发布", sms="now", at=T0)
    phone = Phone(fail=lambda _m: "网关忙")
    settings = web.settings
    now = T0
    for attempt in range(1, settings.sms_max_attempts):
        summary = dispatch(web, phone, now, mobiles=[me["mobile"]])
        assert summary.retried == 1, attempt
        row = sms_rows(web, me["mobile"])[0]
        assert row["state"] == "pending" and row["attempts"] == attempt and row["last_error"] == "网关忙"
        delay = min(settings.sms_backoff_seconds * 2 ** (attempt - 1), settings.sms_backoff_max_seconds)
        due = row["due_at"] if row["due_at"].tzinfo else row["due_at"].replace(tzinfo=UTC)
        assert due == now + timedelta(seconds=delay)
        assert dispatch(web, phone, due - timedelta(seconds=1), mobiles=[me["mobile"]]).retried == 0
        now = due
    assert dispatch(web, phone, now, mobiles=[me["mobile"]]).failed == 1
    assert sms_rows(web, me["mobile"])[0]["state"] == "failed"
    assert dispatch(web, Phone(), now + timedelta(days=30), mobiles=[me["mobile"]]).sent == 0


def test_two_dispatchers_send_each_text_once(web: Web) -> None:
    from radrules_webshell.notifications.dispatch import SmsDispatcher

    accounts = [new_account(web) for _ in range(6)]
    for account in accounts:
        tell(
            web, [_recipient(account_id=account["id"])], kind="test.race", title="选班开始", sms="now", at=T0
        )
    mobiles = [a["mobile"] for a in accounts]
    phones = [Phone(pause=0.01), Phone(pause=0.01)]

    async def race() -> None:
        await asyncio.gather(
            *(SmsDispatcher(web.settings, p).run(T0 + timedelta(seconds=1), mobiles=mobiles) for p in phones)
        )

    web.run(race)
    sent = sorted(m.mobile for p in phones for m in p.sent)
    assert sent == sorted(mobiles), "every text once, none twice"


def test_a_daily_summary_per_recipient(web: Web) -> None:
    me = new_account(web)
    day = datetime(2022, 5, 10, 1, 0, tzinfo=UTC)  # 09:00 Beijing, 10 May
    for n in range(1, 5):
        tell(
            web,
            [_recipient(account_id=me["id"])],
            kind="test.warning",
            title=f"预警{n}：人员未参加在岗培训",
            sms="digest",
            at=day + timedelta(hours=n),
        )
    phone = Phone()
    assert sms_rows(web, me["mobile"]) == [], "lines wait for the summary"
    assert (
        dispatch(web, phone, day + timedelta(hours=6), mobiles=[me["mobile"]], accounts=[me["id"]]).digests
        == 0
    )
    before_hour = datetime(2022, 5, 10, 23, 0, tzinfo=UTC)  # 07:00 Beijing, 11 May
    assert dispatch(web, phone, before_hour, mobiles=[me["mobile"]], accounts=[me["id"]]).digests == 0
    morning = datetime(2022, 5, 11, 0, 30, tzinfo=UTC)  # 08:30 Beijing, 11 May
    summary = dispatch(web, phone, morning, mobiles=[me["mobile"]], accounts=[me["id"]])
    assert (summary.digests, summary.sent) == (1, 1)
    [text] = [m.text for m in phone.sent]
    assert "您有 4 条新消息" in text and "预警1" in text and "等 4 条" in text and "预警4" not in text
    assert (
        dispatch(
            web, phone, morning + timedelta(hours=3), mobiles=[me["mobile"]], accounts=[me["id"]]
        ).digests
        == 0
    )
    # a line of the 11th goes into the 12th's summary, and the inbox had every message at once
    tell(web, [_recipient(account_id=me["id"])], kind="test.warning", title="预警5", sms="digest", at=morning)
    assert (
        dispatch(
            web, phone, morning + timedelta(hours=3), mobiles=[me["mobile"]], accounts=[me["id"]]
        ).digests
        == 0
    )
    assert (
        dispatch(web, phone, morning + timedelta(days=1), mobiles=[me["mobile"]], accounts=[me["id"]]).digests
        == 1
    )
    assert [r["digest_key"] for r in sms_rows(web, me["mobile"])] == [
        f"{me['id']}:2022-05-11",
        f"{me['id']}:2022-05-12",
    ]
    assert web.api_login(me["login"], me["password"]).get("/api/inbox/").json()["total"] == 5


def test_sms_codes(web: Web) -> None:
    from radrules_webshell.notifications import CodeRefused, check_sms_code, send_sms_code

    me = new_account(web)
    settings = web.settings
    mobile = me["mobile"]

    def send(at: datetime) -> Any:
        return web.run(
            send_sms_code,
            mobile,
            purpose="mobile_change",
            label="更换手机号",
            settings=settings,
            account_id=me["id"],
            now=at,
        )

    def check(code: str, at: datetime) -> Any:
        return web.run(check_sms_code, mobile, code, purpose="mobile_change", settings=settings, now=at)

    sent = send(T0)
    assert sent.expires_at == T0 + timedelta(seconds=settings.sms_code_seconds)
    with pytest.raises(CodeRefused, match="秒后再获取"):
        send(T0 + timedelta(seconds=10))
    phone = Phone()
    dispatch(web, phone, T0 + timedelta(seconds=1), mobiles=[mobile])
    [text] = [m.text for m in phone.sent]
    code = re.search(r"验证码为(\d{6})", text).group(1)  # type: ignore[union-attr]
    assert "更换手机号" in text and "5分钟内有效" in text
    assert code not in sms_rows(web, mobile)[0]["body"], "the code is not kept once sent"
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(CodeRefused, match="还可尝试 4 次"):
        check(wrong, T0 + timedelta(seconds=30))
    assert check(code, T0 + timedelta(seconds=40)) == me["id"]
    with pytest.raises(CodeRefused, match="请先获取"):
        check(code, T0 + timedelta(seconds=50))

    later = T0 + timedelta(minutes=10)
    send(later)
    with pytest.raises(CodeRefused, match="过期"):
        check(code, later + timedelta(seconds=settings.sms_code_seconds + 1))
    for n in range(settings.sms_code_max_attempts):
        with pytest.raises(CodeRefused):
            check(wrong, later + timedelta(seconds=n))
    with pytest.raises(CodeRefused, match="次数过多"):
        check(code, later + timedelta(seconds=30))
    with pytest.raises(CodeRefused, match="手机号码"):
        web.run(send_sms_code, "12345", purpose="mobile_change", label="更换手机号", settings=settings)


def test_codes_per_day_are_limited_and_an_expired_code_is_not_sent(web: Web) -> None:
    from radrules_webshell.notifications import CodeRefused, send_sms_code

    mobile = unique_mobile()
    settings = web.settings
    day = datetime(2022, 7, 1, 1, 0, tzinfo=UTC)
    for n in range(settings.sms_code_daily_limit):
        web.run(
            send_sms_code,
            mobile,
            purpose=f"p{n}",
            label="测试",
            settings=settings,
            now=day + timedelta(minutes=n),
        )
    with pytest.raises(CodeRefused, match="今日获取验证码已达"):
        web.run(
            send_sms_code,
            mobile,
            purpose="other",
            label="测试",
            settings=settings,
            now=day + timedelta(hours=1),
        )
    summary = dispatch(web, Phone(), day + timedelta(hours=2), mobiles=[mobile])
    assert summary.cancelled == settings.sms_code_daily_limit and summary.sent == 0
    assert {r["state"] for r in sms_rows(web, mobile)} == {"cancelled"}
