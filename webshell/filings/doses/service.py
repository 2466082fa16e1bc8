"""个人剂量监测填报 (source 000 §5.2): the institution's dose reports and their list.

A report names a client picked from the platform's register and, per record, one of that
client's radiation workers (the institution cannot add or change workers, §5.2.1); the
worker in a body is replaced by the stored one with its monitoring assignments, so that
the rules on whom this institution may monitor (§5.2.2.2) see the client's own data. The
list shows one line per worker and period (§5.2.2.1 3), filtered by the conditions of
§5.2.2.1 2. The Excel import is :mod:`.excel`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from radrules_webshell.clients import service as clients
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.filings.doses.tables import DoseReport as DoseTable
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.lists import ReportFilters, like, listed, sorted_rows, within
from radrules_webshell.filings.reports.parties import parties

from radrules import DoseReport, default_registry


async def resolve(institution_id: int, report: DoseReport) -> tuple[int, DoseReport]:
    own, client_id, client = await parties(institution_id, report.institution_uscc, report.client.uscc)
    workers = {w.id_number: w for w in await clients.worker_models(client_id)}
    records = []
    for i, record in enumerate(report.records):
        worker = workers.get(record.worker.id_number.strip().upper())
        if worker is None:
            raise Invalid(
                f"第{i + 1}条记录的人员不是委托单位 {client.name} 的放射工作人员",
                errors={
                    f"records[{i}].worker.id_number": "只能选择委托单位的放射工作人员（人员由委托单位自行维护）"
                },
            )
        records.append(attrs.evolve(record, worker=worker))
    return client_id, attrs.evolve(report, client=client, institution_uscc=own, records=tuple(records))


KIND: store.ReportKind[DoseReport] = store.ReportKind(
    kind="dose",
    label="个人剂量监测报告",
    table=DoseTable,
    model=DoseReport,
    filing_field="dose_reports",
    resolve=resolve,
)


def dose_limit(division_code: str, on: date) -> float | None:
    """The upper dose band (mSv) of the ruleset for the client's jurisdiction, if it has one.

    The list's 合格 (§5.2.2.1 2) compares Hp(10) with it: it is the value above which the
    report card counts a worker as exceeding (“超过20mSv人数”), read from the ruleset, not
    fixed here.
    """
    registry = default_registry()
    view = registry.view(registry.chain_for_division(division_code), on)
    if not view.has("dose_bands"):
        return None
    upper = getattr(view.get("dose_bands"), "upper", None)
    return float(upper) if upper is not None else None


@attrs.define(kw_only=True)
class Filters(ReportFilters):
    """查询条件 of §5.2.2.1 2: those of every report list and the record's own."""

    dosimeter_no: str | None = None
    worker: str | None = None
    id_number: str | None = None


async def list_rows(institution_id: int, f: Filters) -> list[dict[str, Any]]:
    record_filters = any((f.dosimeter_no, f.worker, f.passed, f.id_number, f.tested_from, f.tested_to))
    out = []
    for report, base in await listed(KIND, institution_id, f):
        limit = dose_limit(report.client.division_code, report.report_date)
        if not report.records and not record_filters:
            out.append(
                base
                | {
                    "worker_name": "",
                    "dosimeter_no": "",
                    "id_number": "",
                    "period_start": None,
                    "period_end": None,
                    "hp10": None,
                    "passed": "",
                }
            )
        for record in report.records:
            passed = "" if limit is None else ("是" if record.hp10 <= limit else "否")
            dosimeter = record.dosimeter_no or record.worker.dosimeter_no or ""
            if not (
                like(dosimeter, f.dosimeter_no)
                and like(record.worker.name, f.worker)
                and like(record.worker.id_number, f.id_number)
                and within(record.period_end, f.tested_from, f.tested_to)
                and (not f.passed or ((f.passed == "yes") == (passed == "是") and passed != ""))
            ):
                continue
            out.append(
                base
                | {
                    "worker_name": record.worker.name,
                    "dosimeter_no": dosimeter,
                    "id_number": mask_id_number(record.worker.id_number),
                    "period_start": record.period_start,
                    "period_end": record.period_end,
                    "hp10": record.hp10,
                    "passed": passed,
                }
            )
    return sorted_rows(out)
