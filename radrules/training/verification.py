"""Signed verification addresses of training certificates, like the QC QR code's.

The QR code on a certificate carries ``<base>?n=<number>&s=<signature>``. The signature is
:func:`radrules.qc.sign` of ``certificate:<number>`` under the deployment's key
(``RADRULES_QC_SECRET``): the same key as the QC codes, but a different message, so a
signature made for a QC code never vouches for a certificate or the other way round. A
forged or altered number fails :func:`verify_certificate_url`; what the page then shows
(valid, revoked, unknown) is storage's answer for the number. The base address is the
province's ruleset parameter ``training_certificate_verification_url`` unless a
deployment passes its own.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

from radrules.engine.registry import Registry, default_registry
from radrules.errors import QcSignatureError, RulesetError
from radrules.model.training import TrainingPlan
from radrules.qc import secret_from_env, sign, verify
from radrules.training.numbers import CertificateError

BASE_PARAMETER = "training_certificate_verification_url"
_PURPOSE = "certificate:"


def certificate_verification_base(
    plan: TrainingPlan, *, as_of: date, registry: Registry | None = None, province: str | None = None
) -> str:
    """The province's verification address for the plan's certificates (its ruleset)."""
    reg = registry or default_registry()
    chain = reg.chain(reg.resolve(province)) if province else reg.chain_for_division(plan.division_code)
    try:
        return str(reg.view(chain, as_of).get(BASE_PARAMETER))
    except RulesetError as exc:
        raise CertificateError(f"辖区 {'/'.join(chain)} 没有培训合格证书核验地址：{exc.message}") from None


def certificate_verification_url(number: str, *, base_url: str, secret: bytes | None = None) -> str:
    """The address the certificate's QR code carries."""
    key = secret if secret is not None else secret_from_env()
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}{urlencode({'n': number, 's': sign(_PURPOSE + number, key)})}"


def verify_certificate_url(url: str, *, secret: bytes | None = None) -> str:
    """The certificate number a scanned address vouches for.

    Raises :class:`radrules.QcSignatureError` when the address is malformed, or its number
    was altered, or it was not signed with this deployment's key.
    """
    key = secret if secret is not None else secret_from_env()
    query = parse_qs(urlsplit(url).query)
    numbers, signatures = query.get("n", []), query.get("s", [])
    if len(numbers) != 1 or len(signatures) != 1:
        raise QcSignatureError("二维码地址缺少证书编号或签名")
    if not verify(_PURPOSE + numbers[0], signatures[0], key):
        raise QcSignatureError("证书二维码签名无效：证书编号被篡改或不是本系统签发")
    return numbers[0]
