"""What a check says: citations, severities and findings.

A finding carries everything needed to explain it without looking anything else up: the
rule, its legal basis, the JSON path it is about, the values it read, and the dated
ruleset parameters it used (DESIGN.md, Finding).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import attrs

from radrules.errors import SourceError, UnknownSource
from radrules.ruleset.sources import Source, find_source


class Severity(StrEnum):
    """``error`` blocks submission, ``warning`` does not, ``info`` only informs."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen(kw_only=True)
class Citation:
    """The legal basis of a rule or a parameter value: a catalogued document and its article.

    ``document`` is the document's key in the source catalogue (rulesets/sources.yaml,
    docs/sources.md): its number (``闽卫职健函〔2021〕847号``, ``GB 11643-1999``) or, without
    one, its short name (``source 000``); ``article`` the article, clause or section
    (``第五条``, ``§5.3.4 第六步``). ``title`` and ``url`` come from the catalogue, so a
    document's title is written once; one passed in must agree with it. A key the
    catalogue lacks is refused here, when the citation is built (at plugin import), with
    the nearest key and the file and line that built it.
    """

    document: str
    article: str | None = None
    title: str | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        try:
            source = find_source(self.document)
        except UnknownSource as exc:
            raise UnknownSource(exc.key, exc.nearest, _caller()) from None
        for name, given, known in (("title", self.title, source.title), ("url", self.url, source.url)):
            if given is not None and given != known:
                at = _caller()
                raise SourceError(
                    f"引用 {self.document} 的 {name}“{given}”与文献目录不符（目录为“{known or '无'}”），"
                    f"删去 {name} 即可，它取自文献目录" + (f"（{at}）" if at else "")
                )
        object.__setattr__(self, "title", source.title)
        object.__setattr__(self, "url", source.url)

    @property
    def source(self) -> Source:
        """The catalogue's entry for :attr:`document`."""
        return find_source(self.document)

    def __str__(self) -> str:
        text = str(self.source)
        return f"{text}{self.article}" if self.article else text


def cite(document: str, article: str | None = None) -> Citation:
    """Cite ``article`` of the catalogued ``document`` (its number or short name)."""
    return Citation(document=document, article=article)


def format_citations(citations: Iterable[Citation]) -> list[str]:
    """One text per document, its title once and its articles after it, in order of first citation.

    ``[manual("§5.3.4 第四步"), manual("第6章 常见问题4")]`` gives
    ``["《江苏省放射卫生信息管理平台 操作手册》§5.3.4 第四步，第6章 常见问题4"]``.
    """
    articles: dict[str, list[str]] = {}
    for c in citations:
        listed = articles.setdefault(c.document, [])
        if c.article and c.article not in listed:
            listed.append(c.article)
    return [str(find_source(key)) + "，".join(listed) for key, listed in articles.items()]


def sources_of(citations: Iterable[Citation]) -> list[Source]:
    """The distinct documents ``citations`` name, in order of first citation."""
    return [find_source(key) for key in dict.fromkeys(c.document for c in citations)]


_PACKAGE = str(Path(__file__).resolve().parents[1])


def _caller() -> str:
    """``file:line`` of the nearest code outside radrules that is building a citation."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith(("<", _PACKAGE)):
            here = f"{Path.cwd()}{os.sep}"
            return f"{name.removeprefix(here)}:{frame.f_lineno}"
        frame = frame.f_back  # type: ignore[assignment]
    return ""


@attrs.frozen(kw_only=True)
class ParameterUse:
    """A ruleset parameter as a rule read it: the value and the window it came from."""

    jurisdiction: str
    name: str
    value: Any
    valid_from: date | None
    valid_to: date | None
    sources: tuple[Citation, ...]
    ruleset_version: str


@attrs.frozen(kw_only=True)
class Finding:
    rule_id: str
    severity: Severity
    path: str
    message: str
    jurisdiction: str
    citations: tuple[Citation, ...] = ()
    values: dict[str, Any] = attrs.field(factory=dict, hash=False)
    parameters: tuple[ParameterUse, ...] = ()
    # Workflow actions this finding blocks when it is an error (its rule's ``blocks``)
    # (``save_draft``, ``qc_code``), copied from its rule.
    blocks: tuple[str, ...] = ("submit",)

    def at(self, prefix: str) -> Finding:
        """The same finding with its path placed under ``prefix`` (a document's path in a filing)."""
        if not prefix:
            return self
        path = f"{prefix}.{self.path}" if self.path and not self.path.startswith("[") else prefix + self.path
        return attrs.evolve(self, path=path)
