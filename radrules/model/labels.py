"""Chinese labels of model fields, as the platform's forms name them.

A field declared with :func:`labelled` carries its label in its attrs metadata, so that
rules name a field the way the form does ("手机号码", not ``basic.mobile``), the web shell
labels its inputs from the same source, and the JSON Schema shows it as the property's
``title``.
"""

from __future__ import annotations

import re
import types
from functools import lru_cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[\d*\])?")


def labelled(label: str, **kwargs: Any) -> Any:
    """``attrs.field(**kwargs)`` carrying ``label``."""
    return attrs.field(metadata={"label": label}, **kwargs)


def _inner(t: Any) -> Any:
    """The attrs class inside ``X | None`` or ``tuple[X, ...]``, else ``t``."""
    origin = get_origin(t)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(t) if a is not type(None)]
        return _inner(options[0]) if len(options) == 1 else t
    if origin in (tuple, list):
        return _inner(get_args(t)[0])
    return t


@lru_cache(maxsize=256)
def _hints(cls: type) -> dict[str, Any]:
    # Resolving annotations evaluates strings (``from __future__ import annotations``): do it once.
    return get_type_hints(cls)


@lru_cache(maxsize=1024)
def field_label(cls: type, name: str) -> str:
    """The label of ``cls``'s field ``name``, or the name itself when it has none."""
    for field in attrs.fields(cls):
        if field.name == name:
            return str(field.metadata.get("label", name))
    raise KeyError(f"{cls.__name__} has no field {name!r}")


def path_label(root: type, path: str) -> str:
    """The label of the field a dotted path ends in (``qualification.main_practice_site``,
    ``professional_qualifications[2].certificate_no``), read from ``root`` down."""
    cls: Any = root
    label = path
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if match is None or not attrs.has(cls):
            return label
        name = match[1]
        label = field_label(cls, name)
        cls = _inner(_hints(cls)[name])
    return label
