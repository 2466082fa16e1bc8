"""The Jilin rule book (jurisdiction ``22``).

吉卫监督发〔2021〕1号 carries no date in the text we have (source 003); its number places it
at the start of 2021, so the rules are in force from 2021-01-01. Section 四's
registration applies to reports issued from 2021-04-01, a date the notice states; that
date is ruleset data (``out_of_province_registration``).
"""

from __future__ import annotations

from datetime import date

from radrules import RuleBook

CODE = "22"
book = RuleBook(CODE, valid_from=date(2021, 1, 1))
