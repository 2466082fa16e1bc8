"""Types of the Jiangsu ruleset's parameter values, structured strictly from YAML.

The test-item catalog (检测关系维护: which items a device type is tested for, and each
item's 参考值 and 计量单位 per test condition, source 000 §5.1.2.2 5) is the largest; the
others are the QC-code format, the combinations whose results come from entered data,
and the workflow parameters. Reference values are written as decimal strings in YAML so
that they are read exactly; a malformed one fails loading with its path.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache

import attrs

from radrules import (
    AttachmentKind,
    ClientKind,
    ExposureMode,
    InvalidValue,
    ServiceField,
    TestCondition,
    parse_decimal,
)


def _decimal(text: str | None, what: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return parse_decimal(text)
    except InvalidValue as exc:
        raise ValueError(f"{what}：{exc.reason}") from None


#: How sure a catalog value is (research note device-test-catalog.md): two or more
#: independent secondary sources agree, one does, or the value is not known (no limit kept).
EVIDENCE = ("S2", "S1", "U")


@attrs.frozen(kw_only=True)
class Reference:
    """参考值 of an item under one test condition.

    ``requirement`` is the standard's wording, shown on the form. A quantitative value has
    ``min`` and/or ``max`` (inclusive: a result on its limit passes); a deviation from the
    value set on the device has ``deviation_percent`` and ``deviation_absolute`` (±5.0% 或
    ±5.0 kV，以较大者控制: |measured − set| ≤ the larger of the two); a qualitative one lists
    the ``passing`` results and the recognised ``failing`` ones. With none of these, the
    requirement cannot be judged mechanically and the tester's verdict stands.
    """

    requirement: str
    min: str | None = None
    max: str | None = None
    deviation_percent: str | None = None
    deviation_absolute: str | None = None
    #: The limits themselves fail (“<0.35%”); by default a result on its limit passes.
    exclusive: bool = False
    passing: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        low, high = _decimal(self.min, "min"), _decimal(self.max, "max")
        pct = _decimal(self.deviation_percent, "deviation_percent")
        absolute = _decimal(self.deviation_absolute, "deviation_absolute")
        if low is not None and high is not None and low > high:
            raise ValueError(f"参考值下限 {self.min} 大于上限 {self.max}")
        kinds = sum(
            (low is not None or high is not None, pct is not None or absolute is not None, bool(self.passing))
        )
        if kinds > 1 or (self.failing and kinds > 1):
            raise ValueError("参考值只能是定量（min/max）、偏离（deviation_*）或定性（passing/failing）之一")
        if (pct is None) != (absolute is None):
            raise ValueError("偏离参考值须同时给出 deviation_percent 和 deviation_absolute")
        if any(v is not None and v < 0 for v in (pct, absolute)):
            raise ValueError("偏离参考值不能为负数")
        if self.failing and not self.passing:
            raise ValueError("定性参考值须列出合格的结果（passing）")
        if overlap := set(self.passing) & set(self.failing):
            raise ValueError(f"结果 {'、'.join(sorted(overlap))} 不能既合格又不合格")

    @property
    def quantitative(self) -> bool:
        return self.min is not None or self.max is not None

    @property
    def deviation(self) -> bool:
        """True when the item is judged against the value set on the device (needs ``set_value``)."""
        return self.deviation_percent is not None

    @property
    def qualitative(self) -> bool:
        return bool(self.passing)

    @property
    def judged(self) -> bool:
        """True when the catalog decides pass or fail for this condition."""
        return self.quantitative or self.deviation or self.qualitative

    @property
    def minimum(self) -> Decimal | None:
        return _decimal(self.min, "min")

    @property
    def maximum(self) -> Decimal | None:
        return _decimal(self.max, "max")

    def allowed_deviation(self, set_value: Decimal) -> Decimal:
        """The larger of ``deviation_percent`` % of ``set_value`` and ``deviation_absolute``."""
        pct, absolute = _decimal(self.deviation_percent, "pct"), _decimal(self.deviation_absolute, "abs")
        assert pct is not None and absolute is not None
        return max(abs(set_value) * pct / 100, absolute)


@attrs.frozen(kw_only=True)
class CatalogTestItem:
    """A 检测项目 (test item) as the catalog defines it: its unit and a reference per test condition
    (absent: not tested then). What a report says of it is a :class:`radrules.TestItem`."""

    code: str
    name: str
    clause: str
    unit: str | None = None
    acceptance: Reference | None = None
    status: Reference | None = None
    stability: Reference | None = None
    #: How sure the values are (EVIDENCE); ``note`` says what is not confirmed.
    evidence: str = "S1"
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.evidence not in EVIDENCE:
            raise ValueError(f"evidence 应为 {'、'.join(EVIDENCE)} 之一，实际为 {self.evidence!r}")
        if self.evidence == "U" and any(
            r is not None and r.judged for r in (self.acceptance, self.status, self.stability)
        ):
            raise ValueError(f"检测项目 {self.code} 标为未核实（U），不能有可判定的参考值")

    def reference(self, condition: TestCondition) -> Reference | None:
        value: Reference | None = getattr(self, condition.value)
        return value

    @property
    def qualitative(self) -> bool:
        """True when the item's results are words (伪影: 无伪影 / 有伪影), not numbers."""
        return any(r is not None and r.qualitative for r in (self.acceptance, self.status, self.stability))


