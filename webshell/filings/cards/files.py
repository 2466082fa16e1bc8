"""A report card's files: its QC QR code, its PDF, and the stamped copies that lock it
(source 000 §5.3.4 第八步; FAQ 3).

* The QR code carries the card's signed verification address (:func:`radrules.card_verification_url`)
  pointing at this deployment's public ``/verify`` page; the PDF is the card printed by
  :func:`radrules.documents.card_pdf.render_card_pdf` with that QR code in every footer.
* The stamped card PDF and the report's cover and sign page are uploaded here. Whether
  they lock the card, and what deleting one does, is :func:`radrules.attach` /
  :func:`radrules.detach` (the jurisdiction's policy); this module stores files,
  writes what the library returns, and audits it, all in one transaction.

The card's attachments are read from the ``card_attachment`` rows, not from the JSON
document, so that a card saved by another page can never lose or invent a stamped copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any

import anyio
import attrs
from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.filings.cards.documents import card_columns, card_from_row
from radrules_webshell.filings.cards.tables import CardAttachment, ReportCard
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads import storage
from radrules_webshell.uploads.tables import Upload
from radrules_webshell.verify.secret import qc_secret

from radrules import (
    Attachment,
    AttachmentKind,
    FilingStatus,
    InvalidValue,
    RadrulesError,
    ServiceField,
    card_verification_url,
    qr_png,
)
from radrules import ReportCard as CardModel
from radrules.services import attachments, workflow

#: The stamped copies an institution uploads on a card (source 000 §5.3.4 第八步).
KINDS = (AttachmentKind.stamped_card, AttachmentKind.report_cover_sign)
KIND_LABELS = {
    AttachmentKind.stamped_card.value: "放射卫生技术服务信息报送卡（盖章版PDF）",
    AttachmentKind.report_cover_sign.value: "放射卫生技术服务报告首页（含质控号）、签发页（盖章版PDF）",
    # 第六步 1: an evaluation card uploads the report itself (预评价 or 控制效果评价)
    AttachmentKind.report_body.value: "报告正文（预评价或控制效果评价报告，PDF）",
}


def kinds_for(row: dict[str, Any]) -> tuple[AttachmentKind, ...]:
    """What may be uploaded on a card: the stamped copies, and on an evaluation card
    (放射诊疗建设项目职业病危害放射防护评价) its 报告正文 (source 000 §5.3.4 第六步 1)."""
    if row.get("service_field") == ServiceField.protection_evaluation.value:
        return (*KINDS, AttachmentKind.report_body)
    return KINDS


UPLOAD_PURPOSE = "card_attachment"
NO_QC_CODE = "该报送卡尚无质控编号：暂存或提交后系统自动生成质控编号，之后才能下载质控二维码和预览报送卡"


def institution_of(user: Principal) -> int:
    """The institution whose cards ``user`` may reach; other roles have none here (404)."""
    if user.role != "institution" or user.institution_id is None:
        raise NotFound()
    return user.institution_id


async def card_row(user: Principal, card_id: int, *, lock: bool = False) -> dict[str, Any]:
    """The card row of the user's own institution; any other card is "not found".

    ``lock`` (inside a transaction): hold the row until commit, so that two uploads to one
    card wait for each other instead of one failing on the version check. SQLite needs no
    row lock: its write transactions already run one at a time.
    """
    query = ReportCard.select().where(
        (ReportCard.id == card_id) & (ReportCard.institution == institution_of(user))
    )
    if lock and not is_sqlite(ReportCard._meta.db):
        query = query.lock_rows()
    row = await query.first()
    if row is None:
        raise NotFound("报送卡不存在或无权访问")
    return row


async def attachment_rows(card_id: int) -> list[dict[str, Any]]:
    """The card's stamped copies with their files, oldest first."""
    rows = (
        await CardAttachment.select(
            CardAttachment.id,
            CardAttachment.kind,
            CardAttachment.created_at,
            CardAttachment.upload.id.as_alias("upload_id"),
            CardAttachment.upload.original_name.as_alias("original_name"),
            CardAttachment.upload.size.as_alias("size"),
            CardAttachment.upload.sha256.as_alias("sha256"),
            CardAttachment.upload.stored_name.as_alias("stored_name"),
        )
        .where(CardAttachment.report_card == card_id)
        .order_by(CardAttachment.id)
    )
    names = _document_names(rows)
    return [
        {**r, "filename": names[r["id"]], "kind_label": KIND_LABELS.get(r["kind"], r["kind"])} for r in rows
    ]


