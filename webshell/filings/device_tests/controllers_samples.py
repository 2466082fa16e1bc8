"""Pages of a device-test report's samples (样品信息, source 000 §5.1.2.2 4–6) under
``/institution/device-tests/{report_id}/samples``.

A sample's page has the device picked from the client's, the test categories and
condition, the catalog's items for the device type (:mod:`.catalog`) and the measurement
points; the form is read by :mod:`.forms`. Saving or deleting a sample re-resolves the
report against the client's devices, in the report's transaction. radrules' findings on
the sample are shown beside the inputs whose path they name.
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, NotFound, WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, render
from radrules_webshell.filings.device_tests import forms, judging, service
from radrules_webshell.filings.device_tests.catalog import items_for
from radrules_webshell.filings.device_tests.controllers_pages import BASE, PAGES
from radrules_webshell.filings.reports import controllers_pages as actions
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.controllers import institution_of
from radrules_webshell.filings.reports.forms import parse_body

from radrules import DeviceTestReport, ExposureMode, Sample, TestCategory, TestCondition

CATEGORY_CHOICES = [(c.value, c.label) for c in TestCategory]
CONDITION_CHOICES = [(c.value, c.label) for c in TestCondition]


class DeviceTestSamplePages(Controller):
    path = BASE
    guards = (role("institution"),)
    include_in_schema = False

    @get("/{report_id:int}/samples/new")
    async def new_sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], device: FromQuery[str | None] = None
    ) -> Template:
        _, inst_id = institution_of(request)
        values = forms.values_of(None)
        if device:
            values["device"] = device
        return await _sample_page(request, inst_id, report_id, None, values, {})

    @post("/{report_id:int}/samples/new")
    async def add_sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int]
    ) -> Template | Redirect:
        return await _save_sample(request, report_id, None)

    @post("/{report_id:int}/samples/judge", status_code=200)
    async def judge(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Response[Any]:
        """What the limits say of the sample form as it stands (for the page's script, which
        fills 合格 as the values are typed): ``hints`` by form row, the sample's ``verdict``."""
        _, inst_id = institution_of(request)
        row = await store.get(service.KIND, inst_id, report_id)
        report = await store.report_of(service.KIND, row)
        form = await request.form()
        data, errors = forms.parse(form, form.getall("categories", []), "")
        sample = None if errors else _draft_sample(data)
        if sample is not None:
            sample = await service.with_device(row["client"], sample)
        judgement = judging.judged(sample, report.client.division_code, clock.today()) if sample else None
        body = {"hints": judging.hints(judgement), "verdict": judging.list_verdict(judgement)}
        return Response(body, media_type=MediaType.JSON, headers={"Cache-Control": "no-store"})

    @get("/{report_id:int}/samples/{index:int}")
    async def sample(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Template:
        _, inst_id = institution_of(request)
        report = await store.report_of(service.KIND, await store.get(service.KIND, inst_id, report_id))
        if not 0 <= index < len(report.samples):
            raise NotFound()
        values = forms.values_of(report.samples[index])
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
            return resolved

        try:
            await store.edit_document(service.KIND, user, inst_id, report_id, edit, "sample_delete")
        except WebError as exc:
            return await actions.refused(request, PAGES, inst_id, report_id, exc)
        return redirect(f"{BASE}/{report_id}", "sample_deleted")


def _with_samples(report: DeviceTestReport, samples: tuple[Sample, ...]) -> DeviceTestReport:
    return attrs.evolve(report, samples=samples)


async def _save_sample(
    request: Request[Any, Any, Any], report_id: int, index: int | None
) -> Template | Redirect:
    user, inst_id = institution_of(request)
    form = await request.form()
    row = await store.get(service.KIND, inst_id, report_id)
    current = await store.report_of(service.KIND, row)
    if index is not None and not 0 <= index < len(current.samples):
        raise NotFound()
    if index is None:
        sample_no = service.next_sample_no(current.report_no, {s.sample_no for s in current.samples})
    else:
        sample_no = current.samples[index].sample_no
    data, errors = forms.parse(form, form.getall("categories", []), sample_no)
    if not errors:
        try:
            # 合格 left 未判定 is filled from the value, where the limit decides (§5.1.2.2 5)
            division = current.client.division_code
            drafted = await service.with_device(row["client"], parse_body(data, Sample))
            judgement = judging.judged(drafted, division, clock.today())
            sample = parse_body(judging.fill_verdicts(data, judgement), Sample)
            if form.get("action") == "judge":
                # 判定: the form comes back with the verdicts filled, nothing saved
                return await _sample_page(
                    request,
                    inst_id,
                    report_id,
                    index,
                    forms.values_of_json(data),
                    {},
                    sample=await service.with_device(row["client"], sample),
                )

            async def edit(report: DeviceTestReport) -> DeviceTestReport:
                samples = list(report.samples)
                if index is None:
                    samples.append(sample)
                elif 0 <= index < len(samples):
                    samples[index] = sample
                else:
                    raise NotFound()
                _, resolved = await service.KIND.resolve(inst_id, _with_samples(report, tuple(samples)))
                return resolved

            await store.edit_document(service.KIND, user, inst_id, report_id, edit, "sample_save")
        except Invalid as exc:
            errors = {forms.form_key(k): v for k, v in exc.errors.items()} or {"device": exc.message}
        else:
            return redirect(f"{BASE}/{report_id}", "sample_saved")
    values = forms.values_of_json(data)
    return await _sample_page(request, inst_id, report_id, index, values, errors, status=400)


async def _sample_page(
    request: Request[Any, Any, Any],
    inst_id: int,
    report_id: int,
    index: int | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    sample: Sample | None = None,
) -> Template:
    """The sample's page; ``sample`` (the one being edited, else the stored one) is judged
    against the limits, each row showing what the limit says."""
    row = await store.get(service.KIND, inst_id, report_id)
    report = await store.report_of(service.KIND, row)
    if sample is None and index is not None and 0 <= index < len(report.samples):
        sample = report.samples[index]
    judgement = judging.judged(sample, report.client.division_code, clock.today()) if sample else None
    devices = await clients.devices_for_pick(row["client"])
    device = next((d for d in devices if d["device_uid"] == values.get("device")), None)
    catalog = items_for(device["type"] if device else None, report.client.division_code, report.report_date)
    # Catalog items not yet on the sample come first as empty rows, then free rows.
    items = list(values.get("items", []))
    have = {i["name"] for i in items}
    for c in catalog.items:
        if c.name not in have:
            items.append({"name": c.name, "unit": c.unit, "passed": "", "missing": False})
    # New rows start 未判定: a value with a limit is judged on saving, one without is the tester's.
    items += [{"name": "", "passed": "", "missing": False} for _ in range(3)]
    points = list(values.get("points", [])) + [
        {"name": "", "count": 1, "passed": "", "missing": False} for _ in range(4)
    ]
    requirements = {c.name: c for c in catalog.items}
    findings: dict[str, list[dict[str, Any]]] = {}
    if index is not None:
        check_errors, warnings = await store.checked(service.KIND, report, clock.today())
        prefix = f"samples[{index}]."
        for f in check_errors + warnings:
            if f["field"].startswith(prefix) or f["field"] == prefix[:-1]:
                key = forms.form_key(f["field"])
                if key not in forms.FIELDS_SHOWN and not key.startswith(("item_", "point_")):
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
        point_suggestions=forms.POINT_SUGGESTIONS,
        modes=[(m.value, m.label) for m in ExposureMode],
        hints=judging.hints(judgement),
        sample_verdict=judging.list_verdict(judgement),
    )


def _draft_sample(data: dict[str, Any]) -> Sample | None:
    """The sample a form as it stands makes, or None while it cannot be read yet."""
    try:
        return parse_body(data, Sample)
    except Invalid:
        return None
