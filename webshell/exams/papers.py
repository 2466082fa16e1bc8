"""A sitting's paper as stored (source 001 表1 第18项): the drawn :class:`radrules.Paper` as
JSON in the sitting row, read back, and parsed once per sitting in each process — a drawn
paper never changes, and an answer save would otherwise read and parse it every time."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import attrs

from radrules import Paper, PaperItem, QuestionKind


def paper_of(row: dict[str, Any]) -> Paper:
    data = json.loads(row["paper"])
    return Paper(
        items=tuple(
            PaperItem(
                number=i["number"],
                question_id=i["question_id"],
                version=i["version"],
                kind=QuestionKind(i["kind"]),
                marks=i["marks"],
                option_order=tuple(i["option_order"]),
            )
            for i in data["items"]
        )
    )


def paper_json(paper: Paper, bank_id: int) -> str:
    return json.dumps({"bank": bank_id, "items": [attrs.asdict(i) for i in paper.items]}, ensure_ascii=False)


#: Papers already parsed, by sitting id and seed (the seed has a random part, so a sitting of
#: another database with the same id is not taken for this one): a drawn paper never changes.
_PAPERS: OrderedDict[tuple[int, str], Paper] = OrderedDict()
_PAPERS_KEPT = 4096


def paper_cached(row: dict[str, Any]) -> Paper | None:
    """The parsed paper of the sitting ``row`` (id and seed); parsed now if ``row`` has the
    paper's text, None if it has not and this process has not parsed it yet."""
    key = (int(row["id"]), str(row["seed"]))
    paper = _PAPERS.get(key)
    if paper is None:
        if "paper" not in row:
            return None
        paper = _PAPERS[key] = paper_of(row)
        if len(_PAPERS) > _PAPERS_KEPT:
            _PAPERS.popitem(last=False)
    else:
        _PAPERS.move_to_end(key)
    return paper
