"""The reviewer returns a card (退回) with a reason; the overdue list (Fujian's 15 working days);
Jilin's summaries. Regulators only read."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, date, datetime
from typing import Any

import pytest
from oversight_rows import add, authority_user, new_institution
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.sync import outbox
from radrules_webshell.sync.tables import SyncMessage
from web_helpers import DEMO, Web


@pytest.fixture(scope="module")
def nanjing(web: Web) -> dict[str, Any]:
    tag = secrets.token_hex(3)
    return web.run(new_institution, f"退测{tag}中心", "320102")


def _card(web: Web, inst: dict[str, Any], status: str = "submitted", **kwargs: Any) -> int:
    return add(
        web,
        "jiangsu",
        inst,
        service_division="320104",
        client_name="退回测试医院",
        report_no=f"RT-{secrets.token_hex(4)}",
        issued_on=date(2026, 10, 20),
        filed_on=date(2026, 10, 22) if status != "draft" else None,
        status=status,
        **kwargs,
    )


def test_reviewer_returns_a_submitted_card(web: Web, nanjing: dict[str, Any]) -> None:
    card_id = _card(web, nanjing)
    web.run(outbox.enqueue_card, card_id, "{}", at=datetime.now(UTC))
    reviewer = web.api_login(*DEMO["reviewer"])
    response = reviewer.api(
        "POST",
        f"/api/oversight/cards/{card_id}/return",
        json={"reason": "参与人员时间冲突，请核对", "version": 1},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": card_id,
        "status": "returned",
        "version": 2,
        "return_reason": "参与人员时间冲突，请核对",
    }
    row = web.run(ReportCard.select().where(ReportCard.id == card_id).first())
    assert row["status"] == "returned" and row["version"] == 2
    assert row["return_reason"] == "参与人员时间冲突，请核对"
    assert '"returned"' in row["document"]
    states = web.run(SyncMessage.select(SyncMessage.state).where(SyncMessage.report_card == card_id))
    assert [s["state"] for s in states] == ["cancelled"]
    events = web.run(
        AuditEvent.select().where(
            (AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id))
        )
    )
    assert [e["action"] for e in events] == ["return"]
    assert '"submitted"' in events[0]["before"] and '"returned"' in events[0]["after"]
    # the regulator's details show the reason
    detail = web.api_login(*DEMO["regulator"]).get(f"/api/oversight/cards/{card_id}").json()
    assert detail["return_reason"] == "参与人员时间冲突，请核对" and detail["status"] == "returned"
    # a returned card cannot be returned again
    again = reviewer.api("POST", f"/api/oversight/cards/{card_id}/return", json={"reason": "再次"})
    assert again.status_code == 409 and "已提交" in again.json()["message"]


def test_return_through_the_page(web: Web, nanjing: dict[str, Any]) -> None:
    card_id = _card(web, nanjing, status="locked", status_under_lock="submitted")
    page = web.login(*DEMO["reviewer"])
    shown = page.get(f"/oversight/cards/{card_id}")
    assert 'name="reason"' in shown.text
    empty = page.post_form(f"/oversight/cards/{card_id}/return", {"reason": " ", "version": "1"})
    assert empty.status_code == 400 and 'id="err_reason"' in empty.text
    done = page.post_form(f"/oversight/cards/{card_id}/return", {"reason": "盖章页不清晰", "version": "1"})
    assert done.status_code == 303
    row = web.run(ReportCard.select().where(ReportCard.id == card_id).first())
    # still locked, now over the returned state
    assert (row["status"], row["status_under_lock"], row["return_reason"]) == (
        "locked",
        "returned",
        "盖章页不清晰",
    )


def test_return_refusals_leave_the_card_untouched(web: Web, nanjing: dict[str, Any]) -> None:
    reviewer = web.api_login(*DEMO["reviewer"])
    draft = _card(web, nanjing, status="draft")
    assert (
        reviewer.api("POST", f"/api/oversight/cards/{draft}/return", json={"reason": "x"}).status_code == 409
    )
    card_id = _card(web, nanjing)
    blank = reviewer.api("POST", f"/api/oversight/cards/{card_id}/return", json={"reason": "  "})
    assert blank.status_code == 400 and "reason" in blank.json()["errors"]
    stale = reviewer.api("POST", f"/api/oversight/cards/{card_id}/return", json={"reason": "x", "version": 7})
    assert stale.status_code == 409
    regulator = web.api_login(*DEMO["regulator"])
    regulator.csrf = regulator.get("/api/me").json()["csrf_token"]
    assert (
        regulator.api("POST", f"/api/oversight/cards/{card_id}/return", json={"reason": "x"}).status_code
        == 403
    )
    fujian_reviewer = authority_user(web, "reviewer", "350000")
    assert (
        fujian_reviewer.api(
            "POST", f"/api/oversight/cards/{card_id}/return", json={"reason": "x"}
        ).status_code
        == 404
    )
    row = web.run(ReportCard.select().where(ReportCard.id == card_id).first())
    assert (row["status"], row["version"], row["return_reason"]) == ("submitted", 1, None)
    # nothing was audited for the refusals
    events = web.run(
        AuditEvent.count().where(
            (AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id))
        )
    )
    assert events == 0


# -- the overdue list ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fujian(web: Web) -> dict[str, Any]:
    """Cards of one institution in 闽侯县 (350121): on time, late, unfiled, not yet due, 2027."""
    inst = web.run(new_institution, f"闽逾{secrets.token_hex(3)}公司", "350102")

    def card(no: str, issued: date, filed: date | None, status: str = "submitted") -> int:
        return add(
            web,
            "fujian",
            inst,
            service_division="350121",
            client_name="逾期测试医院",
            report_no=no,
            issued_on=issued,
            filed_on=filed,
            status=status,
        )

    return {
        "on_time": card("FJ-ONTIME", date(2026, 2, 10), date(2026, 3, 9)),
        "late": card("FJ-LATE", date(2026, 2, 10), date(2026, 3, 10)),
        "unfiled": card("FJ-UNFILED", date(2026, 9, 1), None, "draft"),
        "not_due": card("FJ-NOTDUE", date(2026, 10, 30), None, "draft"),
        "no_calendar": card("FJ-2027", date(2027, 3, 1), None, "draft"),
        "withdrawn": card("FJ-WITHDRAWN", date(2026, 2, 10), date(2026, 4, 1), "withdrawn"),
        "regulator": authority_user(web, "regulator", "350121"),
    }


def test_overdue_list_follows_fujian_deadline(web: Web, fujian: dict[str, Any]) -> None:
    user = fujian["regulator"]
    result = user.get("/api/oversight/overdue?as_of=2026-11-02").json()
    assert [r["id"] for r in result["unfiled"]] == [fujian["unfiled"]]
    unfiled = result["unfiled"][0]
    assert unfiled["due"] == "2026-09-21"  # the 15th working day after 2026-09-01
    assert unfiled["days_overdue"] == (date(2026, 11, 2) - date.fromisoformat(unfiled["due"])).days
    assert [(r["id"], r["late_working_days"], r["due"]) for r in result["late"]] == [
        (fujian["late"], 1, "2026-03-09")
    ]
    assert result["undetermined"] == []
    later = user.get("/api/oversight/overdue?as_of=2027-06-01").json()
    assert [r["id"] for r in later["undetermined"]] == [fujian["no_calendar"]]
    assert "2027" in later["undetermined"][0]["reason"]
    assert {r["id"] for r in later["unfiled"]} == {fujian["unfiled"], fujian["not_due"]}
    page = user.get("/oversight/overdue?as_of=2027-06-01")
    assert page.status_code == 200
    assert "FJ-LATE" in page.text and "逾期 1 个工作日" in page.text and "无法计算报送期限" in page.text
    assert user.get("/api/oversight/overdue?as_of=someday").status_code == 400
    # the details say it too
    late = user.get(f"/api/oversight/cards/{fujian['late']}").json()["deadline"]
    assert (late["due"], late["late_working_days"]) == ("2026-03-09", 1)
    assert "逾期 1 个工作日" in user.get(f"/oversight/cards/{fujian['late']}").text
    unknown = user.get(f"/api/oversight/cards/{fujian['no_calendar']}").json()["deadline"]
    assert unknown["due"] is None and "2027" in unknown["note"]


def test_overdue_list_is_per_division_and_says_when_no_deadline(web: Web, fujian: dict[str, Any]) -> None:
    nanjing = web.api_login(*DEMO["regulator"])
    result = nanjing.get("/api/oversight/overdue?as_of=2026-11-02").json()
    assert result["unfiled"] == [] and result["late"] == []
    assert result["no_deadline_provinces"] == ["江苏省"]
    elsewhere = (
        authority_user(web, "regulator", "350102").get("/api/oversight/overdue?as_of=2026-11-02").json()
    )
    ours = {v for k, v in fujian.items() if k != "regulator"}
    assert not {r["id"] for r in elsewhere["unfiled"] + elsewhere["late"]} & ours


# -- Jilin's summaries ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def jilin(web: Web) -> dict[str, Any]:
    """One institution's cards for services in 长春市朝阳区 (220104)."""
    inst = web.run(new_institution, f"吉汇{secrets.token_hex(3)}公司", "220102")

    def card(base: str, no: str, issued: date, status: str = "submitted") -> int:
        return add(
            web,
            base,
            inst,
            service_division="220104",
            client_name="汇总测试医院",
            report_no=no,
            issued_on=issued,
            filed_on=issued,
            status=status,
        )

    card("jilin_dose", "JL-1", date(2026, 3, 16))
    card("jilin", "JL-2", date(2026, 5, 20))
    card("jilin", "JL-3", date(2026, 5, 21), "withdrawn")
    card("jilin", "JL-4", date(2026, 8, 1))
    return {"institution": inst, "regulator": authority_user(web, "regulator", "220104")}


