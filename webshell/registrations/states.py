"""The review states of a registration and the moves between them (source 000 §2.2.2).

submitted (待审核) → approved (审核通过) or returned (退回, with a reason);
returned → submitted again after the applicant edits it. Kept as a table so that it can be
replaced by the core workflow's transitions once radrules provides them.
"""

from __future__ import annotations

from radrules_webshell.core.errors import Conflict

from radrules import DeclarationStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (DeclarationStatus.submitted, "approve"): DeclarationStatus.approved,
    (DeclarationStatus.submitted, "return"): DeclarationStatus.returned,
    (DeclarationStatus.returned, "resubmit"): DeclarationStatus.submitted,
}

#: The same review cycle for a qualification declaration (source 000 §4.1–§4.2), which also
#: starts as a draft and may be reopened for changes once approved.
DECLARATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (DeclarationStatus.draft, "submit"): DeclarationStatus.submitted,
    (DeclarationStatus.returned, "submit"): DeclarationStatus.submitted,
    (DeclarationStatus.submitted, "approve"): DeclarationStatus.approved,
    (DeclarationStatus.submitted, "return"): DeclarationStatus.returned,
    (DeclarationStatus.approved, "reopen"): DeclarationStatus.draft,
}

_ACTION_LABELS = {
    "approve": "审核通过",
    "return": "退回",
    "resubmit": "重新提交",
    "submit": "提交",
    "reopen": "变更申报",
}


def label(status: str) -> str:
    try:
        return DeclarationStatus(status).label
    except ValueError:
        return status


def next_state(table: dict[tuple[str, str], str], status: str, action: str) -> str:
    target = table.get((status, action))
    if target is None:
        raise Conflict(f"当前状态“{label(status)}”不能{_ACTION_LABELS.get(action, action)}")
    return str(target)
