"""The documents the warning rules on a unit's register cite.

Wordings of 卫生部令第55号 beyond 第五条, of 卫生部令第46号, GBZ 128-2019, GB 18871-2002 and
医疗机构校验管理办法(试行) were taken from secondary copies ([S]; docs/register.md, "Where
the wordings come from"); each rule that relies on them says so.
"""

from __future__ import annotations

from radrules import Citation

_MEASURES_55 = "放射工作人员职业健康管理办法"
_PROVISIONS_46 = "放射诊疗管理规定"


def measures_55(article: str) -> Citation:
    """《放射工作人员职业健康管理办法》（卫生部令第55号, in force 2007-11-01）."""
    return Citation(document="卫生部令第55号", article=article, title=_MEASURES_55)


def provisions_46(article: str) -> Citation:
    """《放射诊疗管理规定》（卫生部令第46号, in force 2006-03-01）."""
    return Citation(document="卫生部令第46号", article=article, title=_PROVISIONS_46)


GBZ_128 = Citation(document="GBZ 128-2019", title="职业性外照射个人监测规范")
GB_18871 = Citation(
    document="GB 18871-2002", article="附录B B1.1.1.1", title="电离辐射防护与辐射源安全基本标准"
)
VERIFICATION_MEASURES = Citation(
    document="卫医政发〔2009〕57号", article="第六条", title="医疗机构校验管理办法（试行）"
)
CIVIL_CODE_PERIODS = Citation(document="中华人民共和国民法典", article="第二百零一条、第二百零二条")
ID_NUMBER = Citation(document="GB 11643-1999", title="公民身份号码")