def test_jilin_semiannual_summary_of_an_institution(web: Web, jilin: dict[str, Any]) -> None:
    user, inst = jilin["regulator"], jilin["institution"]
    data = user.get(
        f"/api/oversight/summaries?scope=institution&period=2026H1&institution={inst['id']}"
    ).json()
    assert data["included"] == 2 and len(data["skipped"]) == 1  # the withdrawn card is left out
    assert data["due"] == "2026-07-10"
    detail = next(t for t in data["tables"] if t["sheet"] == "报告明细")
    assert [r[0] for r in detail["rows"]] == ["JL-1", "JL-2"]
    page = user.get(f"/oversight/summaries?scope=institution&period=2026H1&institution={inst['id']}")
    assert page.status_code == 200 and "JL-2" in page.text and "下载 Excel" in page.text
    workbook = user.get(f"/oversight/summaries.xlsx?scope=institution&period=2026H1&institution={inst['id']}")
    assert workbook.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook.content), read_only=True)
    assert book.sheetnames == ["按服务领域", "报告明细"]
    values = [c for row in book["报告明细"].iter_rows(values_only=True) for c in row]
    assert "JL-1" in values and "JL-4" not in values


def test_jilin_provincial_annual_summary(web: Web, jilin: dict[str, Any]) -> None:
    user, inst = jilin["regulator"], jilin["institution"]
    data = user.get("/api/oversight/summaries?scope=province&period=2026").json()
    assert data["included"] == 3
    table = next(t for t in data["tables"] if t["sheet"] == "按机构")
    assert [(r[0], r[3]) for r in table["rows"]] == [(inst["name"], 3)]
    workbook = user.get("/oversight/summaries.xlsx?scope=province&period=2026")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("scope=institution&period=2026&institution=1", "period"),
        ("scope=province&period=2026H7", "period"),
        ("scope=nation&period=2026", "scope"),
        ("scope=institution&period=2026H1", "institution"),
        ("scope=province&period=2026&province=32", "province"),
    ],
)
def test_summary_requests_that_cannot_be_met_say_why(
    web: Web, jilin: dict[str, Any], query: str, field: str
) -> None:
    response = jilin["regulator"].get(f"/api/oversight/summaries?{query}")
    assert response.status_code == 400, response.text
    assert field in response.json()["errors"]
    page = jilin["regulator"].get(f"/oversight/summaries?{query}")
    assert page.status_code == 400 and f'id="err_{field}"' in page.text


