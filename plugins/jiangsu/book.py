"""The Jiangsu rule book (jurisdiction ``32``)."""

from __future__ import annotations

from datetime import date

from radrules import RuleBook

CODE = "32"

# The platform manual (source 000) carries no date; its card is the national card, whose
# reporting starts with services completed from 2021-02-01 (国卫办职健函〔2021〕566号), so the
# Jiangsu rules start there too.
book = RuleBook(CODE, valid_from=date(2021, 2, 1))
