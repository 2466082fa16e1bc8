"""The account password policy of the Jiangsu platform (source 000 §2.2.1 第三步).

8–16 characters with upper case, lower case, a digit and a special character; no run of
three consecutive ascending, descending or repeated characters (``123``, ``cba``, ``aaa``).
"""

from __future__ import annotations

from radrules.errors import InvalidValue

MIN_LENGTH = 8
MAX_LENGTH = 16


def _run_of_three(password: str) -> str | None:
    for i in range(len(password) - 2):
        a, b, c = (ord(ch) for ch in password[i : i + 3])
        if (b - a == c - b) and (b - a in (-1, 0, 1)):
            return password[i : i + 3]
    return None


def validate_password(password: str) -> str:
    """Return the password unchanged or raise :class:`InvalidValue` naming every rule broken."""
    problems: list[str] = []
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        problems.append(f"长度应为{MIN_LENGTH}~{MAX_LENGTH}位（当前{len(password)}位）")
    if not any(c.isascii() and c.isupper() for c in password):
        problems.append("须包含大写字母")
    if not any(c.isascii() and c.islower() for c in password):
        problems.append("须包含小写字母")
    if not any(c.isascii() and c.isdigit() for c in password):
        problems.append("须包含数字")
    if not any(c.isascii() and not c.isalnum() and c.isprintable() and c != " " for c in password):
        problems.append("须包含特殊字符")
    if any(not c.isascii() or c.isspace() for c in password):
        problems.append("只能使用英文字母、数字和特殊字符，不能含空格或中文")
    run = _run_of_three(password)
    if run is not None:
        problems.append(f"不能包含连续3位顺序、逆序或重复的字符（“{run}”）")
    if problems:
        raise InvalidValue("密码不符合要求：" + "；".join(problems))
    return password
