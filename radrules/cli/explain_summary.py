"""The Chinese account of a rule that ``radrules explain`` prints before the code's own notes.

A rule's description is its check's docstring, written for maintainers (in English, quoting
the regulation's Chinese). The people who read ``explain`` — testers, reviewers, regulators —
get, in Chinese, what the rule checks, what happens when it fails, since when it applies,
on what basis and with which current parameter values: all from the rule's own data.
"""

from __future__ import annotations

import json

from radrules.convert import unstructure
from radrules.engine.explain import Explanation
from radrules.engine.findings import Severity, format_citations

#: What each checked document is called on the platform (source 000) and in the library.
DOCUMENTS = {
    "ReportCard": "技术服务信息报送卡",
    "DeviceTestReport": "医用辐射装置检测报告",
    "DoseReport": "个人剂量监测报告",
    "Institution": "放射卫生服务机构资质申报",
    "InstitutionChange": "机构信息变更",
    "Filing": "整份报送数据",
}
_ACTIONS = {"submit": "提交", "save_draft": "暂存", "qc_code": "领取质控编号"}


def _consequence(e: Explanation) -> str:
    if e.severity is Severity.error:
        blocked = "、".join(_ACTIONS.get(a, a) for a in e.blocks) if e.blocks else "提交"
        return f"不符合时为“错误”，阻止{blocked}。"
    if e.severity is Severity.warning:
        return "不符合时为“警告”，提示填报人和审核人员，不阻止提交。"
    return "只作提示。"


def _current(values: tuple[object, ...]) -> str:
    latest = values[-1] if values else None
    if latest is None:
        return ""
    text = json.dumps(unstructure(getattr(latest, "value", None)), ensure_ascii=False, default=str)
    start = getattr(latest, "valid_from", None)
    shown = text if len(text) <= 60 else text[:57] + "..."
    return f"，最近的取值为 {shown}" + (f"（{start} 起）" if start else "")


def chinese_summary(e: Explanation) -> list[str]:
    """The rule in a few Chinese sentences, one per line."""
    document = DOCUMENTS.get(e.applies_to, e.applies_to)
    since = f"自{e.valid_from}起" if e.valid_from else "不限起始日期"
    until = f"至{e.valid_to}止" if e.valid_to else "至今有效"
    lines = [f"检查{document}：{e.title}。", _consequence(e), f"{since}，{until}。"]
    basis = "；".join(format_citations(e.citations))
    if basis:
        lines.append(f"依据：{basis}。")
    for p in e.parameters:
        lines.append(
            f"读取参数“{p.parameter.description}”（{p.parameter.name}）{_current(p.parameter.values)}。"
        )
    if e.overrides:
        lines.append(f"本规则取代上级规则 {e.overrides}。")
    return lines