@attrs.frozen(kw_only=True)
class ProtectionLimit:
    """The limit on measurement points around a device's room (机房外周围剂量当量率).

    ``mode`` is the exposure mode the limit is for, where a device has more than one (a
    胃肠机: 透视 and 摄影); ``exception`` says when a higher reading may still be acceptable
    (the tester then justifies the verdict in the point's remark, and the reviewer sees it).
    """

    max: str
    unit: str
    requirement: str
    clause: str
    mode: ExposureMode | None = None
    exception: str | None = None
    evidence: str = "S1"

    def __attrs_post_init__(self) -> None:
        _decimal(self.max, "max")
        if self.evidence not in EVIDENCE[:2]:
            raise ValueError(f"限值的 evidence 应为 S2 或 S1，实际为 {self.evidence!r}")

    @property
    def maximum(self) -> Decimal:
        value = _decimal(self.max, "max")
        assert value is not None
        return value


@attrs.frozen(kw_only=True)
class DeviceType:
    """A device type with the items it is tested for, found by code, name or alias (Device.type)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    #: The room's limits: none (judged by the tester), one, or one per exposure mode.
    protection: tuple[ProtectionLimit, ...] = ()
    hazard_type: str = "X射线"
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        modes = [p.mode for p in self.protection]
        if len(self.protection) > 1 and (None in modes or len(set(modes)) != len(modes)):
            raise ValueError(f"设备类型 {self.code} 有多个防护限值时，须各注明不同的 mode（透视/摄影）")


@attrs.frozen(kw_only=True)
class TestCatalog:
    """The test-item catalog: items, and the device types that use them."""

    __test__ = False  # not a pytest test class

    items: tuple[CatalogTestItem, ...]
    device_types: tuple[DeviceType, ...]

    def __attrs_post_init__(self) -> None:
        codes = [i.code for i in self.items]
        if dup := {c for c in codes if codes.count(c) > 1}:
            raise ValueError(f"检测项目代码重复：{'、'.join(sorted(dup))}")
        names: dict[str, str] = {}
        for d in self.device_types:
            for key in (d.code, d.name, *d.aliases):
                norm = normalize_name(key)
                if norm in names and names[norm] != d.code:
                    raise ValueError(f"设备类型名称“{key}”同时属于 {names[norm]} 和 {d.code}")
                names[norm] = d.code
            if unknown := [c for c in d.items if c not in codes]:
                raise ValueError(f"设备类型 {d.code} 引用了未定义的检测项目：{'、'.join(unknown)}")


@attrs.frozen(kw_only=True)
class QcCodeFormat:
    """The QC code: prefix, year, service-field code, zero-padded sequence, check character.

    Written with ``separator`` between the parts (``JS-2026-2-000123-K``); the check
    character (ISO/IEC 7064 MOD 37,36) is computed over the parts without separators.
    """

    prefix: str
    separator: str
    field_codes: dict[ServiceField, str]
    sequence_digits: int

    def __attrs_post_init__(self) -> None:
        if not (self.prefix.isascii() and self.prefix.isalpha() and self.prefix.isupper()):
            raise ValueError("prefix 须为大写英文字母")
        if self.separator not in ("", "-"):
            raise ValueError("separator 只能为空或“-”")
        if missing := [f.value for f in ServiceField if f not in self.field_codes]:
            raise ValueError(f"field_codes 缺少技术服务领域：{', '.join(missing)}")
        codes = list(self.field_codes.values())
        if len(set(codes)) != len(codes) or any(len(c) != len(codes[0]) for c in codes):
            raise ValueError("各技术服务领域的代码须互不相同且等长")
        if not all(c.isascii() and c.isalnum() and c == c.upper() for c in codes):
            raise ValueError("技术服务领域代码须为数字或大写英文字母")
        if not 3 <= self.sequence_digits <= 9:
            raise ValueError("sequence_digits 须在3到9之间")


@attrs.frozen(kw_only=True)
class DataFirst:
    """The client kinds and service fields whose cards take results from entered reports."""

    client_kinds: tuple[ClientKind, ...]
    service_fields: tuple[ServiceField, ...]

    def __attrs_post_init__(self) -> None:
        allowed = {ServiceField.protection_testing, ServiceField.dose_monitoring}
        if extra := [f.value for f in self.service_fields if f not in allowed]:
            raise ValueError(
                f"只有放射卫生防护检测和个人剂量监测有可引用的检测数据，不能为：{', '.join(extra)}"
            )

    def applies(self, kind: ClientKind, field: ServiceField) -> bool:
        return kind in self.client_kinds and field in self.service_fields


@lru_cache(maxsize=4096)  # the same item and device names recur on every sample
def normalize_name(text: str) -> str:
    """Names as typed vary in width, case and spaces: ``ＤＲ``, ``dr``, ``D R`` are one name."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").upper()


LockAttachments = list[AttachmentKind]
