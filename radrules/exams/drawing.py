"""Drawing a paper from a bank by a blueprint (source 001 module 18: 随机组卷).

A paper is drawn once per sitting, from a seed the caller derives from the sitting (its
id, say): the same seed and bank give the same paper, so a paper can be recomputed and
checked, while two candidates — or two attempts — get different selections, a different
question order and, for choice questions, a different option order. True/false questions
keep 正确 before 错误: swapping them would only confuse. Each part takes its questions from
the bank's questions in use of its category, project class and kind, the latest version
of each; the paper records the version, so it is shown as drawn even after the question
is edited.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping

import attrs

from radrules.errors import InputError
from radrules.model.exam import Blueprint, Question, QuestionKind

from .questions import part_label, shortfalls


class DrawError(InputError):
    """The bank cannot fill the blueprint; the message names each part that is short."""


@attrs.frozen(kw_only=True)
class PaperItem:
    """Question ``number`` (from 1) of a paper: which version of which question, its marks,
    and ``option_order``: the original index of the option shown in each position."""

    number: int
    question_id: str
    version: int
    kind: QuestionKind
    marks: float
    option_order: tuple[int, ...]

    def shown_to_original(self, shown: Iterable[int]) -> tuple[int, ...]:
        """The original indices of options chosen by their shown positions (out of range dropped)."""
        return tuple(sorted(self.option_order[i] for i in set(shown) if 0 <= i < len(self.option_order)))

    def original_to_shown(self, original: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(self.option_order.index(i) for i in original if i in self.option_order))


@attrs.frozen(kw_only=True)
class Paper:
    items: tuple[PaperItem, ...]

    @property
    def total_marks(self) -> float:
        return sum(i.marks for i in self.items)


def _rng(seed: str) -> random.Random:
    # random.Random(str) hashes with SHA-512 too, but only since 3.2 and by an implementation
    # detail; an explicit digest keeps papers reproducible across Python versions.
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest(), "big"))


def latest_versions(questions: Iterable[Question]) -> dict[str, Question]:
    """The latest version of each question id."""
    latest: dict[str, Question] = {}
    for q in questions:
        held = latest.get(q.question_id)
        if held is None or q.version > held.version:
            latest[q.question_id] = q
    return latest


def draw_paper(
    questions: Iterable[Question] | Mapping[str, Question], blueprint: Blueprint, *, seed: str
) -> Paper:
    """Draw a paper by ``blueprint`` from ``questions`` (every stored version, or the latest
    by id). Raises :class:`DrawError` naming each part the bank cannot fill."""
    latest = dict(questions) if isinstance(questions, Mapping) else latest_versions(questions)
    usable = sorted((q for q in latest.values() if not q.retired), key=lambda q: q.question_id)
    short = shortfalls(usable, blueprint)
    if short:
        raise DrawError("无法组卷：" + "；".join(reason for _, reason in short))
    rng = _rng(seed)
    chosen: list[tuple[Question, float]] = []
    for part in blueprint.parts:
        pool = [
            q for q in usable if (q.category, q.project, q.kind) == (part.category, part.project, part.kind)
        ]
        chosen.extend((q, part.marks) for q in rng.sample(pool, part.count))
    rng.shuffle(chosen)
    items = []
    for number, (q, marks) in enumerate(chosen, start=1):
        order = list(range(len(q.choices)))
        if q.kind is not QuestionKind.true_false:
            rng.shuffle(order)
        items.append(
            PaperItem(
                number=number,
                question_id=q.question_id,
                version=q.version,
                kind=q.kind,
                marks=marks,
                option_order=tuple(order),
            )
        )
    return Paper(items=tuple(items))


__all__ = ["DrawError", "Paper", "PaperItem", "draw_paper", "latest_versions", "part_label"]
