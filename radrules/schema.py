"""JSON Schema (draft 2020-12) of the filing and training formats, generated from the attrs model.

The schema is derived, never written by hand, so it cannot drift from what
:func:`radrules.filing_from_json` accepts; ``docs/schema/filing.schema.json`` and
``docs/schema/training.schema.json`` are the committed copies and a test keeps them equal.
"""

from __future__ import annotations

import inspect
import types
from datetime import date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from radrules.model.filing import Filing
from radrules.model.register import RegisterDocument
from radrules.model.training import TrainingFiling

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _describe(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, t: Any) -> dict[str, Any]:
        origin = get_origin(t)
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(t) if a is not type(None)]
            inner = (
                self.type_schema(options[0])
                if len(options) == 1
                else {"anyOf": [self.type_schema(a) for a in options]}
            )
            return {"anyOf": [inner, {"type": "null"}]}
        if origin in (tuple, list):
            return {"type": "array", "items": self.type_schema(get_args(t)[0])}
        if origin is dict:
            args = get_args(t)
            return (
                {"type": "object", "additionalProperties": self.type_schema(args[1])}
                if args
                else {"type": "object"}
            )
        if t is Any:
            return {}
        if isinstance(t, type) and issubclass(t, Enum):
            return self.enum(t)
        if attrs.has(t):
            return self.object(t)
        simple = {
            str: {"type": "string"},
            int: {"type": "integer"},
            float: {"type": "number"},
            bool: {"type": "boolean"},
            date: {"type": "string", "format": "date"},
            datetime: {
                "type": "string",
                "format": "date-time",
                "description": "北京时间，不带时区，如 2026-10-12T09:00",
            },
        }
        if t in simple:
            return dict(simple[t])
        raise TypeError(f"no JSON Schema for {t!r}")

    def enum(self, cls: type[Enum]) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            labels = {m.value: getattr(m, "label", m.value) for m in cls}
            self.defs[cls.__name__] = {
                "type": "string",
                "enum": list(labels),
                "description": _describe(cls) + "；" + "，".join(f"{k}={v}" for k, v in labels.items()),
            }
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def object(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursion stops here
            hints = get_type_hints(cls)
            properties: dict[str, Any] = {}
            required: list[str] = []
            for field in attrs.fields(cls):
                properties[field.name] = self.type_schema(hints[field.name])
                if (limit := getattr(field.validator, "limit", None)) is not None:
                    properties[field.name] = {**properties[field.name], "maxItems": limit}
                if label := field.metadata.get("label"):
                    properties[field.name] = {"title": label, **properties[field.name]}
                if field.default is attrs.NOTHING:
                    required.append(field.name)
            schema: dict[str, Any] = {
                "type": "object",
                "properties": properties,
                "additionalProperties": False,
            }
            if required:
                schema["required"] = required
            if description := _describe(cls):
                schema["description"] = description
            self.defs[name] = schema
        return {"$ref": f"#/$defs/{name}"}


def filing_schema() -> dict[str, Any]:
    """The JSON Schema of a filing (the envelope :func:`radrules.check` reads)."""
    builder = _Builder()
    root = builder.object(Filing)
    return {
        "$schema": DIALECT,
        "$id": "https://radrules.example/schema/filing.schema.json",
        "title": "radrules 报送数据 / filing",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def training_schema() -> dict[str, Any]:
    """The JSON Schema of a training envelope (what :func:`radrules.check_training` reads);
    each property's ``title`` is its label on the platform's form."""
    builder = _Builder()
    root = builder.object(TrainingFiling)
    return {
        "$schema": DIALECT,
        "$id": "https://radrules.example/schema/training.schema.json",
        "title": "radrules 培训管理数据 / training",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def register_schema() -> dict[str, Any]:
    """The JSON Schema of a unit's register (the document :func:`radrules.warnings` reads)."""
    builder = _Builder()
    root = builder.object(RegisterDocument)
    return {
        "$schema": DIALECT,
        "$id": "https://radrules.example/schema/register.schema.json",
        "title": "radrules 放射诊疗机构登记信息 / unit register",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
