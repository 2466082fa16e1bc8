"""JSON in and out of the domain model, strictly.

Filings come from other systems and from people, so structuring refuses what it does not
understand: an unknown key (naming the nearest valid key), a value of the wrong JSON type
(``"3"`` for a count, ``1`` for a name, ``true`` for a number), a date that is not ISO
8601, a code outside its vocabulary. Every error names the JSON path.

Two converters share the same hooks: a fast one without detailed validation for the
common case, and a detailed one that is only run, on failure, to locate the error.

Input is bounded before it is walked: a JSON array longer than its field's bound
(:mod:`radrules.model.bounds`) is refused before any of its items is structured, and JSON
text nests at most :data:`~radrules.json_text.MAX_DEPTH` levels (:func:`parse_json`;
:func:`radrules.convert_fast.filing_from_text` walks only what fails to structure).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.preconf.json import JsonConverter, make_converter

from radrules.errors import InputError
from radrules.json_text import MAX_DEPTH, check_depth, parse_json
from radrules.model.bounds import DEFAULT_MAX_ITEMS, limit_of
from radrules.model.filing import Filing

T = TypeVar("T")


def _describe(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


class _TypeMismatch(ValueError):
    def __init__(self, expected: str, value: object) -> None:
        super().__init__(f"应为{expected}，实际为 {_describe(value)}")


def _str(value: object, cls: type) -> Any:
    # Registered for ``str``, this hook also receives str-based enums (single dispatch
    # matches subclasses), so it routes those to the vocabulary check.
    if cls is not str:
        return _enum_member(value, cls)
    if type(value) is not str:
        raise _TypeMismatch("字符串", value)
    return value


def _int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _TypeMismatch("整数", value)
    return value


def _float(value: object, _: type) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _TypeMismatch("数值", value)


def _bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _TypeMismatch("true 或 false", value)
    return value


def _date(value: object, _: type) -> date:
    if type(value) is not str or len(value) != 10:
        raise _TypeMismatch("日期（YYYY-MM-DD）", value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _TypeMismatch("有效日期（YYYY-MM-DD）", value) from None


def _datetime(value: object, _: type) -> datetime:
    if type(value) is not str or len(value) < 16:
        raise _TypeMismatch("日期时间（YYYY-MM-DDTHH:MM）", value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _TypeMismatch("有效日期时间（YYYY-MM-DDTHH:MM）", value) from None
    if parsed.tzinfo is not None:
        # Local (Beijing) wall time is what forms record; an offset would silently shift dates.
        raise _TypeMismatch("不带时区的北京时间", value)
    return parsed


def _enum_member(value: object, cls: type) -> Enum:
    members: dict[object, Enum] = cls._value2member_map_  # type: ignore[attr-defined]
    try:
        return members[value]
    except (KeyError, TypeError):
        near = difflib.get_close_matches(str(value), [str(v) for v in members], n=1)
        hint = f"（是否应为 {near[0]}？）" if near else ""
        allowed = "、".join(str(v) for v in members)
        raise ValueError(f"{_describe(value)} 不是有效取值{hint}；可选：{allowed}") from None


class _TooMany(ValueError):
    """A JSON array longer than its bound; ``field`` is its key in the enclosing object ('' for itself)."""

    def __init__(self, field: str, bound: int, found: int) -> None:
        # worded as radrules.model.bounds.bounded words it for a list built in Python
        super().__init__(
            f"{field} 最多{bound}项，实际为{found}项" if field else f"最多{bound}项，实际为{found}项"
        )
        self.field = field


def _refuse_long(value: list[Any]) -> None:
    if len(value) > DEFAULT_MAX_ITEMS:
        raise _TooMany("", DEFAULT_MAX_ITEMS, len(value))


def _bounds(cls: Any) -> tuple[tuple[str, int], ...]:
    return tuple((f.name, n) for f in attrs.fields(cls) if (n := limit_of(f)) is not None)


def _has_bounds(cls: Any) -> bool:
    return attrs.has(cls) and bool(_bounds(cls))


def _check_bounds(value: object, bounds: tuple[tuple[str, int], ...]) -> None:
    if type(value) is dict:
        for name, bound in bounds:
            items = value.get(name)
            if type(items) is list and len(items) > bound:
                raise _TooMany(name, bound, len(items))


def _bounded_object(cls: Any, conv: cattrs.Converter) -> Callable[[object, type], Any]:
    base = conv.gen_structure_attrs_fromdict(cls)
    bounds = _bounds(cls)

    def structure(value: Any, t: type) -> Any:
        _check_bounds(value, bounds)
        return base(value, t)

    return structure


def _fast_tuple(cls: Any, conv: cattrs.Converter) -> Callable[[object, type], tuple[Any, ...]]:
    element = get_args(cls)[0]
    hook = conv.get_structure_hook(element)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _TypeMismatch("数组", value)
        _refuse_long(value)
        return tuple([hook(item, element) for item in value])

    return structure


def _strict_tuple(cls: Any, conv: cattrs.Converter) -> Callable[[object, type], tuple[Any, ...]]:
    base = homogenous_tuple_structure_factory(cls, conv)

    def structure(value: object, t: type) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _TypeMismatch("数组", value)
        _refuse_long(value)
        return tuple(base(value, t))

    return structure


def _strict_list(cls: Any, conv: cattrs.Converter) -> Callable[[object, type], list[Any]]:
    base = list_structure_factory(cls, conv)

    def structure(value: object, t: type) -> list[Any]:
        if type(value) is not list:
            raise _TypeMismatch("数组", value)
        _refuse_long(value)
        return list(base(value, t))

    return structure


def _strict_object(cls: Any, conv: cattrs.Converter) -> Callable[[object, type], Any]:
    base = conv.gen_structure_attrs_fromdict(cls)
    bounds = _bounds(cls)

    def structure(value: object, t: type) -> Any:
        if type(value) is not dict:
            raise _TypeMismatch("对象", value)
        _check_bounds(value, bounds)
        return base(value, t)

    return structure


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_list(t: Any) -> bool:
    return get_origin(t) is list


def _native_date(value: object, cls: type) -> date:
    # YAML gives dates as date objects already; JSON never does.
    if type(value) is date:
        return value
    return _date(value, cls)


def _optional(hook: Callable[[object, type], T], inner: type) -> Callable[[object, type], T | None]:
    # One call for ``X | None`` instead of cattrs' generic optional handling plus the hook.
    def structure(value: object, _: type) -> T | None:
        return None if value is None else hook(value, inner)

    return structure


def _configure(converter: JsonConverter, *, yaml: bool = False, detailed: bool = False) -> JsonConverter:
    hooks: dict[type, Callable[[object, type], Any]] = {
        str: _str,
        int: _int,
        float: _float,
        bool: _bool,
        date: _native_date if yaml else _date,
        datetime: _datetime,
    }
    for cls, hook in hooks.items():
        converter.register_structure_hook(cls, hook)
        converter.register_structure_hook(cls | None, _optional(hook, cls))
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, lambda d: d.isoformat(timespec="minutes"))
    if detailed:
        # Only needed for the message: the fast path fails on a non-object anyway
        # (JSON offers nothing else that can be indexed by a key) and reruns in detail.
        converter.register_structure_hook_factory(attrs.has, _strict_object)
    else:
        converter.register_structure_hook_factory(_has_bounds, _bounded_object)
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, _strict_tuple if detailed else _fast_tuple
    )
    converter.register_structure_hook_factory(_is_list, _strict_list)
    converter.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Enum), lambda _: lambda e: e.value
    )
    return converter


#: The converter for the whole model; use it to unstructure results to JSON-ready data.
converter: JsonConverter = _configure(make_converter(forbid_extra_keys=True, detailed_validation=False))
_detailed: JsonConverter = _configure(
    make_converter(forbid_extra_keys=True, detailed_validation=True), detailed=True
)
_yaml_detailed: JsonConverter = _configure(
    make_converter(forbid_extra_keys=True, detailed_validation=True), yaml=True, detailed=True
)


@attrs.frozen
class _Problem:
    path: str
    message: str


def _join(path: str, step: str) -> str:
    if step.startswith("["):
        return path + step
    return f"{path}.{step}" if path else step


def _field_names(cls: object) -> list[str]:
    return [f.name for f in attrs.fields(cls)] if attrs.has(cls) else []  # type: ignore[arg-type]


def _problems(exc: BaseException, path: str) -> list[_Problem]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        out: list[_Problem] = []
        noted, other = exc.group_exceptions()
        for sub, note in noted:
            step = note.name if isinstance(exc, ClassValidationError) else f"[{note.index}]"  # type: ignore[union-attr]
            if isinstance(sub, KeyError):
                out.append(_Problem(_join(path, step), "缺少必填字段"))
            else:
                out.extend(_problems(sub, _join(path, step)))
        for sub in other:
            out.extend(_problems(sub, path))
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        return _extra_keys(exc, path)
    if isinstance(exc, _TooMany):
        return [_Problem(_join(path, exc.field) if exc.field else path, str(exc))]
    if isinstance(exc, ValueError):
        return [_Problem(path, str(exc))]
    if isinstance(exc, TypeError | AttributeError):
        return [_Problem(path, "类型错误：此处的 JSON 结构不对（对象、数组或取值类型不符）")]
    return [_Problem(path, f"{type(exc).__name__}: {exc}")]


def _extra_keys(exc: ForbiddenExtraKeysError, path: str) -> list[_Problem]:
    valid = _field_names(exc.cl)
    out = []
    for key in sorted(exc.extra_fields):
        near = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
        hint = f"，是否应为 {near[0]}？" if near else f"；可用字段：{', '.join(valid)}"
        out.append(_Problem(_join(path, key), f"未知字段 {key}{hint}"))
    return out


def _shape_error(data: object, cls: type[Any]) -> InputError:
    try:
        _detailed.structure(data, cls)
    except Exception as exc:  # every failure becomes a located message
        return _as_input_error(_problems(exc, ""))
    return InputError("无法解析")  # pragma: no cover - only the fast converter failed


def _as_input_error(found: list[_Problem]) -> InputError:
    if not found:
        return InputError("无法解析")
    # An unknown key usually explains the rest (a renamed key is also "missing"), so it leads.
    found = sorted(found, key=lambda p: not p.message.startswith("未知字段"))
    first, rest = found[0], found[1:4]
    message = first.message + "".join(f"；{p.path}: {p.message}" for p in rest)
    if len(found) > 4:
        message += f"（另有{len(found) - 4}处错误）"
    return InputError(message, first.path, problems=tuple((p.path, p.message) for p in found))


def structure_yaml(data: object, cls: Any) -> Any:
    """Structure data parsed from YAML (where dates are already ``date``), with located errors."""
    try:
        return _yaml_detailed.structure(data, cls)
    except Exception as exc:
        raise _as_input_error(_problems(exc, "")) from None


def structure(data: object, cls: type[T]) -> T:
    """Structure JSON-ready ``data`` into ``cls`` or raise :class:`InputError` with the path."""
    if attrs.has(cls) and not isinstance(data, Mapping):
        raise InputError(f"应为 JSON 对象，实际为 {_describe(data)}")
    try:
        return converter.structure(data, cls)
    except Exception:
        raise _shape_error(data, cls) from None


def unstructure(value: object) -> Any:
    """JSON-ready data (dicts, lists, strings, numbers) for any model value."""
    return converter.unstructure(value)


def filing_from_json(data: object) -> Filing:
    return structure(data, Filing)


__all__ = [
    "MAX_DEPTH",
    "check_depth",
    "converter",
    "filing_from_json",
    "parse_json",
    "structure",
    "structure_yaml",
    "unstructure",
]
