"""Form specifications shared by the HTML pages and the JSON API.

A :class:`FormSpec` lists the fields of a record as the platform's forms do (source 000
§2.2.1, §4.1, §5.1.1, §5.2.2.2): label, kind, required or not, and the radrules validator
that decides whether a value is valid. Parsing returns canonical values and, per field, a
Chinese message to show next to it; the web shell adds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from radrules import InvalidValue

TRUE_WORDS = frozenset({"on", "1", "true", "yes", "是"})


@attrs.frozen(kw_only=True)
class Field:
    name: str
    label: str
    #: text | textarea | password | date | int | bool | select | multiselect
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    validator: Callable[[str], str] | None = None
    max_length: int = 200
    help: str | None = None
    #: Shown in lists masked: ``id_number`` or ``phone``.
    mask: str | None = None


@attrs.frozen
class FormSpec:
    fields: tuple[Field, ...]

    def __iter__(self) -> Any:
        return iter(self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def parse(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Canonical values and errors (field name → Chinese message) for ``data``."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in self.fields:
            try:
                values[f.name] = _parse_field(f, data.get(f.name))
            except InvalidValue as exc:
                errors[f.name] = exc.reason
        return values, errors

    def form_values(self, data: Any) -> dict[str, Any]:
        """Values of a submitted HTML form (a multi-dict), multiselects as lists."""
        out: dict[str, Any] = {}
        for f in self.fields:
            if f.kind == "multiselect":
                out[f.name] = list(data.getall(f.name, []))
            elif f.name in data:
                out[f.name] = data.get(f.name)
        return out


def _parse_field(f: Field, raw: Any) -> Any:
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        return raw is not None and str(raw).strip().lower() in TRUE_WORDS
    if f.kind == "multiselect":
        items = [] if raw is None else [raw] if isinstance(raw, str) else list(raw)
        allowed = {v for v, _ in f.choices}
        bad = [str(i) for i in items if i not in allowed]
        if bad:
            raise InvalidValue(f"不是可选的值：{'、'.join(bad)}")
        if f.required and not items:
            raise InvalidValue("请至少选择一项")
        return [v for v, _ in f.choices if v in items]
    text = "" if raw is None else raw.isoformat() if isinstance(raw, date) else str(raw).strip()
    if not text:
        if f.required:
            raise InvalidValue("必填")
        return None
    if f.kind == "date":
        try:
            if len(text) != 10:
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidValue("日期格式应为 YYYY-MM-DD") from None
    if f.kind == "int":
        try:
            number = int(text)
        except ValueError:
            raise InvalidValue("应为整数") from None
        if number < 0 or number > 1000:
            raise InvalidValue("数值超出范围")
        return number
    if f.kind == "select":
        if text not in {v for v, _ in f.choices}:
            raise InvalidValue("请从列表中选择")
        return text
    if len(text) > f.max_length:
        raise InvalidValue(f"不能超过{f.max_length}个字符")
    if f.validator is not None:
        return f.validator(text)
    return text


def choices(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(pairs)
