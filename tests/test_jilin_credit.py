"""Jilin's credit records and blacklist entries (吉卫监督发〔2021〕1号 第六条)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from radrules_plugins.jilin.credit import (
    Channel,
    CreditBehaviour,
    CreditError,
    CreditRecord,
    DishonestyLevel,
    PublicationState,
    approve,
    propose,
    publish,
    records_from_check,
    remove,
    reporting_record,
)

import radrules

EXAMPLES = Path(__file__).parent.parent / "examples" / "jilin"


def _filing(name: str) -> radrules.Filing:
    return radrules.filing_from_json(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def test_every_listed_behaviour_has_a_label_and_an_action() -> None:
    assert len(CreditBehaviour) == 12
    assert {b.action for b in CreditBehaviour} == {"blacklist", "referral"}
    assert CreditBehaviour.over_scope.label == "超出资质认可范围从事放射卫生技术服务"
    assert CreditBehaviour.simplified_procedures.action == "referral"


def test_over_scope_finding_becomes_a_credit_record() -> None:
    filing = _filing("invalid-control-effect-evaluation-outside-scope.json")
    result = radrules.check(filing, as_of=date(2026, 11, 26))
    assert filing.report_card is not None
    records = records_from_check(
        result, filing.report_card.institution, observed_on=date(2026, 4, 9), recorded_by="长春市卫生健康委"
    )
    assert [r.behaviour for r in records] == [CreditBehaviour.over_scope]
    record = records[0]
    assert record.source_rule_id == "JL.card.qualification.scope"
    assert record.source_path == "report_card.service_field"
    assert "不予受理" in record.description and "纳入黑名单管理" in record.message
    assert record.citations[0].article == "第六条"
    clean = radrules.check(_filing("valid-dose-monitoring-card.json"), as_of=date(2026, 11, 26))
    assert records_from_check(clean, filing.report_card.institution, observed_on=date(2026, 4, 9)) == []


def test_late_and_missing_semiannual_reports() -> None:
    institution = _filing("valid-dose-monitoring-card.json").report_card.institution  # type: ignore[union-attr]
    due = radrules.period_deadline("jilin", "2026H1").due
    assert due == date(2026, 7, 10)
    assert (
        reporting_record(institution, "2026H1", due, submitted_on=date(2026, 7, 10), as_of=date(2026, 8, 1))
        is None
    )
    assert reporting_record(institution, "2026H1", due, submitted_on=None, as_of=date(2026, 7, 10)) is None
    late = reporting_record(
        institution, "2026H1", due, submitted_on=date(2026, 7, 13), as_of=date(2026, 8, 1)
    )
    assert late is not None and late.behaviour is CreditBehaviour.late_or_missing_reporting
    assert "2026-07-13 才上报" in late.description
    missing = reporting_record(institution, "2026H1", due, submitted_on=None, as_of=date(2026, 7, 11))
    assert missing is not None and "未上报" in missing.description


def _record(behaviour: CreditBehaviour = CreditBehaviour.falsified_data, uscc: str = "") -> CreditRecord:
    institution = _filing("valid-dose-monitoring-card.json").report_card.institution  # type: ignore[union-attr]
    return CreditRecord(
        institution_uscc=uscc or institution.uscc,
        institution_name=institution.name,
        behaviour=behaviour,
        observed_on=date(2026, 5, 1),
        description="检查发现",
    )


def test_blacklist_lifecycle() -> None:
    institution = _filing("valid-dose-monitoring-card.json").report_card.institution  # type: ignore[union-attr]
    entry = propose(
        institution, [_record()], level=DishonestyLevel.serious, on=date(2026, 5, 2), by="省卫生健康委"
    )
    assert entry.state is PublicationState.draft and not entry.out_of_province
    with pytest.raises(CreditError):
        publish(entry, on=date(2026, 5, 3), by="省卫生健康委", channels=[Channel.portal])  # not approved yet
    entry = approve(entry, on=date(2026, 5, 3), by="省卫生健康委")
    with pytest.raises(CreditError, match="公布渠道"):
        publish(entry, on=date(2026, 5, 4), by="省卫生健康委", channels=[])
    published = publish(
        entry,
        on=date(2026, 5, 4),
        by="省卫生健康委",
        channels=[Channel.wechat, Channel.portal, Channel.wechat],
    )
    assert published.state is PublicationState.published and published.published_on == date(2026, 5, 4)
    assert published.channels == (Channel.wechat, Channel.portal)
    assert published.medical_institutions_notified and published.inspection_frequency_raised
    with pytest.raises(CreditError, match="早于"):
        remove(published, on=date(2026, 5, 1), by="省卫生健康委", reason="整改完成")
    with pytest.raises(CreditError, match="理由"):
        remove(published, on=date(2026, 12, 1), by="省卫生健康委", reason=" ")
    removed = remove(published, on=date(2026, 12, 1), by="省卫生健康委", reason="整改完成")
    assert [h.state for h in removed.history] == ["draft", "approved", "published", "removed"]
    with pytest.raises(CreditError):
        approve(removed, on=date(2026, 12, 2), by="省卫生健康委")


def test_proposals_need_matching_blacklist_records() -> None:
    institution = _filing("valid-out-of-province-institution-registered.json").report_card.institution  # type: ignore[union-attr]
    with pytest.raises(CreditError, match="至少有一条"):
        propose(institution, [], level=DishonestyLevel.minor, on=date(2026, 5, 2), by="x")
    with pytest.raises(CreditError, match="不是"):
        propose(institution, [_record()], level=DishonestyLevel.minor, on=date(2026, 5, 2), by="x")
    referral = _record(CreditBehaviour.unqualified, uscc=institution.uscc)
    with pytest.raises(CreditError, match="报请省卫生健康委"):
        propose(institution, [referral], level=DishonestyLevel.minor, on=date(2026, 5, 2), by="x")
    entry = propose(
        institution,
        [_record(uscc=institution.uscc)],
        level=DishonestyLevel.minor,
        on=date(2026, 5, 2),
        by="x",
    )
    assert entry.out_of_province
    assert radrules.unstructure(entry)["state"] == "draft"
