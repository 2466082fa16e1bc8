"""Tables of the portal (门户首页, source 001 §2.3.2, module 1 “新闻信息、通知消息的发布、维护，
并可进行政策文件、附件的上传、下载”).

An article is a piece of news (新闻信息), a notice (通知消息) or a policy document (政策文件),
published by a city's (or the province's) health administration; ``division_code`` is the
publishing authority's and decides who manages it. Attachments are uploads
(:mod:`radrules_webshell.uploads`) tied to the article.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account, Authority
from radrules_webshell.uploads.tables import Upload


class PortalArticle(Table, tablename="portal_article"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    authority = ForeignKey(Authority, null=True, on_delete=OnDelete.restrict)
    #: The publishing authority's division ('' for the system administrator's articles).
    division_code = Varchar(length=12, index=True)
    #: ``news`` (新闻信息), ``notice`` (通知消息) or ``policy`` (政策文件).
    kind = Varchar(length=20, index=True)
    title = Varchar(length=200)
    #: Plain text; lines are kept when shown.
    body = Text(default="")
    #: ``draft`` (未发布), ``published`` (已发布) or ``withdrawn`` (已撤回).
    status = Varchar(length=20, default="draft", index=True)
    published_at = Timestamptz(null=True, default=None, index=True)
    version = Integer(default=1)
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class PortalAttachment(Table, tablename="portal_attachment"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    article = ForeignKey(PortalArticle, on_delete=OnDelete.cascade, index=True)
    upload = ForeignKey(Upload, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())
