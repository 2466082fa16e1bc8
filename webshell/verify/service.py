"""What the public verification page says about a scanned QC QR code (source 000 §5.3.4 第八步).

The QR code in a report's footers carries ``/verify?c=<QC code>&s=<signature>``. Anyone
may open it, without logging in, to learn whether the report it is printed on was filed:

* **无效** — the signature does not hold under this deployment's key (forged, altered, cut
  short, or from another system), or no card here has that QC code;
* **已被替换** — the same institution later filed another card with the same report number
  (a corrected report re-filed under a new QC code): the page names the newer QC code.
  "Filed" means submitted, approved or sent to the national system, locked or not; a later
  draft replaces nothing until it is submitted;
* **已撤销** — the card was withdrawn (撤销) and nothing replaced it;
* **尚未提交** — the card was saved (it has a QC code) but never submitted, or the reviewer
  returned it for correction: the report is not on file;
* **有效** — the card is on file.

The page shows what the printed report already shows — institution, client, report
number, issue date, QC code, service field — and nothing about people (participants,
filler, contacts).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import orjson
from radrules_webshell.core import clock
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.settings import Settings
from radrules_webshell.verify.secret import qc_secret

from radrules import FilingStatus, InvalidValue, QcSignatureError, ServiceField, verify_qc_url
from radrules.qc import verify_url

#: States under which a card counts as filed.
FILED = frozenset({FilingStatus.submitted.value, FilingStatus.approved.value, FilingStatus.synced.value})
LABELS = {
    "valid": "有效",
    "replaced": "已被替换",
    "withdrawn": "已撤销",
    "pending": "尚未提交",
    "invalid": "无效",
}
_EXPLAIN = {
    "valid": "该质控编号对应的技术服务信息报送卡已报送，报告信息如下。",
    "replaced": "该报送卡已被同一技术服务机构就同一报告编号重新报送的报送卡替换，请以新质控编号为准。",
    "withdrawn": "该报送卡已被技术服务机构撤销，当前不在报送状态。",
    "pending": "该报送卡已暂存但尚未提交（或被退回修改），报告信息尚未正式报送。",
}


@attrs.frozen(kw_only=True)
class Outcome:
    state: str
    reason: str
    qc_code: str | None = None
    institution: str | None = None
    client: str | None = None
    report_no: str | None = None
    report_issued_on: date | None = None
    service_field: str | None = None
    filed_on: date | None = None
    replaced_by: str | None = None

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def status_code(self) -> int:
        return 404 if self.state == "invalid" else 200


def _effective(row: dict[str, Any]) -> str:
    if row["status"] == FilingStatus.locked.value:
        return str(row["status_under_lock"] or FilingStatus.draft.value)
    return str(row["status"])


def invalid(reason: str) -> Outcome:
    return Outcome(state="invalid", reason=reason)


async def verify(query: str, settings: Settings) -> Outcome:
    """The outcome for the query string of a scanned address; never raises on bad input."""
    url = "/verify?" + query
    try:
        signed = verify_url(url, qc_secret(settings))
    except (QcSignatureError, ValueError, UnicodeError) as exc:
        return invalid(str(exc) if isinstance(exc, QcSignatureError) else "二维码地址格式不正确")
    # Only a code this deployment signed reaches the database.
    row = await ReportCard.select().where(ReportCard.qc_code == signed.qc_code).first()
    if row is None:
        return invalid("本系统中没有该质控编号的报送卡")
    issued = (
        clock.local(row["created_at"]).date() if isinstance(row["created_at"], datetime) else clock.today()
    )
    try:
        verify_qc_url(url, as_of=issued, secret=qc_secret(settings))
    except (QcSignatureError, InvalidValue) as exc:
        return invalid(str(exc))
    return await _outcome(row)


async def _outcome(row: dict[str, Any]) -> Outcome:
    later = (
        await ReportCard.select(
            ReportCard.id, ReportCard.qc_code, ReportCard.status, ReportCard.status_under_lock
        )
        .where(
            (ReportCard.institution == row["institution"])
            & (ReportCard.report_no == row["report_no"])
            & (ReportCard.id > row["id"])
        )
        .order_by(ReportCard.id, ascending=False)
    )
    newer = next((r for r in later if _effective(r) in FILED and r["qc_code"]), None)
    state = _effective(row)
    if newer is not None:
        kind = "replaced"
    elif state == FilingStatus.withdrawn.value:
        kind = "withdrawn"
    elif state in FILED:
        kind = "valid"
    else:
        kind = "pending"
    return Outcome(
        state=kind,
        reason=_EXPLAIN[kind],
        qc_code=row["qc_code"],
        institution=await _institution_name(row),
        client=row["client_name"],
        report_no=row["report_no"],
        report_issued_on=row["report_issued_on"],
        service_field=ServiceField(row["service_field"]).label if row["service_field"] in _FIELDS else None,
        filed_on=row["filed_on"],
        replaced_by=newer["qc_code"] if newer else None,
    )


_FIELDS = frozenset(f.value for f in ServiceField)


async def _institution_name(row: dict[str, Any]) -> str:
    """The institution's name as printed on the card, else its current name."""
    try:
        name = orjson.loads(row["document"])["institution"]["name"]
        if isinstance(name, str) and name:
            return name
    except (orjson.JSONDecodeError, KeyError, TypeError):
        pass
    inst = await Institution.select(Institution.name).where(Institution.id == row["institution"]).first()
    return str(inst["name"]) if inst else ""