def _document_names(rows: Sequence[dict[str, Any]]) -> dict[int, str]:
    """The name each attachment has on the card: its file name, made unique on the card
    (``detach`` names the attachment to remove by it)."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    for r in rows:
        name = r["original_name"]
        n = 2
        while name in taken:
            path = PurePath(r["original_name"])
            name = f"{path.stem}（{n}）{path.suffix}"
            n += 1
        taken.add(name)
        names[r["id"]] = name
    return names


def _card_with_files(row: dict[str, Any], files: Sequence[dict[str, Any]]) -> CardModel:
    card = card_from_row(row)
    attached = tuple(
        Attachment(kind=AttachmentKind(f["kind"]), filename=f["filename"], sha256=f["sha256"]) for f in files
    )
    return attrs.evolve(card, attachments=attached)


# -- QR code and PDF ----------------------------------------------------------------------------


def verification_address(card: CardModel, settings: Settings, base_url: str, *, on: date) -> str:
    """The signed address the card's QR code carries, or 409 when it cannot have one yet."""
    if not card.qc_code:
        raise Conflict(NO_QC_CODE)
    try:
        return card_verification_url(card, as_of=on, secret=qc_secret(settings), base_url=base_url)
    except (RadrulesError, InvalidValue) as exc:
        raise Conflict(f"不能生成质控二维码：{exc}") from None


async def qr_code(user: Principal, card_id: int, settings: Settings, base_url: str) -> tuple[str, bytes]:
    """The card's QC code and the PNG of its QR code."""
    card = card_from_row(await card_row(user, card_id))
    url = verification_address(card, settings, base_url, on=clock.today())
    assert card.qc_code is not None
    return card.qc_code, await anyio.to_thread.run_sync(qr_png, url)


async def card_pdf(user: Principal, card_id: int, settings: Settings, base_url: str) -> tuple[str, bytes]:
    """The card's QC code and its PDF, with the QR code in every page footer."""
    return await pdf_of_row(await card_row(user, card_id), settings, base_url)


async def pdf_of_row(row: dict[str, Any], settings: Settings, base_url: str) -> tuple[str, bytes]:
    """The PDF of a card row the caller may read (the institution's own, a regulator's
    within its area)."""
    from radrules.documents.card_pdf import render_card_pdf

    card = _card_with_files(row, await attachment_rows(row["id"]))
    url = verification_address(card, settings, base_url, on=clock.today())
    assert card.qc_code is not None

    def render() -> bytes:
        return render_card_pdf(card, verification_url=url)

    try:
        # Drawing is CPU work (and the first use prepares the font): keep it off the event loop.
        pdf = await anyio.to_thread.run_sync(render)
    except RadrulesError as exc:
        raise Conflict(f"不能生成报送卡PDF：{exc}") from None
    return card.qc_code, pdf


def prepare_fonts() -> None:
    """Prepare the PDF font now (some seconds, once per machine) rather than on the first
    preview; the server runs this in a background thread at start-up."""
    from radrules.documents.fonts import is_prepared, prepared_font
    from radrules.errors import FontError

    try:
        if not is_prepared():
            prepared_font()
    except (FontError, OSError):
        pass  # the preview will report it to whoever asks for a PDF


# -- stamped copies ---------------------------------------------------------------------------


def _kind(value: Any, allowed: tuple[AttachmentKind, ...] = KINDS) -> AttachmentKind:
    if not isinstance(value, str) or value not in {k.value for k in allowed}:
        choices = "、".join(f"{k.value}（{KIND_LABELS[k.value]}）" for k in allowed)
        raise Invalid(errors={"kind": f"请选择附件类别：{choices}"})
    return AttachmentKind(value)


