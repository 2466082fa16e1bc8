"""Rendering pages and reading forms: the helpers every HTML controller uses."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template
from radrules_webshell.accounts.sessions import ENDED_MESSAGES, EXPIRED, REPLACED
from radrules_webshell.accounts.tables import ROLE_LABELS
from radrules_webshell.core.errors import NotAuthenticated
from radrules_webshell.core.principal import Principal
from radrules_webshell.settings import Settings

#: Fixed messages shown after a redirect (?notice=key); free text is never reflected.
NOTICES = {
    "saved": "已保存",
    "created": "已添加",
    "deleted": "已删除",
    "submitted": "已提交，请等待审核",
    "approved": "已审核通过",
    "returned": "已退回",
    "reopened": "已转为变更申报，请修改后重新提交",
    "password": "密码已修改",
    "mobile_changed": "手机号已修改",
    "applied": "账号申请已提交，请记下申请编号，等待所在地市疾控审核",
    "extended": "账号有效期已延长",
    "registered": "注册信息已提交，请等待省级疾控审核；可凭社会信用代码查询进度",
    "resubmitted": "修改后的注册信息已重新提交，请等待审核",
    "logout": "已退出登录",
    # one login per account at a time (source 002 §2.1 4; accounts.sessions.ENDED_MESSAGES)
    "session_replaced": ENDED_MESSAGES[REPLACED],
    "session_expired": ENDED_MESSAGES[EXPIRED],
    "card_saved": "报送卡已暂存",
    "card_submitted": "报送卡已提交",
    "card_saved_not_submitted": "报送卡已暂存，但未能提交：请按下方检查结果修改后再提交",
    "card_withdrawn": "报送卡已撤销，可以修改后重新提交",
    "read": "已标为已读",
    "all_read": "全部消息已标为已读",
    "article_published": "文章已发布，公众无须登录即可查看",
    "article_withdrawn": "文章已撤回，公众不再可见",
    "attached": "附件已上传",
    "credit_recorded": "已记录该行为",
    "credit_proposed": "已拟纳入黑名单",
    "credit_approved": "黑名单条目已审定",
    "credit_published": "黑名单已公布",
    "credit_removed": "已移出黑名单",
    "warning_acknowledged": "预警已确认；数据更正后预警将自动关闭",
}


def user_of(request: Request[Any, Any, Any]) -> Principal:
    user = request.scope.get("user")
    if not isinstance(user, Principal):
        raise NotAuthenticated()
    return user


def settings_of(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def render(request: Request[Any, Any, Any], template: str, status: int = 200, **context: Any) -> Template:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    return Template(
        template_name=template,
        context={
            "user": request.scope.get("user"),
            "role_labels": ROLE_LABELS,
            "notice": notice,
            # unread messages for the header (counted by the session middleware)
            "unread": request.scope.get("unread"),
            **context,
        },
        status_code=status,
    )


def redirect(path: str, notice: str | None = None) -> Redirect:
    if not notice:
        return Redirect(path, status_code=303)
    return Redirect(f"{path}{'&' if '?' in path else '?'}notice={notice}", status_code=303)


def home_of(user: Principal | None) -> str:
    if user is None:
        return "/login"
    return {
        "institution": "/institution",
        "client": "/client",
        "reviewer": "/review/registrations",
        "regulator": "/oversight/institutions",
        "admin": "/admin/users",
        "worker": "/exams/me",
    }.get(user.role, "/")
