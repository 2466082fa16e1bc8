"""Jiangsu's rule on the password an account chooses (source 002 §2.2 2, §2.3 1).

The training platform's manual words it twice: §2.3 1 “请输入8-16位字符，必须包含大小写字母、
数字和特殊字符；不能包含连续3位顺序或逆序或重复的数字、字母、特殊字符”, and §2.2 2, for the
first login, “密码中不可以包含如123这样的连续数字，说明：特殊字符仅支持[…]” with the list of
special characters. The lengths, the list and the length of a forbidden run are ruleset data
(``account_password_policy``). It replaces the national baseline's ``NAT.account.password``
for accounts whose unit or authority is in Jiangsu.

How a run is read: three characters in a row of one kind — digits (``123``, ``987``,
``000``), letters, compared by their place in the alphabet whatever their case (``abc``,
``CBA``, ``aBc``, ``xXx``), or special characters, compared by their code point (``!!!``,
``()*``) — that step up by one, down by one, or repeat. Any other character (a space, a
Chinese character, a special character the list does not name, such as ``$`` or ``-``) is
refused, since §2.2 2 says the specials are “仅支持” those listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from radrules import AccountPassword, Finding, RuleContext

from .account_types import PasswordPolicy
from .book import book
from .citations import training_manual
from .training_fields import TRAINING_FROM


def _kind(ch: str) -> str:
    if ch.isascii() and ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "letter"
    return "special"


def _position(ch: str) -> int:
    return ord(ch.lower()) if ch.isascii() and ch.isalpha() else ord(ch)


def first_run(password: str, length: int) -> str | None:
    """The first ``length`` characters of one kind that ascend, descend or repeat by one step."""
    for i in range(len(password) - length + 1):
        chunk = password[i : i + length]
        if len({_kind(c) for c in chunk}) != 1:
            continue
        steps = {_position(b) - _position(a) for a, b in pairwise(chunk)}
        if len(steps) == 1 and steps <= {-1, 0, 1}:
            return chunk
    return None


def problems(password: str, policy: PasswordPolicy) -> list[str]:
    """Every part of the policy ``password`` misses, in the order the manual states them."""
    out: list[str] = []
    if not policy.min_length <= len(password) <= policy.max_length:
        out.append(f"长度应为{policy.min_length}-{policy.max_length}位（当前{len(password)}位）")
    if not any(c.isascii() and c.isupper() for c in password):
        out.append("须包含大写字母")
    if not any(c.isascii() and c.islower() for c in password):
        out.append("须包含小写字母")
    if not any(c.isascii() and c.isdigit() for c in password):
        out.append("须包含数字")
    others = sorted({c for c in password if not (c.isascii() and c.isalnum()) and c not in policy.specials})
    if not any(c in policy.specials for c in password):
        out.append("须包含特殊字符" + ("" if others else "（" + " ".join(policy.specials) + "）"))
    if others:
        shown = "、".join("空格" if c == " " else f"“{c}”" for c in others[:5])
        out.append(f"不能使用{shown}：特殊字符仅支持 " + " ".join(policy.specials))
    run = first_run(password, policy.run_length)
    if run is not None:
        out.append(f"不能包含连续{policy.run_length}位顺序、逆序或重复的数字、字母或特殊字符（“{run}”）")
    return out


@book.rule(
    "JS.account.password",
    title=(
        "密码8-16位，必须包含大小写字母、数字和特殊字符（仅支持 @#%^&*()_+!~¥={}:;'\\\",<>|.【】—、）；"
        "不能包含连续3位顺序或逆序或重复的数字、字母、特殊字符"
    ),
    applies_to=AccountPassword,
    cites=[training_manual("§2.3 1"), training_manual("§2.2 2“特殊字符仅支持[…]”")],
    valid_from=TRAINING_FROM,
    overrides="NAT.account.password",
    parameters=["account_password_policy"],
)
def password_policy(choice: AccountPassword, ctx: RuleContext) -> Iterator[Finding]:
    """The password meets the policy of the ruleset; one finding names every part it misses."""
    policy: PasswordPolicy = ctx.param("account_password_policy")
    missed = problems(choice.password, policy)
    if missed:
        yield ctx.finding("password", "密码不符合要求：" + "；".join(missed))
