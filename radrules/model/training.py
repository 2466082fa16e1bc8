"""Training management (source 002): plans, registrations, sessions, class selection,
scores and certificates, and the envelope that carries them to a check.

The provincial CDC publishes a :class:`TrainingPlan`; a unit registers its staff for it
(one :class:`Registration` per person, §4.4), the CDC reviews each, arranges
:class:`Session`\\ s (期次) with their specialties and capacities, and the unit places its
approved people in them (:class:`ClassSelection`, §5.4). After the examination each person
has a :class:`Score` per specialty, and one :class:`Certificate` per class whatever the
number of specialties passed (§6.4).

:class:`TrainingFiling` is to training what :class:`~radrules.model.filing.Filing` is to
reporting: the documents checked together, so that a rule about a registration can read
its plan, and one about a selection the sessions and the counts storage made.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.bounds import bounded
from radrules.model.labels import labelled
from radrules.model.profile import FileRef, PersonProfile, Recipient
from radrules.model.training_enums import (
    Accommodation,
    CertificateStatus,
    PlanStatus,
    RegistrationStatus,
    TitleLevel,
    TrainingKind,
)

#: The most items each list may hold (a province's plan has hundreds of units, a unit
#: hundreds of staff; a score sheet of one class some thousands of rows).
LIMITS = {
    "specialties": 30,
    "profiles": 2000,
    "registrations": 5000,
    "sessions": 200,
    "selections": 10000,
    "scores": 50000,
    "certificates": 20000,
    "seats": 200,
}


@attrs.define(kw_only=True)
class TrainingPlan:
    """培训计划 as the provincial CDC publishes it (source 002 §4.3, §4.4 2).

    ``plan_type`` is the 培训班类型, from the province's vocabulary; ``specialties`` the
    培训专业类别 offered, for the types that have them. ``age_limit`` is the oldest age (in
    full years) that is not marked red; ``min_title_level`` the lowest 职称级别 that is not.
    ``registration_limit``, when the CDC sets one, caps the registrations of all units.
    """

    plan_id: str = labelled("培训计划编号")
    plan_type: str = labelled("培训班类型")
    name: str = labelled("培训班名称")
    division_code: str = labelled("发布单位行政区划")
    deadline: date = labelled("报名截止日期")
    target: str | None = labelled("培训对象", default=None)
    content: str | None = labelled("培训内容", default=None)
    other_matters: str | None = labelled("其他事项", default=None)
    attachment: FileRef | None = labelled("培训附件", default=None)
    age_limit: int | None = labelled("年龄限制", default=None)
    min_title_level: TitleLevel | None = labelled("职称级别要求", default=None)
    specialties: tuple[str, ...] = labelled(
        "培训专业类别", default=(), validator=bounded(LIMITS["specialties"])
    )
    registration_limit: int | None = labelled("报名人数上限", default=None)
    status: PlanStatus = labelled("状态", default=PlanStatus.published)
    published_on: date | None = labelled("发布日期", default=None)


@attrs.define(kw_only=True)
class TrainingUnit:
    """The 单位 that registers its staff (a technical-service or health-check institution …)."""

    name: str = labelled("单位名称")
    uscc: str = labelled("统一社会信用代码")
    division_code: str = labelled("行政区划")


@attrs.define(kw_only=True)
class Registration:
    """报名: one person of a unit registered for the plan (source 002 §4.4 3.3–3.5).

    ``person`` is the profile as it was when registered — what the CDC reviews (§1.2 “省疾控
    审核报名人员时会查看到填写的个人信息”). ``return_reason`` is set while ``status`` is
    returned (§4.4 3.2 “点击状态‘已退回’字样，查看被退回原因”).
    """

    person: PersonProfile = labelled("人员信息")
    unit_uscc: str = labelled("报名单位")
    registration_id: str | None = labelled("报名编号", default=None)
    needs_credit_certificate: bool | None = labelled("是否需要学分证", default=None)
    training_kind: TrainingKind | None = labelled("培训类型", default=None)
    accommodation: Accommodation | None = labelled("住宿类型", default=None)
    specialties: tuple[str, ...] = labelled(
        "培训专业类别", default=(), validator=bounded(LIMITS["specialties"])
    )
    recipient: Recipient | None = labelled("收件人信息", default=None)
    status: RegistrationStatus = labelled("状态", default=RegistrationStatus.not_registered)
    return_reason: str | None = labelled("退回原因", default=None)
    submitted_on: date | None = labelled("报名日期", default=None)

    @property
    def id_number(self) -> str:
        return self.person.id_number


@attrs.define(kw_only=True)
class SessionSpecialty:
    """One row of a session's 专业类别 table: ``limit`` is 限制人数, None meaning 分班人数 (§5.4)."""

    specialty: str = labelled("专业类别")
    limit: int | None = labelled("限制人数", default=None)


