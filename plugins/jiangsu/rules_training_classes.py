"""Jiangsu rules on sessions, class selection, scores and certificates (source 002 §5–§6).

Selection: only approved people (§5.1, §7 问题四), in sessions of a specialty they
registered for, never in two sessions whose dates or specialty conflict (§5.4 1.3), within
each session's 分班人数 and each specialty's 限制人数 given the places storage counted
(``counts.seats``), while selection is open; “您选择的专业类别未开班！” when no session
offers the unit's specialties (§5.3 3). Certificates: one per person per session, issued
by a pass in any specialty, naming every specialty passed (§6.4).
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    NO_CLASS_MESSAGE,
    Certificate,
    CertificateNumberFormat,
    CertificateStatus,
    ClassSelection,
    Finding,
    RegistrationStatus,
    RuleContext,
    Score,
    Session,
    Severity,
    TrainingFiling,
    certificate_number_problems,
    passes,
    placement_conflict,
    selectable_sessions,
    selection_open,
    session_seats,
    training_index,
    training_of,
)

from .book import book
from .citations import training_manual
from .training_fields import TRAINING_FROM, plan_has_specialties


@book.rule(
    "JS.training.session.fields",
    title="期次的日期、分班人数、限制人数和专业类别须一致",
    applies_to=Session,
    cites=[training_manual("§5.4 1 选班详情（期次、分班人数、选班截止日期、培训开始和结束日期、限制人数）")],
    valid_from=TRAINING_FROM,
    parameters=["training_plan_types"],
)
def session_fields(session: Session, ctx: RuleContext) -> Iterator[Finding]:
    """What the CDC arranges: start not after end, selection closing by the start, places
    positive and each 限制人数 within the 分班人数, specialties among the plan's (and some
    exactly when the plan type has them)."""
    if session.ends_on < session.starts_on:
        yield ctx.finding("ends_on", f"培训结束日期 {session.ends_on} 早于开始日期 {session.starts_on}")
    if session.selection_deadline > session.starts_on:
        yield ctx.finding("selection_deadline", f"选班截止日期 {session.selection_deadline} 晚于培训开始日期")
    if session.selection_opens_on is not None and session.selection_opens_on > session.selection_deadline:
        yield ctx.finding("selection_opens_on", "选班开放日期晚于选班截止日期")
    if session.number < 1 or session.capacity < 1:
        yield ctx.finding("capacity" if session.capacity < 1 else "number", "期次和分班人数应为正整数")
    for i, row in enumerate(session.specialties):
        if row.limit is not None and not 1 <= row.limit <= session.capacity:
            yield ctx.finding(
                f"specialties[{i}].limit", f"限制人数{row.limit}应在1至分班人数{session.capacity}之间"
            )
    plan = training_of(ctx).plan
    has = plan_has_specialties(ctx)
    if plan is None or has is None:
        return
    if has and not session.specialties:
        yield ctx.finding("specialties", "须设期次的专业类别")
    if not has and session.specialties:
        yield ctx.finding("specialties", f"“{plan.plan_type}”培训不设专业类别")
    for i, row in enumerate(session.specialties):
        if row.specialty not in plan.specialties:
            yield ctx.finding(f"specialties[{i}].specialty", f"“{row.specialty}”不是本培训计划的专业类别")


@book.rule(
    "JS.training.selection.window",
    title="选班须在省疾控开放选班之后、选班截止日期之前",
    applies_to=ClassSelection,
    cites=[
        training_manual("§5.1“报名完成的单位需要等待疾控老师群里通知选班时才能进行选班操作”"),
        training_manual("§5.4 1 选班截止日期"),
    ],
    valid_from=TRAINING_FROM,
)
def selection_window(selection: ClassSelection, ctx: RuleContext) -> Iterator[Finding]:
    """On the day the placement was made (``selected_on``, else the as-of day)."""
    session = training_index(ctx).sessions.get(selection.session_id)
    if session is None:
        yield ctx.finding("session_id", f"没有期次 {selection.session_id}")
        return
    day = selection.selected_on or ctx.as_of
    if selection_open(session, day):
        return
    if session.selection_opens_on is None or day < session.selection_opens_on:
        yield ctx.finding("session_id", f"{session.label}尚未开放选班，请等待省疾控通知")
    else:
        yield ctx.finding(
            "session_id", f"{session.label}的选班截止日期为 {session.selection_deadline}，已截止"
        )


@book.rule(
    "JS.training.selection.approved",
    title="只有报名审核通过的人员才能选班",
    applies_to=ClassSelection,
    cites=[training_manual("§1.2“未审核通过的人员无法参加后续选班”"), training_manual("§7 问题四 1")],
    valid_from=TRAINING_FROM,
)
def selection_approved(selection: ClassSelection, ctx: RuleContext) -> Iterator[Finding]:
    """Checked when the envelope holds the unit's registrations (the selection step)."""
    index = training_index(ctx)
    if not index.registrations:
        return
    reg = index.registrations.get(selection.id_number.strip().upper())
    if reg is None:
        yield ctx.finding("id_number", "该人员没有报名本培训计划")
    elif reg.status is not RegistrationStatus.approved:
        yield ctx.finding("id_number", f"该人员的报名状态为“{reg.status.label}”，审核通过后才能选班")
    elif reg.unit_uscc.strip().upper() != selection.unit_uscc.strip().upper():
        yield ctx.finding("unit_uscc", "选班单位不是该人员的报名单位")


