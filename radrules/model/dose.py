"""Personal dose monitoring reports (个人剂量监测报告, source 000 §5.2).

One ``DoseRecord`` per worker and monitoring period; Hp(10) in mSv as in GBZ 128.

A report holds at most :data:`MAX_DOSE_RECORDS` records (checked when JSON is structured,
and the row limit of the Excel import): one client's workers over the report's periods —
the largest hospitals have a few thousand radiation workers, monitored quarterly.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.bounds import bounded
from radrules.model.enums import ReportStatus
from radrules.model.parties import Client
from radrules.model.people import Worker

#: Records of one report (and rows of one Excel import); see the module docstring.
MAX_DOSE_RECORDS = 20_000


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
    records: tuple[DoseRecord, ...] = attrs.field(default=(), validator=bounded(MAX_DOSE_RECORDS))
    status: ReportStatus = ReportStatus.draft
