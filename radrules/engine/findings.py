"""What a check says: citations, severities and findings.

A finding carries everything needed to explain it without looking anything else up: the
rule, its legal basis, the JSON path it is about, the values it read, and the dated
ruleset parameters it used (DESIGN.md, Finding).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import attrs


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
    """The legal basis of a rule or a parameter value.

    ``document`` is the document number or title short form (``闽卫职健函〔2021〕847号``);
    ``article`` the article, clause or section (``第五条``, ``§5.3.4 第六步``).
    """

    document: str
    article: str | None = None
    title: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        text = f"《{self.title}》（{self.document}）" if self.title else self.document
        return f"{text} {self.article}" if self.article else text


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
