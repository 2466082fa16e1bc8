"""Warning rules on a unit's radiation devices (《放射诊疗管理规定》卫生部令第46号 第二十条).

Wording from a secondary copy [S]: "（一）新安装、维修或更换重要部件后的设备，应当经省级以上
卫生行政部门资质认证的检测机构对其进行检测，合格后方可启用；（二）定期进行稳定性检测、校正
和维护保养，由省级以上卫生行政部门资质认证的检测机构每年至少进行一次状态检测". A device is
*in use* from ``installed_on`` to ``retired_on`` (both included). "每年至少一次" is read as an
interval: the next status test is due one year after the last passed status or acceptance
test, to the same calendar day (29 February → 28 February), not once per calendar year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import DeviceTest, Finding, RegisterContext, RegisteredDevice, TestCondition, warning_rule

from .book import book
from .citations import provisions_46
from .register_intervals import Lapse, due_warning, lapse_warnings

IN_FORCE_46 = date(2006, 3, 1)
_ARTICLE_20_1 = provisions_46("第二十条（一）")
_ARTICLE_20_2 = provisions_46("第二十条（二）")
_STATUS_BASE = (TestCondition.acceptance, TestCondition.status)


def in_use(device: RegisteredDevice, day: date) -> bool:
    return device.installed_on <= day and (device.retired_on is None or day <= device.retired_on)


def _tests(device: RegisteredDevice, ctx: RegisterContext) -> list[tuple[int, DeviceTest]]:
    return [(i, t) for i, t in enumerate(device.tests) if t.tested_on <= ctx.as_of]


def _label(device: RegisteredDevice) -> str:
    return f"设备“{device.name}”（{device.device_id}）"


@warning_rule(
    book,
    "NAT.unit.device.acceptance-test",
    title="新安装的放射诊疗设备经验收检测合格后方可启用",
    applies_to=RegisteredDevice,
    cites=[_ARTICLE_20_1],
    valid_from=IN_FORCE_46,
)
def acceptance_test(device: RegisteredDevice, ctx: RegisterContext) -> Iterator[Finding]:
    """第二十条（一）[S]: a device in use with no passed acceptance test. A device installed
    is taken to be in use; the register records no separate first day of use."""
    if not in_use(device, ctx.as_of):
        return
    if not any(t.passed and t.condition is TestCondition.acceptance for _, t in _tests(device, ctx)):
        yield ctx.warn(
            "tests", f"{_label(device)} {device.installed_on.isoformat()} 安装，没有合格的验收检测"
        )


def _status_days(device: RegisteredDevice, ctx: RegisterContext) -> list[date]:
    return [t.tested_on for _, t in _tests(device, ctx) if t.passed and t.condition in _STATUS_BASE]


@warning_rule(
    book,
    "NAT.unit.device.status-test-interval",
    title="放射诊疗设备每年至少进行一次状态检测",
    applies_to=RegisteredDevice,
    cites=[_ARTICLE_20_2],
    valid_from=IN_FORCE_46,
    parameters=["device_status_test_interval_years"],
)
def status_test_interval(device: RegisteredDevice, ctx: RegisterContext) -> Iterator[Finding]:
    """第二十条（二）[S]: each interval between passed status (or acceptance) tests, and from
    the last one to the as-of date, longer than one year while the device was in use."""
    years: int = ctx.param("device_status_test_interval_years")

    def text(lapse: Lapse) -> str:
        late = f"{lapse.next.isoformat()} 才进行" if lapse.next else "至今未进行"
        return (
            f"{_label(device)} 上次合格的检测于 {lapse.start.isoformat()}，"
            f"应不晚于 {lapse.due.isoformat()} 进行状态检测，{late}"
        )

    yield from lapse_warnings(
        ctx,
        "tests",
        _status_days(device, ctx),
        years,
        active_from=device.installed_on,
        active_to=device.retired_on,
        text=text,
    )


@warning_rule(
    book,
    "NAT.unit.device.status-test-due",
    title="放射诊疗设备状态检测即将到期",
    applies_to=RegisteredDevice,
    cites=[_ARTICLE_20_2],
    valid_from=IN_FORCE_46,
    parameters=["device_status_test_interval_years"],
)
def status_test_due(device: RegisteredDevice, ctx: RegisterContext) -> Iterator[Finding]:
    """第二十条（二）[S]: a device in use whose next status test falls due within the lead time."""
    if not in_use(device, ctx.as_of):
        return
    years: int = ctx.param("device_status_test_interval_years")
    yield from due_warning(
        ctx,
        "tests",
        _status_days(device, ctx),
        years,
        text=lambda last, day: (
            f"{_label(device)} 上次合格的检测于 {last.isoformat()}，应不晚于 {day.isoformat()} 进行状态检测"
        ),
    )


def _retests(later: TestCondition, failed: TestCondition) -> bool:
    if later is failed or later is TestCondition.acceptance:
        return True
    return later is TestCondition.status and failed is TestCondition.stability


@warning_rule(
    book,
    "NAT.unit.device.failed-test",
    title="检测不合格的放射诊疗设备须经复检合格后方可使用",
    applies_to=RegisteredDevice,
    cites=[_ARTICLE_20_1, _ARTICLE_20_2],
    valid_from=IN_FORCE_46,
)
def failed_test(device: RegisteredDevice, ctx: RegisterContext) -> Iterator[Finding]:
    """第二十条 [S] "合格后方可启用": a device in use with a failed test that no later passed
    test retests: one of the same condition, a status test after a stability test (the
    qualified body's fuller test), or an acceptance test (after repair, 第二十条（一）). A
    retest on the same day counts when it is listed after the failure."""
    if not in_use(device, ctx.as_of):
        return
    tests = _tests(device, ctx)
    for i, failed in tests:
        if failed.passed:
            continue
        cured = any(
            t.passed and _retests(t.condition, failed.condition) and (t.tested_on, j) > (failed.tested_on, i)
            for j, t in tests
        )
        if not cured:
            yield ctx.warn(
                f"tests[{i}].passed",
                f"{_label(device)} {failed.tested_on.isoformat()} 的{failed.condition.label}不合格，之后没有合格的复检",
                about=f"{failed.condition.value}:{failed.tested_on.isoformat()}",
            )
