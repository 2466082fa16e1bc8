"""The national baseline's rule book (jurisdiction ``national``)."""

from __future__ import annotations

from datetime import date

from radrules import NATIONAL, RuleBook

# The reporting system covers services completed from 2021-02-01 (国卫办职健函〔2021〕566号,
# as relayed by 闽卫职健函〔2021〕847号 第五条, source 004); the card's rules start there.
book = RuleBook(NATIONAL, valid_from=date(2021, 2, 1))
