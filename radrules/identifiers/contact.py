"""Contact values on the platform's forms: mobile and landline numbers, postcodes, e-mail, websites."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

from radrules.errors import InvalidValue

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area code (0 + 2 or 3 digits), optional hyphen, 7 or 8 digits, optional extension;
# or a national service number 400/800.
_LANDLINE = re.compile(r"0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?|[48]00-?\d{3}-?\d{4}")
_POSTCODE = re.compile(r"\d{6}")
# A host name of dot-separated labels ending in a letters-only top-level label, or an IPv4 address.
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})")
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


def _host_ok(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        pass
    else:
        return True
    try:
        # Chinese domain names (例子.中国) are checked in their ASCII (punycode) form.
        ascii_host = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return _HOST.fullmatch(ascii_host) is not None


def validate_website(value: str) -> str:
    """A website address (单位官网地址): ``http(s)://`` and a host name; the scheme may be left out.

    Returns the address with its scheme (``www.example.org`` → ``http://www.example.org``).
    """
    text = value.strip()
    if not text or len(text) > 300 or any(c.isspace() for c in text):
        raise InvalidValue("网址格式不正确，应如 https://www.example.org（不能含空格，最长300个字符）")
    address = text if "://" in text else f"http://{text}"
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        raise InvalidValue("网址格式不正确，应如 https://www.example.org") from None
    if parts.scheme.lower() not in ("http", "https") or not _host_ok(parts.hostname or "") or port == 0:
        raise InvalidValue(
            "网址格式不正确，应以 http:// 或 https:// 开头并含域名，如 https://www.example.org"
        )
    return address
