"""The national baseline's rule book (jurisdiction ``national``)."""

from __future__ import annotations

from radrules import NATIONAL, RuleBook

book = RuleBook(NATIONAL)
