"""The dated table of China's administrative divisions: which codes exist in a year, their names.

County level and above come from the civil-affairs ministry's yearly lists of GB/T 2260 codes
(民政部《中华人民共和国县以上行政区划代码》, each as at 31 December), kept in
``rulesets/divisions/counties.tsv``; townships from the statistics bureau's 2023 统计用区划代码
(``townships.tsv``); divisions set up after the latest yearly list, from secondary sources, in
``additions.yaml``. ``rulesets/divisions/README.md`` says where each comes from.

The lists are yearly, so a date is placed within its year: a code exists in year Y when it is
in the list of Y − 1 or of Y (a change made during Y is valid on both sides of it, as the
lists do not give the day). A year after the latest list is judged by the latest list plus
the additions: a code retired since then is not known to be retired. ``year=None`` asks
about the latest list itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

import attrs
import yaml

from radrules.errors import RulesetError

Level = Literal["province", "city", "county", "township"]

#: Entries of old lists that group counties without being a place (kept out of full names).
_NOT_A_PLACE = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@attrs.frozen
class Span:
    """A run of yearly lists in which a code carries ``name``; ``last`` None = still listed."""

    name: str
    first: int
    last: int | None
    source: str = ""


@attrs.frozen
class Division:
    """A division as it was in a given year: code, own name, full name, level and parent code."""

    code: str
    name: str
    full_name: str
    level: Level
    parent: str | None


@attrs.frozen
class TableInfo:
    """What the table covers: the yearly lists' years, the townships' date, the additions' count."""

    first_list: int
    last_list: int
    townships_as_of: str
    additions: int


class DivisionTable:
    """The loaded table. Lookups are dictionary reads; answers per code and year are cached."""

    def __init__(
        self,
        spans: dict[str, tuple[Span, ...]],
        townships: Callable[[], tuple[str, dict[str, str]]],
        *,
        first_list: int,
        last_list: int,
        additions: int = 0,
    ) -> None:
        self._spans = spans
        self._load_townships = townships
        self._townships: dict[str, str] | None = None
        self._towns_by_county: dict[str, list[str]] = {}
        self._towns_as_of = ""
        self._lock = threading.Lock()
        self.first_list, self.last_list, self.additions = first_list, last_list, additions
        self._by_province: dict[str, list[str]] = {}
        for code in sorted(spans):
            self._by_province.setdefault(code[:2], []).append(code)
        self._span_cache: dict[tuple[str, int | None], Span | None] = {}
        self._division_cache: dict[tuple[str, int | None], Division | None] = {}
        self._children: dict[tuple[str | None, int | None], tuple[Division, ...]] = {}

    @property
    def info(self) -> TableInfo:
        self._towns()
        return TableInfo(self.first_list, self.last_list, self._towns_as_of, self.additions)

    def _towns(self) -> dict[str, str]:
        # Read on first need: six-digit checks, the bulk of the work, never pay for 40,000 townships.
        if self._townships is None:
            with self._lock:
                if self._townships is None:
                    as_of, towns = self._load_townships()
                    for town in sorted(towns):
                        self._towns_by_county.setdefault(town[:6], []).append(town)
                    self._towns_as_of = as_of
                    self._townships = towns
        return self._townships

    # -- single codes ---------------------------------------------------------------------------

    def spans(self, code: str) -> tuple[Span, ...]:
        """Every run of the six-digit ``code`` in the lists (empty when it was never listed)."""
        return self._spans.get(code, ())

    def _exists(self, span: Span, year: int | None) -> bool:
        if year is None:
            return span.last is None
        starts = span.first <= year or span.first == self.first_list
        return starts and (span.last is None or span.last >= min(year - 1, self.last_list))

    def span_on(self, code: str, year: int | None) -> Span | None:
        """The run of ``code`` in force in ``year``; of two (a rename that year), the newer."""
        key = (code, year)
        if key in self._span_cache:
            return self._span_cache[key]
        found: Span | None = None
        for span in self._spans.get(code, ()):
            if self._exists(span, year) and (found is None or span.first >= found.first):
                found = span
        self._span_cache[key] = found
        return found

    def township_name(self, code: str) -> str | None:
        """The name of a nine-digit township code, or None when the township table lacks it."""
        return self._towns().get(code)

    def has_counties(self, city: str, year: int | None) -> bool:
        """Whether a prefecture-level city has county-level divisions under it in ``year``."""
        return any(
            c[:4] == city[:4] and c[4:] != "00" and self.span_on(c, year) is not None
            for c in self._by_province.get(city[:2], ())
        )

    def parent_of(self, code: str, year: int | None) -> str | None:
        """The code one level up that exists in ``year``: township → county → city → province."""
        if len(code) == 9:
            return code[:6]
        if code[2:] == "0000":
            return None
        if code[4:] != "00" and self.span_on(code[:4] + "00", year) is not None:
            return code[:4] + "00"
        return code[:2] + "0000"

    def division(self, code: str, year: int | None) -> Division | None:
        """The division of a six- or nine-digit code in ``year``, or None when it does not exist."""
        key = (code, year)
        if key not in self._division_cache:
            self._division_cache[key] = self._build(code, year)
        return self._division_cache[key]

    def _build(self, code: str, year: int | None) -> Division | None:
        if len(code) == 9:
            town = self._towns().get(code)
            county = self.division(code[:6], year)
            if town is None or county is None:
                return None
            return Division(code, town, county.full_name + town, "township", county.code)
        span = self.span_on(code, year)
        if span is None:
            return None
        parent = self.parent_of(code, year)
        above = self.division(parent, year) if parent else None
        own = "" if span.name in _NOT_A_PLACE else span.name
        full = (above.full_name if above else "") + own
        level: Level = "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"
        return Division(code, span.name, full or span.name, level, parent)

    # -- lists ----------------------------------------------------------------------------------

    def children(self, code: str | None, year: int | None) -> tuple[Division, ...]:
        """The divisions one level below ``code`` in ``year``; ``None`` lists the provinces."""
        key = (code, year)
        found = self._children.get(key)
        if found is None:
            found = tuple(self._list_children(code, year))
            self._children[key] = found
        return found

    def _list_children(self, code: str | None, year: int | None) -> Iterable[Division]:
        if code is None:
            candidates: Iterable[str] = [c for c in self._spans if c[2:] == "0000"]
        elif len(code) == 9:
            return ()
        elif code[4:] != "00" or (code[2:] != "0000" and not self.has_counties(code, year)):
            self._towns()
            candidates = self._towns_by_county.get(code, ())
        else:
            candidates = [c for c in self._by_province.get(code[:2], ()) if c != code]
        kids = []
        for c in sorted(candidates):
            if code is not None and len(c) == 6 and self.parent_of(c, year) != code:
                continue
            d = self.division(c, year)
            if d is not None:
                kids.append(d)
        return kids


