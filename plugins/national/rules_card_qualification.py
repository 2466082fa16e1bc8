"""National rules on the institution's qualification for the service it reports.

An institution works only within the service fields of its qualification, and only
while the qualification is in force (《放射卫生技术服务机构管理办法》, 卫监督发〔2012〕25号,
whose text radrules has only second-hand); the national card records the service field
(source 000 §5.3.4 第五步), the qualification's items, dates and state come from its
declaration (source 000 §4.1).
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import Finding, QualificationStatus, ReportCard, RuleContext

from .book import book
from .citations import AGENCY_MEASURES, NATIONAL_CARD


@book.rule(
    "NAT.card.qualification.scope",
    title="技术服务领域须在机构资质的服务项目范围内",
    applies_to=ReportCard,
    cites=[AGENCY_MEASURES, NATIONAL_CARD],
)
def qualification_scope(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """The card's service field is one of the qualification's service items."""
    q = card.institution.qualification
    if q is None:
        yield ctx.finding("institution.qualification", "未填写机构资质信息，无法核对服务项目范围")
        return
    if card.service_field not in q.service_scope:
        scope = "、".join(f.label for f in q.service_scope) or "无"
        yield ctx.finding(
            "service_field",
            f"技术服务领域“{card.service_field.label}”不在资质证书 {q.certificate_no} 的服务项目范围内（{scope}）",
            values={
                "service_field": card.service_field.value,
                "service_scope": [f.value for f in q.service_scope],
            },
        )


@book.rule(
    "NAT.card.qualification.valid-on-issue",
    title="出具报告之日机构资质须有效",
    applies_to=ReportCard,
    cites=[AGENCY_MEASURES, NATIONAL_CARD],
)
def qualification_valid(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """On the report's issue date the certificate was issued, not expired, and in the valid state."""
    q = card.institution.qualification
    if q is None:
        return
    issued = card.report_issued_on
    values = {
        "certificate_no": q.certificate_no,
        "issued_on": q.issued_on.isoformat(),
        "expires_on": q.expires_on.isoformat(),
        "report_issued_on": issued.isoformat(),
        "status": q.status.value,
    }
    if issued < q.issued_on:
        yield ctx.finding(
            "report_issued_on",
            f"出具报告日期 {issued.isoformat()} 早于资质证书 {q.certificate_no} 的发证日期 {q.issued_on.isoformat()}",
            values=values,
        )
    elif issued > q.expires_on:
        yield ctx.finding(
            "report_issued_on",
            f"出具报告日期 {issued.isoformat()} 晚于资质证书 {q.certificate_no} 的失效日期 {q.expires_on.isoformat()}",
            values=values,
        )
    if q.status is not QualificationStatus.valid:
        yield ctx.finding(
            "institution.qualification.status",
            f"资质证书 {q.certificate_no} 的状态为“{q.status.label}”，不能开展技术服务",
            values=values,
        )
