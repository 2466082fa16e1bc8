"""The documents the national baseline cites, by their keys in the source catalogue (rulesets/sources.yaml).

National rules cite the national documents they implement. The national card's fields
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
