"""Jilin's rules on cards: qualification scope (第一条) and out-of-province institutions (第四条).

第一条 forbids work outside the licensed scope and has the health administrations refuse
(不予受理) reports issued outside it, which is stronger than the national rule; the Jilin
rule overrides ``NAT.card.qualification.scope``. 第四条 requires an institution from
another province to be registered with the Jilin provincial occupational disease
prevention institute (省职业病防治院) before serving in Jilin, from 2021-04-01.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import PROVINCES, Finding, ProvincialRegistration, ReportCard, RuleContext, ServiceField

from .book import CODE, book
from .citations import AGENCY_MEASURES, OUT_OF_PROVINCE, SCOPE
from .types import RegistrationRequirement

_EVALUATION_NOTE = "；对超出资质许可范围出具的预评价报告、控制效果评价报告，不予以审核审查，不得予以组织验收"


@book.rule(
    "JL.card.qualification.scope",
    title="严禁超资质开展技术服务：超出资质范围的报告不予受理",
    applies_to=ReportCard,
    cites=[SCOPE, AGENCY_MEASURES],
    overrides="NAT.card.qualification.scope",
)
def qualification_scope(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """The card's service field is within the qualification's scope; otherwise the report is not accepted."""
    q = card.institution.qualification
    if q is None:
        yield ctx.finding("institution.qualification", "未填写机构资质信息，无法核对资质许可范围，不予受理")
        return
    if card.service_field in q.service_scope:
        return
    scope = "、".join(f.label for f in q.service_scope) or "无"
    extra = _EVALUATION_NOTE if card.service_field is ServiceField.protection_evaluation else ""
    yield ctx.finding(
        "service_field",
        f"技术服务领域“{card.service_field.label}”超出资质证书 {q.certificate_no} 的许可范围（{scope}），"
        f"各级卫生健康行政部门不予受理{extra}",
        values={
            "service_field": card.service_field.value,
            "service_scope": [f.value for f in q.service_scope],
            "certificate_no": q.certificate_no,
        },
    )


def is_jilin_registration(registration: ProvincialRegistration) -> bool:
    """A registration naming Jilin by code (``22``) or name (``吉林``, ``吉林省``)."""
    value = registration.province.strip()
    return value in (CODE, PROVINCES[CODE], PROVINCES[CODE].rstrip("省"))


@book.rule(
    "JL.card.out-of-province-registration",
    title="外省机构在吉开展技术服务须经省职业病防治院登记",
    applies_to=ReportCard,
    cites=[OUT_OF_PROVINCE],
    parameters=["out_of_province_registration"],
)
def out_of_province_registration(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """An institution registered outside Jilin holds a Jilin registration valid on the report's issue date."""
    institution = card.institution
    if institution.division_code.strip().startswith(CODE):
        return
    issued = card.report_issued_on
    need: RegistrationRequirement = ctx.param("out_of_province_registration", on=issued)
    if not need.required:
        return
    body = need.body or "吉林省职业病防治院"
    home = PROVINCES.get(institution.division_code.strip()[:2], "外省")
    ours = [(i, r) for i, r in enumerate(institution.registrations) if is_jilin_registration(r)]
    values = {
        "institution_division_code": institution.division_code,
        "report_issued_on": issued.isoformat(),
        "registrations": [
            {
                "registered_on": r.registered_on.isoformat(),
                "valid_to": r.valid_to.isoformat() if r.valid_to else None,
                "reference_no": r.reference_no,
            }
            for _, r in ours
        ],
    }
    if not ours:
        yield ctx.finding(
            "institution.registrations",
            f"{home}机构在吉开展放射卫生技术服务，须先到{body}申请、审核、登记；未见在吉登记信息",
            values=values,
        )
        return
    for _, registration in ours:
        if registration.registered_on <= issued and (
            registration.valid_to is None or issued <= registration.valid_to
        ):
            return
    i, last = max(ours, key=lambda item: item[1].registered_on)
    until = last.valid_to.isoformat() if last.valid_to else "长期"
    reference = f"（编号 {last.reference_no}）" if last.reference_no else ""
    yield ctx.finding(
        f"institution.registrations[{i}]",
        f"在吉登记{reference}的有效期为 {last.registered_on.isoformat()} 至 {until}，"
        f"出具报告日期 {issued.isoformat()} 不在有效期内",
        values=values,
    )
