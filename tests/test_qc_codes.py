"""QC codes: issued through the hooks, one per card, with a check character that catches a
mistyped code; and the signed verification address (source 000 §5.3.4 第六、八步)."""

from __future__ import annotations

import itertools
from datetime import date

import attrs
import pytest
from jiangsu_fixtures import filing
from radrules_plugins import jiangsu, national

import radrules
from radrules import (
    CHECK_ALPHABET,
    InMemoryQcSequence,
    InvalidValue,
    QcCodeError,
    QcSignatureError,
    Registry,
    ServiceField,
    card_verification_url,
    hookimpl,
    issue_qc_code,
    qc_check_character,
    qc_check_character_ok,
    validate_qc_code,
    verify_qc_url,
)

DAY = date(2026, 11, 26)
SECRET = b"a-test-secret-of-some-length"


def _card(**changes: object) -> radrules.ReportCard:
    card = filing().report_card
    assert card is not None
    return attrs.evolve(card, **changes)  # type: ignore[arg-type]


def test_codes_follow_the_ruleset_format_and_count_per_series() -> None:
    seq = InMemoryQcSequence()
    fresh = _card(qc_code=None)
    first = issue_qc_code(fresh, on=DAY, sequence=seq)
    second = issue_qc_code(fresh, on=DAY, sequence=seq)
    dose = issue_qc_code(
        _card(qc_code=None, service_field=ServiceField.dose_monitoring), on=DAY, sequence=seq
    )
    assert first.startswith("JS-2026-2-000001-")
    assert second.startswith("JS-2026-2-000002-")
    assert dose.startswith("JS-2026-3-000001-")  # its own series
    for code in (first, second, dose):
        checked = validate_qc_code(code, as_of=DAY)
        assert checked.jurisdiction == "32"
        assert checked.year == 2026
    assert validate_qc_code(dose, as_of=DAY).service_field is ServiceField.dose_monitoring


def test_a_card_keeps_its_first_code() -> None:
    card = _card()
    assert issue_qc_code(card, on=DAY, sequence=InMemoryQcSequence()) == card.qc_code


def test_no_sequence_source_is_an_error_not_a_guess() -> None:
    with pytest.raises(QcCodeError, match="radrules_qc_sequence"):
        issue_qc_code(_card(qc_code=None), on=DAY)


class _Storage:
    """What the web shell does: allocate numbers from its own counter."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, str]] = []

    @hookimpl
    def radrules_qc_sequence(self, jurisdiction: str, year: int, prefix: str) -> int | None:
        self.calls.append((jurisdiction, year, prefix))
        return 4711


def test_storage_plugin_allocates_the_sequence() -> None:
    storage = _Storage()
    registry = Registry.from_plugins(national, jiangsu, storage, InMemoryQcSequence())
    code = issue_qc_code(_card(qc_code=None), on=DAY, registry=registry)
    assert code.startswith("JS-2026-2-004711-")
    assert storage.calls == [("32", 2026, "JS-2026-2")]


def test_sequence_overflow_is_refused() -> None:
    with pytest.raises(ValueError, match="已用尽"):
        issue_qc_code(_card(qc_code=None), on=DAY, sequence=InMemoryQcSequence(start=1_000_000))


def test_check_character_catches_every_single_substitution_and_adjacent_swap() -> None:
    body = "JS20262000158"
    code = body + qc_check_character(body)
    assert qc_check_character_ok(code)
    for i, c in itertools.product(range(len(code)), CHECK_ALPHABET):
        if c != code[i]:
            assert not qc_check_character_ok(code[:i] + c + code[i + 1 :]), (i, c)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not qc_check_character_ok(swapped), i


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("JS-2026-2-000185-L", "校验码"),
        ("JS-2026-9-000158-L", "技术服务领域代码"),
        ("JS-20X6-2-000158-L", "年份"),
        ("JS-2026-2-158-L", "形式"),
        ("ZJ-2026-2-000158-L", "不是任何已加载辖区"),
    ],
)
def test_validation_says_what_is_wrong(code: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        validate_qc_code(code, as_of=DAY)


def test_verification_address_round_trip_and_tampering() -> None:
    card = _card()
    url = card_verification_url(card, as_of=DAY, secret=SECRET)
    assert url.startswith("http://218.94.1.84:8006/qc/verify?c=JS-2026-2-000158-L&s=")
    verified = verify_qc_url(url, as_of=DAY, secret=SECRET)
    assert verified.code.code == "JS-2026-2-000158-L"
    assert verified.code.service_field is ServiceField.protection_testing
    tampered = url.replace("000158", "000159")
    with pytest.raises(QcSignatureError):
        verify_qc_url(tampered, as_of=DAY, secret=SECRET)
    with pytest.raises(QcSignatureError):
        verify_qc_url(url, as_of=DAY, secret=b"another-secret-entirely")


def test_a_signed_but_malformed_code_is_rejected() -> None:
    # Signed under the right key, yet not a code Jiangsu would issue: the format check catches it.
    url = radrules.qc.verification_url("http://x/verify", "JS-2026-2-000185-L", SECRET)
    with pytest.raises(InvalidValue, match="校验码"):
        verify_qc_url(url, as_of=DAY, secret=SECRET)


def test_deployment_base_address_overrides_the_ruleset() -> None:
    url = card_verification_url(_card(), as_of=DAY, secret=SECRET, base_url="https://verify.example/qc")
    assert url.startswith("https://verify.example/qc?c=")


def test_no_address_without_a_code() -> None:
    with pytest.raises(QcCodeError, match="尚无质控编号"):
        card_verification_url(_card(qc_code=None), as_of=DAY, secret=SECRET)


def test_validate_command_checks_a_typed_code(capsys: pytest.CaptureFixture[str]) -> None:
    from radrules.cli import main

    assert main(["validate", "qc-code", "js-2026-2-000158-l"]) == 0
    assert "JS-2026-2-000158-L" in capsys.readouterr().out
    assert main(["validate", "qc-code", "JS-2026-2-000158-M"]) == 1
    assert "校验码" in capsys.readouterr().out


def test_jurisdictions_without_qc_codes_issue_none() -> None:
    """Only Jiangsu's platform issues QC codes (source 000 第六步); elsewhere a card has none."""
    fujian = _card(
        qc_code=None, service_address=radrules.ServiceAddress(division_code="350102", address="福州市鼓楼区")
    )
    assert issue_qc_code(fujian, on=DAY, sequence=InMemoryQcSequence()) is None
