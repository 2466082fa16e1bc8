"""The documents the Jiangsu plugin cites."""

from __future__ import annotations

from radrules import Citation

MANUAL = "江苏省放射卫生信息管理平台操作手册"
MANUAL_TITLE = "江苏省放射卫生信息管理平台 操作手册"


def manual(section: str) -> Citation:
    """A section of the Jiangsu platform manual (source 000)."""
    return Citation(document=MANUAL, article=section, title=MANUAL_TITLE)


WORKER_HEALTH_MEASURES = Citation(
    document="卫生部令第55号",
    article="第十一条",
    title="放射工作人员职业健康管理办法",
)
WS_76 = Citation(document="WS 76-2020", article="附录B", title="医用X射线诊断设备质量控制检测规范")
GBZ_130 = Citation(document="GBZ 130-2020", article="6.3.1", title="放射诊断放射防护要求")
