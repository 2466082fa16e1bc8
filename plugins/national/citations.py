"""The documents the national baseline cites, by their keys in the source catalogue (rulesets/sources.yaml).

National rules cite the national documents they implement; the warning rules on a unit's
register (docs/register.md) cite the law on radiation work. Wordings of 卫生部令第55号 beyond
第五条, of 卫生部令第46号, GBZ 128-2019, GB 18871-2002 and 医疗机构校验管理办法(试行) were
taken from secondary copies ([S]; docs/register.md, "Where the wordings come from"); each
rule that relies on them says so. The national card's fields
are known through the platform that forwards it (source 000 §5.3.4), which the catalogue
says of 国卫规划函〔2021〕184号; :func:`manual` is only for the rules whose sole basis is
that manual, and their docstrings say so.
"""

from __future__ import annotations

from radrules import Citation, cite

NATIONAL_CARD = cite("国卫规划函〔2021〕184号", "附件《放射卫生技术服务信息报送卡》")
AGENCY_MEASURES = cite("卫监督发〔2012〕25号")
GB_11643 = cite("GB 11643-1999")
GB_32100 = cite("GB 32100-2015")
GB_T_2260 = cite("GB/T 2260")
GBZ_128 = cite("GBZ 128-2019")
WORKER_HEALTH_MEASURES = cite("卫生部令第55号", "第十一条")
DIAGNOSIS_MEASURES = cite("国家卫生健康委员会令第6号", "第二十一条")


def manual(section: str) -> Citation:
    """A section of the Jiangsu platform manual (source 000), for rules no national document states."""
    return cite("source 000", section)


# -- the law on radiation work, for the warning rules on a unit's register ----------------------


def measures_55(article: str) -> Citation:
    """《放射工作人员职业健康管理办法》（卫生部令第55号, in force 2007-11-01）."""
    return cite("卫生部令第55号", article)


def provisions_46(article: str) -> Citation:
    """《放射诊疗管理规定》（卫生部令第46号, in force 2006-03-01）."""
    return cite("卫生部令第46号", article)


GB_18871 = cite("GB 18871-2002", "附录B B1.1.1.1")
VERIFICATION_MEASURES = cite("医疗机构校验管理办法（试行）", "第六条")
CIVIL_CODE_PERIODS = cite("中华人民共和国民法典", "第二百零一条、第二百零二条")
