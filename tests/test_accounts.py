"""Account registration review and first login (source 000 §2.2–§3.2)."""

from __future__ import annotations

import pytest

from radrules import (
    Account,
    Contact,
    FirstLoginStep,
    InvalidValue,
    RegistrationReview,
    ReviewOutcome,
    change_password,
    correct_uscc,
    first_login_steps,
    normalize_uscc,
    validate_login,
)

GOOD_USCC = "123200004660000105"


def test_progress_messages_follow_the_review() -> None:
    pending = RegistrationReview(
        outcome=ReviewOutcome.pending, reviewer=Contact(name="江苏省疾病预防控制中心", phone="025-83759999")
    )
    assert "025-83759999" in pending.progress_message() and not pending.can_log_in
    returned = RegistrationReview(outcome=ReviewOutcome.returned, reason="承诺书未盖章")
    assert "承诺书未盖章" in returned.progress_message() and returned.can_edit
    approved = RegistrationReview(outcome=ReviewOutcome.approved)
    assert approved.can_log_in and "立即登录" in approved.progress_message()


def test_a_return_needs_a_reason() -> None:
    with pytest.raises(InvalidValue, match="退回原因"):
        RegistrationReview(outcome=ReviewOutcome.returned)


def test_first_login_forces_a_password_change_then_a_valid_credit_code() -> None:
    approved = RegistrationReview(outcome=ReviewOutcome.approved)
    account = Account(login="jsfh01", uscc="123200004660000104", review=approved)
    assert first_login_steps(account) == (FirstLoginStep.change_password, FirstLoginStep.correct_uscc)
    with pytest.raises(InvalidValue, match="须包含特殊字符"):
        change_password(account, "Abc12345x", old_password_matches=True)
    with pytest.raises(InvalidValue, match="原密码"):
        change_password(account, "Xq7#mRt9wZ", old_password_matches=False)
    account = change_password(account, "Xq7#mRt9wZ", old_password_matches=True)
    assert first_login_steps(account) == (FirstLoginStep.correct_uscc,)
    account = correct_uscc(account, GOOD_USCC.lower())
    assert account.uscc == GOOD_USCC
    assert first_login_steps(account) == ()


def test_an_unreviewed_account_cannot_log_in() -> None:
    account = Account(
        login="jsfh01", uscc=GOOD_USCC, review=RegistrationReview(outcome=ReviewOutcome.pending)
    )
    with pytest.raises(InvalidValue, match="待审核"):
        first_login_steps(account)


def test_credit_codes_are_typed_in_upper_case_and_logins_are_letters_or_digits() -> None:
    assert normalize_uscc(" 12320106466012345t ") == "12320106466012345T"
    assert validate_login("JsFh01") == "JsFh01"
    for bad in ("js fh", "江苏01", "", "a" * 51, "js-fh"):
        with pytest.raises(InvalidValue):
            validate_login(bad)
