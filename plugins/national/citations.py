"""The documents the national baseline cites."""

from __future__ import annotations

from radrules import Citation

NATIONAL_CARD = Citation(
    document="国卫规划函〔2021〕184号",
    article="附件《放射卫生技术服务信息报送卡》",
    title="国家卫生健康委关于印发全国卫生资源与医疗服务统计调查制度等八项统计调查制度的通知",
)
REPORTING_NOTICE = Citation(
    document="国卫办职健函〔2021〕566号",
    title="国家卫生健康委办公厅关于做好职业卫生放射卫生技术服务信息报送管理工作的通知",
)


def manual(section: str) -> Citation:
    """A section of the platform manual (source 000), which describes each field of the card."""
    return Citation(document="江苏省放射卫生信息管理平台操作手册", article=section)


AGENCY_MEASURES = Citation(
    document="卫监督发〔2012〕25号",
    title="放射卫生技术服务机构管理办法",
)
GB_11643 = Citation(document="GB 11643-1999", title="公民身份号码")
GB_32100 = Citation(document="GB 32100-2015", title="法人和其他组织统一社会信用代码编码规则")
GB_T_2260 = Citation(document="GB/T 2260", title="中华人民共和国行政区划代码")
WORKER_HEALTH_MEASURES = Citation(
    document="卫生部令第55号",
    article="第十一条",
    title="放射工作人员职业健康管理办法",
)
