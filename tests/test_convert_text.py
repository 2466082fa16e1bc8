"""filing_from_text: the same filings and the same errors as filing_from_json(parse_json(...)).

It skips the nesting-depth walk on data that structures, which is sound only while the
model nests less deeply than MAX_DEPTH and holds no free-form JSON: the first tests derive
both from the types, so a model change that breaks the argument fails here.
"""

from __future__ import annotations

import copy
import json
import random
import types
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import attrs
import orjson
import pytest

from radrules.convert import converter, filing_from_json
from radrules.convert_fast import filing_from_text, structure_filing
from radrules.errors import InputError
from radrules.json_text import MAX_DEPTH, parse_json
from radrules.model.filing import Filing

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCALARS = (str, int, float, bool, date, datetime)


def _json_depth(t: Any, inside: tuple[type, ...] = ()) -> int:
    """How many JSON containers deep a value of type ``t`` can nest (a scalar: 0)."""
    origin = get_origin(t)
    if t in SCALARS or (isinstance(t, type) and issubclass(t, Enum)):
        return 0
    if origin in (Union, types.UnionType):
        return max(_json_depth(a, inside) for a in get_args(t) if a is not type(None))
    if origin in (tuple, list):
        args = get_args(t)
        assert origin is list or (len(args) == 2 and args[1] is Ellipsis), f"fixed tuple {t}"
        return 1 + _json_depth(args[0], inside)
    if attrs.has(t):
        assert t not in inside, f"{t.__name__} holds itself: its depth is unbounded"
        attrs.resolve_types(t)
        return 1 + max((_json_depth(f.type, (*inside, t)) for f in attrs.fields(t)), default=0)
    raise AssertionError(f"{t!r} is free-form: data of any depth would structure into it")


def test_the_filing_model_nests_less_deeply_than_the_walk_allows() -> None:
    depth = _json_depth(Filing)
    # check_depth refuses a container at depth MAX_DEPTH (the root is at 0)
    assert depth <= MAX_DEPTH
    assert depth < 12  # report → … → item: a sudden jump means a new nesting worth a look


@pytest.mark.parametrize("kind", SCALARS)
def test_a_scalar_field_refuses_a_container(kind: type) -> None:
    hook = converter.get_structure_hook(kind)
    containers: tuple[object, ...] = ([[]], {"a": {}})
    for value in containers:
        with pytest.raises(Exception):  # noqa: B017 - any refusal; which one is the detailed path's
            hook(value, kind)


def _outcome(text: str | bytes, fn: Any) -> object:
    try:
        return ("filing", fn(text))
    except InputError as exc:
        return ("error", str(exc), exc.path, exc.problems)


def _old(text: str | bytes) -> Filing:
    return filing_from_json(parse_json(text))


def _examples() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*.json"))


@pytest.mark.parametrize("path", _examples(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_reads_the_same(path: Path) -> None:
    text = path.read_bytes()
    assert _outcome(text, filing_from_text) == _outcome(text, _old)


def _deep(levels: int) -> Any:
    value: Any = []
    for _ in range(levels - 1):
        value = [value]
    return value


def _mutants(card: dict[str, Any], rng: random.Random, n: int) -> list[Any]:
    """Copies of ``card`` with one value replaced by something of another shape."""
    spots: list[tuple[Any, Any]] = []

    def collect(value: Any) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            spots.append((value, key))
            if isinstance(item, dict | list):
                collect(item)

    out = []
    for _ in range(n):
        doc = copy.deepcopy(card)
        spots.clear()
        collect(doc)
        parent, key = rng.choice(spots)
        leaves = [v for p, k in spots if not isinstance(v := p[k], dict | list)]
        parent[key] = rng.choice(
            [
                *[_deep(40), _deep(MAX_DEPTH), _deep(MAX_DEPTH - 3), {"x": _deep(35)}],
                *["3", 3, 2.5, True, None, [], {}, ["a"], [1], "2026-01-01", "2026-01-01T08:00"],
                rng.choice(leaves),
                rng.choice(leaves),
            ]
        )
        if rng.random() < 0.2 and isinstance(parent, dict):
            parent["unknown_key"] = _deep(rng.choice([2, 33]))
        out.append(doc)
    return out


def test_mutated_filings_read_the_same() -> None:
    rng = random.Random(17)
    card = json.loads((EXAMPLES / "national" / "valid-protection-testing-card.json").read_text("utf-8"))
    documents = [*_mutants(card, rng, 300), _deep(40), _deep(MAX_DEPTH + 1), [card], {}, {"report_card": []}]
    for doc in documents:
        text = orjson.dumps(doc)
        assert _outcome(text, filing_from_text) == _outcome(text, _old), text[:200]


@pytest.mark.parametrize(
    "text",
    [b'{"a": ', b"\xef\xbb\xbf{}", "\ufeff{}", b"[" * 2000 + b"]" * 2000, b"\xff", b"NaN", b"[1, 2]", b"1"],
)
def test_broken_text_reads_the_same(text: str | bytes) -> None:
    assert _outcome(text, filing_from_text) == _outcome(text, _old)


def _cards() -> list[dict[str, Any]]:
    return [
        doc
        for path in _examples()
        if isinstance(doc := json.loads(path.read_text("utf-8")), dict)
        and set(doc) <= {f.name for f in attrs.fields(Filing)}
    ]


def test_the_fast_path_takes_the_valid_examples() -> None:
    taken = 0
    for doc in _cards():
        try:
            strict = converter.structure(doc, Filing)
        except Exception:
            continue
        fast = structure_filing(doc)
        assert fast == strict and repr(fast) == repr(strict)
        taken += 1
    assert taken >= 5


def test_the_fast_path_never_takes_what_the_strict_converter_refuses() -> None:
    rng = random.Random(1717)
    fast_taken = strict_refused = 0
    for card in _cards():
        for doc in _mutants(card, rng, 150):
            try:
                strict: object = converter.structure(doc, Filing)
            except Exception:
                strict = None
                strict_refused += 1
            try:
                fast: object = structure_filing(doc)
            except Exception:
                continue
            fast_taken += 1
            assert strict is not None, doc
            assert fast == strict and repr(fast) == repr(strict), doc  # repr: 1 and 1.0 differ
    assert fast_taken > 100 and strict_refused > 100
