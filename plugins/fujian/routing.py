"""Where a filed card goes (闽卫职健函〔2021〕847号 第六条), and the institution's user name
on the national system (第四条).

第六条: the national system pushes each card "to the county-level-and-above local health
administrations of the place where the service was delivered" — the county (district),
the city and the province of the service address, by the GB/T 2260 hierarchy.

第四条: an institution's user name is "the 9th to the 17th characters of its unified
social credit code", i.e. its organisation code (GB 11714) with its check character.
"""

from __future__ import annotations

from radrules import InvalidValue, ReportCard, validate_division_code, validate_uscc

#: 第四条: user name = characters 9 to 17 (1-based, inclusive) of the USCC.
USERNAME_FIRST, USERNAME_LAST = 9, 17
USERNAME_LABEL = "国家职业卫生技术服务机构管理信息系统用户名"


def notify_divisions(card: ReportCard) -> tuple[str, ...]:
    """Division codes of the county, city and province administrations to notify, most local first.

    A service address chosen only down to a city without counties (such as 441900) gives
    the city and the province. Raises :class:`radrules.InvalidValue` for an invalid code.
    """
    code = validate_division_code(card.service_division_code, level="city")[:6]
    levels = (code, code[:4] + "00", code[:2] + "0000")
    out: list[str] = []
    for level in levels:
        if level not in out:
            out.append(level)
    return tuple(out)


def national_username(uscc: str) -> str:
    """The user name of an institution on the national system: characters 9–17 of its USCC.

    Raises :class:`radrules.InvalidValue` when the credit code itself is invalid, since a
    user name cut from a mistyped code would not log in.
    """
    code = validate_uscc(uscc)
    return code[USERNAME_FIRST - 1 : USERNAME_LAST]


def username_fact(uscc: str) -> tuple[str, str]:
    try:
        return USERNAME_LABEL, national_username(uscc)
    except InvalidValue as exc:
        return USERNAME_LABEL, f"无法确定（统一社会信用代码无效：{exc.reason}）"
