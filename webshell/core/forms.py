"""Form specifications shared by the HTML pages and the JSON API.

A :class:`FormSpec` lists the fields of a record as the platform's forms do (source 000
§2.2.1, §4.1, §5.1.1, §5.2.2.2): label, kind, required or not, and the radrules validator
that decides whether a value is valid. Parsing returns canonical values and, per field, a
Chinese message to show next to it; the web shell adds no rule of its own.

A page whose form is not one :class:`FormSpec` (the report card, a sample) reads into the
JSON of a radrules model; its errors are keyed by JSON path (``results.dose_monitoring.
workers_5_to_20``, as :class:`radrules.InputError` and the findings name them). A
:class:`FieldMap` says where each path is typed on the page, so that every error is shown
beside its field and the page's summary names the fields by their labels, never by path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs
from radrules_webshell.core import divisions

from radrules import InputError, InvalidValue

TRUE_WORDS = frozenset({"on", "1", "true", "yes", "是"})


@attrs.frozen(kw_only=True)
class Field:
    name: str
    label: str
    #: text | textarea | password | date | int | bool | select | multiselect | division
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    validator: Callable[[str], str] | None = None
    max_length: int = 200
    help: str | None = None
    #: Shown in lists masked: ``id_number`` or ``phone``.
    mask: str | None = None
    #: A ``division`` field's picker goes down to this level (``core.divisions``); the
    #: validator says how fine the code must be.
    depth: str = "county"


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
            elif f.kind == "division":
                out[f.name] = divisions.read(data.get, f.name)
            elif f.name in data:
                out[f.name] = data.get(f.name)
        return out


def _parse_field(f: Field, raw: Any) -> Any:
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        return raw is not None and str(raw).strip().lower() in TRUE_WORDS
    if f.kind == "multiselect":
        # A form sends one string per ticked box; JSON sends a list of strings.
        items = [] if raw is None else [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise InvalidValue("应为可选值（字符串）的列表")
        allowed = {v for v, _ in f.choices}
        bad = [str(i) for i in items if i not in allowed]
        if bad:
            raise InvalidValue(f"不是可选的值：{'、'.join(bad)}")
        if f.required and not items:
            raise InvalidValue("请至少选择一项")
        return [v for v, _ in f.choices if v in items]
    if isinstance(raw, bool | list | tuple | dict):
        raise InvalidValue("应为文本")
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


#: The page-level message of a form refused for its fields.
FORM_REFUSED = "填写的信息有误，请按提示修改"
#: The ``action`` of a submit that only redraws the form as typed (a division picker's
#: 选择下一级 without JavaScript); nothing is saved or checked.
REFRESH = "refresh"


def is_refresh(form: Any) -> bool:
    return bool(form.get("action") == REFRESH)


@attrs.frozen
class FieldMap:
    """JSON path of an input → (the form field where it is typed, its label).

    A path not listed is placed at its longest listed prefix (``participants[2].name`` at
    ``participants`` when only that is listed); one with no listed prefix stays unplaced,
    for the page to show in its section or at the top.
    """

    fields: Mapping[str, tuple[str, str]]

    def _entry(self, path: str) -> tuple[str, str] | None:
        key = path
        while key:
            if key in self.fields:
                return self.fields[key]
            cut = max(key.rfind("."), key.rfind("["))
            key = key[:cut] if cut > 0 else ""
        return None

    def field(self, path: str) -> str | None:
        entry = self._entry(path)
        return entry[0] if entry else None

    def label(self, path: str) -> str | None:
        entry = self._entry(path)
        return entry[1] if entry else None

    def place(self, errors: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """(messages by form field, the errors no field takes, by path)."""
        placed: dict[str, str] = {}
        rest: dict[str, str] = {}
        for path, message in errors.items():
            name = self.field(path)
            if name is None:
                rest[path] = message
            else:
                placed[name] = f"{placed[name]}；{message}" if name in placed else message
        return placed, rest

    def summary(self, errors: Mapping[str, str]) -> str:
        """The page's message: what to correct, by label."""
        labels = list(dict.fromkeys(label for p in errors if (label := self.label(p))))
        return f"{FORM_REFUSED}：{'、'.join(labels)}" if labels else FORM_REFUSED

    def input_error(self, exc: InputError, prefix: str = "") -> tuple[str, dict[str, str]]:
        """A model that could not be read, as (summary, {path: message}): the path relative
        to ``prefix``, the message the library's (without the path, which is no user's word)."""
        errors: dict[str, str] = {}
        for where, message in exc.problems:
            path = (where.removeprefix(prefix).lstrip(".") if prefix else where) or "body"
            errors[path] = f"{errors[path]}；{message}" if path in errors else message
        return self.summary(errors), errors