@book.rule(
    "JS.training.selection.specialty",
    title="选班的专业类别须是期次所设、且是该人员报名的专业类别",
    applies_to=ClassSelection,
    cites=[
        training_manual("§5.4 1.3 选班"),
        training_manual("§7 问题四 2“该人员选班的专业类别与报名时不符”"),
    ],
    valid_from=TRAINING_FROM,
)
def selection_specialty(selection: ClassSelection, ctx: RuleContext) -> Iterator[Finding]:
    index = training_index(ctx)
    session = index.sessions.get(selection.session_id)
    reg = index.registrations.get(selection.id_number.strip().upper())
    if session is None:
        return
    offered = session.specialty_names()
    if not offered:
        if selection.specialties:
            yield ctx.finding("specialties", f"{session.label}不设专业类别")
        return
    if not selection.specialties:
        yield ctx.finding("specialties", "须选择该人员在本期次参加的专业类别")
    for name in selection.specialties:
        if name not in offered:
            yield ctx.finding(
                "specialties", f"{session.label}没有开设专业类别“{name}”", values={"value": name}
            )
        elif reg is not None and name not in reg.specialties:
            yield ctx.finding(
                "specialties",
                f"该人员报名时未选择专业类别“{name}”",
                values={"value": name, "registered": list(reg.specialties)},
            )


@book.rule(
    "JS.training.selection.conflict",
    title="同一人员选择的期次，培训时间不能冲突，专业类别不能重复",
    applies_to=ClassSelection,
    cites=[
        training_manual(
            "§5.4 1.3“当已选班人员选择的班次专业类别或培训时间有冲突，则不会出现在其他班次待选人员内”"
        )
    ],
    valid_from=TRAINING_FROM,
)
def selection_conflict(selection: ClassSelection, ctx: RuleContext) -> Iterator[Finding]:
    """Reported on the later of two conflicting placements, naming the earlier."""
    index = training_index(ctx)
    mine = index.selections_of.get(selection.id_number.strip().upper(), [])
    position = next(i for i, s in mine if s is selection)
    session = index.sessions.get(selection.session_id)
    if session is None:
        return
    for i, other in mine:
        if i >= position:
            break
        if other.session_id == selection.session_id:
            yield ctx.finding("session_id", f"该人员已在第{i + 1}条选班中选择{session.label}")
            continue
        earlier = index.sessions.get(other.session_id)
        if earlier is None:
            continue
        reason = placement_conflict(earlier, other.specialties, session, selection.specialties)
        if reason:
            yield ctx.finding("session_id", f"与第{i + 1}条选班冲突：{reason}", values={"other": i})