# -- loading ------------------------------------------------------------------------------------


def _header(line: str, key: str, path: object) -> list[str]:
    parts = line.split("\t")
    if parts[0] != f"#{key}":
        raise RulesetError(f"首行应为“#{key}<TAB>…”", file=str(path))
    return parts[1:]


def _read_counties(path: Traversable | Path) -> tuple[dict[str, list[Span]], int, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    years = _header(lines[0] if lines else "", "lists", path)
    if len(years) != 2 or not all(y.isdigit() for y in years):
        raise RulesetError("首行应为“#lists<TAB>首年<TAB>末年”", file=str(path))
    spans: dict[str, list[Span]] = {}
    for n, line in enumerate(lines[1:], 2):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or len(parts[0]) != 6 or not parts[0].isdigit() or not parts[2].isdigit():
            raise RulesetError(f"第{n}行应为“代码<TAB>名称<TAB>首见年份<TAB>末见年份”", file=str(path))
        if parts[3] and not parts[3].isdigit():
            raise RulesetError(f"第{n}行的末见年份 {parts[3]!r} 不是年份", file=str(path))
        spans.setdefault(parts[0], []).append(
            Span(parts[1], int(parts[2]), int(parts[3]) if parts[3] else None)
        )
    if not spans:
        raise RulesetError("行政区划表为空", file=str(path))
    return spans, int(years[0]), int(years[1])


def _read_townships(path: Traversable | Path) -> tuple[str, dict[str, str]]:
    if not path.is_file():
        return "", {}
    lines = path.read_text(encoding="utf-8").splitlines()
    as_of = _header(lines[0] if lines else "", "as_of", path)
    towns: dict[str, str] = {}
    for n, line in enumerate(lines[1:], 2):
        if not line or line.startswith("#"):
            continue
        code, _, name = line.partition("\t")
        if len(code) != 9 or not code.isdigit() or not name:
            raise RulesetError(f"第{n}行应为“9位代码<TAB>名称”", file=str(path))
        towns[code] = name
    return (as_of[0] if as_of else ""), towns


_ADDITION_KEYS = frozenset({"code", "name", "valid_from", "source", "mark"})


def _read_additions(path: Traversable | Path, spans: dict[str, list[Span]]) -> int:
    if not path.is_file():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("additions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RulesetError("应有 additions: 列表", file=str(path))
    for i, entry in enumerate(entries):
        where = f"additions[{i}]"
        keys = set(entry) if isinstance(entry, dict) else set()
        if not isinstance(entry, dict) or keys - _ADDITION_KEYS or not {"code", "name", "valid_from"} <= keys:
            raise RulesetError(
                f"每项须有 code、name、valid_from，可有 source、mark；允许的键：{'、'.join(sorted(_ADDITION_KEYS))}",
                file=str(path),
                key=where,
            )
        code, start = str(entry["code"]), entry["valid_from"]
        if len(code) != 6 or not code.isdigit() or not isinstance(start, date):
            raise RulesetError("code 应为6位数字，valid_from 应为日期", file=str(path), key=where)
        spans.setdefault(code, []).append(
            Span(str(entry["name"]), start.year, None, str(entry.get("source", "")))
        )
    return len(entries)


def load_table(folder: Traversable | Path) -> DivisionTable:
    """Read ``counties.tsv``, ``additions.yaml`` and (on first need) ``townships.tsv`` of ``folder``."""
    counties = folder / "counties.tsv"
    if not counties.is_file():
        raise RulesetError("缺少行政区划表 counties.tsv", file=str(folder))
    spans, first, last = _read_counties(counties)
    added = _read_additions(folder / "additions.yaml", spans)
    return DivisionTable(
        {c: tuple(v) for c, v in spans.items()},
        lambda: _read_townships(folder / "townships.tsv"),
        first_list=first,
        last_list=last,
        additions=added,
    )


_default: DivisionTable | None = None
_lock = threading.Lock()


def default_table() -> DivisionTable:
    """The table shipped in ``radrules_rulesets/divisions``, read once on first use."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = load_table(files("radrules_rulesets") / "divisions")
    return _default
