"""The sample form of a device-test report (样品信息, source 000 §5.1.2.2 4–6), to and from
:class:`radrules.Sample`.

Form names: ``device``, ``categories`` (performance / protection), ``condition``; the
performance part ``perf_tested_on``, ``perf_retest`` and rows ``item_<n>_<field>``; the
protection part ``prot_tested_on``, ``prot_test_conditions``, ``prot_beam_direction``,
``prot_background``, ``prot_retest`` and rows ``point_<n>_<field>``. A row whose name is
blank is not kept. Only the form's own shape is checked here (a date is a date, a count a
whole number); whether the values meet the rules is radrules' finding at submission. A
finding's JSON path is shown beside the input it came from (:func:`form_key`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from radrules import ExposureMode, Sample, TestCategory, TestCondition, unstructure

ITEM_FIELDS = ("name", "set_value", "result", "unit", "condition", "baseline", "passed", "missing", "remark")
POINT_FIELDS = ("name", "count", "mode", "result", "unit", "limit", "passed", "missing", "remark")
#: Common measurement points around an X-ray room (GBZ 130-2020 附录 检测点示例), offered as
#: suggestions; any other name may be typed (“其他”, §5.1.2.2 6).
POINT_SUGGESTIONS = (
    "观察窗外30cm处",
    "操作位",
    "工作人员防护门外30cm处（左门缝）",
    "工作人员防护门外30cm处（右门缝）",
    "受检者防护门外30cm处（左门缝）",
    "受检者防护门外30cm处（中）",
    "受检者防护门外30cm处（右门缝）",
    "管线口",
    "东墙外30cm处",
    "南墙外30cm处",
    "西墙外30cm处",
    "北墙外30cm处",
    "楼上距地面100cm处",
    "楼下距楼下地面170cm处",
)


def _text(form: Mapping[str, Any], name: str) -> str | None:
    value = form.get(name)
    text = str(value).strip() if value is not None else ""
    return text or None


def _flag(form: Mapping[str, Any], name: str) -> bool:
    return _text(form, name) in ("on", "1", "yes", "true")


def _verdict(form: Mapping[str, Any], name: str) -> bool | None:
    return {"yes": True, "no": False}.get(_text(form, name) or "")


def _mode(form: Mapping[str, Any], name: str, errors: dict[str, str]) -> str | None:
    """条件 of a point: 透视 or 摄影 (a room's limit may depend on it), or not said."""
    text = _text(form, name)
    if text is not None and text not in {m.value for m in ExposureMode}:
        errors[name] = "条件应为透视或摄影"
        return None
    return text


def _day(form: Mapping[str, Any], name: str, errors: dict[str, str], required: bool) -> str | None:
    text = _text(form, name)
    if text is None:
        if required:
            errors[name] = "检测日期为必填项"
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        errors[name] = "日期格式应为 YYYY-MM-DD"
        return None


def _rows(form: Mapping[str, Any], prefix: str) -> list[int]:
    found = set()
    for key in form:
        if key.startswith(prefix) and key.endswith("_name"):
            middle = key[len(prefix) : -len("_name")]
            if middle.isdigit():
                found.add(int(middle))
    return sorted(found)


def parse(
    form: Mapping[str, Any], categories: list[str], sample_no: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The Sample JSON of a submitted form, and the form's own errors by input name."""
    errors: dict[str, str] = {}
    device = _text(form, "device")
    if device is None:
        errors["device"] = "请选择放射装置"
    chosen = [c for c in categories if c in {t.value for t in TestCategory}]
    if not chosen:
        errors["categories"] = "检测类别须至少选择一个（性能、防护）"
    condition = _text(form, "condition") or TestCondition.status.value
    data: dict[str, Any] = {
        "sample_no": sample_no,
        "device": {"device_id": device or "", "name": "", "owner_uscc": ""},
        "categories": chosen,
        "condition": condition,
    }
    if TestCategory.performance.value in chosen:
        items = []
        for n in _rows(form, "item_"):
            name = _text(form, f"item_{n}_name")
            if name is None:
                continue
            missing = _flag(form, f"item_{n}_missing")
            items.append(
                {
                    "item": name,
                    "result": None if missing else _text(form, f"item_{n}_result"),
                    "set_value": None if missing else _text(form, f"item_{n}_set_value"),
                    "condition": _text(form, f"item_{n}_condition"),
                    "unit": None if missing else _text(form, f"item_{n}_unit"),
                    "baseline": _text(form, f"item_{n}_baseline"),
                    "missing": missing,
                    "remark": _text(form, f"item_{n}_remark"),
                    "passed": None if missing else _verdict(form, f"item_{n}_passed"),
                }
            )
        data["performance"] = {
            "tested_on": _day(form, "perf_tested_on", errors, True),
            "retest": _flag(form, "perf_retest"),
            "items": items,
        }
    if TestCategory.protection.value in chosen:
        points = []
        for n in _rows(form, "point_"):
            name = _text(form, f"point_{n}_name")
            if name is None:
                continue
            count_text = _text(form, f"point_{n}_count") or "1"
            try:
                count = int(count_text)
            except ValueError:
                errors[f"point_{n}_count"] = "检测点个数应为整数"
                count = 1
            missing = _flag(form, f"point_{n}_missing")
            points.append(
                {
                    "name": name,
                    "result": None if missing else _text(form, f"point_{n}_result"),
                    "count": count,
                    "mode": _mode(form, f"point_{n}_mode", errors),
                    "unit": None if missing else _text(form, f"point_{n}_unit"),
                    "limit": _text(form, f"point_{n}_limit"),
                    "missing": missing,
                    "remark": _text(form, f"point_{n}_remark"),
                    "passed": None if missing else _verdict(form, f"point_{n}_passed"),
                }
            )
        data["protection"] = {
            "tested_on": _day(form, "prot_tested_on", errors, True),
            "test_conditions": _text(form, "prot_test_conditions") or "",
            "retest": _flag(form, "prot_retest"),
            "background": _text(form, "prot_background"),
            "beam_direction": _text(form, "prot_beam_direction"),
            "points": points,
        }
    return data, errors


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "") if value is not None else ""


def values_of(sample: Sample | None) -> dict[str, Any]:
    """Form values of a stored sample (empty for a new one: both categories, 状态检测)."""
    if sample is None:
        return {"categories": ["performance", "protection"], "condition": "status", "items": [], "points": []}
    return values_of_json(unstructure(sample))


#: Finding keys (:func:`form_key`) the sample page shows beside a field or section.
FIELDS_SHOWN = frozenset(
    {
        "device",
        "categories",
        "performance",
        "perf_tested_on",
        "protection",
        "prot_tested_on",
        "prot_test_conditions",
    }
)


def form_key(path: str) -> str:
    """A JSON path of a sample (``samples[2].device.device_id``, ``performance.items[1].result``)
    as the form input it came from."""
    path = re.sub(r"^samples\[\d+\]\.", "", path)
    if path.startswith("device"):
        return "device"
    m = re.match(r"performance\.items\[(\d+)\]\.(\w+)", path)
    if m:
        return f"item_{m.group(1)}_{'name' if m.group(2) == 'item' else m.group(2)}"
    m = re.match(r"protection\.points\[(\d+)\]\.(\w+)", path)
    if m:
        return f"point_{m.group(1)}_{m.group(2)}"
    return path.replace("performance.", "perf_").replace("protection.", "prot_")


def values_of_json(data: dict[str, Any]) -> dict[str, Any]:
    """Form values of Sample JSON: a stored sample's, or what a refused form produced (to show
    it again)."""
    perf = data.get("performance") or {}
    prot = data.get("protection") or {}
    return {
        "device": data["device"]["device_id"],
        "categories": data["categories"],
        "condition": data["condition"],
        "performance": perf,
        "protection": prot,
        "items": [{**i, "name": i["item"], "passed": _yes_no(i["passed"])} for i in perf.get("items", [])],
        "points": [{**p, "passed": _yes_no(p["passed"])} for p in prot.get("points", [])],
    }
