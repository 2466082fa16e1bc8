"""Refusing, before a handler runs, input that the databases cannot take (issue 12, finding 7).

Run as the app's ``before_request`` hook (after the guards, so anonymous callers never
make the server parse a body for a route they may not use):

- **Path ids** are ASCII digits within the 32-bit range (:mod:`.path_ids`): ``+1``,
  ``１`` or ``١`` are not read as 1, and a number no row can have is "not found" (404).
- **Query parameters** (unless the route says ``opt={"any_query": True}``): no NUL character (PostgreSQL cannot store or compare text with
  one); an integer parameter is ASCII digits (an optional ``-``) within the 32-bit range
  of every integer column here. Otherwise 400 naming the parameter.
- **JSON bodies** are parsed here, off the event loop when large, and walked once: no
  NUL character in a key or a string, nesting at most :data:`MAX_JSON_DEPTH` deep, no
  integer outside the 32-bit range (every integer the platform keeps is a 32-bit column, a
  count or a year). A 400 names the JSON path (``samples[0].name``). The parsed body is
  handed to Litestar, which does not parse it again.
- **Forms** (URL-encoded and multipart): no NUL character in a field or a file's name.
"""

from __future__ import annotations

import types
import typing
from typing import Any

import anyio.to_thread
import orjson
from litestar import Request
from litestar.utils.scope.state import ScopeState
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.path_ids import MAX_ID, MIN_INT, refuse_impossible_ids
from radrules_webshell.core.request_gate import json_body

#: Deepest nesting of a JSON body. The deepest document of the platform (a filing: report
#: → samples → sample → performance → items → item) nests about eight levels.
MAX_JSON_DEPTH = 32
#: Bodies larger than this are parsed and checked in a worker thread.
OFF_LOOP_BYTES = 64 * 1024

NUL_TEXT = "不能包含空字符（\\u0000）"
INT_TEXT = f"应为 {MIN_INT} 到 {MAX_ID} 之间的整数"


def _json_path(path: str, step: str | int) -> str:
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


def check_json(data: Any) -> tuple[str, str] | None:
    """The first (path, problem) of ``data`` the databases cannot take, or None.

    Iterative, so that no nesting depth can exhaust the interpreter's stack.
    """
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        kind = type(value)
        if kind is str:
            if "\x00" in value:
                return path or "body", NUL_TEXT
        elif kind is int:
            if not MIN_INT <= value <= MAX_ID:
                return path or "body", INT_TEXT
        elif kind is dict or kind is list:
            if depth >= MAX_JSON_DEPTH:
                return path or "body", f"嵌套层数超过 {MAX_JSON_DEPTH} 层"
            if kind is dict:
                for key, item in value.items():
                    if "\x00" in key:
                        return _json_path(path, key.replace("\x00", "\\u0000")), NUL_TEXT
                    stack.append((item, _json_path(path, key), depth + 1))
            else:
                stack.extend((item, _json_path(path, i), depth + 1) for i, item in enumerate(value))
    return None


def _parse_and_check(body: bytes) -> Any:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc).lower():  # orjson stops at 1,024 levels
            raise Invalid(errors={"body": f"嵌套层数超过 {MAX_JSON_DEPTH} 层"}) from None
        raise Invalid(
            "请求内容不是有效的 JSON", errors={"body": f"JSON 格式错误：第{exc.pos + 1}个字符处"}
        ) from None
    problem = check_json(data)
    if problem is not None:
        raise Invalid(errors={problem[0]: problem[1]})
    return data


def _int_params(handler: Any) -> set[str]:
    """Names of the query parameters ``handler`` reads as integers."""
    return {
        getattr(getattr(field, "kwarg_definition", None), "query", None) or name
        for name, field in handler.parsed_fn_signature.parameters.items()
        if int in _plain_types(field.annotation)
    }


def _plain_types(annotation: Any) -> set[Any]:
    """``int`` for ``int``, ``int | None``, ``Annotated[int | None, …]`` and the like."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _plain_types(typing.get_args(annotation)[0])
    args = typing.get_args(annotation)
    if args and typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return {a for a in args if a is not type(None)}
    return {annotation}


def _ascii_int(text: str) -> bool:
    digits = text[1:] if text.startswith("-") else text
    return digits.isascii() and digits.isdigit() and MIN_INT <= int(text) <= MAX_ID


def _check_query(request: Request[Any, Any, Any]) -> None:
    if request.route_handler.opt.get("any_query"):
        return  # the handler answers any query itself (the public verification page)
    integers = _int_params(request.route_handler)
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise Invalid(errors={name.replace("\x00", "\\u0000"): NUL_TEXT})
        if name in integers and value != "" and not _ascii_int(value):
            raise Invalid(errors={name: INT_TEXT})


async def _check_form(request: Request[Any, Any, Any]) -> None:
    form = await request.form()
    for name, value in form.multi_items():
        text = value if isinstance(value, str) else getattr(value, "filename", "") or ""
        if "\x00" in name or "\x00" in text:
            raise Invalid(errors={name.replace("\x00", "\\u0000"): NUL_TEXT})


async def check_request(request: Request[Any, Any, Any]) -> None:
    """The app's ``before_request``: see the module docstring."""
    await refuse_impossible_ids(request)
    _check_query(request)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    if json_body(request.route_handler):
        body = await request.body()
        if not body:
            return
        data = (
            await anyio.to_thread.run_sync(_parse_and_check, body)
            if len(body) > OFF_LOOP_BYTES
            else _parse_and_check(body)
        )
        ScopeState.from_scope(request.scope).json = data
        return
    content_type = request.content_type[0]
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        await _check_form(request)
