"""Checking a password an account chooses, under the password rules of the account's jurisdiction.

Which rule a password must meet is a rule in a plugin, like every other rule: the national
baseline's ``NAT.account.password`` (the policy of :func:`radrules.validate_password`,
source 000 §2.2.1 第三步) applies everywhere; a province replaces it by overriding it —
Jiangsu's ``JS.account.password`` encodes source 002 §2.2 2 and §2.3 1 (its own list of
special characters, and no run of three ascending, descending or repeated digits, letters
or special characters). The jurisdiction is the first two digits of the account's division
code (its unit's or authority's); an account with none gets the national baseline.

:func:`check_password` runs those rules on one :class:`~radrules.accounts.AccountPassword`
(its own envelope, declared in :mod:`radrules.engine.dispatch`); :func:`password_rules`
names the rules in force, whose titles are what a form tells the user before they type.
"""

from __future__ import annotations

from datetime import date

from radrules.accounts import AccountPassword
from radrules.engine.check import CheckResult, check_envelope
from radrules.engine.registry import Registry, default_registry
from radrules.engine.rules import Rule, RuleContext
from radrules.model.filing import Filing

MAX_INPUT = 256  # characters: longer input is refused before any rule runs


def check_password(
    password: str | AccountPassword,
    *,
    division_code: str | None = None,
    login: str | None = None,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
) -> CheckResult:
    """The findings of the password rules of the account's jurisdiction on ``password``.

    ``password`` is the text (with ``division_code`` and ``login`` of the account) or an
    :class:`AccountPassword`; ``province`` forces a jurisdiction; ``as_of`` defaults to today.
    ``result.ok`` is true when the password may be set; each error's message says what is
    wrong, in Chinese.
    """
    reg = registry or default_registry()
    doc = (
        password
        if isinstance(password, AccountPassword)
        else AccountPassword(password=password[:MAX_INPUT], division_code=division_code, login=login)
    )
    day = as_of or date.today()
    chain = reg.chain_for(province=province, division_code=doc.division_code)
    # Password rules read no filing: their context holds an empty one, as a training check's does.
    return check_envelope(
        doc,
        chain=chain,
        as_of=day,
        registry=reg,
        context=lambda view: RuleContext(filing=Filing(), as_of=day, chain=chain, params=view),
    )


def password_rules(
    *,
    division_code: str | None = None,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
) -> tuple[Rule, ...]:
    """The password rules in force for an account of ``division_code`` (their titles tell the policy)."""
    reg = registry or default_registry()
    chain = reg.chain_for(province=province, division_code=division_code)
    return reg.plan(chain, as_of or date.today()).rules.get(AccountPassword, ())


__all__ = ["check_password", "password_rules"]
