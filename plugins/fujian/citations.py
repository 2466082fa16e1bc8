"""The documents the Fujian plugin cites."""

from __future__ import annotations

from radrules import Citation

NOTICE_NUMBER = "闽卫职健函〔2021〕847号"
NOTICE_TITLE = "福建省卫生健康委员会关于做好职业卫生放射卫生技术服务信息报送管理工作的通知"


def notice(article: str) -> Citation:
    """An article of Fujian's notice (source 004)."""
    return Citation(document=NOTICE_NUMBER, article=article, title=NOTICE_TITLE)


FILING_TERM = notice("第五条")
USERNAME = notice("第四条")
ROUTING = notice("第六条")
