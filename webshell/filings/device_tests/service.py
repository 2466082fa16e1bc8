"""医用辐射装置检测填报 (source 000 §5.1): the institution's device-test reports.

A report names a client picked from the platform's register and, per sample, one of that
client's devices (§5.1.1: the institution picks devices and cannot add or change them).
What the API or a form sends for the client and the devices is replaced by the stored
records, so the rules see the client's own data. The list shows one line per sample, as
the platform does (§5.1.2.1 3), filtered by the conditions of §5.1.2.1 2.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid
from radrules_webshell.filings.device_tests import judging
from radrules_webshell.filings.device_tests.tables import DeviceTestReport as DeviceTestTable
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.lists import ReportFilters, like, listed, sorted_rows, within
from radrules_webshell.filings.reports.parties import parties

from radrules import DeviceTestReport, Sample


async def _resolve(institution_id: int, report: DeviceTestReport) -> tuple[int, DeviceTestReport]:
    own, client_id, client = await parties(institution_id, report.institution_uscc, report.client.uscc)
    devices = {d.device_id: d for d in await clients.device_models(client_id)}
    samples = []
    used: set[str] = set()
    for i, sample in enumerate(report.samples):
        device = devices.get(sample.device.device_id)
        if device is None:
            raise Invalid(
                f"样品 {i + 1} 的放射装置不是委托单位 {client.name} 的设备",
                errors={
                    f"samples[{i}].device.device_id": "只能选择委托单位的放射装置（设备由委托单位自行维护）"
                },
            )
        sample_no = sample.sample_no.strip() or next_sample_no(report.report_no, used)
        used.add(sample_no)
        samples.append(attrs.evolve(sample, device=device, sample_no=sample_no))
    return client_id, attrs.evolve(report, client=client, institution_uscc=own, samples=tuple(samples))


async def with_device(client_id: int, sample: Sample) -> Sample:
    """The sample with its device as the client registered it (type, model: what the
    catalog is chosen by), before it is judged; an unknown device is left as given."""
    for device in await clients.device_models(client_id):
        if device.device_id == sample.device.device_id:
            return attrs.evolve(sample, device=device)
    return sample


def next_sample_no(report_no: str, used: set[str]) -> str:
    """样品编号：系统自动生成 (§5.1.2.2 4): the report number and a running number."""
    n = 1
    while f"{report_no.strip()}-{n:02d}" in used:
        n += 1
    return f"{report_no.strip()}-{n:02d}"


KIND: store.ReportKind[DeviceTestReport] = store.ReportKind(
    kind="device_test",
    label="检测报告",
    table=DeviceTestTable,
    model=DeviceTestReport,
    filing_field="device_test_reports",
    resolve=_resolve,
)


def _tested_on(sample: Sample) -> date | None:
    days = [p.tested_on for p in (sample.performance, sample.protection) if p is not None]
    return min(days) if days else None


@attrs.define(kw_only=True)
class Filters(ReportFilters):
    """查询条件 of §5.1.2.1 2: those of every report list and the sample's own."""

    sample_no: str | None = None
    device: str | None = None
    device_uid: str | None = None


#: The list's 合格 filter (§5.1.2.1 2): its values and the verdict each keeps.
PASSED_FILTER = {"yes": "是", "no": "否", "missing": "——"}


async def list_rows(institution_id: int, f: Filters) -> list[dict[str, Any]]:
    today = clock.today()
    out = []
    for report, base in await listed(KIND, institution_id, f):
        sample_filters = any((f.sample_no, f.device, f.passed, f.device_uid, f.tested_from, f.tested_to))
        if not report.samples and not sample_filters:
            out.append(
                base
                | {
                    "sample_no": "",
                    "device_name": "",
                    "device_uid": "",
                    "categories": "",
                    "tested_on": None,
                    "passed": "",
                }
            )
        for sample in report.samples:
            # 合格 as the rules judge it (radrules.judge_sample): 是, 否, —— when all 缺项
            passed = judging.list_verdict(judging.judged(sample, report.client.division_code, today))
            tested_on = _tested_on(sample)
            if not (
                like(sample.sample_no, f.sample_no)
                and like(sample.device.name, f.device)
                and like(sample.device.device_id, f.device_uid)
                and within(tested_on, f.tested_from, f.tested_to)
                and (not f.passed or PASSED_FILTER.get(f.passed) == passed)
            ):
                continue
            out.append(
                base
                | {
                    "sample_no": sample.sample_no,
                    "device_name": sample.device.name,
                    "device_uid": sample.device.device_id,
                    "categories": "、".join(c.label for c in sample.categories),
                    "tested_on": tested_on,
                    "passed": passed,
                }
            )
    return sorted_rows(out)
