"""The documents the Jilin plugin cites, by their keys in the source catalogue (rulesets/sources.yaml)."""

from __future__ import annotations

from radrules import Citation, cite

NOTICE = "吉卫监督发〔2021〕1号"


def notice(article: str) -> Citation:
    """A section of Jilin's notice (source 003)."""
    return cite(NOTICE, article)


SCOPE = notice("第一条")
MISSING_ITEMS = notice("第三条")
OUT_OF_PROVINCE = notice("第四条")
REPORTING = notice("第五条")
CREDIT = notice("第六条")
SUMMARY_FORM = notice("附件2 吉林省放射卫生技术服务工作情况汇总报告")
ANNUAL_FORM = notice("附件3 吉林省放射卫生技术服务情况年度汇总表")
AGENCY_MEASURES = cite("卫监督发〔2012〕25号")
