"""Periodic summaries a province requires, from the stored cards: Jilin's semiannual report of
one institution (附件2) and the provincial annual table (附件3), 吉卫监督发〔2021〕1号 第五条.

The province's plugin builds the summary (:func:`radrules.build_summary`, hook
``radrules_summary``) and decides which cards count (service in the province, issued in
the period, not withdrawn); the web shell only picks the cards of the period within the
principal's division-code prefix and hands them over, then renders the tables or writes
them with :func:`radrules.documents.tables.write_xlsx`, as ``radrules summary`` does.
"""

from __future__ import annotations

import io
from typing import Any

import attrs
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.filings.cards.documents import card_from_row
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.oversight.cards import institution_names
from radrules_webshell.oversight.service import prefix_of

from radrules import PROVINCES, Filing, NoSummary, PeriodError, RadrulesError, build_summary, parse_period
from radrules.answers import Summary
from radrules.documents.tables import write_xlsx
from radrules.services.summaries import summary_json

SCOPES = {"institution": "机构半年汇总", "province": "全省年度汇总"}


@attrs.frozen(kw_only=True)
class SummaryRequest:
    province: str
    scope: str
    period: str
    institution_id: int | None = None


def parse_request(user: Principal, params: dict[str, str]) -> SummaryRequest:
    """What to summarise, from query parameters; each bad value is reported under its name."""
    errors: dict[str, str] = {}
    scope = (params.get("scope") or "institution").strip()
    if scope not in SCOPES:
        errors["scope"] = "汇总范围应为 institution（机构半年汇总）或 province（全省年度汇总）"
    own = prefix_of(user)[:2]
    province = (params.get("province") or own or "").strip()
    if own and province != own:
        errors["province"] = f"只能汇总本辖区所在省份（{PROVINCES.get(own, own)}）的数据"
    elif province not in PROVINCES:
        errors["province"] = "省份应为两位行政区划代码，如 22（吉林省）"
    period = (params.get("period") or "").strip().upper()
    if not period:
        errors["period"] = "请填写汇总期间，如 2026H1（半年）或 2026（年度）"
    else:
        try:
            parse_period(period)
        except PeriodError as exc:
            errors["period"] = str(exc)
    institution_id: int | None = None
    raw = (params.get("institution") or "").strip()
    if scope == "institution":
        if not raw.isdigit():
            errors["institution"] = "机构汇总须选择技术服务机构"
        else:
            institution_id = int(raw)
    if errors:
        raise Invalid("汇总条件有误，请按提示修改", errors=errors)
    return SummaryRequest(province=province, scope=scope, period=period, institution_id=institution_id)


async def build(user: Principal, request: SummaryRequest) -> Summary:
    """The summary over the principal's cards of the period; Invalid with the plugin's reason if none."""
    parsed = parse_period(request.period)
    scope = prefix_of(user)
    area = scope if scope.startswith(request.province) else request.province
    terms: list[Any] = [
        ReportCard.division_code.like(f"{area}%"),
        ReportCard.report_issued_on >= parsed.start,
        ReportCard.report_issued_on <= parsed.end,
    ]
    if request.institution_id is not None:
        terms.append(ReportCard.institution == request.institution_id)
    rows = await ReportCard.select().where(*terms).order_by(ReportCard.report_issued_on, ReportCard.id)
    filings = [Filing(report_card=card_from_row(r)) for r in rows]
    try:
        return build_summary(request.province, period=request.period, filings=filings, scope=request.scope)
    except NoSummary as exc:
        raise Invalid(str(exc), errors={"province": str(exc)}) from None
    except RadrulesError as exc:
        # the plugin's own refusal, e.g. a semiannual summary asked for a whole year
        raise Invalid(str(exc), errors={"period": str(exc)}) from None


def as_json(summary: Summary) -> dict[str, Any]:
    return summary_json(summary)


def xlsx(summary: Summary) -> bytes:
    """The workbook the command line writes (``radrules summary --out``), in memory."""
    buffer = io.BytesIO()
    write_xlsx(summary.tables, buffer)
    return buffer.getvalue()


async def institutions_with_cards(user: Principal, province: str) -> list[dict[str, Any]]:
    """The institutions that filed cards for services in the area, to choose from."""
    scope = prefix_of(user)
    area = scope if scope.startswith(province) else province
    rows = (
        await ReportCard.select(ReportCard.institution)
        .where(ReportCard.division_code.like(f"{area}%"))
        .distinct()
    )
    names = await institution_names({r["institution"] for r in rows})
    return sorted(({"id": i, "name": n} for i, n in names.items()), key=lambda r: r["name"])
