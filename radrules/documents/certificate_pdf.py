"""The training certificate as a PDF (培训合格证书, source 002 §6.4 证书下载).

One certificate per person per class, naming every specialty passed; the holder's ID
number is masked to its address code and last four characters; the QR code in the
footer carries the signed verification address (:mod:`radrules.training.verification`),
so that whoever scans it sees on the public page what the certificate says, or that it
was revoked, or that the address is not genuine.

>>> pdf = render_certificate_pdf(certificate, verification_url=url)   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from radrules.convert import structure
from radrules.errors import RenderError
from radrules.identifiers.id_number import mask_id_number
from radrules.model.training import Certificate
from radrules.model.training_enums import CertificateStatus

from .layout import Document, Field, Fields, Note, Section, StampBox
from .renderer import Renderer, get_renderer

TITLE = "培训合格证书"
NO_SPECIALTY = "——"  # §6.3 3: “无专业类别的培训班类型‘专业类别’内显示‘——’”


def certificate_document(cert: Certificate, *, verification_url: str | None = None) -> Document:
    """What the certificate says, laid out for any renderer."""
    header = [f"证书编号：{cert.number}", f"发证日期：{cert.issued_on.isoformat()}"]
    if cert.status is CertificateStatus.revoked:
        header.append(f"状态：已于 {cert.revoked_on} 撤销")
    holder = [
        Field(label="姓名", value=cert.name),
        Field(label="身份证号", value=mask_id_number(cert.id_number)),
    ]
    if cert.unit_name:
        holder.append(Field(label="工作单位", value=cert.unit_name, wide=True))
    days = (cert.ends_on - cert.starts_on).days + 1
    training = (
        Field(label="培训班类型", value=cert.plan_type),
        Field(label="期次", value=f"第{cert.session_number}期"),
        Field(label="培训班名称", value=cert.plan_name, wide=True),
        Field(label="培训日期", value=f"{cert.starts_on} 至 {cert.ends_on}（{days}天）", wide=True),
        Field(label="合格专业类别", value="、".join(cert.specialties) or NO_SPECIALTY, wide=True),
    )
    note = "经培训考核合格，特发此证。" + ("扫描页脚二维码可核验本证书。" if verification_url else "")
    stamp = StampBox(lines=(f"{cert.issuer}（盖章）", f"{cert.issued_on:%Y年%m月%d日}"))
    return Document(
        title=TITLE,
        header=tuple(header),
        sections=(
            Section(title="一、持证人", blocks=(Fields(items=tuple(holder)),)),
            Section(title="二、培训及考核", blocks=(Fields(items=training), Note(text=note), stamp)),
        ),
        footer=f"证书编号：{cert.number}",
        qr_payload=verification_url,
        author=cert.issuer,
        subject=f"{cert.plan_name} 第{cert.session_number}期 {cert.name}",
    )


def render_certificate_pdf(
    certificate: Certificate | Mapping[str, Any],
    *,
    verification_url: str | None = None,
    renderer: str | Renderer | None = None,
) -> bytes:
    """The A4 PDF of ``certificate`` (the model, or its JSON, structured strictly).

    ``verification_url`` is drawn as the QR code; it must name this certificate's number
    (its ``n`` parameter), else :class:`RenderError`.
    """
    cert = certificate if isinstance(certificate, Certificate) else structure(certificate, Certificate)
    if verification_url is not None:
        named = parse_qs(urlsplit(verification_url).query).get("n")
        if named != [cert.number]:
            shown = named[0] if named else "（无）"
            raise RenderError(f"核验地址中的证书编号 {shown} 与证书编号 {cert.number} 不一致")
    backend = renderer if isinstance(renderer, Renderer) else get_renderer(renderer)
    return backend.render(certificate_document(cert, verification_url=verification_url))
