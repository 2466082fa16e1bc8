"""Reading a filing's JSON text on the hot path of bulk checking (``radrules check``).

No regulation is encoded here. :func:`filing_from_text` gives exactly what
``filing_from_json(parse_json(text))`` of :mod:`radrules.convert` gives — the same filing,
the same errors in the same order — at a fraction of the cost, in two ways:

* **Structuring.** For each model class one function is generated, once, that checks every
  value inline (``type(v) is str`` rather than a call of a hook per value) and builds the
  object. It takes only what the strict converter takes, with the same result: the same
  type checks, vocabularies, bounds, unknown keys refused and defaults left to the class.
  Anything else it does not judge: it gives up (raises), and the strict converter of
  :mod:`radrules.convert` runs instead, which refuses with its located message (or, for a
  shape this path does not handle, structures). tests/test_convert_text.py compares the two.
* **Nesting depth.** The walk of :func:`~radrules.json_text.check_depth` runs only when
  structuring fails: data structures only if it has the model's shape (every leaf a scalar
  of its field's type, no field of free-form JSON), and the model nests far less deeply than
  :data:`~radrules.json_text.MAX_DEPTH` (the test derives its depth from the types), so data
  that structures could never fail the walk. What fails is walked first, then located.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin

import attrs

from radrules.convert import _date, _datetime, converter, filing_from_json
from radrules.json_text import check_depth, parse_json_unwalked
from radrules.model.bounds import DEFAULT_MAX_ITEMS, limit_of
from radrules.model.filing import Filing

Structure = Callable[[Any], Any]


class _GiveUp(Exception):
    """This path does not judge the value; the strict converter will."""


class _Compiler:
    """Generates the structure function of each attrs class, each exactly once."""

    def __init__(self) -> None:
        self.functions: dict[type, Structure] = {}
        self.names: dict[str, object] = {
            "GiveUp": _GiveUp,
            "date_": _date,
            "datetime_": _datetime,
            "date": date,
            "datetime": datetime,
        }

    def _name(self, value: object, prefix: str) -> str:
        name = f"{prefix}{len(self.names)}"
        self.names[name] = value
        return name

    def function(self, cls: type) -> Structure:
        found = self.functions.get(cls)
        if found is None:
            found = self.functions[cls] = self._compile(cls)
        return found

    def _compile(self, cls: type) -> Structure:
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        if any(
            not f.init or f.alias != f.name or isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
            for f in fields
        ):  # not this model's shape: left to the strict converter
            hook = converter.get_structure_hook(cls)
            return lambda value: hook(value, cls)
        allowed = self._name(frozenset(f.name for f in fields), "keys")
        lines = [
            "def structure(o):",
            f"    if type(o) is not dict or not o.keys() <= {allowed}:",
            "        raise GiveUp",
        ]
        for i, f in enumerate(fields):
            limit = limit_of(f)
            bound = DEFAULT_MAX_ITEMS if limit is None else min(limit, DEFAULT_MAX_ITEMS)
            if f.default is attrs.NOTHING:
                lines.append(f"    v = o[{f.name!r}]")
                lines += self._value(f.type, "v", f"v{i}", "    ", bound)
            else:
                lines.append(f"    if {f.name!r} in o:")
                lines.append(f"        v = o[{f.name!r}]")
                lines += self._value(f.type, "v", f"v{i}", "        ", bound)
                # absent: the very default object the class gives when the key is left out
                lines += ["    else:", f"        v{i} = {self._name(f.default, 'default')}"]
        arguments = ", ".join(f"{f.name}=v{i}" for i, f in enumerate(fields))
        lines.append(f"    return {self._name(cls, 'cls')}({arguments})")
        scope: dict[str, Any] = dict(self.names)
        exec(compile("\n".join(lines), f"<radrules fast structure {cls.__qualname__}>", "exec"), scope)
        fn: Structure = scope["structure"]
        return fn

    def _value(self, t: Any, src: str, dst: str, pad: str, bound: int) -> list[str]:
        """Statements setting ``dst`` to ``src`` structured as ``t`` (or raising)."""
        origin = get_origin(t)
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(t) if a is not type(None)]
            if len(args) == 1 and len(get_args(t)) == 2:
                return [
                    f"{pad}if {src} is None:",
                    f"{pad}    {dst} = None",
                    f"{pad}else:",
                    *self._value(args[0], src, dst, pad + "    ", bound),
                ]
        elif origin is tuple and len(get_args(t)) == 2 and get_args(t)[1] is Ellipsis:
            return self._tuple(get_args(t)[0], src, dst, pad, bound)
        elif t in (str, int, bool):
            return [
                f"{pad}if type({src}) is not {t.__name__}:",
                f"{pad}    raise GiveUp",
                f"{pad}{dst} = {src}",
            ]
        elif t is float:
            return [
                f"{pad}if type({src}) is float:",
                f"{pad}    {dst} = {src}",
                f"{pad}elif type({src}) is int:",
                f"{pad}    {dst} = float({src})",
                f"{pad}else:",
                f"{pad}    raise GiveUp",
            ]
        elif t is date or t is datetime:
            return [f"{pad}{dst} = {t.__name__}_({src}, {t.__name__})"]
        elif isinstance(t, type) and issubclass(t, Enum) and issubclass(t, str):
            # the strict converter's lookup (radrules.convert._enum_member) without its message
            return [f"{pad}{dst} = {self._name(t._value2member_map_, 'members')}[{src}]"]
        elif attrs.has(t):
            return [f"{pad}{dst} = {self._name(self.function(t), 'structure')}({src})"]
        hook = self._name(converter.get_structure_hook(t), "hook")
        return [f"{pad}{dst} = {hook}({src}, {self._name(t, 'type')})"]

    def _tuple(self, item: Any, src: str, dst: str, pad: str, bound: int) -> list[str]:
        head = [f"{pad}if type({src}) is not list or len({src}) > {bound}:", f"{pad}    raise GiveUp"]
        if item in (str, int, bool):
            return [
                *head,
                f"{pad}for x in {src}:",
                f"{pad}    if type(x) is not {item.__name__}:",
                f"{pad}        raise GiveUp",
                f"{pad}{dst} = tuple({src})",
            ]
        if isinstance(item, type) and issubclass(item, Enum) and issubclass(item, str):
            members = self._name(item._value2member_map_, "members")
            return [*head, f"{pad}{dst} = tuple([{members}[x] for x in {src}])"]
        if attrs.has(item):
            fn = self._name(self.function(item), "structure")
            return [*head, f"{pad}{dst} = tuple([{fn}(x) for x in {src}])"]
        hook = self._name(converter.get_structure_hook(tuple[item, ...]), "hook")
        return [*head, f"{pad}{dst} = {hook}({src}, {self._name(tuple[item, ...], 'type')})"]


_compiler = _Compiler()
_structure_filing = _compiler.function(Filing)


def structure_filing(data: object) -> Filing:
    """``data`` as a :class:`Filing` when this path can judge it, else raises (any exception)."""
    filing: Filing = _structure_filing(data)
    return filing


def filing_from_text(text: str | bytes) -> Filing:
    """One filing from its JSON text, as ``filing_from_json(parse_json(text))`` reads it."""
    data = parse_json_unwalked(text)
    # what this path cannot judge, the strict reader below locates, after the depth check
    with contextlib.suppress(Exception):
        return structure_filing(data)
    check_depth(data)
    return filing_from_json(data)


__all__ = ["filing_from_text", "structure_filing"]
