"""The parts of QC codes (质控编号) that need no plugin: check characters, signed
verification addresses, and their QR images.

Issuing and checking a code needs the jurisdiction's format and storage's counter, so it
goes through the plugins (:mod:`radrules.services.qc_codes`); what is here is the same in
every jurisdiction and imports nothing that asks the registry.

Check characters use ISO/IEC 7064 MOD 37,36 (:func:`qc_check_character`): one character from
0–9A–Z that catches every single mistyped character and every swap of two neighbours.

The QR code printed in every page footer of a report (source 000 §5.3.4 第八步) carries an
address of the form ``<base>?c=<qc_code>&s=<signature>``. The signature is an HMAC-SHA256
of the QC code under a secret the operator configures (``RADRULES_QC_SECRET``), so a
forged or altered code fails :func:`verify_url`. The base address comes from the
jurisdiction's ruleset; this module only signs, verifies and draws.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs
from stdnum.iso7064 import mod_37_36

from radrules.errors import InvalidValue, QcSignatureError

SECRET_ENV = "RADRULES_QC_SECRET"
_VERSION = "1"

#: The alphabet of ISO/IEC 7064 MOD 37,36; codes are written in it (plus separators).
CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def qc_check_character(body: str) -> str:
    """The ISO/IEC 7064 MOD 37,36 check character of ``body`` (upper-case letters and digits)."""
    if not body or any(c not in CHECK_ALPHABET for c in body):
        raise InvalidValue("质控编号只能由数字和大写英文字母组成")
    return str(mod_37_36.calc_check_digit(body))


def qc_check_character_ok(body_with_check: str) -> bool:
    """True when the last character is the right check character for the rest."""
    return all(c in CHECK_ALPHABET for c in body_with_check) and bool(mod_37_36.is_valid(body_with_check))


def secret_from_env() -> bytes:
    value = os.environ.get(SECRET_ENV, "")
    if len(value) < 16:
        raise QcSignatureError(
            f"未配置质控二维码签名密钥：请设置环境变量 {SECRET_ENV}（至少16个字符） / "
            f"set {SECRET_ENV} (16+ characters) to sign QC codes"
        )
    return value.encode("utf-8")


def sign(qc_code: str, secret: bytes) -> str:
    digest = hmac.new(secret, qc_code.encode("utf-8"), hashlib.sha256).digest()[:16]
    return _VERSION + "." + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def verification_url(base_url: str, qc_code: str, secret: bytes) -> str:
    """The address the QR code carries for ``qc_code``."""
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}{urlencode({'c': qc_code, 's': sign(qc_code, secret)})}"


@attrs.frozen(kw_only=True)
class Verified:
    qc_code: str
    base_url: str


def verify_url(url: str, secret: bytes) -> Verified:
    """The QC code an address vouches for; :class:`QcSignatureError` if forged or altered."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    codes, signatures = query.get("c", []), query.get("s", [])
    if len(codes) != 1 or len(signatures) != 1:
        raise QcSignatureError("二维码地址缺少质控编号或签名")
    if not verify(codes[0], signatures[0], secret):
        raise QcSignatureError("质控二维码签名无效：编号被篡改或不是本系统签发")
    return Verified(qc_code=codes[0], base_url=f"{parts.scheme}://{parts.netloc}{parts.path}")


def verify(qc_code: str, signature: str, secret: bytes) -> bool:
    # A scanned address may carry anything; compare_digest refuses non-ASCII text, and no
    # signature this module writes has any.
    if not signature.isascii():
        return False
    return hmac.compare_digest(sign(qc_code, secret).encode("ascii"), signature.encode("ascii"))


def qr_png(data: str, *, box_size: int = 8, border: int = 2) -> bytes:
    """A PNG of a QR code for ``data`` (error correction M: survives a smudged printout)."""
    import qrcode  # imported here: drawing is not needed to check filings
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()
