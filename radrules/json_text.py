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
    data = parse_json_unwalked(text, max_depth=max_depth)
    check_depth(data, max_depth)
    return data


def parse_json_unwalked(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """:func:`parse_json` without the walk of :func:`check_depth`: the data may nest as deep
    as the parser allows (1,024 levels for orjson). Only for a caller that bounds the depth
    itself, such as :func:`radrules.convert.filing_from_text`, which structures into a model
    of bounded depth first and walks only what fails. ``max_depth`` words the refusal of
    what even the parser cannot take."""
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
    return data


def check_depth(data: object, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`InputError` at the first path nested deeper than ``max_depth``.

    Iterative, so that no depth can exhaust the interpreter's stack. Only containers are
    walked, and a path is spelled out only for the refusal: building one for every value
    cost more than parsing a large register.
    """
    # A frame is (value, depth, parent frame, key under the parent).
    stack: list[tuple[Any, int, Any, Any]] = [(data, 0, None, None)]
    while stack:
        frame = stack.pop()
        value, depth = frame[0], frame[1]
        if type(value) is dict:
            children: Any = value.items()
        elif type(value) is list:
            children = enumerate(value)
        else:
            continue
        if depth >= max_depth:
            raise InputError(f"JSON 嵌套层数超过 {max_depth} 层", _path_of(frame))
        for key, item in children:
            kind = type(item)
            if kind is dict or kind is list:
                stack.append((item, depth + 1, frame, key))


def _path_of(frame: tuple[Any, int, Any, Any]) -> str:
    keys = []
    while frame[2] is not None:
        keys.append(frame[3])
        frame = frame[2]
    path = ""
    for key in reversed(keys):
        path = _join(path, f"[{key}]" if type(key) is int else str(key))
    return path


def _refuse_constant(name: str) -> Any:
    raise InputError(f"JSON 格式错误：{name} 不是 JSON 允许的数值")
