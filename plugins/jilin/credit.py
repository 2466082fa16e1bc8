"""Credit warning and blacklist (吉卫监督发〔2021〕1号 第六条).

The notice lists behaviours that put an institution (including one from another province
serving in Jilin) on the blacklist; blacklisted institutions are published, by degree of
dishonesty, on the health commission's WeChat account, its portal and 信用吉林, with a
credit warning to all medical institutions of the province and more frequent
inspection. It also lists findings to refer to the health commission for handling.

This module gives regulators the vocabulary (:class:`CreditBehaviour`), the record of one
observed behaviour (:class:`CreditRecord`, a finding a regulator records against an
institution), records derived from rule findings and reporting deadlines, and the
blacklist entry with its publication states (:class:`BlacklistEntry`). Every transition
returns a new entry and appends to its history; a transition the state does not allow
raises :class:`CreditError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum

import attrs

from radrules import (
    CheckResult,
    Citation,
    Institution,
    RadrulesError,
    Severity,
    parse_period,
)

from .citations import CREDIT, REPORTING


class CreditError(RadrulesError):
    """A blacklist transition that the entry's state does not allow."""


class CreditBehaviour(StrEnum):
    """The behaviours 第六条 lists: blacklisted (``blacklist``) or referred to the commission (``referral``)."""

    over_scope = "over_scope"
    data_without_testing = "data_without_testing"
    falsified_data = "falsified_data"
    non_staff_personnel = "non_staff_personnel"
    impersonated_signature = "impersonated_signature"
    records_not_kept = "records_not_kept"
    multi_institution_practice = "multi_institution_practice"
    late_or_missing_reporting = "late_or_missing_reporting"
    concealment_or_false_documents = "concealment_or_false_documents"
    unqualified = "unqualified"
    simplified_procedures = "simplified_procedures"
    falsified_records = "falsified_records"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def action(self) -> str:
        """``blacklist`` (纳入黑名单管理) or ``referral`` (报请省卫生健康委予以处理)."""
        return "referral" if self in _REFERRAL else "blacklist"


_LABELS = {
    CreditBehaviour.over_scope: "超出资质认可范围从事放射卫生技术服务",
    CreditBehaviour.data_without_testing: "未经检测出具数据",
    CreditBehaviour.falsified_data: "篡改检测数据",
    CreditBehaviour.non_staff_personnel: "使用非本机构专业技术人员从事技术服务活动",
    CreditBehaviour.impersonated_signature: "冒名代替他人签字",
    CreditBehaviour.records_not_kept: "未按要求保存检测评价技术服务影像资料",
    CreditBehaviour.multi_institution_practice: "技术人员多机构从业",
    CreditBehaviour.late_or_missing_reporting: "未及时如实上报工作情况和检测（监测）数据",
    CreditBehaviour.concealment_or_false_documents: "隐瞒有关情况或者提供虚假文件资料",
    CreditBehaviour.unqualified: "不具备资质条件要求",
    CreditBehaviour.simplified_procedures: "多次出现擅自简化检测评价工作程序和相关内容",
    CreditBehaviour.falsified_records: "检测评价技术服务原始记录、档案资料弄虚作假",
}
_REFERRAL = frozenset(
    {CreditBehaviour.unqualified, CreditBehaviour.simplified_procedures, CreditBehaviour.falsified_records}
)

#: Rule findings that are, by themselves, a behaviour of 第六条.
RULE_BEHAVIOURS: dict[str, CreditBehaviour] = {
    "JL.card.qualification.scope": CreditBehaviour.over_scope,
}


@attrs.frozen(kw_only=True)
class CreditRecord:
    """One behaviour a regulator records against an institution: a credit finding.

    ``source_rule_id`` and ``source_path`` name the rule finding it came from, when it came
    from a check; ``evidence`` lists what supports it (report numbers, inspection records).
    """

    institution_uscc: str
    institution_name: str
    behaviour: CreditBehaviour
    observed_on: date
    description: str
    recorded_by: str | None = None
    evidence: tuple[str, ...] = ()
    source_rule_id: str | None = None
    source_path: str | None = None

    @property
    def severity(self) -> Severity:
        return Severity.warning

    @property
    def citations(self) -> tuple[Citation, ...]:
        return (CREDIT,)

    @property
    def message(self) -> str:
        action = (
            "纳入黑名单管理" if self.behaviour.action == "blacklist" else "应及时报请省卫生健康委予以处理"
        )
        return f"{self.institution_name}：{self.behaviour.label}（{self.description}），依第六条{action}"


def records_from_check(
    result: CheckResult,
    institution: Institution,
    *,
    observed_on: date,
    recorded_by: str | None = None,
    evidence: Sequence[str] = (),
) -> list[CreditRecord]:
    """Credit records for the error findings of a check that are behaviours of 第六条."""
    out = []
    for finding in result.errors:
        behaviour = RULE_BEHAVIOURS.get(finding.rule_id)
        if behaviour is None:
            continue
        out.append(
            CreditRecord(
                institution_uscc=institution.uscc,
                institution_name=institution.name,
                behaviour=behaviour,
                observed_on=observed_on,
                description=finding.message,
                recorded_by=recorded_by,
                evidence=tuple(evidence),
                source_rule_id=finding.rule_id,
                source_path=finding.path,
            )
        )
    return out


