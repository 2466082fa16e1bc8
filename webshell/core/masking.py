"""Masking of personal identifiers in lists (ID numbers and phone numbers).

Lists show only enough to tell rows apart; the full value is on the record's own page,
for those allowed to open it.
"""

from __future__ import annotations

import re


def mask_id_number(value: str | None) -> str:
    """``320102198001011234`` → ``320102********1234``."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; a landline keeps its area code and last 2 digits."""
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    keep_head = value.index("-") + 1 if "-" in value[:5] else 3
    return value[:keep_head] + "*" * (len(value) - keep_head - 2) + value[-2:]


# An 18-character ID number inside text, told from an all-digit credit code (GB 32100) by the
# birth date it carries at positions 7–14 (a credit code has an organisation code there).
_ID_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Za-z])"
)


def mask_ids_in(text: str) -> str:
    """A message with every ID number in it masked as the lists show them (a finding that
    names a person's ID number, valid or not)."""
    return _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(1)), text)
