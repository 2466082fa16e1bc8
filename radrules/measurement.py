"""Measured results as people type them, read exactly, and compared with reference values.

The Jiangsu platform takes test results as numbers or, by a switch on the form, in
scientific notation (source 000 §5.1.2.2 5、6: “检测结果：默认选择录入数字结果，可下拉切换成科学
记数法格式录入”). Results are kept as typed in the model; this module reads them with
:class:`~decimal.Decimal`, never binary floats, so that ``2.3`` compared with a limit of
``2.3`` is exactly equal and an item on its limit passes.

Accepted forms: ``12.5``, ``-3.12``, ``+0.8``, ``1.2E-3``, ``1.2e-3``, ``1.2×10^-3``,
``1.2x10-3``, ``1.2×10⁻³``, full-width digits, a trailing ``%``, and a leading bound
``<``, ``≤``, ``>``, ``≥`` for results reported against a detection limit (``<0.01``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

import attrs

from radrules.errors import InvalidValue

# Superscript exponents, and the minus signs NFKC leaves (U+2212) or IMEs produce.
_SIGNS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺−–", "0123456789-+--")
_TIMES_TEN = re.compile(r"^(?P<mantissa>[+-]?\d+(?:\.\d+)?)[x×*·]10\^?(?P<exponent>[+-]?\d+)$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_BOUNDS = {"<": "<", "＜": "<", "≤": "≤", "<=": "≤", ">": ">", "＞": ">", "≥": "≥", ">=": "≥"}


class Bound(StrEnum):
    """How a reported value bounds the true one: equal to it, or below/above it."""

    exact = "="
    below = "<"
    at_most = "≤"
    above = ">"
    at_least = "≥"


@attrs.frozen(kw_only=True)
class Measurement:
    """A result read from text: ``value`` with its ``bound`` (``<0.01`` is below 0.01)."""

    value: Decimal
    bound: Bound = Bound.exact
    text: str = ""

    def __str__(self) -> str:
        return self.text or (("" if self.bound is Bound.exact else self.bound.value) + str(self.value))


class Verdict(StrEnum):
    """How a measurement stands against a reference range."""

    passed = "passed"
    failed = "failed"
    undecided = "undecided"  # a bounded result (``<30``) that the range neither contains nor excludes


@lru_cache(maxsize=8192)  # reports repeat the same few values (0, limits, typical readings)
def parse_measurement(text: str) -> Measurement:
    """Read a typed result or raise :class:`InvalidValue` saying what is wrong with it."""
    raw = text
    s = unicodedata.normalize("NFKC", text.translate(_SIGNS)).strip().translate(_SIGNS)
    s = s.replace(" ", "").replace(",", "")
    if not s:
        raise InvalidValue("检测结果为空")
    bound = Bound.exact
    for prefix in ("<=", ">=", "<", "≤", ">", "≥", "＜", "＞"):
        if s.startswith(prefix):
            bound = Bound(_BOUNDS[prefix])
            s = s[len(prefix) :]
            break
    if s.endswith("%"):
        s = s[:-1]
    match = _TIMES_TEN.match(s)
    if match:
        s = f"{match['mantissa']}E{match['exponent']}"
    if not _PLAIN.match(s):
        raise InvalidValue(
            f"检测结果“{raw}”不是有效的数值；可填写如 12.5、-3.1、1.2E-3、1.2×10^-3 或 <0.01 的形式"
        )
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise InvalidValue(f"检测结果“{raw}”不是有效的数值") from None
    if not value.is_finite():  # pragma: no cover - the pattern excludes NaN and Infinity
        raise InvalidValue(f"检测结果“{raw}”不是有限的数值")
    return Measurement(value=value, bound=bound, text=raw.strip())


@lru_cache(maxsize=1024)
def parse_decimal(text: str) -> Decimal:
    """A reference value from a ruleset (``"2.3"``, ``"-5.0"``, ``"2.5E1"``): plain decimals only."""
    m = parse_measurement(text)
    if m.bound is not Bound.exact:
        raise InvalidValue(f"参考值“{text}”不能带 < 或 > 等界限符号")
    return m.value


def judge(measurement: Measurement, *, minimum: Decimal | None, maximum: Decimal | None) -> Verdict:
    """Whether ``measurement`` lies within ``[minimum, maximum]`` (both inclusive, either open).

    A bounded result passes when every value it allows lies in the range, fails when none
    does, and is undecided otherwise (``<30`` against a maximum of 25).
    """
    v, bound = measurement.value, measurement.bound
    # The set of true values the result allows, as (low, low_inclusive, high, high_inclusive).
    low: Decimal | None = v
    high: Decimal | None = v
    low_in = high_in = True
    if bound in (Bound.below, Bound.at_most):
        low, high_in = None, bound is Bound.at_most
    elif bound in (Bound.above, Bound.at_least):
        high, low_in = None, bound is Bound.at_least
    inside_low = minimum is None or (low is not None and low >= minimum)
    inside_high = maximum is None or (high is not None and high <= maximum)
    if inside_low and inside_high:
        return Verdict.passed
    below_range = (
        minimum is not None and high is not None and (high < minimum or (high == minimum and not high_in))
    )
    above_range = (
        maximum is not None and low is not None and (low > maximum or (low == maximum and not low_in))
    )
    if below_range or above_range:
        return Verdict.failed
    return Verdict.undecided


__all__ = ["Bound", "Measurement", "Verdict", "judge", "parse_decimal", "parse_measurement"]
