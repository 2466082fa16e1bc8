"""Medical radiation device test reports (医用辐射装置检测报告, source 000 §5.1).

One report per client and report number; one ``Sample`` per device tested, with a
performance part (test items with limits from a catalog) and a protection part
(measurement points). Results are kept as typed, so that scientific notation such as
``1.2E-3`` and qualitative results survive unchanged; rules parse them.

Lists are bounded where JSON is structured (:mod:`radrules.model.bounds`): a report has at
most :data:`MAX_SAMPLES` samples — one per device tested for one client, and the largest
hospitals run one to two hundred radiation devices, so 500 takes a whole hospital in one
report while the largest valid body stays near 2 MB; each test at most 200 items or
points (the WS 76-2020 catalog of a device type lists a few dozen), each sample its two
test categories at most once each.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.bounds import bounded
from radrules.model.card import Attachment
from radrules.model.enums import ExposureMode, ReportStatus, TestCategory, TestCondition
from radrules.model.parties import Client

#: Samples of one report; see the module docstring.
MAX_SAMPLES = 500


@attrs.define(kw_only=True)
class Device:
    """放射装置 of a client, maintained by the client (source 000 §5.1.1)."""

    device_id: str
    name: str
    owner_uscc: str
    type: str | None = None
    model: str | None = None
    location: str | None = None


@attrs.define(kw_only=True)
class TestItem:
    """One 检测项目 (test item) of a performance test, as reported: its result, unit and
    baseline, or that it is missing (缺项).

    ``set_value`` is the value set on the device (预设值, e.g. the selected tube voltage) for
    items whose limit is a deviation from it (管电压指示的偏离: ±5.0% 或 ±5.0 kV，以较大者控制);
    ``result`` is then the measured value in the item's unit. An item tested at several
    settings is entered as one row per setting.
    """

    __test__ = False  # not a pytest test class

    item: str
    result: str | None = None
    set_value: str | None = None
    condition: TestCondition | None = None
    unit: str | None = None
    baseline: str | None = None
    missing: bool = False
    remark: str | None = None
    passed: bool | None = None


@attrs.define(kw_only=True)
class PerformanceTest:
    tested_on: date
    retest: bool = False
    items: tuple[TestItem, ...] = attrs.field(default=(), validator=bounded(200))


@attrs.define(kw_only=True)
class MeasurementPoint:
    """检测点 of a protection test.

    ``mode`` is the point's 条件 (透视 / 摄影, §5.1.2.2 6) where the room's limit depends on it;
    ``remark`` gives the reason when the verdict departs from the limit (for the reviewer).
    """

    name: str
    result: str | None = None
    count: int = 1
    unit: str | None = None
    limit: str | None = None
    mode: ExposureMode | None = None
    missing: bool = False
    remark: str | None = None
    passed: bool | None = None


@attrs.define(kw_only=True)
class ProtectionTest:
    tested_on: date
    test_conditions: str
    retest: bool = False
    background: str | None = None
    beam_direction: str | None = None
    points: tuple[MeasurementPoint, ...] = attrs.field(default=(), validator=bounded(200))


@attrs.define(kw_only=True)
class Sample:
    """样品: one device tested within a report."""

    sample_no: str
    device: Device
    categories: tuple[TestCategory, ...] = attrs.field(validator=bounded(len(TestCategory)))
    condition: TestCondition = TestCondition.status
    performance: PerformanceTest | None = None
    protection: ProtectionTest | None = None
    attachments: tuple[Attachment, ...] = attrs.field(default=(), validator=bounded(20))


@attrs.define(kw_only=True)
class DeviceTestReport:
    report_no: str
    institution_uscc: str
    client: Client
    report_date: date
    samples: tuple[Sample, ...] = attrs.field(default=(), validator=bounded(MAX_SAMPLES))
    status: ReportStatus = ReportStatus.draft
