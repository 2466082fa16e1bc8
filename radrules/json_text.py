"""Reading JSON text: UTF-8 with or without a byte-order mark, located errors, bounded nesting.

orjson parses (and refuses nesting past 1,024 levels itself); when it fails, the standard
parser runs only to say where. Parsed data nesting deeper than :data:`MAX_DEPTH` is
refused with its path, so that nothing walking it later can run out of stack.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from radrules.errors import InputError

#: Deepest nesting :func:`parse_json` accepts. The deepest document of the model (a filing:
#: report → samples → sample → performance → items → item) nests about eight levels.
MAX_DEPTH = 32


def _join(path: str, step: str) -> str:
    if step.startswith("["):
        return path + step
    return f"{path}.{step}" if path else step


def parse_json(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text (UTF-8, with or without a byte-order mark) or raise :class:`InputError`;
    nesting deeper than ``max_depth`` is refused too (:func:`check_depth`)."""
    if isinstance(text, bytes):
        if text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"文件不是 UTF-8 编码的文本（第{exc.start + 1}字节）") from None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # orjson stops at 1,024 levels
            raise InputError(f"JSON 嵌套层数超过 {max_depth} 层") from None
        # orjson's messages are terse; the standard parser locates the problem
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as error:
            raise InputError(f"JSON 格式错误：第{error.lineno}行第{error.colno}列，{error.msg}") from None
        except RecursionError:
            raise InputError(f"JSON 嵌套层数超过 {max_depth} 层") from None
    check_depth(data, max_depth)
    return data


def check_depth(data: object, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`InputError` at the first path nested deeper than ``max_depth``.

    Iterative, so that no depth can exhaust the interpreter's stack.
    """
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if type(value) is dict:
            items: Any = value.items()
        elif type(value) is list:
            items = enumerate(value)
        else:
            continue
        if depth >= max_depth:
            raise InputError(f"JSON 嵌套层数超过 {max_depth} 层", path)
        for key, item in items:
            step = f"[{key}]" if type(key) is int else str(key)
            stack.append((item, _join(path, step), depth + 1))


def _refuse_constant(name: str) -> Any:
    raise InputError(f"JSON 格式错误：{name} 不是 JSON 允许的数值")
