"""Pages of the report card (source 000 §5.3) under ``/institution/cards``: the list with
its filters (§5.3.3), the new card, a card's page with the actions 暂存, 提交, 撤销 and 删除
(§5.3.4), and adding a client from the card (第四步). Findings are shown beside the form
section they concern. They call :mod:`.service` (writes) and :mod:`.queries` (reads); the
form is read and filled by :mod:`.forms`.

This module deliberately does not use postponed annotations: Litestar reads the handler
signatures at import time.
"""

import contextlib
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.clients.forms import CARD_CLIENT_FORM
from radrules_webshell.core import clock, divisions
from radrules_webshell.core.errors import Invalid, NotFound, WebError
from radrules_webshell.core.forms import REFRESH
from radrules_webshell.core.guards import role
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.filings.cards import queries, service
from radrules_webshell.filings.cards.build import creation_refusal, defaults
from radrules_webshell.filings.cards.fields import CARD_FIELDS, hazard_type_choices
from radrules_webshell.filings.cards.forms import (
    SECTIONS,
    form_values,
    input_from_form,
    participant_values,
    section_of,
)
from radrules_webshell.filings.reports.controllers import institution_of

from radrules import ClientKind, Duty, EvaluationKind, ServiceField

_SECTION_NAMES = {name for name, _ in SECTIONS}


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
        label = CARD_FIELDS.label(field)
        message = f"{label}：{message}" if label and not field.startswith("participants") else message
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
    client_q: str = "",
    client_values: dict[str, Any] | None = None,
    client_errors: dict[str, str] | None = None,
    notice: str | None = None,
) -> Template:
    """The card form. ``errors`` are keyed by the card input's JSON paths: those typed in a
    field of the form are shown beside it (:data:`.fields.CARD_FIELDS`), the rest beside
    their section with the stored card's findings. ``client_values``/``client_errors``: the
    添加服务单位 part, kept as typed when it was refused."""
    user = user_of(request)
    staff = await _staff(inst)
    client_id: int | None = view["client_id"] if view else None
    for given in (request.query_params.get("client_id", ""), str(values.get("client_id") or "")):
        if given.isdigit():
            client_id = row_id(int(given))
    found = await clients.search_clients(client_q) if client_q else []
    chosen = None
    if client_id:
        with contextlib.suppress(NotFound):
            chosen = await clients.client(client_id)
    if chosen and all(c["id"] != chosen["id"] for c in found):
        found.insert(0, chosen)
    kinds = {k.value: k.label for k in ClientKind}
    for c in found:
        c["kind_label"] = kinds.get(c["kind"], c["kind"])
        c["editable"] = clients.may_edit(user, c)
    values = {**values}
    if chosen and not values.get("client_kind"):
        values["client_kind"] = chosen["kind"]
    where = str(values.get("service_division_code") or (chosen or {}).get("division_code") or "")
    where = where or f"{settings_of(request).province}0000"
    field_errors, rest = CARD_FIELDS.place(errors)
    base = await defaults(user, inst)
    return render(
        request,
        "institution/card_form.html",
        status=status,
        nav="cards",
        view=view,
        base=base,
        values=values,
        errors=field_errors,
        message=message,
        staff=staff,
        duties=list(Duty),
        clients=found,
        client_id=client_id,
        chosen=chosen,
        client_q=client_q,
        client_kinds=[(k.value, k.label) for k in ClientKind],
        client_form=CARD_CLIENT_FORM,
        client_prefix=CLIENT_PREFIX,
        client_values=client_values or {},
        client_errors=client_errors or {},
        service_fields=[(f.value, f.label) for f in ServiceField],
        evaluation_kinds=[(k.value, k.label) for k in EvaluationKind],
        reports=await queries.reports_for_pick(inst, client_id),
        notes_by_section=_notes(view, rest),
        hazard_types=hazard_type_choices(where, clock.today()),
        back=f"/institution/cards/{view['id']}" if view else "/institution/cards/new",
        **({"notice": notice} if notice else {}),
    )


#: The 添加服务单位 inputs inside the card form are named ``new_client_<field>``.
CLIENT_PREFIX = "new_client_"
#: The card form's buttons that pick the client (or redraw a division picker) instead of
#: saving the card.
CLIENT_ACTIONS = ("find_client", "add_client", REFRESH)


class _Prefixed:
    """The inputs of a form named ``<prefix><name>``, read by ``<name>`` (a sub-form)."""

    def __init__(self, form: Any, prefix: str) -> None:
        self.form, self.prefix = form, prefix

    def get(self, name: str, default: Any = None) -> Any:
        return self.form.get(self.prefix + name, default)

    def getall(self, name: str, default: Any = None) -> Any:
        return self.form.getall(self.prefix + name, default)

    def __contains__(self, name: object) -> bool:
        return f"{self.prefix}{name}" in self.form