@book.rule(
    "JS.training.selection.capacity",
    title="选班人数不能超过期次的分班人数和专业类别的限制人数（为空默认分班人数）",
    applies_to=TrainingFiling,
    cites=[training_manual("§5.4 1 分班人数、剩余人数、限制人数（为空默认分班人数）、已选人数")],
    valid_from=TRAINING_FROM,
)
def selection_capacity(_filing: TrainingFiling, ctx: RuleContext) -> Iterator[Finding]:
    """The places storage counted outside the envelope (``counts.seats``) are taken first;
    the envelope's selections then fill what is left in list order, and each one that
    finds no place is refused, naming the session or the specialty that is full."""
    index = training_index(ctx)
    for session_id, placed in index.selections_in.items():
        session = index.sessions.get(session_id)
        if session is None:
            continue
        seats = session_seats(session, index.seats.get(session_id))
        persons_left = seats.left
        left = {s.specialty: s.left for s in seats.specialties}
        seen: set[str] = set()
        for i, selection in placed:
            person = selection.id_number.strip().upper()
            if person not in seen:
                seen.add(person)
                if persons_left <= 0:
                    yield ctx.finding(
                        f"selections[{i}]",
                        f"{session.label}已满（分班人数{session.capacity}人，剩余0人）",
                        values={"capacity": session.capacity, "taken": seats.taken},
                    )
                    continue
                persons_left -= 1
            for name in dict.fromkeys(selection.specialties):
                if name not in left:
                    continue
                if left[name] <= 0:
                    row = seats.specialty(name)
                    yield ctx.finding(
                        f"selections[{i}].specialties",
                        f"{session.label}专业类别“{name}”已满（限制人数{row.limit if row else ''}人）",
                        values={"specialty": name},
                    )
                left[name] -= 1


@book.rule(
    "JS.training.selection.training-kind",
    title="人员的培训类型（初训/复训）应与期次的培训类型一致",
    applies_to=ClassSelection,
    cites=[training_manual("§5.4 1 期次的培训类型；1.2 待选班人员的培训类型")],
    severity=Severity.warning,
    valid_from=TRAINING_FROM,
)
def selection_training_kind(selection: ClassSelection, ctx: RuleContext) -> Iterator[Finding]:
    index = training_index(ctx)
    session = index.sessions.get(selection.session_id)
    reg = index.registrations.get(selection.id_number.strip().upper())
    if session is None or reg is None or session.training_kind is None or reg.training_kind is None:
        return
    if session.training_kind is not reg.training_kind:
        yield ctx.finding(
            "session_id",
            f"该人员报名{reg.training_kind.label}，{session.label}为{session.training_kind.label}",
        )


@book.rule(
    "JS.training.selection.no-class",
    title="您选择的专业类别未开班",
    applies_to=TrainingFiling,
    cites=[
        training_manual(
            "§5.3 3“若该培训计划的所有班次的专业类别不在本单位预报名通过人员的报名专业类别之内，则点击【选班】会提示‘您选择的专业类别未开班！’”"
        )
    ],
    valid_from=TRAINING_FROM,
)
def no_class(filing: TrainingFiling, ctx: RuleContext) -> Iterator[Finding]:
    """Checked once the plan's sessions are arranged (the envelope holds sessions) and the
    unit has approved people: no session offers any of their specialties."""
    approved = [r for r in filing.registrations if r.status is RegistrationStatus.approved]
    if filing.sessions and approved and not selectable_sessions(filing.sessions, approved):
        yield ctx.finding("sessions", NO_CLASS_MESSAGE)


@book.rule(
    "JS.training.score.selected",
    title="成绩只能录入选择该期次、该专业类别的人员",
    applies_to=Score,
    cites=[
        training_manual(
            "§6.4 成绩信息“显示该培训班次本单位成绩录入完成人员的考试情况，根据专业类别分为多条成绩记录”"
        )
    ],
    valid_from=TRAINING_FROM,
)
def score_selected(score: Score, ctx: RuleContext) -> Iterator[Finding]:
    """Checked when the envelope holds the session's selections (the CDC's score entry)."""
    index = training_index(ctx)
    if not index.selections_in.get(score.session_id):
        return
    selection = index.selected(score.session_id, score.id_number)
    if selection is None:
        yield ctx.finding("id_number", "该人员没有选择本期次")
    elif score.specialty is not None and score.specialty not in selection.specialties:
        yield ctx.finding("specialty", f"该人员在本期次没有选择专业类别“{score.specialty}”")
    elif score.specialty is None and selection.specialties:
        yield ctx.finding("specialty", "须注明成绩所属的专业类别")