@attrs.define(kw_only=True)
class Session:
    """期次: one class of a plan, as the CDC arranges it (source 002 §5.4 1).

    ``capacity`` is 分班人数; ``selection_opens_on`` the day the CDC opens selection (None:
    not yet — §5.1 “需要等待疾控老师群里通知选班时才能进行选班操作”), ``selection_deadline``
    the 选班截止日期.
    """

    session_id: str = labelled("期次编号")
    number: int = labelled("期次")
    capacity: int = labelled("分班人数")
    starts_on: date = labelled("培训开始日期")
    ends_on: date = labelled("培训结束日期")
    selection_deadline: date = labelled("选班截止日期")
    selection_opens_on: date | None = labelled("选班开放日期", default=None)
    place: str | None = labelled("培训地点", default=None)
    training_kind: TrainingKind | None = labelled("培训类型", default=None)
    specialties: tuple[SessionSpecialty, ...] = labelled(
        "专业类别", default=(), validator=bounded(LIMITS["specialties"])
    )

    @property
    def days(self) -> int:
        """培训天数: both ends included."""
        return (self.ends_on - self.starts_on).days + 1

    @property
    def label(self) -> str:
        return f"第{self.number}期"

    def specialty_names(self) -> tuple[str, ...]:
        return tuple(s.specialty for s in self.specialties)


@attrs.define(kw_only=True)
class ClassSelection:
    """选班: one person of a unit placed in one session, for some of their specialties (§5.4 1.3).

    ``selected_on`` is the day the placement was made (storage records it); the selection
    window is checked on that day, so a placement made in time stays valid afterwards.
    Without it, the as-of day is taken: the placement is being made now.
    """

    session_id: str = labelled("期次")
    id_number: str = labelled("身份证号")
    unit_uscc: str = labelled("单位")
    specialties: tuple[str, ...] = labelled("专业类别", default=(), validator=bounded(LIMITS["specialties"]))
    selected_on: date | None = labelled("选班日期", default=None)


@attrs.define(kw_only=True)
class SeatCount:
    """What storage counted in one session outside the selections being checked.

    ``persons`` are people already placed in the session (by any unit); ``by_specialty``
    the placements per specialty. The library decides with these counts; storage reads
    them in the same transaction that writes, so that capacity holds under concurrency.
    """

    session_id: str
    persons: int = 0
    by_specialty: dict[str, int] = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class TrainingCounts:
    """Counts storage made outside the envelope: registrations of other units for the plan,
    and places taken in each session."""

    registrations: int = 0
    seats: tuple[SeatCount, ...] = attrs.field(default=(), validator=bounded(LIMITS["seats"]))


@attrs.define(kw_only=True)
class Score:
    """成绩: one person's result in one specialty of a session (§6.4); ``specialty`` is None
    for a plan type without specialties."""

    session_id: str = labelled("期次")
    id_number: str = labelled("身份证号")
    passed: bool = labelled("合格")
    specialty: str | None = labelled("专业类别", default=None)
    score: float | None = labelled("成绩", default=None)
    name: str | None = labelled("姓名", default=None)


@attrs.define(kw_only=True)
class Certificate:
    """合格证书: one per person per session, naming every specialty passed (§6.4).

    It carries what it prints, so that the public verification page shows the same and
    needs nothing else.
    """

    number: str = labelled("证书编号")
    session_id: str = labelled("期次编号")
    id_number: str = labelled("身份证号")
    name: str = labelled("姓名")
    plan_id: str = labelled("培训计划编号")
    plan_name: str = labelled("培训班名称")
    plan_type: str = labelled("培训班类型")
    session_number: int = labelled("期次")
    starts_on: date = labelled("培训开始日期")
    ends_on: date = labelled("培训结束日期")
    issued_on: date = labelled("发证日期")
    issuer: str = labelled("发证单位")
    specialties: tuple[str, ...] = labelled(
        "合格专业类别", default=(), validator=bounded(LIMITS["specialties"])
    )
    unit_name: str | None = labelled("工作单位", default=None)
    status: CertificateStatus = labelled("状态", default=CertificateStatus.valid)
    revoked_on: date | None = labelled("撤销日期", default=None)
    revoke_reason: str | None = labelled("撤销原因", default=None)


@attrs.define(kw_only=True)
class TrainingFiling:
    """The training documents checked together; findings name paths from this root
    (``registrations[2].person.basic.mobile``, ``selections[0].specialties``)."""

    plan: TrainingPlan | None = None
    unit: TrainingUnit | None = None
    profiles: tuple[PersonProfile, ...] = attrs.field(default=(), validator=bounded(LIMITS["profiles"]))
    registrations: tuple[Registration, ...] = attrs.field(
        default=(), validator=bounded(LIMITS["registrations"])
    )
    sessions: tuple[Session, ...] = attrs.field(default=(), validator=bounded(LIMITS["sessions"]))
    selections: tuple[ClassSelection, ...] = attrs.field(default=(), validator=bounded(LIMITS["selections"]))
    scores: tuple[Score, ...] = attrs.field(default=(), validator=bounded(LIMITS["scores"]))
    certificates: tuple[Certificate, ...] = attrs.field(default=(), validator=bounded(LIMITS["certificates"]))
    counts: TrainingCounts | None = None

    def is_empty(self) -> bool:
        return self.plan is None and not (
            self.profiles
            or self.registrations
            or self.sessions
            or self.selections
            or self.scores
            or self.certificates
        )

    def division_code(self) -> str | None:
        """Where the rules come from: the plan's publisher, else the unit."""
        if self.plan is not None:
            return self.plan.division_code
        if self.unit is not None:
            return self.unit.division_code
        return None

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.session_id == session_id), None)
