"""Contact values on the platform's forms: mobile and landline numbers, postcodes, e-mail."""

from __future__ import annotations

import re
from functools import lru_cache

from radrules.errors import InvalidValue

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area code (0 + 2 or 3 digits), optional hyphen, 7 or 8 digits, optional extension;
# or a national service number 400/800.
_LANDLINE = re.compile(r"0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?|[48]00-?\d{3}-?\d{4}")
_POSTCODE = re.compile(r"\d{6}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@lru_cache(maxsize=16384)  # contact numbers recur on many cards
def validate_mobile(value: str) -> str:
    number = value.strip().replace(" ", "")
    if number.startswith("+86"):
        number = number[3:]
    if not _MOBILE.fullmatch(number):
        raise InvalidValue("手机号码应为11位数字，以13–19开头")
    return number


@lru_cache(maxsize=16384)
def validate_landline(value: str) -> str:
    number = value.strip().replace(" ", "")
    if not _LANDLINE.fullmatch(number):
        raise InvalidValue("固定电话应为“区号-号码”，如 025-83759411，可带分机号")
    return number


def validate_postcode(value: str) -> str:
    code = value.strip()
    if not _POSTCODE.fullmatch(code):
        raise InvalidValue("邮政编码应为6位数字")
    return code


def validate_email(value: str) -> str:
    address = value.strip()
    if len(address) > 254 or not _EMAIL.fullmatch(address):
        raise InvalidValue("电子邮箱格式不正确")
    return address
