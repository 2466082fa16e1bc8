"""Routes of the report card (source 000 §5.3): the JSON API ``/api/cards`` and the pages
``/institution/cards``. Both call :mod:`.cards` (writes) and :mod:`.card_queries` (reads).

This module deliberately does not use postponed annotations: Litestar reads the handler
signatures at import time.

API (JSON; writes need the X-CSRF-Token header and carry the card's ``version``):

* ``GET /api/cards`` — list; query ``division``, ``client_name``, ``issued_from``,
  ``issued_to``, ``status`` (pending|submitted), ``page``
* ``POST /api/cards`` — create and 暂存 (card input, see :mod:`.card_form`) → 201
* ``GET /api/cards/{id}`` — the card, version, sources and findings
* ``PUT /api/cards/{id}`` or ``POST /api/cards/{id}/save`` — change and 暂存
* ``POST /api/cards/{id}/submit`` — 提交 (``{"version"}``, optionally with new content)
* ``POST /api/cards/{id}/withdraw`` — 撤销 (``{"version", "reason"?}``)
* ``POST /api/cards/{id}/delete`` — 删除 a never-submitted draft (``{"version"}``)
* ``GET /api/cards/staff``, ``GET /api/cards/clients?q=``, ``POST /api/cards/clients``,
  ``GET /api/cards/reports?client_id=`` — what may be picked
"""

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.clients.forms import CLIENT_FORM
from radrules_webshell.core.errors import Forbidden, Invalid, WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.filings import card_queries as queries
from radrules_webshell.filings import cards
from radrules_webshell.filings.card_build import creation_refusal, defaults
from radrules_webshell.filings.card_form import SECTIONS, format_periods, input_from_form, section_of

from radrules import ClientKind, Duty, EvaluationKind, ServiceField

_SECTION_NAMES = {name for name, _ in SECTIONS}


def _institution(request: Request[Any, Any, Any]) -> tuple[Principal, int]:
    user = user_of(request)
    if user.role != "institution" or user.institution_id is None:
        raise Forbidden()
    return user, user.institution_id


def _outcome(o: cards.Outcome) -> dict[str, Any]:
    return {
        "id": o.card_id,
        "version": o.version,
        "status": o.card.status.value,
        "status_label": o.card.status.label,
        "qc_code": o.card.qc_code,
        "filed_on": o.card.filed_on.isoformat() if o.card.filed_on else None,
        "qc_code_withheld": [f.message for f in o.qc_code_withheld],
        "findings": [queries.finding_view(f) for f in (o.check.findings if o.check else ())],
    }


