"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

python-stdnum's ``cn.uscc`` computes the check character, but its validator requires the
first eight characters to be digits, which rejects valid codes whose registration
authority is a letter (A, N, Y). This module validates the structure itself and keeps
stdnum's check-character computation. The registration authority's division (第3–8位) is a
province's code, or 100000 for bodies registered by a central authority (national
institutes and the like), which are valid wherever a credit code is read.
"""

from __future__ import annotations

from functools import lru_cache

from stdnum.cn import uscc as stdnum_uscc

from radrules.errors import InvalidValue
from radrules.identifiers.division import province_of

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100-2015 表1: 登记管理部门代码 (first character) and the 机构类别代码 allowed after it.
_CATEGORIES: dict[str, str] = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商 / 市场监管
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
#: 登记管理机关行政区划码 of bodies registered by a central authority (国务院各部门、中央编办等):
#: GB 32100-2015 fills 第3–8位 with 100000 for them, as 12100000400010398P shows.
CENTRAL_AUTHORITY = "100000"


def _org_code_check(body: str) -> str:
    """GB 11714 check character of an eight-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    rest = 11 - total % 11
    return "X" if rest == 10 else "0" if rest == 11 else str(rest)


@lru_cache(maxsize=65536)  # the same institutions and clients recur across thousands of cards
def validate_uscc(value: str) -> str:
    """Return the code (upper case) or raise :class:`InvalidValue` with the reason."""
    code = value.strip()
    if len(code) != 18:
        raise InvalidValue(f"统一社会信用代码应为18位，实际为{len(code)}位")
    if code != code.upper():
        raise InvalidValue("统一社会信用代码中的英文字母应大写")
    bad = sorted({c for c in code if c not in _ALPHABET})
    if bad:
        raise InvalidValue(f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用I、O、Z、S、V）")
    allowed = _CATEGORIES.get(code[0])
    if allowed is None:
        raise InvalidValue(f"统一社会信用代码第1位登记管理部门代码 {code[0]} 无效")
    if code[1] not in allowed:
        raise InvalidValue(f"统一社会信用代码第2位机构类别代码 {code[1]} 与登记管理部门代码 {code[0]} 不符")
    if not code[2:8].isdigit() or (code[2:8] != CENTRAL_AUTHORITY and province_of(code[2:8]) is None):
        raise InvalidValue(f"统一社会信用代码第3–8位登记管理机关行政区划码 {code[2:8]} 无效")
    if _org_code_check(code[8:16]) != code[16]:
        raise InvalidValue("统一社会信用代码第9–17位组织机构代码的校验码错误")
    expected = stdnum_uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise InvalidValue(f"统一社会信用代码校验码错误（末位应为{expected}）")
    return code


def complete_uscc(first17: str) -> str:
    """Append the GB 32100 check character; used to build codes for examples and tests."""
    return first17 + stdnum_uscc.calc_check_digit(first17)


def org_code_check(body: str) -> str:
    """Public form of the GB 11714 check, for building valid example codes."""
    return _org_code_check(body)
