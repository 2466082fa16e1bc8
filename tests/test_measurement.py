"""Reading typed results exactly and judging them against reference ranges (source 000 §5.1.2.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radrules import Bound, InvalidValue, Verdict, judge, parse_decimal, parse_measurement


@pytest.mark.parametrize(
    ("text", "value", "bound"),
    [
        ("12.5", "12.5", Bound.exact),
        ("-3.12", "-3.12", Bound.exact),
        ("+0.8", "0.8", Bound.exact),
        (".5", "0.5", Bound.exact),
        ("1.2E-3", "0.0012", Bound.exact),
        ("1.2e-3", "0.0012", Bound.exact),
        ("1.2×10^-3", "0.0012", Bound.exact),
        ("1.2x10-3", "0.0012", Bound.exact),
        ("1.2×10⁻³", "0.0012", Bound.exact),
        ("５.０", "5.0", Bound.exact),  # full-width digits as typed with a Chinese IME
        ("4.5%", "4.5", Bound.exact),
        (" 2.3 ", "2.3", Bound.exact),
        ("<0.01", "0.01", Bound.below),
        ("＜0.01", "0.01", Bound.below),
        ("≤25", "25", Bound.at_most),
        ("<=25", "25", Bound.at_most),
        (">3", "3", Bound.above),
        ("≥2.3", "2.3", Bound.at_least),
    ],
)
def test_parses_the_forms_people_type(text: str, value: str, bound: Bound) -> None:
    m = parse_measurement(text)
    assert m.value == Decimal(value)
    assert m.bound is bound


@pytest.mark.parametrize(
    "text", ["", "  ", "约2.1", "未检出", "2.1.3", "1e", "NaN", "inf", "1,2E", "--1", "２．３mm"]
)
def test_rejects_what_is_not_a_number(text: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_measurement(text)
    assert exc.value.reason  # a Chinese reason for the filer


def test_reference_values_cannot_carry_bounds() -> None:
    assert parse_decimal("2.5E1") == Decimal(25)
    with pytest.raises(InvalidValue):
        parse_decimal("<25")


def test_a_value_exactly_on_its_limit_passes() -> None:
    # 0.1 + 0.2 style float noise would make 2.3 "differ" from 2.3; decimals do not.
    assert judge(parse_measurement("2.3"), minimum=Decimal("2.3"), maximum=None) is Verdict.passed
    assert judge(parse_measurement("2.30"), minimum=Decimal("2.3"), maximum=None) is Verdict.passed
    assert judge(parse_measurement("1.0E1"), minimum=None, maximum=Decimal("10.0")) is Verdict.passed
    assert judge(parse_measurement("10.0000001"), minimum=None, maximum=Decimal("10.0")) is Verdict.failed
    assert judge(parse_measurement("2.2999999"), minimum=Decimal("2.3"), maximum=None) is Verdict.failed


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "verdict"),
    [
        ("<25", None, "25", Verdict.passed),  # every value below 25 is within ≤25
        ("≤25", None, "25", Verdict.passed),
        ("<30", None, "25", Verdict.undecided),  # 20 or 28?
        (">30", None, "25", Verdict.failed),
        ("≥25", None, "25", Verdict.undecided),  # 25 passes, 26 fails
        (">25", None, "25", Verdict.failed),
        ("<2.3", "2.3", None, Verdict.failed),
        ("≤2.3", "2.3", None, Verdict.undecided),  # could be exactly 2.3
        (">2.3", "2.3", None, Verdict.passed),
        ("<0.5", "-2", "2", Verdict.undecided),  # could be below −2
    ],
)
def test_bounded_results(text: str, minimum: str | None, maximum: str | None, verdict: Verdict) -> None:
    low = Decimal(minimum) if minimum else None
    high = Decimal(maximum) if maximum else None
    assert judge(parse_measurement(text), minimum=low, maximum=high) is verdict


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**6), max_value=10**6))
def test_every_plain_decimal_reads_back_exactly(value: Decimal) -> None:
    assert parse_measurement(str(value)).value == value


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100, max_value=100),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100, max_value=100),
)
def test_exact_results_pass_iff_inside_the_closed_range(a: Decimal, b: Decimal) -> None:
    low, high = min(a, b), max(a, b)
    for probe in (low, high, (low + high) / 2):
        assert judge(parse_measurement(str(probe)), minimum=low, maximum=high) is Verdict.passed
    assert judge(parse_measurement(str(high + Decimal("0.001"))), minimum=low, maximum=high) is Verdict.failed
    assert judge(parse_measurement(str(low - Decimal("0.001"))), minimum=low, maximum=high) is Verdict.failed