def _typed(form: Any) -> dict[str, Any]:
    """What the card form holds, to show again as typed."""
    out: dict[str, Any] = {}
    for k in form:
        if k in ("action", "_csrf_token") or k.startswith(CLIENT_PREFIX):
            continue
        given = form.getall(k)
        out[k] = given if len(given) > 1 else form.get(k)  # ticked boxes of one list stay a list
    return out


async def _client_step(
    request: Request[Any, Any, Any], inst: int, view: dict[str, Any] | None, form: Any
) -> Template:
    """查询 or 添加 the client (第四步) without losing what the card form holds: the page
    comes back with everything as typed, the client found or added and chosen."""
    values = _typed(form)
    values["service_division_code"] = divisions.read(form.get, "service_division_code")
    q = str(form.get("client_q") or "").strip()
    data = CARD_CLIENT_FORM.form_values(_Prefixed(form, CLIENT_PREFIX))
    if form.get("action") != "add_client":
        typed = {k: v for k, v in data.items() if v}
        return await _form_page(
            request, inst, view=view, values=values, errors={}, client_q=q, client_values=typed
        )
    try:
        client_id = await clients.create_client(user_of(request), data, for_card=True)
    except Invalid as exc:
        return await _form_page(
            request,
            inst,
            view=view,
            values=values,
            errors={},
            client_q=q,
            client_values=data,
            client_errors=exc.errors,
            message="添加服务单位失败：请按提示修改后重新添加",
            status=400,
        )
    values["client_id"] = str(client_id)
    values.pop("client_kind", None)
    return await _form_page(
        request,
        inst,
        view=view,
        values=values,
        errors={},
        client_q=q,
        notice="已添加服务单位并选中，请继续填写",
    )


class CardPages(Controller):
    path = "/institution/cards"
    guards = [role("institution")]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = institution_of(request)
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
        _, inst = institution_of(request)
        refusal = await creation_refusal(inst, settings_of(request).province)
        if refusal:
            return render(request, "institution/card_refused.html", status=403, nav="cards", reasons=refusal)
        user = user_of(request)
        return await _form_page(
            request, inst, view=None, values=form_values(None, await defaults(user, inst)), errors={}
        )

    @post("/")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, inst = institution_of(request)
        form = await request.form()
        if form.get("action") in CLIENT_ACTIONS:
            return await _client_step(request, inst, None, form)
        staff_ids = [s["id"] for s in await _staff(inst)]
        data, errors = input_from_form(form, staff_ids)
        values = _typed(form)
        if errors:
            return await _form_page(
                request,
                inst,
                view=None,
                values=values,
                errors=errors,
                status=400,
                message=CARD_FIELDS.summary(errors),
            )
        try:
            outcome = await service.save(user, inst, data, province=settings_of(request).province)
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
                await service.submit(user, inst, outcome.card_id, {"version": outcome.version})
            except WebError:
                return redirect(f"/institution/cards/{outcome.card_id}", "card_saved_not_submitted")
            return redirect(f"/institution/cards/{outcome.card_id}", "card_submitted")
        return redirect(f"/institution/cards/{outcome.card_id}", "card_saved")

    @get("/{card_id:int}")
    async def show(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template:
        _, inst = institution_of(request)
        view = await queries.card_view(inst, card_id)
        staff = await _staff(inst)
        values = {**form_values(view["card"], {}), **participant_values(view["card"], staff)}
        if view["sources"]:
            values["source"] = f"{view['sources'][0]['kind']}:{view['sources'][0]['id']}"
        return await _form_page(request, inst, view=view, values=values, errors={})

    @post("/{card_id:int}")
    async def act(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template | Redirect:
        user, inst = institution_of(request)
        form = await request.form()
        action = str(form.get("action") or "save")
        if action in CLIENT_ACTIONS:
            return await _client_step(request, inst, await queries.card_view(inst, card_id), form)
        version_text = str(form.get("version") or "")
        version = int(version_text) if version_text.isdigit() else None
        staff_ids = [s["id"] for s in await _staff(inst)]
        try:
            if action == "withdraw":
                await service.withdraw(
                    user, inst, card_id, {"version": version, "reason": form.get("reason")}
                )
                return redirect(f"/institution/cards/{card_id}", "card_withdrawn")
            if action == "delete":
                await service.delete(user, inst, card_id, {"version": version})
                return redirect("/institution/cards", "deleted")
            data, errors = input_from_form(form, staff_ids)
            data["version"] = version
            if errors:
                raise Invalid(errors=errors)
            if action == "submit":
                await service.submit(user, inst, card_id, data)
                return redirect(f"/institution/cards/{card_id}", "card_submitted")
            await service.save(user, inst, data, card_id)
            return redirect(f"/institution/cards/{card_id}", "card_saved")
        except WebError as exc:
            view = await queries.card_view(inst, card_id)
            values = _typed(form)
            if action in ("withdraw", "delete"):
                values = {
                    **form_values(view["card"], {}),
                    **participant_values(view["card"], await _staff(inst)),
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
