"""Rules on the qualification declaration (放射卫生服务机构资质申报, source 000 §4.1).

The declaration is the institution's record as it submits it for review: basic
information with the certificate (第二步), the staff (第三步) and the instruments (第五步).
The form pre-fills 证书编号 with the template “苏卫职技字[]第号”, which is not a number; the
website (单位官网地址) is a required address the public can open; an instrument's 最近校验
日期 cannot lie in the future, and one whose 检验周期 has run out since is flagged for the
reviewer (a warning: the manual makes both fields optional and does not say that a lapsed
calibration bars the declaration).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from radrules import Finding, Institution, InvalidValue, RuleContext, add_years, validate_website

from .book import book
from .citations import manual

_BASIC = manual("§4.1.2 第二步")
_STAFF = manual("§4.1.2 第三步")
_INSTRUMENTS = manual("§4.1.2 第五步")
#: Empty brackets of any width, or 第…号 with nothing between: the unfilled template.
_EMPTY_PART = re.compile(r"[\[［〔(（【]\s*[\]］〕)）】]|第\s*号")


def _blank(value: str | None) -> bool:
    return not (value and value.strip())


@book.rule(
    "JS.declaration.required-fields",
    title="资质申报的基本信息必填项不能为空",
    applies_to=Institution,
    cites=[_BASIC],
)
def required_fields(declaration: Institution, ctx: RuleContext) -> Iterator[Finding]:
    """单位名称、地址、单位官网地址、法定代表人 and the certificate are required (“必填”)."""
    for path, label, value in (
        ("name", "单位名称", declaration.name),
        ("address", "地址", declaration.address),
        ("website", "单位官网地址", declaration.website),
        ("legal_representative", "法定代表人", declaration.legal_representative),
    ):
        if _blank(value):
            yield ctx.finding(path, f"{label}为必填项")
    if declaration.qualification is None:
        yield ctx.finding(
            "qualification", "资质证书信息（证书编号、发证时间、状态、失效日期、服务项目）为必填项"
        )


def placeholder_problem(certificate_no: str) -> str | None:
    """Why a certificate number is the unfilled template or no number at all, else None."""
    text = certificate_no.strip()
    if not text:
        return "证书编号为必填项"
    if _EMPTY_PART.search(text) or not any(c.isdigit() for c in text):
        return f"证书编号“{text}”是未填写完整的模板，请按资质证书填写年份和编号，如“苏卫职技字[2024]第018号”"
    return None


@book.rule(
    "JS.declaration.certificate-no",
    title="证书编号须为资质证书上的编号，不能是未填写的模板“苏卫职技字[]第号”",
    applies_to=Institution,
    cites=[_BASIC],
)
def certificate_no(declaration: Institution, ctx: RuleContext) -> Iterator[Finding]:
    """The form shows “苏卫职技字[]第号” by default (“默认显示”); the number must be filled in:
    no empty brackets, no 第号 without a number, at least one digit."""
    q = declaration.qualification
    if q is None:
        return
    problem = placeholder_problem(q.certificate_no)
    if problem:
        yield ctx.finding(
            "qualification.certificate_no", problem, values={"certificate_no": q.certificate_no}
        )


@book.rule(
    "JS.declaration.website",
    title="单位官网地址须为可访问的网址",
    applies_to=Institution,
    cites=[_BASIC],
)
def website(declaration: Institution, ctx: RuleContext) -> Iterator[Finding]:
    """“填报本单位提供公众查询信息的网址”: an http(s) address with a host name."""
    if _blank(declaration.website):
        return  # JS.declaration.required-fields says so
    assert declaration.website is not None
    try:
        validate_website(declaration.website)
    except InvalidValue as exc:
        yield ctx.finding("website", f"单位官网地址“{declaration.website.strip()}”{exc.reason}")


@book.rule(
    "JS.declaration.staff-support",
    title="人员信息的“支撑几倍”必填，为不小于1的整数",
    applies_to=Institution,
    cites=[_STAFF],
)
def staff_support(declaration: Institution, ctx: RuleContext) -> Iterator[Finding]:
    """支撑几倍 is required for every person (“必填”). The manual does not define it; a count of
    at least 1 is an inference from its wording (“几倍”, how many times) [U]."""
    for i, person in enumerate(declaration.staff):
        value = person.support_multiple
        if value is None:
            yield ctx.finding(f"staff[{i}].support_multiple", f"人员 {person.name} 的“支撑几倍”为必填项")
        elif value < 1:
            yield ctx.finding(
                f"staff[{i}].support_multiple",
                f"人员 {person.name} 的“支撑几倍”应为不小于1的整数，实际为{value}",
                values={"support_multiple": value},
            )


@book.rule(
    "JS.declaration.calibration-date",
    title="仪器的最近校验日期不能晚于当前日期，检验周期须为正整数",
    applies_to=Institution,
    cites=[_INSTRUMENTS],
)
def calibration_date(declaration: Institution, ctx: RuleContext) -> Iterator[Finding]:
    """最近校验日期 ≤ the as-of date (a calibration not yet done cannot be declared);
    检验周期（年）, when given, is at least 1."""
    for i, item in enumerate(declaration.instruments):
        if item.calibrated_on is not None and item.calibrated_on > ctx.as_of:
            yield ctx.finding(
                f"instruments[{i}].calibrated_on",
                f"仪器 {item.name}（{item.asset_no}）的最近校验日期 {item.calibrated_on.isoformat()} "
                f"晚于当前日期 {ctx.as_of.isoformat()}",
                values={"calibrated_on": item.calibrated_on.isoformat()},
            )
        if item.calibration_period_years is not None and item.calibration_period_years < 1:
            yield ctx.finding(
                f"instruments[{i}].calibration_period_years",
                f"仪器 {item.name}（{item.asset_no}）的检验周期应为不小于1的整数（年），"
                f"实际为{item.calibration_period_years}",
                values={"calibration_period_years": item.calibration_period_years},
            )


@book.rule(
    "JS.declaration.calibration-lapsed",
    title="仪器的校验已过检验周期（提醒审核人员）",
    applies_to=Institution,
    cites=[_INSTRUMENTS],
    severity="warning",
)
def calibration_lapsed(declaration: Institution, ctx: RuleContext) -> Iterator[Finding]:
    """最近校验日期 + 检验周期 before the as-of date: the calibration has lapsed. A warning,
    not an error — the manual makes both fields optional and sets no consequence — so the
    reviewer (source 000 §4.2) sees it and decides."""
    for i, item in enumerate(declaration.instruments):
        if item.calibrated_on is None or item.calibration_period_years is None:
            continue
        if item.calibrated_on > ctx.as_of or item.calibration_period_years < 1:
            continue  # JS.declaration.calibration-date says so
        due = add_years(item.calibrated_on, item.calibration_period_years)  # 29 Feb → 28 Feb
        if due < ctx.as_of:
            yield ctx.finding(
                f"instruments[{i}].calibrated_on",
                f"仪器 {item.name}（{item.asset_no}）最近校验于 {item.calibrated_on.isoformat()}，检验周期"
                f"{item.calibration_period_years}年，已于 {due.isoformat()} 到期，请核实是否已重新校验",
                values={"calibrated_on": item.calibrated_on.isoformat(), "due": due.isoformat()},
            )
