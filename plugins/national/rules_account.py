"""The national baseline's rule on the password an account chooses.

No national document sets a password policy for these platforms; the baseline applies the
policy of :func:`radrules.validate_password`, which the Jiangsu radiation-health platform
states for registration (source 000 §2.2.1 第三步: 8–16 characters with upper case, lower
case, a digit and a special character, no run of three ascending, descending or repeated
characters), so that every account, in any province, gets a password no weaker than that.
A province with its own wording overrides the rule (Jiangsu: ``JS.account.password``,
source 002 §2.2 2 and §2.3 1).
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import AccountPassword, Finding, InvalidValue, RuleContext, validate_password

from .book import book
from .citations import manual


@book.rule(
    "NAT.account.password",
    title="密码8~16位，须包含大小写字母、数字和特殊字符，不能包含连续3位顺序、逆序或重复的字符",
    applies_to=AccountPassword,
    cites=[manual("§2.2.1 第三步")],
)
def password_policy(choice: AccountPassword, ctx: RuleContext) -> Iterator[Finding]:
    """The password meets :func:`radrules.validate_password`; the finding names every part it misses.

    The Jiangsu platform's manual (source 000 §2.2.1 第三步) is the only basis: no national
    document sets a password policy for these platforms.
    """
    try:
        validate_password(choice.password)
    except InvalidValue as exc:
        yield ctx.finding("password", exc.reason)
