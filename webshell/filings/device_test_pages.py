"""Pages of 医用辐射装置检测填报 (source 000 §5.1) under ``/institution/device-tests``.

List with the manual's query conditions (one line per device tested); a report's page with
its basic information (报告编号, 委托单位, 报告日期 — saved first, §5.1.2.2 1), its samples
and the buttons of §5.1.2.2 2 (保存/提交 while 未提交, 撤回 once 已提交, 删除 the whole
report); a sample's page with the device picked from the client's, the test categories
and condition, the catalog's items for the device type and the measurement points.
radrules' findings are shown beside the fields whose path they name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.core.errors import Invalid, NotFound, WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, render
from radrules_webshell.filings import device_tests as service
from radrules_webshell.filings import report_page_actions as actions
from radrules_webshell.filings import report_store as store
from radrules_webshell.filings import sample_form
from radrules_webshell.filings.report_api import institution_of
from radrules_webshell.filings.report_common import (
    STATUS_LABELS,
    cards_using,
    findings_by_field,
    parse_body,
    parse_day,
)
from radrules_webshell.filings.report_pages import client_choices
from radrules_webshell.filings.test_catalog import items_for

from radrules import DeviceTestReport, Sample, TestCategory, TestCondition

BASE = "/institution/device-tests"
NOTICES = {
    "saved": "已保存",
    "created": "已添加，请继续添加样品信息",
    "deleted": "已删除",
    "submitted": "已提交",
    "withdrawn": "已撤回，可修改后重新提交",
    "sample_saved": "样品信息已保存",
    "sample_deleted": "样品已删除",
}
CATEGORY_CHOICES = [(c.value, c.label) for c in TestCategory]
CONDITION_CHOICES = [(c.value, c.label) for c in TestCondition]


def _notice(request: Request[Any, Any, Any]) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


class DeviceTestPages(Controller):
    path = BASE
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst_id = institution_of(request)
        q = request.query_params
        errors: dict[str, str] = {}
        status = q.get("status", "draft")
        client_id = q.get("client_id") or ""
        filters = service.Filters(
            report_no=q.get("report_no") or None,
            client_id=int(client_id) if client_id.isdigit() else None,
            report_date_from=parse_day(q.get("report_date_from"), "report_date_from", errors),
            report_date_to=parse_day(q.get("report_date_to"), "report_date_to", errors),
            sample_no=q.get("sample_no") or None,
            device=q.get("device") or None,
            passed=q.get("passed") or None,
            device_uid=q.get("device_uid") or None,
            tested_from=parse_day(q.get("tested_from"), "tested_from", errors),
            tested_to=parse_day(q.get("tested_to"), "tested_to", errors),
            status=status,
        )
        rows = await service.list_rows(inst_id, filters)
        return render(
            request,
            "institution/device_tests.html",
            nav="device_tests",
            rows=rows,
            q=dict(q),
            errors=errors,
            clients=await client_choices("", filters.client_id),
            today=date.today().isoformat(),
            notice=_notice(request),
        )

    @get("/new")
    async def new(self, request: Request[Any, Any, Any], q: FromQuery[str | None] = None) -> Template:
        return await actions.new(request, PAGES, q)

    @post("/new")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await actions.create(request, PAGES)

    @get("/{report_id:int}")
    async def show(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template:
        _, inst_id = institution_of(request)
        return await _report_page(request, inst_id, report_id, notice=_notice(request))

    @post("/{report_id:int}")
    async def save(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template | Redirect:
        return await actions.save(request, PAGES, report_id)

    @post("/{report_id:int}/submit")
    async def submit(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template | Redirect:
        return await actions.submit(request, PAGES, report_id)

    @post("/{report_id:int}/withdraw")
    async def withdraw(
        self, request: Request[Any, Any, Any], report_id: FromPath[int]
    ) -> Template | Redirect:
        return await actions.withdraw(request, PAGES, report_id)

    @post("/{report_id:int}/delete")
    async def delete(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template | Redirect:
        return await actions.delete(request, PAGES, report_id)

    # -- samples -------------------------------------------------------------------------

    @get("/{report_id:int}/samples/new")
    async def new_sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], device: FromQuery[str | None] = None
    ) -> Template:
        _, inst_id = institution_of(request)
        values = sample_form.values_of(None)
        if device:
            values["device"] = device
        return await _sample_page(request, inst_id, report_id, None, values, {})

    @post("/{report_id:int}/samples/new")
    async def add_sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int]
    ) -> Template | Redirect:
        return await _save_sample(request, report_id, None)

    @get("/{report_id:int}/samples/{index:int}")
    async def sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Template:
        _, inst_id = institution_of(request)
        report = service.KIND.from_row(await store.get(service.KIND, inst_id, report_id))
        if not 0 <= index < len(report.samples):
            raise NotFound()
        values = sample_form.values_of(report.samples[index])
        device = request.query_params.get("device")
        if device:
            values["device"] = device
        return await _sample_page(request, inst_id, report_id, index, values, {})

    @post("/{report_id:int}/samples/{index:int}")
    async def save_sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Template | Redirect:
        return await _save_sample(request, report_id, index)

    @post("/{report_id:int}/samples/{index:int}/delete")
    async def delete_sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Template | Redirect:
        user, inst_id = institution_of(request)

        async def edit(report: DeviceTestReport) -> DeviceTestReport:
            if not 0 <= index < len(report.samples):
                raise NotFound()
            samples = report.samples[:index] + report.samples[index + 1 :]
            _, resolved = await service.KIND.resolve(inst_id, _with_samples(report, samples))
            return resolved  # type: ignore[no-any-return]

        try:
            await store.edit_document(service.KIND, user, inst_id, report_id, edit, "sample_delete")
        except WebError as exc:
            return await actions.refused(request, PAGES, inst_id, report_id, exc)
        return redirect(f"{BASE}/{report_id}", "sample_deleted")


def _with_samples(report: DeviceTestReport, samples: tuple[Sample, ...]) -> DeviceTestReport:
    import attrs

    return attrs.evolve(report, samples=samples)


async def _save_sample(
    request: Request[Any, Any, Any], report_id: int, index: int | None
) -> Template | Redirect:
    user, inst_id = institution_of(request)
    form = await request.form()
    current = service.KIND.from_row(await store.get(service.KIND, inst_id, report_id))
    if index is not None and not 0 <= index < len(current.samples):
        raise NotFound()
    if index is None:
        sample_no = service.next_sample_no(current.report_no, {s.sample_no for s in current.samples})
    else:
        sample_no = current.samples[index].sample_no
    data, errors = sample_form.parse(form, form.getall("categories", []), sample_no)
    if not errors:
        try:
            sample = parse_body(data, Sample)

            async def edit(report: DeviceTestReport) -> DeviceTestReport:
                samples = list(report.samples)
                if index is None:
                    samples.append(sample)
                elif 0 <= index < len(samples):
                    samples[index] = sample
                else:
                    raise NotFound()
                _, resolved = await service.KIND.resolve(inst_id, _with_samples(report, tuple(samples)))
                return resolved  # type: ignore[no-any-return]

            await store.edit_document(service.KIND, user, inst_id, report_id, edit, "sample_save")
        except Invalid as exc:
            errors = {_form_key(k): v for k, v in exc.errors.items()} or {"device": exc.message}
        else:
            return redirect(f"{BASE}/{report_id}", "sample_saved")
    values = _reform(data)
    return await _sample_page(request, inst_id, report_id, index, values, errors, status=400)


#: Finding keys the sample page shows beside a field or section.
_SHOWN = frozenset(
    {
        "device",
        "categories",
        "performance",
        "perf_tested_on",
        "protection",
        "prot_tested_on",
        "prot_test_conditions",
    }
)


def _form_key(path: str) -> str:
    """A JSON path of a sample (``samples[2].device.device_id``, ``performance.items[1].result``)
    as the form input it came from."""
    import re

    path = re.sub(r"^samples\[\d+\]\.", "", path)
    if path.startswith("device"):
        return "device"
    m = re.match(r"performance\.items\[(\d+)\]\.(\w+)", path)
    if m:
        return f"item_{m.group(1)}_{'name' if m.group(2) == 'item' else m.group(2)}"
    m = re.match(r"protection\.points\[(\d+)\]\.(\w+)", path)
    if m:
        return f"point_{m.group(1)}_{m.group(2)}"
    return path.replace("performance.", "perf_").replace("protection.", "prot_")


def _reform(data: dict[str, Any]) -> dict[str, Any]:
    """Form values from the Sample JSON the form produced (to show a refused form again)."""
    perf = data.get("performance") or {}
    prot = data.get("protection") or {}
    yes_no = {True: "yes", False: "no"}
    return {
        "device": data["device"]["device_id"],
        "categories": data["categories"],
        "condition": data["condition"],
        "performance": perf,
        "protection": prot,
        "items": [
            {**i, "name": i["item"], "passed": yes_no.get(i["passed"], "")} for i in perf.get("items", [])
        ],
        "points": [{**p, "passed": yes_no.get(p["passed"], "")} for p in prot.get("points", [])],
    }


async def _report_page(
    request: Request[Any, Any, Any],
    inst_id: int,
    report_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Template:
    row = await store.get(service.KIND, inst_id, report_id)
    report = service.KIND.from_row(row)
    check_errors, warnings = store.check_report(service.KIND, report, date.today())
    findings = findings_by_field(check_errors + warnings)
    per_sample: dict[int, list[dict[str, Any]]] = {}
    general = []
    for f in check_errors + warnings:
        if f["field"].startswith("samples["):
            per_sample.setdefault(int(f["field"][8 : f["field"].index("]")]), []).append(f)
        else:
            general.append(f)
    samples = [
        {
            "index": i,
            "sample": s,
            "passed": service.sample_passed(s),
            "categories": "、".join(c.label for c in s.categories),
            "findings": per_sample.get(i, []),
        }
        for i, s in enumerate(report.samples)
    ]
    return render(
        request,
        "institution/device_test.html",
        status=status,
        nav="device_tests",
        row=row,
        report=report,
        status_label=STATUS_LABELS.get(row["status"], row["status"]),
        editable=row["status"] == "draft",
        values=values
        or {
            "report_no": row["report_no"],
            "report_date": row["report_date"],
            "client_id": str(row["client"]),
        },
        errors=errors or {},
        clients=await client_choices("", row["client"]),
        devices=await clients.devices_for_pick(row["client"]),
        samples=samples,
        general=general,
        findings=findings,
        error_count=len(check_errors),
        used_by=await cards_using(inst_id, service.KIND.kind, report_id),
        message=message,
        notice=notice,
        today=date.today().isoformat(),
    )


PAGES = actions.ReportPages(
    kind=service.KIND,
    base=BASE,
    nav="device_tests",
    kind_label="医用辐射装置检测报告",
    blank=None,
    report_page=_report_page,
)


async def _sample_page(
    request: Request[Any, Any, Any],
    inst_id: int,
    report_id: int,
    index: int | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Template:
    row = await store.get(service.KIND, inst_id, report_id)
    report = service.KIND.from_row(row)
    devices = await clients.devices_for_pick(row["client"])
    device = next((d for d in devices if d["device_uid"] == values.get("device")), None)
    catalog = items_for(device["type"] if device else None, report.client.division_code, report.report_date)
    # Catalog items not yet on the sample come first as empty rows, then free rows.
    items = list(values.get("items", []))
    have = {i["name"] for i in items}
    for c in catalog.items:
        if c.name not in have:
            items.append({"name": c.name, "unit": c.unit, "passed": "yes", "missing": False})
    items += [{"name": "", "passed": "yes", "missing": False} for _ in range(3)]
    points = list(values.get("points", [])) + [
        {"name": "", "count": 1, "passed": "yes", "missing": False} for _ in range(4)
    ]
    requirements = {c.name: c for c in catalog.items}
    findings: dict[str, list[dict[str, Any]]] = {}
    if index is not None:
        check_errors, warnings = store.check_report(service.KIND, report, date.today())
        prefix = f"samples[{index}]."
        for f in check_errors + warnings:
            if f["field"].startswith(prefix) or f["field"] == prefix[:-1]:
                key = _form_key(f["field"])
                if key not in _SHOWN and not key.startswith(("item_", "point_")):
                    key = "sample"  # the sample as a whole, or a field the form has no place for
                findings.setdefault(key, []).append(f)
    return render(
        request,
        "institution/device_test_sample.html",
        status=status,
        nav="device_tests",
        row=row,
        report=report,
        index=index,
        editable=row["status"] == "draft",
        values=values,
        errors=errors,
        devices=devices,
        device=device,
        catalog=catalog,
        requirements=requirements,
        items=items,
        points=points,
        findings=findings,
        categories=CATEGORY_CHOICES,
        conditions=CONDITION_CHOICES,
        point_suggestions=sample_form.POINT_SUGGESTIONS,
    )
