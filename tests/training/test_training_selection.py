"""Class selection arithmetic (source 002 §5.3–§5.4): places, conflicts, the picker."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from radrules import (
    NO_CLASS_MESSAGE,
    ClassSelection,
    PersonProfile,
    Registration,
    RegistrationStatus,
    SeatCount,
    Session,
    SessionSpecialty,
    TrainingCounts,
    TrainingFiling,
    TrainingPlan,
    candidates,
    check_training,
    placement_conflict,
    selectable_sessions,
    session_seats,
)
from radrules.model.profile import BasicInfo

WANG, ZHANG = "320106198003121233", "320102198507052344"


def _session(sid: str, start: str, end: str, *specs: str, capacity: int = 10) -> Session:
    return Session(
        session_id=sid,
        number=int(sid[-1]),
        capacity=capacity,
        starts_on=date.fromisoformat(start),
        ends_on=date.fromisoformat(end),
        selection_deadline=date.fromisoformat(start),
        specialties=tuple(SessionSpecialty(specialty=s) for s in specs),
    )


def test_people_count_once_however_many_specialties_they_sit() -> None:
    session = Session(
        session_id="s1",
        number=1,
        capacity=50,
        starts_on=date(2026, 4, 20),
        ends_on=date(2026, 4, 24),
        selection_deadline=date(2026, 4, 15),
        specialties=(SessionSpecialty(specialty="甲", limit=20), SessionSpecialty(specialty="乙")),
    )
    picks = [
        ClassSelection(session_id="s1", id_number=WANG, unit_uscc="u", specialties=("甲", "乙")),
        ClassSelection(session_id="s1", id_number=ZHANG, unit_uscc="u", specialties=("乙",)),
        ClassSelection(session_id="s2", id_number=ZHANG, unit_uscc="u", specialties=("甲",)),
    ]
    seats = session_seats(session, SeatCount(session_id="s1", persons=40, by_specialty={"甲": 15}), picks)
    assert (seats.taken, seats.left) == (42, 8)
    first, second = seats.specialties
    assert (first.limit, first.taken, first.left) == (20, 16, 4)
    # 限制人数 empty: the 分班人数 (§5.4).
    assert (second.limit, second.taken, second.left) == (50, 2, 48)


def test_conflicts_are_overlapping_days_or_a_shared_specialty() -> None:
    a = _session("s1", "2026-04-20", "2026-04-24", "甲", "乙")
    overlapping = _session("s2", "2026-04-24", "2026-04-28", "丙")
    after = _session("s3", "2026-04-25", "2026-04-29", "甲", "丙")
    assert "培训时间冲突" in (placement_conflict(a, ["甲"], overlapping, ["丙"]) or "")
    assert placement_conflict(a, ["乙"], after, ["丙"]) is None
    assert "都选了专业类别“甲”" in (placement_conflict(a, ["甲"], after, ["甲"]) or "")


def test_the_picker_offers_only_approved_people_without_conflict(selection: TrainingFiling) -> None:
    first, second = selection.sessions
    # 王建国 sits 化学中毒 in 第1期 already: 第2期 does not offer him 化学中毒 again.
    offered = candidates(
        second, "职业性化学中毒", selection.registrations, selection.selections, selection.sessions
    )
    assert [r.id_number for r in offered] == []
    # 张敏 registered only for 尘肺: she is not offered 放射性疾病.
    offered = candidates(second, "职业性放射性疾病", selection.registrations, (), selection.sessions)
    assert [r.id_number for r in offered] == [WANG]
    # Not approved: not offered.
    pending = [attrs.evolve(r, status=RegistrationStatus.registered) for r in selection.registrations]
    assert candidates(first, "职业性尘肺病及其他呼吸系统疾病", pending, (), selection.sessions) == []


def test_no_class_for_the_units_specialties(selection: TrainingFiling) -> None:
    offered_elsewhere = [
        attrs.evolve(s, specialties=(SessionSpecialty(specialty="物理因素所致职业病"),))
        for s in selection.sessions
    ]
    assert selectable_sessions(offered_elsewhere, selection.registrations) == []
    assert selectable_sessions(selection.sessions, selection.registrations) == list(selection.sessions)
    result = check_training(
        attrs.evolve(selection, sessions=tuple(offered_elsewhere), selections=()), as_of=date(2026, 4, 10)
    )
    assert [f.message for f in result.errors] == [NO_CLASS_MESSAGE]


def test_a_plan_without_specialties_offers_every_session() -> None:
    person = PersonProfile(basic=BasicInfo(id_number=WANG, name="王建国"))
    regs = [Registration(person=person, unit_uscc="u", status=RegistrationStatus.approved)]
    sessions = [_session("s1", "2026-04-20", "2026-04-24"), _session("s2", "2026-05-20", "2026-05-24")]
    assert selectable_sessions(sessions, regs) == sessions
    assert [r.id_number for r in candidates(sessions[1], None, regs, (), sessions)] == [WANG]


def test_the_last_place_goes_to_the_first_in_the_list(selection: TrainingFiling) -> None:
    # Storage counted 49 of 50 places of 第1期 taken by others: one of the unit's two
    # people new to 第1期 fits, the other is told it is full (§5.4 剩余人数).
    counts = attrs.evolve(
        selection.counts,
        seats=(SeatCount(session_id="JS-2026-ZD-01-1", persons=49), *selection.counts.seats[1:]),
    )
    result = check_training(attrs.evolve(selection, counts=counts), as_of=date(2026, 4, 10))
    assert [(f.rule_id, f.path) for f in result.errors] == [
        ("JS.training.selection.capacity", "selections[2]")
    ]
    assert "已满" in result.errors[0].message


def _number(i: int) -> str:
    from stdnum.cn import ric

    body = f"3201061980{1 + i % 12:02d}{1 + i % 28:02d}{i:03d}"
    return body + ric.calc_check_digit(body + "0")


_SPECS = ("职业性化学中毒", "职业性放射性疾病")


@settings(max_examples=80, deadline=None)
@given(
    capacity=st.integers(1, 12),
    limit=st.one_of(st.none(), st.integers(1, 12)),
    counted=st.integers(0, 14),
    counted_spec=st.integers(0, 14),
    choices=st.lists(st.sampled_from(_SPECS), max_size=15),
)
def test_capacity_is_never_exceeded_whatever_the_counts_and_order(
    capacity: int, limit: int | None, counted: int, counted_spec: int, choices: list[str]
) -> None:
    """However many places storage counted and however many people a unit places, the
    accepted placements fill exactly the places left — per session and per specialty —
    and the first in the list get them."""
    limit = None if limit is None else min(limit, capacity)
    plan = TrainingPlan(
        plan_id="p",
        plan_type="职业病诊断医师",
        name="n",
        division_code="320000",
        deadline=date(2026, 3, 31),
        specialties=_SPECS,
    )
    session = Session(
        session_id="s",
        number=1,
        capacity=capacity,
        starts_on=date(2026, 4, 20),
        ends_on=date(2026, 4, 21),
        selection_deadline=date(2026, 4, 15),
        selection_opens_on=date(2026, 4, 1),
        specialties=(
            SessionSpecialty(specialty=_SPECS[0], limit=limit),
            SessionSpecialty(specialty=_SPECS[1]),
        ),
    )
    regs, picks = [], []
    for i, spec in enumerate(choices):
        person = PersonProfile(basic=BasicInfo(id_number=_number(i), name=f"人{i}"))
        regs.append(
            Registration(
                person=person, unit_uscc="u", specialties=(spec,), status=RegistrationStatus.approved
            )
        )
        picks.append(ClassSelection(session_id="s", id_number=_number(i), unit_uscc="u", specialties=(spec,)))
    seats = SeatCount(session_id="s", persons=counted, by_specialty={_SPECS[0]: counted_spec})
    filing = TrainingFiling(
        plan=plan,
        sessions=(session,),
        registrations=tuple(regs),
        selections=tuple(picks),
        counts=TrainingCounts(seats=(seats,)),
    )
    found = check_training(filing, as_of=date(2026, 4, 10), only=(TrainingFiling,))
    paths = {f.path for f in found.errors if f.rule_id == "JS.training.selection.capacity"}
    seated = [i for i in range(len(picks)) if f"selections[{i}]" not in paths]
    # The session: the first ones get the places left, the rest are told it is full.
    assert seated == list(range(min(max(capacity - counted, 0), len(picks))))
    # The limited specialty: among the seated, the first ones get its places left.
    first_spec = [i for i in seated if picks[i].specialties == (_SPECS[0],)]
    room = max((limit or capacity) - counted_spec, 0)
    assert [i for i in first_spec if f"selections[{i}].specialties" in paths] == first_spec[room:]


def test_selection_totals_and_complete_scores(selection: TrainingFiling, results: TrainingFiling) -> None:
    from radrules import scores_complete, selection_totals

    # 王建国 placed for both his specialties, 张敏 for hers: 3 placed, none waiting.
    assert selection_totals(selection.registrations, selection.selections) == (3, 0)
    assert selection_totals(selection.registrations, selection.selections[:1]) == (1, 2)
    first = results.sessions[0].session_id
    assert scores_complete(first, results.selections, results.scores)
    assert not scores_complete(first, results.selections, results.scores[:1])
    assert not scores_complete("no-such-session", results.selections, results.scores)


def test_selection_open_from_the_day_opened_to_the_deadline() -> None:
    """§5.1: closed until the CDC opens it; §5.4 1 选班截止日期: the deadline day is still open."""
    from datetime import date

    from radrules import Session, selection_open

    session = Session(
        session_id="s",
        number=1,
        capacity=10,
        starts_on=date(2026, 5, 10),
        ends_on=date(2026, 5, 12),
        selection_deadline=date(2026, 5, 1),
    )
    assert not selection_open(session, date(2026, 4, 20))
    opened = attrs.evolve(session, selection_opens_on=date(2026, 4, 20))
    assert not selection_open(opened, date(2026, 4, 19))
    assert selection_open(opened, date(2026, 4, 20)) and selection_open(opened, date(2026, 5, 1))
    assert not selection_open(opened, date(2026, 5, 2))
