"""Signed verification addresses (radrules.qc): what a scanned address may carry."""

from __future__ import annotations

import pytest

from radrules.errors import QcSignatureError
from radrules.qc import sign, verification_url, verify, verify_url

KEY = b"0123456789abcdef-test"


def test_a_signed_address_verifies_and_an_altered_one_does_not() -> None:
    url = verification_url("https://x.example/verify", "JS-2026-2-000001-X", KEY)
    assert verify_url(url, KEY).qc_code == "JS-2026-2-000001-X"
    with pytest.raises(QcSignatureError):
        verify_url(url.replace("000001", "000002"), KEY)
    with pytest.raises(QcSignatureError):
        verify_url(url, b"another-key-0123456")


@pytest.mark.parametrize("signature", ["1.☃", "１.abc", "1.\udcff", "", "1." + "é" * 30])
def test_a_non_ascii_or_empty_signature_is_simply_wrong(signature: str) -> None:
    assert verify("JS-2026-2-000001-X", signature, KEY) is False
    assert verify("中文", sign("中文", KEY), KEY) is True  # the code itself may be any text
