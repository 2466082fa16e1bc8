"""Look-up tables over a training envelope, so that rules about one selection or score
read the sessions, registrations and counts they need without scanning every list."""

from __future__ import annotations

from collections import defaultdict

from radrules.model.training import (
    ClassSelection,
    Registration,
    Score,
    SeatCount,
    Session,
    TrainingFiling,
)


class TrainingIndex:
    """Built once per check (:func:`radrules.training.check.training_index`).

    Where a list holds the same key twice (two registrations of one person), the first
    wins here; the rules on uniqueness report the second.
    """

    def __init__(self, doc: TrainingFiling) -> None:
        self.sessions: dict[str, Session] = {}
        for session in doc.sessions:
            self.sessions.setdefault(session.session_id, session)
        self.registrations: dict[str, Registration] = {}
        for registration in doc.registrations:
            self.registrations.setdefault(registration.id_number, registration)
        self.selections_of: dict[str, list[tuple[int, ClassSelection]]] = defaultdict(list)
        self.selections_in: dict[str, list[tuple[int, ClassSelection]]] = defaultdict(list)
        for i, selection in enumerate(doc.selections):
            self.selections_of[selection.id_number.strip().upper()].append((i, selection))
            self.selections_in[selection.session_id].append((i, selection))
        self.scores_of: dict[tuple[str, str], list[tuple[int, Score]]] = defaultdict(list)
        for i, score in enumerate(doc.scores):
            self.scores_of[(score.session_id, score.id_number.strip().upper())].append((i, score))
        seats = doc.counts.seats if doc.counts is not None else ()
        self.seats: dict[str, SeatCount] = {s.session_id: s for s in seats}

    def selected(self, session_id: str, id_number: str) -> ClassSelection | None:
        """The selection placing ``id_number`` in ``session_id``, if any."""
        for _, selection in self.selections_of.get(id_number.strip().upper(), ()):
            if selection.session_id == session_id:
                return selection
        return None
