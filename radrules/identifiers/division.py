"""Administrative division codes (行政区划代码, GB/T 2260) and the province they belong to.

A filing's jurisdiction is the province of its service address (DESIGN.md, Jurisdiction),
which is the first two digits of the division code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from radrules.identifiers.base import InvalidValue

#: Province-level divisions of GB/T 2260, by two-digit code.
PROVINCES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省",
    "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip

# Prefecture-level cities without counties: their six-digit code ending in 00 is county level.
_CITIES_WITHOUT_COUNTIES = frozenset({"441900", "442000", "460400", "620200"})

_CODE = re.compile(r"\d{6}(\d{3}(\d{3})?)?")


def province_of(code: str) -> str | None:
    """The two-digit province code of a division code, or None when it names no province."""
    head = code[:2]
    return head if head in PROVINCES else None


@lru_cache(maxsize=16384)
def validate_division_code(code: str, *, level: str = "county") -> str:
    """Check a division code of 6 (county), 9 (township) or 12 digits.

    ``level`` is the finest level required: ``province``, ``city``, ``county`` or ``township``.
    """
    value = code.strip()
    if not _CODE.fullmatch(value):
        raise InvalidValue("行政区划代码应为6位数字（乡镇街道为9位或12位）")
    if province_of(value) is None:
        raise InvalidValue(f"行政区划代码前两位 {value[:2]} 不是省级行政区代码")
    county = value[:6]
    if level in ("city", "county", "township") and county[2:4] == "00":
        raise InvalidValue("行政区划代码须选择到地级市")
    if level in ("county", "township") and county[4:] == "00" and county not in _CITIES_WITHOUT_COUNTIES:
        raise InvalidValue("行政区划代码须选择到区县")
    if level == "township" and len(value) == 6:
        raise InvalidValue("行政区划代码须选择到乡镇街道")
    return value