@book.rule(
    "JS.training.score.unique",
    title="同一人员在同一期次的同一专业类别只有一条成绩；成绩不能为负数",
    applies_to=Score,
    cites=[training_manual("§6.4 成绩信息“根据专业类别分为多条成绩记录，显示每个专业的分数以及是否合格”")],
    valid_from=TRAINING_FROM,
)
def score_unique(score: Score, ctx: RuleContext) -> Iterator[Finding]:
    if score.score is not None and score.score < 0:
        yield ctx.finding("score", f"成绩不能为负数（{score.score:g}）")
    rows = training_index(ctx).scores_of.get((score.session_id, score.id_number.strip().upper()), [])
    position = next(i for i, s in rows if s is score)
    for i, other in rows:
        if i >= position:
            break
        if other.specialty == score.specialty:
            shown = f"专业类别“{score.specialty}”" if score.specialty else "本期次"
            yield ctx.finding("specialty", f"该人员{shown}的成绩与第{i + 1}条重复")
            break


@book.rule(
    "JS.training.certificate.one-per-class",
    title="一个培训班次同一人员只有一个合格证书，证书编号不能重复",
    applies_to=TrainingFiling,
    cites=[training_manual("§6.4“一个培训班次同一人员只有一个合格证，多个专业合格则证书编号和附件为同一个”")],
    valid_from=TRAINING_FROM,
)
def one_per_class(filing: TrainingFiling, ctx: RuleContext) -> Iterator[Finding]:
    by_person: dict[tuple[str, str], int] = {}
    by_number: dict[str, int] = {}
    for i, cert in enumerate(filing.certificates):
        number = cert.number.strip().upper()
        if number in by_number:
            yield ctx.finding(f"certificates[{i}].number", f"证书编号与第{by_number[number] + 1}个证书重复")
        by_number.setdefault(number, i)
        if cert.status is not CertificateStatus.valid:
            continue
        key = (cert.session_id, cert.id_number.strip().upper())
        if key in by_person:
            yield ctx.finding(
                f"certificates[{i}]",
                f"该人员在本期次已有证书（第{by_person[key] + 1}个），多个专业合格共用一个证书",
            )
        by_person.setdefault(key, i)


@book.rule(
    "JS.training.certificate.pass",
    title="有专业合格才有证书，证书载明全部合格的专业类别",
    applies_to=Certificate,
    cites=[training_manual("§6.4“只要该培训班次有一个专业合格就会有证书信息”")],
    valid_from=TRAINING_FROM,
)
def certificate_pass(cert: Certificate, ctx: RuleContext) -> Iterator[Finding]:
    """Checked against the session's scores when the envelope holds them."""
    filing = training_of(ctx)
    if cert.status is not CertificateStatus.valid or not any(
        s.session_id == cert.session_id for s in filing.scores
    ):
        return
    key = (cert.session_id, cert.id_number.strip().upper())
    due = passes(s for _, s in training_index(ctx).scores_of.get(key, [])).get(key)
    if due is None:
        yield ctx.finding("", "该人员在本期次没有合格的专业，不应有证书")
        return
    if set(due.specialties) != set(cert.specialties):
        yield ctx.finding(
            "specialties",
            f"证书所载专业类别应为合格的专业：{'、'.join(due.specialties)}",
            values={"passed": list(due.specialties), "certificate": list(cert.specialties)},
        )


@book.rule(
    "JS.training.certificate.number",
    title="证书编号须符合发证之日的编号格式和校验码",
    applies_to=Certificate,
    cites=[training_manual("§6.4 成绩信息（证书编号）")],
    valid_from=TRAINING_FROM,
    parameters=["training_certificate_format"],
)
def certificate_number(cert: Certificate, ctx: RuleContext) -> Iterator[Finding]:
    fmt: CertificateNumberFormat = ctx.param(
        "training_certificate_format", on=max(cert.issued_on, TRAINING_FROM)
    )
    for problem in certificate_number_problems(cert.number, fmt):
        yield ctx.finding("number", problem, values={"number": cert.number})
