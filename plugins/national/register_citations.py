"""The documents the warning rules on a unit's register cite.

Wordings of 卫生部令第55号 beyond 第五条, of 卫生部令第46号, GBZ 128-2019, GB 18871-2002 and
医疗机构校验管理办法(试行) were taken from secondary copies ([S]; docs/register.md, "Where
the wordings come from"); each rule that relies on them says so.
"""

from __future__ import annotations

from radrules import Citation, cite


def measures_55(article: str) -> Citation:
    """《放射工作人员职业健康管理办法》（卫生部令第55号, in force 2007-11-01）."""
    return cite("卫生部令第55号", article)


def provisions_46(article: str) -> Citation:
    """《放射诊疗管理规定》（卫生部令第46号, in force 2006-03-01）."""
    return cite("卫生部令第46号", article)


GBZ_128 = cite("GBZ 128-2019")
GB_18871 = cite("GB 18871-2002", "附录B B1.1.1.1")
VERIFICATION_MEASURES = cite("医疗机构校验管理办法（试行）", "第六条")
CIVIL_CODE_PERIODS = cite("中华人民共和国民法典", "第二百零一条、第二百零二条")
ID_NUMBER = cite("GB 11643-1999")
