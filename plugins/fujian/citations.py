"""The documents the Fujian plugin cites, by their keys in the source catalogue (rulesets/sources.yaml)."""

from __future__ import annotations

from radrules import Citation, cite

NOTICE = "闽卫职健函〔2021〕847号"


def notice(article: str) -> Citation:
    """An article of Fujian's notice (source 004)."""
    return cite(NOTICE, article)


FILING_TERM = notice("第五条")
USERNAME = notice("第四条")
ROUTING = notice("第六条")
