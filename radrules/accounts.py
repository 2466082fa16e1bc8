"""Institution accounts on the Jiangsu platform: registration, its review, first login.

Source 000 §2–§3:

* an institution registers one account, with its unified social credit code typed in
  upper case (§2.2.1 第一步), a login name of English letters (case-sensitive) or digits
  and a password under the platform's policy (第三步, :func:`radrules.validate_password`);
* the provincial CDC reviews the registration; the progress query shows the reviewer and
  a phone number while it is pending, the reason when it is returned (the institution
  edits and resubmits), and a login button once approved (§2.2.2, FAQ 1(1));
* the first login with the initial password forces a password change, after which the
  credit code is checked and, if it is not valid, must be corrected before the system can
  be used (§3.2.1).

§3.2.1 states a looser rule for the new password (6–16 characters with letters and
digits) than §2.2.1 does for registration (8–16, upper and lower case, digit, special
character, no runs of three). A password meeting §2.2.1 meets both, so the stricter rule
is applied to every password an institution sets.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

import attrs

from radrules.errors import InvalidValue
from radrules.identifiers.password import validate_password
from radrules.identifiers.uscc import validate_uscc
from radrules.model.parties import Contact

_LOGIN = re.compile(r"[A-Za-z0-9]{1,50}")


class ReviewOutcome(StrEnum):
    """审核进度 of a registration (source 000 §2.2.2)."""

    pending = "pending"
    returned = "returned"
    approved = "approved"

    @property
    def label(self) -> str:
        return {"pending": "待审核", "returned": "审核退回", "approved": "审核通过"}[self.value]


@attrs.frozen(kw_only=True)
class RegistrationReview:
    """The review state of an account registration.

    ``reviewer`` (the reviewing body and its phone) is shown while pending; ``reason`` is
    required when returned.
    """

    outcome: ReviewOutcome
    reviewer: Contact | None = None
    reason: str | None = None
    decided_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.outcome is ReviewOutcome.returned and not (self.reason and self.reason.strip()):
            raise InvalidValue("审核退回须注明退回原因")
        if self.outcome is ReviewOutcome.pending and self.reason:
            raise InvalidValue("待审核的注册不应有退回原因")

    @property
    def can_log_in(self) -> bool:
        return self.outcome is ReviewOutcome.approved

    @property
    def can_edit(self) -> bool:
        """A returned registration is edited and resubmitted (the “修改” button)."""
        return self.outcome is ReviewOutcome.returned

    def progress_message(self) -> str:
        """What the progress query tells the institution, in the platform's terms."""
        if self.outcome is ReviewOutcome.pending:
            who = self.reviewer.name if self.reviewer and self.reviewer.name else "江苏省疾病预防控制中心"
            phone = f"，联系电话：{self.reviewer.phone}" if self.reviewer and self.reviewer.phone else ""
            return f"账号申请待审核。审核机构：{who}{phone}；如有需要可电话联系。"
        if self.outcome is ReviewOutcome.returned:
            return f"账号申请被退回，退回原因：{self.reason}。请点击“修改”，按退回原因修改后重新提交审核。"
        return "账号申请已审核通过，可立即登录。"


class FirstLoginStep(StrEnum):
    """What an account must do before it can use the system (source 000 §3.2.1)."""

    change_password = "change_password"
    correct_uscc = "correct_uscc"


@attrs.frozen(kw_only=True)
class AccountPassword:
    """A password someone chooses for an account, checked by the password rules of the
    account's jurisdiction (:func:`radrules.check_password`; an envelope of its own).

    ``division_code`` is where the account belongs (its unit's or authority's division);
    ``login`` is the account's name, for rules that compare the two. The password is kept
    out of ``repr`` so that it never reaches a log.
    """

    password: str = attrs.field(repr=False)
    division_code: str | None = None
    login: str | None = None


@attrs.frozen(kw_only=True)
class Account:
    """An institution's account. ``must_change_password`` is set for an initial or reset password."""

    login: str
    uscc: str
    review: RegistrationReview
    must_change_password: bool = True


def normalize_uscc(value: str) -> str:
    """The credit code as the platform wants it typed: trimmed, letters in upper case."""
    return value.strip().upper()


def validate_login(value: str) -> str:
    """A login name: English letters (case-sensitive) or digits, as typed (source 000 §2.2.1 第三步)."""
    if not _LOGIN.fullmatch(value):
        raise InvalidValue("登录账号只能由英文字母（区分大小写）或数字组成，最长50位")
    return value


def first_login_steps(account: Account) -> tuple[FirstLoginStep, ...]:
    """The steps still owed before the account may use the system, in order (empty: none)."""
    if not account.review.can_log_in:
        raise InvalidValue("账号尚未审核通过，不能登录：" + account.review.progress_message())
    steps: list[FirstLoginStep] = []
    if account.must_change_password:
        steps.append(FirstLoginStep.change_password)
    try:
        validate_uscc(account.uscc)
    except InvalidValue:
        steps.append(FirstLoginStep.correct_uscc)
    return tuple(steps)


def change_password(account: Account, new_password: str, *, old_password_matches: bool) -> Account:
    """The account after a password change; the new password must meet the policy.

    ``old_password_matches`` is the caller's verification of the current password (the
    library never sees stored hashes).
    """
    if not old_password_matches:
        raise InvalidValue("原密码不正确")
    validate_password(new_password)
    return attrs.evolve(account, must_change_password=False)


def correct_uscc(account: Account, value: str) -> Account:
    """The account with its credit code corrected; the code must be valid (§3.2.1)."""
    return attrs.evolve(account, uscc=validate_uscc(normalize_uscc(value)))


__all__ = [
    "Account",
    "AccountPassword",
    "FirstLoginStep",
    "RegistrationReview",
    "ReviewOutcome",
    "change_password",
    "correct_uscc",
    "first_login_steps",
    "normalize_uscc",
    "validate_login",
]