def _state(row: dict[str, Any], files: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What the audit trail keeps of the card around an attachment change."""
    return {
        "status": row["status"],
        "status_under_lock": row["status_under_lock"],
        "version": row["version"],
        "attachments": [{"kind": f["kind"], "filename": f["filename"], "sha256": f["sha256"]} for f in files],
    }


def _refused(exc: workflow.TransitionRefused) -> Conflict:
    return Conflict(exc.message)


async def _write_card(row: dict[str, Any], new: CardModel, now: datetime) -> dict[str, Any]:
    """Store ``new`` over ``row`` if nobody changed the card meanwhile (its version)."""
    columns = card_columns(new)
    changed = {
        "status": columns["status"],
        "status_under_lock": columns["status_under_lock"],
        "document": columns["document"],
        "version": row["version"] + 1,
        "updated_at": now,
    }
    updated = (
        await ReportCard.update(changed)  # type: ignore[arg-type]
        .where((ReportCard.id == row["id"]) & (ReportCard.version == row["version"]))
        .returning(ReportCard.id)
    )
    if not updated:
        raise Conflict("报送卡刚被修改过，请刷新页面后重试")
    return {**row, **changed}


async def add_attachment(
    user: Principal, card_id: int, kind_value: Any, upload: Any, settings: Settings
) -> dict[str, Any]:
    """Upload a stamped copy (or an evaluation card's 报告正文); the card locks when the
    jurisdiction's copies are all present."""
    kind = _kind(kind_value, kinds_for(await card_row(user, card_id)))
    try:
        blob, media_type, ext = await storage.read_checked(upload, settings)
    except InvalidValue as exc:
        raise Invalid(errors={"file": exc.reason}) from None
    if media_type != "application/pdf":
        # 第八步 asks for the stamped copies as PDF files (the report too is kept as PDF).
        raise Invalid(errors={"file": "文件须为PDF（按文件内容判断）"})
    now = datetime.now(UTC)
    # The file becomes visible (its name) only once its row is committed: storage.Staging.
    async with storage.Staging(settings) as staging, atomic():
        stored = staging.add(blob, media_type, ext, upload.filename)
        row = await card_row(user, card_id, lock=True)
        files = await attachment_rows(card_id)
        card = _card_with_files(row, files)
        filename = _document_names([*files, {"id": 0, "original_name": stored.original_name}])[0]
        try:
            transition = attachments.attach(
                card,
                Attachment(kind=kind, filename=filename, sha256=stored.sha256),
                actor=user.login,
                at=now,
            )
        except workflow.TransitionRefused as exc:
            raise _refused(exc) from None
        upload_id = await uploads.insert(
            stored, UPLOAD_PURPOSE, institution_id=row["institution"], account_id=user.account_id
        )
        inserted = await CardAttachment.insert(
            CardAttachment(report_card=card_id, upload=upload_id, kind=kind.value)
        ).returning(CardAttachment.id)
        after = await _write_card(row, transition.card, now)
        await audit.record(
            user,
            "card_attach",
            "report_card",
            card_id,
            before=_state(row, files),
            after=_state(after, await attachment_rows(card_id)) | {"detail": transition.audit.detail},
        )
    return {"id": inserted[0]["id"], "upload_id": upload_id, "status": after["status"]}


async def remove_attachment(user: Principal, card_id: int, attachment_id: int, settings: Settings) -> str:
    """Delete a stamped copy; a locked card unlocks to its state beneath the lock. The new status."""
    now = datetime.now(UTC)
    async with atomic():
        row = await card_row(user, card_id, lock=True)
        files = await attachment_rows(card_id)
        target = next((f for f in files if f["id"] == attachment_id), None)
        if target is None:
            raise NotFound("附件不存在或无权访问")
        card = _card_with_files(row, files)
        try:
            transition = attachments.detach(card, target["filename"], actor=user.login, at=now)
        except workflow.TransitionRefused as exc:
            raise _refused(exc) from None
        await CardAttachment.delete().where(CardAttachment.id == attachment_id)
        await Upload.delete().where(Upload.id == target["upload_id"])
        after = await _write_card(row, transition.card, now)
        await audit.record(
            user,
            "card_detach",
            "report_card",
            card_id,
            before=_state(row, files),
            after=_state(after, [f for f in files if f["id"] != attachment_id])
            | {"detail": transition.audit.detail},
        )
    # After the commit: the row that named the file is gone, so the file goes too.
    storage.remove(target["stored_name"], settings)
    return str(after["status"])


def status_label(row: dict[str, Any]) -> str:
    status = FilingStatus(row["status"])
    if status is FilingStatus.locked and row["status_under_lock"]:
        return f"{status.label}（{FilingStatus(row['status_under_lock']).label}）"
    return status.label
