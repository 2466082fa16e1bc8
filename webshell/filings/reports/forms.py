"""Reading what an institution sends about a report: a JSON body, strictly (an error names its
JSON path), a day, and the basic-information form (报告编号, 委托单位, 报告日期; source 000
§5.1.2.2 1–3, §5.2.2.2 1–3) read into the body the report service takes."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, NotFound

from radrules import InputError, structure

T = TypeVar("T")


def parse_body(data: object, cls: type[T]) -> T:
    """The body as a radrules model, strictly; an error names its JSON path (400)."""
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "status"}  # the state is the server's
    try:
        return structure(data, cls)
    except InputError as exc:
        raise Invalid(
            f"{exc.path or '请求体'}：{exc.message}", errors={exc.path or "body": exc.message}
        ) from None


def parse_day(text: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = "日期格式应为 YYYY-MM-DD"
        return None


def basic_body(
    row_doc: dict[str, Any] | None, values: dict[str, Any], client: dict[str, Any]
) -> dict[str, Any]:
    body = dict(row_doc or {"institution_uscc": "", "samples": []})
    body.pop("status", None)
    body["report_no"] = values.get("report_no") or ""
    body["report_date"] = values.get("report_date")
    body["client"] = {
        "name": client["name"],
        "uscc": client["uscc"],
        "kind": client["kind"],
        "division_code": client["division_code"],
    }
    return body


async def basic_values(form: Any) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, str]]:
    errors: dict[str, str] = {}
    values = {
        "report_no": str(form.get("report_no") or "").strip(),
        "report_date": str(form.get("report_date") or "").strip(),
        "client_id": str(form.get("client_id") or "").strip(),
    }
    if not values["report_no"]:
        errors["report_no"] = "报告编号为必填项"
    day = parse_day(values["report_date"], "report_date", errors)
    if day is None and "report_date" not in errors:
        errors["report_date"] = "报告日期为必填项"
    elif day is not None and day > clock.today():
        errors["report_date"] = "报告日期最大只能选择到当前日期"
    client = None
    if not values["client_id"].isdigit():
        errors["client_id"] = "请选择委托单位"
    else:
        try:
            client = await clients.client(int(values["client_id"]))
        except NotFound:
            errors["client_id"] = "委托单位不存在"
    return values, client, errors


def client_errors(exc: Invalid) -> dict[str, str]:
    """The store's errors as the basic form's fields: the client's credit code is the client
    picked; a sample's device or a record's worker that is not the newly picked client's
    (the client was changed) is said beside the client too."""
    out: dict[str, str] = {}
    for key, text in exc.errors.items():
        if key in ("report_no", "report_date"):
            out[key] = text
        elif key == "client.uscc":
            out["client_id"] = text
        else:
            out["client_id"] = f"{exc.message}：{text}"
    return out or {"report_no": exc.message}
