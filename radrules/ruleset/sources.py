"""The catalogue of the documents radrules cites (``rulesets/sources.yaml``), one entry each.

A :class:`~radrules.engine.findings.Citation` names a document of this catalogue by its key:
its document or standard number (``卫生部令第55号``, ``GB 11643-1999``), or, for a document
without a number, its short name (``source 000``, the Jiangsu platform's manual). Title,
issuer, dates, where it was published and how sure radrules is of its wording are written
here once, and every rule, ruleset value and deadline that cites the document shows them.

The catalogue is one per process: the file shipped in ``radrules_rulesets``, the holiday
notices of the calendar years as they load, and whatever a plugin outside this tree adds
with :func:`add_sources` before it builds its citations. A key is never defined twice with
different content, so two plugins cannot disagree about what a document is.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

from radrules.errors import RulesetError, SourceError, UnknownSource
from radrules.ruleset.yaml_files import read_yaml, structure_file

SOURCES_FILE = "sources.yaml"


class Wording(StrEnum):
    """How sure radrules is of a document's wording (the research notes' [V], [S], [U])."""

    verified = "verified"
    secondary = "secondary"
    unconfirmed = "unconfirmed"

    @property
    def label(self) -> str:
        return {"verified": "已核对原文", "secondary": "据二手资料", "unconfirmed": "未核实"}[self.value]

    @property
    def mark(self) -> str:
        return {"verified": "V", "secondary": "S", "unconfirmed": "U"}[self.value]


@attrs.frozen(kw_only=True)
class Source:
    """One document: a notice, a ministry order, a standard, a platform manual.

    ``number`` is its document or standard number, and its key when it has one;
    ``short_name`` the name radrules' docs use for it (``source 003``), and the key of a
    document without a number. ``published`` says where the text was published or where
    radrules holds a copy; ``wording`` and ``wording_note`` how sure radrules is of the
    text it relies on; ``uses`` what radrules takes from it.
    """

    title: str
    number: str | None = None
    short_name: str | None = None
    issuer: str | None = None
    issued_on: date | None = None
    in_force_on: date | None = None
    published: str | None = None
    url: str | None = None
    wording: Wording | None = None
    wording_note: str | None = None
    uses: str | None = None

    @property
    def key(self) -> str:
        """What a citation names: the number, else the short name."""
        return self.number or self.short_name or self.title

    def __str__(self) -> str:
        return f"《{self.title}》（{self.number}）" if self.number else f"《{self.title}》"

    def describe(self) -> str:
        """One line with everything known: title and number, issuer, dates, publication, wording."""
        parts = [str(self) + (f"〔{self.short_name}〕" if self.short_name else "")]
        if self.issuer:
            parts.append(self.issuer)
        if self.issued_on:
            parts.append(f"{self.issued_on.isoformat()} 印发")
        if self.in_force_on:
            parts.append(f"{self.in_force_on.isoformat()} 起施行")
        if self.published:
            parts.append(self.published)
        if self.url:
            parts.append(self.url)
        if self.wording is not None:
            note = f"：{self.wording_note}" if self.wording_note else ""
            parts.append(f"措辞{self.wording.label}{note}")
        return "；".join(parts)


@attrs.frozen(kw_only=True)
class _SourcesFile:
    documents: tuple[Source, ...]


class SourceCatalogue:
    """Documents by key, each with the file that defined it; safe to share between threads."""

    def __init__(self) -> None:
        self._by_key: dict[str, Source] = {}
        self._origin: dict[str, str] = {}
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[Source]:
        return iter(list(self._by_key.values()))

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def origin(self, key: str) -> str:
        """Where the document ``key`` was defined (a file and its entry)."""
        return self._origin[key]

    def get(self, key: str) -> Source:
        """The document ``key``; :class:`UnknownSource` names the nearest key otherwise."""
        found = self._by_key.get(key)
        if found is None:
            raise UnknownSource(key, self.nearest(key))
        return found

    def nearest(self, key: str) -> str | None:
        """The key most like ``key``, matched against keys, short names and titles."""
        names: dict[str, str] = {}
        for source in self._by_key.values():
            for name in (source.title, source.short_name, source.key):
                if name:
                    names[name] = source.key
        near = difflib.get_close_matches(key, list(names), n=1, cutoff=0.5)
        return names[near[0]] if near else None

    def add(self, source: Source, origin: str) -> None:
        """Add one document; the same key again is fine only with the same content."""
        with self._lock:
            self._add(source, origin)

    def _add(self, source: Source, origin: str) -> None:
        known = self._by_key.get(source.key)
        if known is None:
            self._by_key[source.key] = source
            self._origin[source.key] = origin
        elif known != source:
            raise SourceError(
                f"文献 {source.key} 已在 {self._origin[source.key]} 中定义，{origin} 的定义与之不同"
            )

    def load(self, file: Traversable | Path, label: str | None = None) -> tuple[Source, ...]:
        """Add every document of a catalogue file, or none of them (the file named in errors)."""
        where = label or str(file)
        raw: _SourcesFile = structure_file(read_yaml(file, where), _SourcesFile, where)
        added: list[tuple[Source, str]] = []
        seen: dict[str, int] = {}
        for i, source in enumerate(raw.documents):
            path = f"documents[{i}]"
            if not (source.number or source.short_name):
                raise RulesetError("须有文号（number）或简称（short_name）", where, path)
            if source.wording is None:
                raise RulesetError(
                    "须注明措辞的可靠程度 wording：verified、secondary 或 unconfirmed",
                    where,
                    f"{path}.wording",
                )
            if source.key in seen:
                raise RulesetError(f"文献 {source.key} 与 documents[{seen[source.key]}] 重复", where, path)
            seen[source.key] = i
            added.append((source, f"{where} {path}"))
        with self._lock:
            for source, origin in added:
                known = self._by_key.get(source.key)
                if known is not None and known != source:
                    raise RulesetError(
                        f"文献 {source.key} 已在 {self._origin[source.key]} 中定义，此处的定义与之不同",
                        where,
                        origin.rsplit(" ", 1)[1],
                    )
            for source, origin in added:
                self._add(source, origin)
        return tuple(s for s, _ in added)


def default_file() -> Traversable:
    """The catalogue shipped with the in-tree rulesets."""
    return files("radrules_rulesets") / SOURCES_FILE


_default: SourceCatalogue | None = None
_default_lock = threading.Lock()


def source_catalogue() -> SourceCatalogue:
    """The process-wide catalogue, loaded from ``rulesets/sources.yaml`` on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                catalogue = SourceCatalogue()
                catalogue.load(default_file(), f"rulesets/{SOURCES_FILE}")
                _default = catalogue
    return _default


def add_sources(file: Traversable | Path) -> tuple[Source, ...]:
    """Add a plugin's own catalogue file (same shape as ``rulesets/sources.yaml``).

    Call it before the plugin builds its citations, at the top of its ``citations.py``.
    """
    return source_catalogue().load(file)


def add_source(source: Source, origin: str) -> None:
    """Add one document defined elsewhere (a calendar year's notice, a test's document)."""
    source_catalogue().add(source, origin)


def find_source(key: str) -> Source:
    """The document a citation key names, from the process-wide catalogue."""
    return source_catalogue().get(key)
