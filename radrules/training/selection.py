"""Class selection (集体选班, source 002 §5): places left, conflicts, and who may be picked.

The library decides, storage enforces. To place people, storage opens a transaction,
locks the sessions' rows, counts the places already taken *outside* the selections it is
about to write (other units', and this unit's for other plans), passes those counts as
:class:`~radrules.model.training.SeatCount`\\ s in the envelope's ``counts``, runs
:func:`radrules.check_training`, and writes only when no error blocks. The rules use the
arithmetic here, and so do the pages that show 剩余人数:

* a session's 分班人数 counts people, each once however many specialties they sit in it;
* a specialty's 限制人数 (empty: the 分班人数, §5.4 “限制人数（为空默认分班人数）”) counts
  people placed for that specialty;
* two placements of one person conflict when their sessions' dates overlap or they share
  a specialty (§5.4 1.3 “当已选班人员选择的班次专业类别或培训时间有冲突，则不会出现在其他班次待选
  人员内”).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from radrules.model.training import ClassSelection, Registration, SeatCount, Session
from radrules.model.training_enums import RegistrationStatus

#: The platform's words when no session offers a specialty the unit's people were approved for (§5.3 3).
NO_CLASS_MESSAGE = "您选择的专业类别未开班！"


@attrs.frozen(kw_only=True)
class SpecialtySeats:
    """One specialty of a session: 限制人数 (``limit``), 已选人数 (``taken``)."""

    specialty: str
    limit: int
    taken: int

    @property
    def left(self) -> int:
        return self.limit - self.taken


@attrs.frozen(kw_only=True)
class SessionSeats:
    """A session's places: 分班人数 (``capacity``), people placed (``taken``), per specialty."""

    session_id: str
    capacity: int
    taken: int
    specialties: tuple[SpecialtySeats, ...]

    @property
    def left(self) -> int:
        """剩余人数."""
        return self.capacity - self.taken

    def specialty(self, name: str) -> SpecialtySeats | None:
        return next((s for s in self.specialties if s.specialty == name), None)


def session_seats(
    session: Session, counted: SeatCount | None = None, selections: Iterable[ClassSelection] = ()
) -> SessionSeats:
    """The places of ``session``: storage's ``counted`` ones plus ``selections`` placed in it."""
    persons: set[str] = set()
    per: dict[str, int] = {}
    for selection in selections:
        if selection.session_id != session.session_id:
            continue
        persons.add(selection.id_number.strip().upper())
        for name in set(selection.specialties):
            per[name] = per.get(name, 0) + 1
    base = counted.by_specialty if counted is not None else {}
    return SessionSeats(
        session_id=session.session_id,
        capacity=session.capacity,
        taken=(counted.persons if counted is not None else 0) + len(persons),
        specialties=tuple(
            SpecialtySeats(
                specialty=row.specialty,
                limit=row.limit if row.limit is not None else session.capacity,
                taken=base.get(row.specialty, 0) + per.get(row.specialty, 0),
            )
            for row in session.specialties
        ),
    )


def selection_open(session: Session, on: date) -> bool:
    """Whether placements in ``session`` may be made or taken back on ``on``: selection was
    opened by the CDC on or before that day (§5.1 “需要等待疾控老师群里通知选班”) and its
    选班截止日期 has not passed (the deadline day itself is open)."""
    opens = session.selection_opens_on
    return opens is not None and opens <= on <= session.selection_deadline


def overlap(a: Session, b: Session) -> bool:
    """True when the two sessions share a day."""
    return a.starts_on <= b.ends_on and b.starts_on <= a.ends_on


def placement_conflict(
    a: Session, a_specialties: Sequence[str], b: Session, b_specialties: Sequence[str]
) -> str | None:
    """Why one person cannot be placed in both, or None: overlapping dates, a shared specialty."""
    if a.session_id == b.session_id:
        return None
    if overlap(a, b):
        return (
            f"{a.label}（{a.starts_on}～{a.ends_on}）与{b.label}（{b.starts_on}～{b.ends_on}）的培训时间冲突"
        )
    shared = [s for s in a_specialties if s in b_specialties]
    if shared:
        return f"{a.label}与{b.label}都选了专业类别“{'、'.join(shared)}”"
    return None


def approved(registrations: Iterable[Registration]) -> list[Registration]:
    return [r for r in registrations if r.status is RegistrationStatus.approved]


def selectable_sessions(sessions: Sequence[Session], registrations: Iterable[Registration]) -> list[Session]:
    """The sessions a unit can place its approved people in: those offering a specialty
    someone was approved for; every session when the plan has no specialties (§5.3 3).
    An empty answer with approved people is :data:`NO_CLASS_MESSAGE`."""
    ok = approved(registrations)
    if not ok:
        return []
    wanted = {s for r in ok for s in r.specialties}
    if not wanted:
        return list(sessions)
    return [s for s in sessions if wanted.intersection(s.specialty_names())]


def candidates(
    session: Session,
    specialty: str | None,
    registrations: Iterable[Registration],
    selections: Iterable[ClassSelection],
    sessions: Sequence[Session],
) -> list[Registration]:
    """Who the picker of §5.4 1.3 offers for ``specialty`` of ``session`` (None: a plan
    without specialties): approved people registered for it, not already placed in this
    session for it, and without a conflicting placement elsewhere."""
    by_id = {s.session_id: s for s in sessions}
    placed: dict[str, list[ClassSelection]] = {}
    for selection in selections:
        placed.setdefault(selection.id_number.strip().upper(), []).append(selection)
    wanted = (specialty,) if specialty else ()
    out = []
    for reg in approved(registrations):
        if specialty is not None and specialty not in reg.specialties:
            continue
        mine = placed.get(reg.id_number, [])
        if any(
            p.session_id == session.session_id and (specialty is None or specialty in p.specialties)
            for p in mine
        ):
            continue
        clash = False
        for p in mine:
            other = by_id.get(p.session_id)
            if other is not None and placement_conflict(session, wanted, other, p.specialties):
                clash = True
                break
        if not clash:
            out.append(reg)
    return out


def selection_totals(
    registrations: Iterable[Registration], selections: Iterable[ClassSelection]
) -> tuple[int, int]:
    """The unit's 选班总人次数 and 待选班人次数 for a plan (§5.4 1.2): person-specialties
    placed, and those of approved people not placed yet (a person of a plan without
    specialties counts once)."""
    placed: dict[str, set[str | None]] = {}
    for selection in selections:
        mine = placed.setdefault(selection.id_number.strip().upper(), set())
        mine.update(selection.specialties or (None,))
    total = sum(len(specs) for specs in placed.values())
    waiting = 0
    for reg in approved(registrations):
        wanted: tuple[str | None, ...] = reg.specialties or (None,)
        waiting += sum(1 for s in wanted if s not in placed.get(reg.id_number, set()))
    return total, waiting
