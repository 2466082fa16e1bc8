"""The Fujian rule book (jurisdiction ``35``).

Fujian's reporting began on 2021-12-01 (闽卫职健函〔2021〕847号 第五条), so its rules are in
force from then; what a rule asks of a card depends on the card's own dates.
"""

from __future__ import annotations

from datetime import date

from radrules import RuleBook

CODE = "35"
book = RuleBook(CODE, valid_from=date(2021, 12, 1))
