"""The register of a radiation diagnosis-and-treatment unit (放射诊疗机构): its licences,
devices and radiation workers, as the city's supervision system keeps them (source 001,
modules 3–8: 机构、项目、许可、设备、个人剂量、健康监护档案管理).

The JSON key names are a contract shared with the command line, other health systems and
the web shell (issue 14): ``{"unit_register": {"unit", "licences", "devices", "workers"}}``.
The unit is the existing :class:`~radrules.model.parties.Client`. Devices are tested by the
conditions of 卫生部令第46号 第二十条 (验收、状态、稳定性); workers carry what
卫生部令第55号 requires of them: training (第七、八条), health examinations and the
dose history (第十一条).

Every list is bounded (see the ``MAX_*`` constants) so that one document cannot exhaust
memory; the bounds are generous for the largest real units and say why. Licences, devices
and workers are unique by number, device id and ID number: a warning names its subject
by them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

import attrs

from radrules.model.bounds import bounded
from radrules.model.enums import TestCondition
from radrules.model.parties import Client

# A unit holds one 放射诊疗许可证; re-issues and its history rarely reach a handful.
MAX_LICENCES = 20
# A tertiary hospital group runs a few hundred radiation devices; 2,000 is ample.
MAX_DEVICES = 2_000
# Monthly stability tests plus yearly status tests over a device's 30-year life stay below 500.
MAX_DEVICE_TESTS = 500
# The largest hospitals employ one or two thousand radiation workers.
MAX_WORKERS = 10_000
# One training every two years over a 45-year career is ~23; extra sessions stay under 100.
MAX_TRAININGS = 100
# Exams every one or two years plus emergency and departure exams over a career stay under 100.
MAX_HEALTH_EXAMS = 100
# Monthly monitoring over a 50-year career is 600 periods.
MAX_DOSES = 600


class _distinct(bounded):
    """:class:`bounded`, and refusing two items with the same identity (``key``): a warning's
    key names its subject by it. A subclass, so that the JSON Schema still reads ``limit``."""

    def __init__(self, limit: int, key: Callable[[Any], str], what: str) -> None:
        super().__init__(limit)
        self.key = key
        self.what = what

    def __call__(self, instance: Any, attribute: Any, items: Any) -> None:
        super().__call__(instance, attribute, items)
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            k = self.key(item)
            if k in seen:
                raise ValueError(
                    f"{attribute.name}[{i}] 的{self.what} {k} 与 {attribute.name}[{seen[k]}] 相同，同一登记中不能重复"
                )
            seen[k] = i


def _list(limit: int, unique: Callable[[Any], str] | None = None, what: str = "") -> Any:
    validator = bounded(limit) if unique is None else _distinct(limit, unique, what)
    return attrs.field(default=(), validator=validator)


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[(type(self), self.value)]


class RadiationProject(_Labelled):
    """放射诊疗项目: the four classes of 卫生部令第46号 第四条."""

    radiotherapy = "radiotherapy"
    nuclear_medicine = "nuclear_medicine"
    interventional = "interventional"
    x_ray_imaging = "x_ray_imaging"


class WorkerTrainingKind(_Labelled):
    """放射防护和有关法律知识培训: before starting (第七条) or while at work (第八条)."""

    pre_job = "pre_job"
    in_service = "in_service"


class HealthExamKind(_Labelled):
    """职业健康检查: before, during and on leaving radiation work, or after an accident."""

    pre_job = "pre_job"
    in_service = "in_service"
    departure = "departure"
    emergency = "emergency"


_LABELS: dict[tuple[type, str], str] = {
    (RadiationProject, "radiotherapy"): "放射治疗",
    (RadiationProject, "nuclear_medicine"): "核医学",
    (RadiationProject, "interventional"): "介入放射学",
    (RadiationProject, "x_ray_imaging"): "X射线影像诊断",
    (WorkerTrainingKind, "pre_job"): "岗前培训",
    (WorkerTrainingKind, "in_service"): "在岗培训",
    (HealthExamKind, "pre_job"): "上岗前职业健康检查",
    (HealthExamKind, "in_service"): "在岗期间职业健康检查",
    (HealthExamKind, "departure"): "离岗时职业健康检查",
    (HealthExamKind, "emergency"): "应急照射或事故照射的健康检查",
}


@attrs.define(kw_only=True)
class Licence:
    """《放射诊疗许可证》: verified (校验) with the unit's 医疗机构执业许可证 every
    ``verification_years`` (卫生部令第46号 第十七条; 医疗机构校验管理办法(试行) 第六条).

    ``verified_on`` is the last completed 校验 (None before the first); ``cancelled_on``
    marks a licence no longer held (注销 or replaced), which is no longer checked.
    """

    number: str
    issued_on: date
    verification_years: int
    verified_on: date | None = None
    cancelled_on: date | None = None
    projects: tuple[RadiationProject, ...] = _list(len(RadiationProject), str, "放射诊疗项目")


@attrs.define(kw_only=True)
class DeviceTest:
    """One test of a device by a qualified body, with its conclusion (卫生部令第46号 第二十条)."""

    condition: TestCondition
    tested_on: date
    passed: bool
    report_no: str | None = None


@attrs.define(kw_only=True)
class RegisteredDevice:
    """放射诊疗设备 of the unit. ``retired_on`` marks a device taken out of use."""

    device_id: str
    name: str
    installed_on: date
    type: str | None = None
    model: str | None = None
    retired_on: date | None = None
    tests: tuple[DeviceTest, ...] = _list(MAX_DEVICE_TESTS)


@attrs.define(kw_only=True)
class TrainingRecord:
    """A completed training session: its last day, its length in days and whether it was passed."""

    kind: WorkerTrainingKind
    ended_on: date
    days: float
    passed: bool
    organizer: str | None = None


@attrs.define(kw_only=True)
class HealthExam:
    """A 职业健康检查 and its conclusion: ``fit`` when the worker may do radiation work."""

    kind: HealthExamKind
    examined_on: date
    fit: bool
    institution: str | None = None


@attrs.define(kw_only=True)
class WorkerDose:
    """The personal dose equivalent Hp(10) in mSv of one monitoring period (GBZ 128-2019)."""

    period_start: date
    period_end: date
    hp10: float


@attrs.define(kw_only=True)
class RegisteredWorker:
    """放射工作人员 of the unit with the archive of 卫生部令第55号: 放射工作人员证,
    training, health examinations and doses. ``started_on`` is the first day of radiation
    work at this unit, ``left_on`` the last (None while at work)."""

    name: str
    id_number: str
    started_on: date
    left_on: date | None = None
    certificate_no: str | None = None
    trainings: tuple[TrainingRecord, ...] = _list(MAX_TRAININGS)
    health_exams: tuple[HealthExam, ...] = _list(MAX_HEALTH_EXAMS)
    doses: tuple[WorkerDose, ...] = _list(MAX_DOSES)

    def at_work(self, day: date) -> bool:
        """Doing radiation work at this unit on ``day``."""
        return self.started_on <= day and (self.left_on is None or day <= self.left_on)


@attrs.define(kw_only=True)
class UnitRegister:
    """The register of one 放射诊疗机构 (``unit``: its name, credit code, kind, division)."""

    unit: Client
    licences: tuple[Licence, ...] = _list(MAX_LICENCES, lambda x: x.number.strip(), "许可证编号")
    devices: tuple[RegisteredDevice, ...] = _list(MAX_DEVICES, lambda x: x.device_id.strip(), "设备编号")
    workers: tuple[RegisteredWorker, ...] = _list(
        MAX_WORKERS, lambda x: x.id_number.strip().upper(), "身份证号"
    )


@attrs.define(kw_only=True)
class RegisterDocument:
    """The JSON envelope of a register: ``{"unit_register": {...}}``."""

    unit_register: UnitRegister