def test_a_province_without_summaries_says_so(web: Web) -> None:
    response = web.api_login(*DEMO["regulator"]).get("/api/oversight/summaries?scope=province&period=2026")
    assert response.status_code == 400
    assert "汇总" in response.json()["message"]


def test_administrator_overdue_list_spans_every_province(web: Web, fujian: dict[str, Any]) -> None:
    """Provinces without a plugin or a deadline are passed over, not an error."""
    result = web.api_login(*DEMO["admin"]).get("/api/oversight/overdue?as_of=2026-11-02")
    assert result.status_code == 200
    assert fujian["late"] in {r["id"] for r in result.json()["late"]}


def test_two_reviewers_returning_at_once_return_once(web: Web, nanjing: dict[str, Any]) -> None:
    """A double click: one return is applied, the other refused; one audit row, version 2."""
    import asyncio

    from radrules_webshell.core.errors import Conflict
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.oversight.returns import return_to_institution

    card_id = _card(web, nanjing)
    reviewer = Principal(account_id=1, login="jscdc", name="审核", role="reviewer", division_prefix="32")

    async def both() -> list[Any]:
        return await asyncio.gather(
            return_to_institution(reviewer, card_id, "第一次退回"),
            return_to_institution(reviewer, card_id, "第二次退回"),
            return_exceptions=True,
        )

    outcomes = web.run(both)
    applied = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(applied) == 1 and len(refused) == 1, outcomes
    row = web.run(ReportCard.select().where(ReportCard.id == card_id).first())
    assert (row["status"], row["version"], row["return_reason"]) == (
        "returned",
        2,
        applied[0]["return_reason"],
    )
    events = web.run(
        AuditEvent.count().where(
            (AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id))
        )
    )
    assert events == 1
