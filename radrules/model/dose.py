"""Personal dose monitoring reports (个人剂量监测报告, source 000 §5.2).

One ``DoseRecord`` per worker and monitoring period; Hp(10) in mSv as in GBZ 128.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.enums import ReportStatus
from radrules.model.parties import Client
from radrules.model.people import Worker


@attrs.define(kw_only=True)
class DoseRecord:
    worker: Worker
    period_start: date
    period_end: date
    hp10: float
    dosimeter_no: str | None = None
    hp007: float | None = None
    remark: str | None = None


@attrs.define(kw_only=True)
class DoseReport:
    report_no: str
    institution_uscc: str
    client: Client
    report_date: date
    records: tuple[DoseRecord, ...] = ()
    status: ReportStatus = ReportStatus.draft