class CardApi(Controller):
    path = "/api/cards"
    guards = [role("institution"), api_csrf]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["技术服务信息报送卡"]  # noqa: RUF012

    @get("/", summary="报送卡列表（服务单位地区、名称、出具报告日期、状态筛选）")
    async def index(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        _, inst = _institution(request)
        return await queries.list_cards(inst, queries.parse_filters(request.query_params))

    @post("/", summary="新建报送卡并暂存", status_code=201)
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        user, inst = _institution(request)
        return _outcome(await cards.save(user, inst, data, province=settings_of(request).province))

    @get("/staff", summary="可选择的参与人员（本机构人员）")
    async def staff(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        _, inst = _institution(request)
        return await queries.staff_for_pick(inst)

    @get("/clients", summary="按单位名称或统一社会信用代码查询服务单位")
    async def find_clients(
        self, request: Request[Any, Any, Any], q: FromQuery[str] = ""
    ) -> list[dict[str, Any]]:
        _institution(request)
        return await clients.search_clients(q)

    @post("/clients", summary="添加服务单位（uscc, name, kind, division_code, …）", status_code=201)
    async def add_client(
        self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
    ) -> dict[str, int]:
        user, _ = _institution(request)
        return {"id": await clients.create_client(user, data)}

    @get("/reports", summary="可选择的已提交检测报告（医用辐射装置检测、个人剂量监测）")
    async def reports(
        self, request: Request[Any, Any, Any], client_id: FromQuery[int | None] = None
    ) -> list[dict[str, Any]]:
        _, inst = _institution(request)
        if client_id is not None and row_id(client_id) is None:
            return []
        return await queries.reports_for_pick(inst, client_id)

    @get("/{card_id:int}", summary="查看报送卡（含版本号与检查结果）")
    async def read(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> dict[str, Any]:
        _, inst = _institution(request)
        return await queries.card_view(inst, card_id)

    @put("/{card_id:int}", summary="修改报送卡并暂存（须带 version）")
    async def replace(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = _institution(request)
        return _outcome(await cards.save(user, inst, data, card_id))

    @post("/{card_id:int}/save", summary="暂存（同 PUT）", status_code=200)
    async def save(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = _institution(request)
        return _outcome(await cards.save(user, inst, data, card_id))

    @post("/{card_id:int}/submit", summary="提交（须带 version；错误阻止提交，警告不阻止）", status_code=200)
    async def submit(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = _institution(request)
        return _outcome(await cards.submit(user, inst, card_id, data))

    @post("/{card_id:int}/withdraw", summary="撤销（须带 version，可带 reason）", status_code=200)
    async def withdraw(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = _institution(request)
        return _outcome(await cards.withdraw(user, inst, card_id, data))

    @post("/{card_id:int}/delete", summary="删除从未提交过的暂存报送卡（须带 version）", status_code=204)
    async def remove(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> None:
        user, inst = _institution(request)
        await cards.delete(user, inst, card_id, data)


# -- pages -----------------------------------------------------------------------------------


def _form_values(card: dict[str, Any] | None, base: dict[str, Any]) -> dict[str, Any]:
    """Flat form values of a stored card (radrules JSON), or of the defaults for a new one."""
    if card is None:
        inst, filler = base["institution"], base["filler"]
        return {
            "project_leader": inst["project_leader"],
            "institution_phone": inst["phone"],
            "filler_unit_head": filler["unit_head"],
            "filler_name": filler["name"],
            "filler_phone": filler["phone"],
            "filler_filled_on": filler["filled_on"],
        }
    c = card
    client = c["client"]
    contact = client.get("contact") or {}
    address = c.get("service_address") or {}
    v: dict[str, Any] = {
        "project_leader": c["institution"].get("project_leader") or "",
        "institution_phone": c["institution"].get("phone") or "",
        "client_kind": client["kind"],
        "client_contact_name": contact.get("name") or "",
        "client_contact_phone": contact.get("phone") or "",
        "service_division_code": address.get("division_code") or "",
        "service_address": address.get("address") or "",
        "service_field": c["service_field"],
        "report_no": c["report_no"],
        "report_issued_on": c["report_issued_on"],
        "filler_unit_head": c["filler"]["unit_head"],
        "filler_name": c["filler"]["name"],
        "filler_phone": c["filler"]["phone"],
        "filler_filled_on": c["filler"]["filled_on"],
    }
    r = c.get("results") or {}
    ev = r.get("protection_evaluation") or {}
    v.update(
        ev_kind=ev.get("kind", ""),
        ev_exceeding_points=ev.get("exceeding_points", ""),
        ev_points_tested=ev.get("points_tested", ""),
        ev_hazard_types="、".join(ev.get("hazard_types") or ()),
    )
    pt = r.get("protection_testing") or {}
    wp, eq = pt.get("workplace") or {}, pt.get("equipment_qc") or {}
    v.update(
        wp_points_tested=wp.get("points_tested", ""),
        wp_exceeding_points=wp.get("exceeding_points", ""),
        wp_hazard_types="、".join(wp.get("hazard_types") or ()),
        eq_devices_tested=eq.get("devices_tested", ""),
        eq_failing_devices=eq.get("failing_devices", ""),
        eq_failing_device_names="、".join(eq.get("failing_device_names") or ()),
    )
    dm = r.get("dose_monitoring") or {}
    v.update(
        dm_workers_monitored=dm.get("workers_monitored", ""),
        dm_workers_5_to_20=dm.get("workers_5_to_20", ""),
        dm_workers_over_20=dm.get("workers_over_20", ""),
    )
    ep = r.get("equipment_product_testing") or {}
    for key, prefix in (("protective_equipment", "pe"), ("radioactive_products", "rp")):
        s = ep.get(key) or {}
        v[f"{prefix}_samples_tested"] = s.get("samples_tested", "")
        v[f"{prefix}_samples_exceeding"] = s.get("samples_exceeding", "")
        v[f"{prefix}_exceeding_names"] = "、".join(s.get("exceeding_names") or ())
    return v


def _participant_values(card: dict[str, Any] | None, staff: list[dict[str, Any]]) -> dict[str, Any]:
    """Form values of the participants: matched to staff by ID number."""
    if card is None:
        return {}
    by_id = {s["id_number"]: s["id"] for s in staff if "id_number" in s}
    v: dict[str, Any] = {}
    for p in card.get("participants") or ():
        sid = by_id.get(p["id_number"])
        if sid is None:
            continue
        v[f"p{sid}_on"] = "on"
        for d in p.get("duties") or ():
            v[f"p{sid}_{d['duty']}"] = "on"
            v[f"p{sid}_{d['duty']}_times"] = format_periods(d.get("periods") or [])
    return v


def _notes(view: dict[str, Any] | None, errors: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """What to show beside each form section: this request's errors, then the findings of
    the stored card, a participant's named."""
    people = view["card"]["participants"] if view else []
    out: dict[str, list[dict[str, Any]]] = {}

    def who(field: str) -> str:
        if field.startswith("participants["):
            i = int(field[len("participants[") : -1])
            return people[i]["name"] if i < len(people) else f"第{i + 1}名参与人员"
        return ""

    for field, message in errors.items():
        section = section_of(field) if section_of(field) in _SECTION_NAMES else "card"
        out.setdefault(section, []).append(
            {
                "severity": "error",
                "severity_label": "错误",
                "message": message,
                "field": field,
                "who": who(field),
            }
        )
    for f in view["findings"] if view else []:
        out.setdefault(section_of(f["field"]), []).append({**f, "who": who(f["field"])})
    return out


async def _staff(inst: int) -> list[dict[str, Any]]:
    from radrules_webshell.institutions.tables import StaffMember

    return (
        await StaffMember.select(StaffMember.id, StaffMember.name, StaffMember.id_number, StaffMember.title)
        .where((StaffMember.institution == inst) & StaffMember.selected.eq(True))
        .order_by(StaffMember.id)
    )


async def _form_page(
    request: Request[Any, Any, Any],
    inst: int,
    *,
    view: dict[str, Any] | None,
    values: dict[str, Any],
    errors: dict[str, str],
    message: str | None = None,
    status: int = 200,
) -> Template:
    user = user_of(request)
    staff = await _staff(inst)
    q = request.query_params.get("client_q", "")
    client_id: int | None = view["client_id"] if view else None
    for given in (str(values.get("client_id") or ""), request.query_params.get("client_id", "")):
        if given.isdigit():
            client_id = row_id(int(given))
    found = await clients.search_clients(q) if q else []
    chosen = await clients.client(client_id) if client_id else None
    if chosen and all(c["id"] != chosen["id"] for c in found):
        found.insert(0, chosen)
    notes = _notes(view, errors)
    base = await defaults(user, inst)
    return render(
        request,
        "institution/card_form.html",
        status=status,
        nav="cards",
        view=view,
        base=base,
        values=values,
        errors=errors,
        message=message,
        staff=staff,
        duties=list(Duty),
        clients=found,
        client_id=client_id,
        client_q=q,
        client_kinds=[(k.value, k.label) for k in ClientKind],
        client_form=CLIENT_FORM,
        service_fields=[(f.value, f.label) for f in ServiceField],
        evaluation_kinds=[(k.value, k.label) for k in EvaluationKind],
        reports=await queries.reports_for_pick(inst, client_id),
        notes_by_section=notes,
    )


class CardPages(Controller):
    path = "/institution/cards"
    guards = [role("institution")]  # noqa: RUF012
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = _institution(request)
        errors: dict[str, str] = {}
        try:
            filters = queries.parse_filters(request.query_params)
        except Invalid as exc:
            errors, filters = exc.errors, queries.CardFilters()
        return render(
            request,
            "institution/cards.html",
            nav="cards",
            rows=await queries.list_cards(inst, filters),
            filters=filters,
            errors=errors,
            status_filters=queries.STATUS_FILTERS,
            page_size=queries.PAGE_SIZE,
        )

    @get("/new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = _institution(request)
        refusal = await creation_refusal(inst, settings_of(request).province)
        if refusal:
            return render(request, "institution/card_refused.html", status=403, nav="cards", reasons=refusal)
        user = user_of(request)
        return await _form_page(
            request, inst, view=None, values=_form_values(None, await defaults(user, inst)), errors={}
        )

    @post("/")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, inst = _institution(request)
        form = await request.form()
        staff_ids = [s["id"] for s in await _staff(inst)]
        data, errors = input_from_form(form, staff_ids)
        values = {k: form.get(k) for k in form}
        if errors:
            return await _form_page(
                request,
                inst,
                view=None,
                values=values,
                errors=errors,
                status=400,
                message="填写的信息有误，请按提示修改",
            )
        try:
            outcome = await cards.save(user, inst, data, province=settings_of(request).province)
        except WebError as exc:
            return await _form_page(
                request,
                inst,
                view=None,
                values=values,
                errors=exc.errors,
                message=exc.message,
                status=exc.status,
            )
        if form.get("action") == "submit":
            try:
                await cards.submit(user, inst, outcome.card_id, {"version": outcome.version})
            except WebError:
                return redirect(f"/institution/cards/{outcome.card_id}", "card_saved_not_submitted")
            return redirect(f"/institution/cards/{outcome.card_id}", "card_submitted")
        return redirect(f"/institution/cards/{outcome.card_id}", "card_saved")

    @post("/clients")
    async def add_client(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, _ = _institution(request)
        form = await request.form()
        data = CLIENT_FORM.form_values(form)
        back = str(form.get("back") or "/institution/cards/new")
        if not back.startswith("/institution/cards/"):
            back = "/institution/cards/new"
        try:
            client_id = await clients.create_client(user, data)
        except Invalid as exc:
            detail = "；".join(
                f"{CLIENT_FORM.field(k).label}：{m}" for k, m in exc.errors.items() if k in CLIENT_FORM.names
            )
            return render(
                request,
                "error.html",
                status=400,
                error_message=f"添加服务单位失败：{detail or exc.message}",
                status_code=400,
            )
        return Redirect(f"{back}?client_id={client_id}", status_code=303)

    @get("/{card_id:int}")
    async def show(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template:
        _, inst = _institution(request)
        view = await queries.card_view(inst, card_id)
        staff = await _staff(inst)
        values = {**_form_values(view["card"], {}), **_participant_values(view["card"], staff)}
        if view["sources"]:
            values["source"] = f"{view['sources'][0]['kind']}:{view['sources'][0]['id']}"
        return await _form_page(request, inst, view=view, values=values, errors={})

    @post("/{card_id:int}")
    async def act(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template | Redirect:
        user, inst = _institution(request)
        form = await request.form()
        action = str(form.get("action") or "save")
        version_text = str(form.get("version") or "")
        version = int(version_text) if version_text.isdigit() else None
        staff_ids = [s["id"] for s in await _staff(inst)]
        try:
            if action == "withdraw":
                await cards.withdraw(user, inst, card_id, {"version": version, "reason": form.get("reason")})
                return redirect(f"/institution/cards/{card_id}", "card_withdrawn")
            if action == "delete":
                await cards.delete(user, inst, card_id, {"version": version})
                return redirect("/institution/cards", "deleted")
            data, errors = input_from_form(form, staff_ids)
            data["version"] = version
            if errors:
                raise Invalid(errors=errors)
            if action == "submit":
                await cards.submit(user, inst, card_id, data)
                return redirect(f"/institution/cards/{card_id}", "card_submitted")
            await cards.save(user, inst, data, card_id)
            return redirect(f"/institution/cards/{card_id}", "card_saved")
        except WebError as exc:
            view = await queries.card_view(inst, card_id)
            values = {k: form.get(k) for k in form}
            if action in ("withdraw", "delete"):
                values = {
                    **_form_values(view["card"], {}),
                    **_participant_values(view["card"], await _staff(inst)),
                }
            return await _form_page(
                request,
                inst,
                view=view,
                values=values,
                errors=exc.errors,
                message=exc.message,
                status=exc.status,
            )
