"""The type of Jiangsu's account password parameter (rulesets/jiangsu/account_password_policy.yaml)."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class PasswordPolicy:
    """Source 002 §2.2 2 and §2.3 1: ``min_length``–``max_length`` characters with upper and
    lower case letters, a digit and one of ``specials`` (the only special characters allowed);
    no ``run_length`` characters in ascending, descending or repeated order."""

    min_length: int
    max_length: int
    specials: str
    run_length: int

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.min_length <= self.max_length:
            raise ValueError("min_length 应不大于 max_length")
        if self.run_length < 2:
            raise ValueError("run_length 至少为2")
        if any(c.isalnum() or c.isspace() for c in self.specials):
            raise ValueError("specials 只能列出特殊字符（不能含字母、数字或空格）")