def reporting_record(
    institution: Institution,
    period: str,
    due: date,
    *,
    submitted_on: date | None,
    as_of: date,
    recorded_by: str | None = None,
) -> CreditRecord | None:
    """A late-or-missing-reporting record for the semiannual report of ``period`` (第五条、第六条).

    None when the report was submitted by ``due``, or when it is unsubmitted and ``as_of``
    is not after ``due``.
    """
    label = parse_period(period).label
    if submitted_on is not None and submitted_on <= due:
        return None
    if submitted_on is None and as_of <= due:
        return None
    if submitted_on is None:
        description = f"{label}检测（监测）结果应于 {due.isoformat()} 前上报，截至 {as_of.isoformat()} 未上报"
    else:
        description = (
            f"{label}检测（监测）结果应于 {due.isoformat()} 前上报，{submitted_on.isoformat()} 才上报"
        )
    return CreditRecord(
        institution_uscc=institution.uscc,
        institution_name=institution.name,
        behaviour=CreditBehaviour.late_or_missing_reporting,
        observed_on=submitted_on or as_of,
        description=description,
        recorded_by=recorded_by,
        evidence=(f"{REPORTING.document} {REPORTING.article}",),
    )


class DishonestyLevel(StrEnum):
    """失信程度, which decides how widely an entry is published (第六条 “视失信程度”)."""

    minor = "minor"
    serious = "serious"
    severe = "severe"

    @property
    def label(self) -> str:
        return {"minor": "一般失信", "serious": "较重失信", "severe": "严重失信"}[self.value]


class PublicationState(StrEnum):
    draft = "draft"
    approved = "approved"
    published = "published"
    removed = "removed"

    @property
    def label(self) -> str:
        return {"draft": "拟纳入", "approved": "已审定", "published": "已公布", "removed": "已移出"}[
            self.value
        ]


class Channel(StrEnum):
    """Where 第六条 has the blacklist published."""

    wechat = "wechat"
    portal = "portal"
    credit_jilin = "credit_jilin"

    @property
    def label(self) -> str:
        return {
            "wechat": "省卫生健康委微信公众号",
            "portal": "省卫生健康委门户网站",
            "credit_jilin": "信用吉林",
        }[self.value]


@attrs.frozen(kw_only=True)
class StateChange:
    state: PublicationState
    on: date
    by: str
    reason: str | None = None


@attrs.frozen(kw_only=True)
class BlacklistEntry:
    """An institution on (or proposed for) the blacklist, with the records behind it."""

    institution_uscc: str
    institution_name: str
    out_of_province: bool
    records: tuple[CreditRecord, ...]
    level: DishonestyLevel
    state: PublicationState = PublicationState.draft
    channels: tuple[Channel, ...] = ()
    published_on: date | None = None
    removed_on: date | None = None
    medical_institutions_notified: bool = False
    inspection_frequency_raised: bool = False
    history: tuple[StateChange, ...] = ()


def propose(
    institution: Institution,
    records: Iterable[CreditRecord],
    *,
    level: DishonestyLevel,
    on: date,
    by: str,
) -> BlacklistEntry:
    """A draft entry for ``institution`` from blacklist-type ``records`` of that institution."""
    kept = tuple(records)
    if not kept:
        raise CreditError("纳入黑名单须至少有一条第六条所列行为的记录")
    uscc = institution.uscc.strip().upper()
    for record in kept:
        if record.institution_uscc.strip().upper() != uscc:
            raise CreditError(
                f"记录属于 {record.institution_name}（{record.institution_uscc}），不是 {institution.name}"
            )
        if record.behaviour.action != "blacklist":
            raise CreditError(f"“{record.behaviour.label}”应报请省卫生健康委处理，不单独据以纳入黑名单")
    return BlacklistEntry(
        institution_uscc=institution.uscc,
        institution_name=institution.name,
        out_of_province=not institution.division_code.strip().startswith("22"),
        records=kept,
        level=level,
        history=(StateChange(state=PublicationState.draft, on=on, by=by),),
    )


def _move(entry: BlacklistEntry, allowed: set[PublicationState], to: PublicationState, on: date) -> None:
    if entry.state not in allowed:
        raise CreditError(f"黑名单条目为“{entry.state.label}”状态，不能改为“{to.label}”")
    if entry.history and on < entry.history[-1].on:
        raise CreditError(f"日期 {on.isoformat()} 早于上一次变更 {entry.history[-1].on.isoformat()}")


def approve(entry: BlacklistEntry, *, on: date, by: str) -> BlacklistEntry:
    """The health commission confirms the entry."""
    _move(entry, {PublicationState.draft}, PublicationState.approved, on)
    return attrs.evolve(
        entry,
        state=PublicationState.approved,
        history=(*entry.history, StateChange(state=PublicationState.approved, on=on, by=by)),
    )


def publish(entry: BlacklistEntry, *, on: date, by: str, channels: Sequence[Channel]) -> BlacklistEntry:
    """Publish on ``channels``, warn the province's medical institutions and raise inspection frequency."""
    _move(entry, {PublicationState.approved}, PublicationState.published, on)
    if not channels:
        raise CreditError(f"须至少选择一个公布渠道：{'、'.join(c.label for c in Channel)}")
    return attrs.evolve(
        entry,
        state=PublicationState.published,
        channels=tuple(dict.fromkeys(channels)),
        published_on=on,
        medical_institutions_notified=True,
        inspection_frequency_raised=True,
        history=(*entry.history, StateChange(state=PublicationState.published, on=on, by=by)),
    )


def remove(entry: BlacklistEntry, *, on: date, by: str, reason: str) -> BlacklistEntry:
    """Take an entry off the blacklist (or drop a proposal), with the reason."""
    _move(
        entry,
        {PublicationState.draft, PublicationState.approved, PublicationState.published},
        PublicationState.removed,
        on,
    )
    if not reason.strip():
        raise CreditError("移出黑名单须说明理由")
    return attrs.evolve(
        entry,
        state=PublicationState.removed,
        removed_on=on,
        history=(*entry.history, StateChange(state=PublicationState.removed, on=on, by=by, reason=reason)),
    )
