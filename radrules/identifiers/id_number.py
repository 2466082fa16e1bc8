"""Resident identity numbers (公民身份号码, GB 11643-1999).

python-stdnum's ``cn.ric`` computes the check digit and knows the county codes, but it
accepts birth dates in the future, and it refuses a county code that did not yet exist
in the birth year although cards are issued under the code current at issuance. This
module checks the birth date against an as-of date, accepts any county code GB/T 2260
has assigned, and caches the look-up, which otherwise dominates the cost of a card.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from stdnum import numdb
from stdnum.cn import ric

from radrules.errors import InvalidValue
from radrules.identifiers.division import province_of


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _known_county(prefix: str) -> bool:
    # A county code is valid if GB/T 2260 has ever assigned it. stdnum's get_birth_place
    # also demands that the code existed in the birth year, which refuses real numbers:
    # people born before a code was created (鼓楼区 320106 dates from 1983) were issued
    # cards under it later.
    return any("county" in props for _, props in numdb.get("cn/loc").info(prefix))


@lru_cache(maxsize=65536)  # staff appear on many cards
def validate_id_number(value: str, *, as_of: date) -> str:
    """Return the 18-character ID number (upper-case X) or raise :class:`InvalidValue`.

    Checks length, digits, the ISO 7064 MOD 11-2 check character, a real birth date not
    after ``as_of``, and a county code known for the birth year.
    """
    number = value.strip().upper()
    if len(number) != 18:
        raise InvalidValue(f"身份证号应为18位，实际为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidValue("身份证号前17位应为数字，末位为数字或X")
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise InvalidValue(f"身份证号校验码错误（末位应为{expected}）")
    born = _birth_date(number)
    if born is None:
        raise InvalidValue(f"身份证号中的出生日期 {number[6:14]} 不是有效日期")
    if born > as_of:
        raise InvalidValue(f"身份证号中的出生日期 {born.isoformat()} 晚于 {as_of.isoformat()}")
    if born.year < 1900:
        raise InvalidValue(f"身份证号中的出生日期 {born.isoformat()} 早于1900年")
    if province_of(number) is None or not _known_county(number[:6]):
        raise InvalidValue(f"身份证号中的地址码 {number[:6]} 不是有效的行政区划代码")
    return number


def birth_date_of(value: str) -> date | None:
    """The birth date encoded in an 18-character ID number, or None if it has none."""
    number = value.strip()
    return _birth_date(number) if len(number) == 18 and number[6:14].isdigit() else None


def sex_of(value: str) -> Literal["male", "female"] | None:
    """Sex from the order code's last digit (odd male, even female), or None if unreadable."""
    number = value.strip()
    if len(number) != 18 or not number[16].isdigit():
        return None
    return "male" if int(number[16]) % 2 else "female"


def mask_id_number(value: str) -> str:
    """The number as printed where only its holder should read it whole: the address code
    and the last four characters stay, the birth date and order code are starred
    (``320106198503121234`` → ``320106********1234``). Anything that is not 18 characters
    keeps only its last four."""
    number = value.strip().upper()
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    return "*" * max(len(number) - 4, 0) + number[-4:]
