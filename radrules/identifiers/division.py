"""Administrative division codes (行政区划代码, GB/T 2260): check, name and list them by date.

A filing's jurisdiction is the province of its service address (DESIGN.md, Jurisdiction),
which is the first two digits of the division code. Whether a code exists, and what it is
called, depends on the date: codes are created, renamed and retired every year, and a code
retired since is still right for a report of its time. The data is the dated table of
:mod:`radrules.identifiers.division_table` (the civil-affairs ministry's yearly lists).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from radrules.errors import InvalidValue
from radrules.identifiers.division_table import Division, DivisionTable, TableInfo, default_table

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

_CODE = re.compile(r"\d{6}(\d{3}(\d{3})?)?")
_LEVELS = ("province", "city", "county", "township")


def province_of(code: str) -> str | None:
    """The two-digit province code of a division code, or None when it names no province."""
    head = code[:2]
    return head if head in PROVINCES else None


def _year(on: date | None) -> int | None:
    return None if on is None else on.year


def division_info(table: DivisionTable | None = None) -> TableInfo:
    """What the shipped table covers (years of the yearly lists, the townships' date)."""
    return (table or default_table()).info


def lookup_division(code: str, *, on: date | None = None) -> Division | None:
    """The division of a 6- or 9-digit code (12 digits: its township) on ``on``, or None.

    ``on=None`` answers from the latest list. ``lookup_division("320508").full_name`` is
    ``"江苏省苏州市姑苏区"``.
    """
    value = code.strip()
    if len(value) == 12 and value.isdigit():
        value = value[:9]
    return default_table().division(value, _year(on))


def division_name(code: str, *, on: date | None = None) -> str | None:
    """The full name (``江苏省苏州市``) of a code on ``on``, or None when it does not exist then."""
    found = lookup_division(code, on=on)
    return found.full_name if found else None


def describe_division(code: str, *, on: date | None = None) -> str:
    """A code as people read it: ``江苏省苏州市姑苏区（320508）``; an unknown code says so."""
    value = code.strip()
    found = lookup_division(value, on=on) or (lookup_division(value) if on is not None else None)
    if found is None:
        province = PROVINCES.get(value[:2])
        return f"{province}（{value}，代码不在行政区划表中）" if province else f"未知地区（{value}）"
    return f"{found.full_name}（{value}）"


def division_children(code: str | None = None, *, on: date | None = None) -> tuple[Division, ...]:
    """The divisions one level below ``code`` on ``on`` (``None``: the provinces), for pickers.

    A province lists its prefecture-level cities and the county-level divisions it administers
    directly (a municipality's districts, 省直辖县级市); a city its counties, or its townships
    when it has no counties (东莞市); a county its townships and streets.
    """
    return default_table().children(code.strip() if code else None, _year(on))


def validate_division_code(code: str, *, level: str = "county", on: date | None = None) -> str:
    """Check a division code of 6 (county), 9 (township) or 12 digits that exists on ``on``.

    ``level`` is the finest level required: ``province``, ``city``, ``county`` or ``township``.
    ``on`` is the date concerned (a report's date); ``None`` checks against the latest list.
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {_LEVELS}, not {level!r}")
    return _validate(code.strip(), level, _year(on))


@lru_cache(maxsize=65536)  # the same few codes recur on thousands of cards; raising is costly
def _validate(value: str, level: str, year: int | None) -> str:
    if not _CODE.fullmatch(value):
        raise InvalidValue("行政区划代码应为6位数字（乡镇街道为9位或12位）")
    if province_of(value) is None:
        raise InvalidValue(f"行政区划代码前两位 {value[:2]} 不是省级行政区代码")
    table = default_table()
    county = value[:6]
    _exists(table, county, year)
    if level in ("city", "county", "township") and county[2:4] == "00":
        raise InvalidValue("行政区划代码须选择到地级市")
    if level in ("county", "township") and county[4:] == "00" and table.has_counties(county, year):
        raise InvalidValue("行政区划代码须选择到区县")
    if len(value) > 6:
        # Twelve digits add a village; with no village table, only its township is checked.
        town = value[:9]
        if table.township_name(town) is None:
            as_of = table.info.townships_as_of
            raise InvalidValue(f"乡镇街道代码 {town} 不存在（{as_of} 的统计用区划代码中无此代码）")
    elif level == "township":
        raise InvalidValue("行政区划代码须选择到乡镇街道")
    return value


def _exists(table: DivisionTable, code: str, year: int | None) -> None:
    if table.span_on(code, year) is not None:
        return
    spans = table.spans(code)
    when = "最新列表中" if year is None else f"{year}年"
    if not spans:
        raise InvalidValue(
            f"行政区划代码 {code} 不存在（民政部{table.first_list}–{table.last_list}年县以上行政区划代码中均无此代码）"
        )
    latest = max(spans, key=lambda s: s.first)
    if year is not None and all(s.first > year for s in spans):
        raise InvalidValue(
            f"行政区划代码 {code}（{latest.name}）自{min(s.first for s in spans)}年起才设立，{when}尚不存在"
        )
    last = max(s.last or 0 for s in spans)
    raise InvalidValue(f"行政区划代码 {code}（{latest.name}）{when}已不再使用（民政部列表末见于{last}年）")
