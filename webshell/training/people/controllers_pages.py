"""Pages of 完善人员信息 (source 002 §3) under ``/training/people``: the list with its 修改,
离职/在职 and 删除 (§3.3), the profile form of §3.5 with its uploads, and the 专业技术资质."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import File, Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, render, settings_of
from radrules_webshell.training.people import files, forms, qualifications, queries, service
from radrules_webshell.training.shared.scope import unit_row
from radrules_webshell.training.shared.web import notice_of, unit, vocabulary

from radrules import EmploymentStatus

BASE = "/training/people"


async def _form_page(
    request: Request[Any, Any, Any],
    inst: int,
    person_id: int | None,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    message: str | None = None,
    warnings: list[dict[str, Any]] | None = None,
    q_errors: dict[str, str] | None = None,
    q_values: dict[str, Any] | None = None,
) -> Template:
    vocab = vocabulary((await unit_row(inst))["division_code"])
    view = await queries.person_view(inst, person_id) if person_id else None
    return render(
        request,
        "training/person.html",
        status=status,
        nav="t_people",
        person=view,
        sections=forms.sections(vocab),
        values=values if values is not None else (forms.flat(view["model"]) if view else {}),
        errors=errors or {},
        file_fields=forms.FILE_FIELDS,
        q_form=qualifications.form(vocab),
        q_errors=q_errors or {},
        q_values=q_values or {},
        message=message,
        warnings=warnings or [],
        notice=notice_of(request),
    )


class PeoplePages(Controller):
    path = BASE
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = unit(request)
        q = request.query_params
        rows = await queries.list_people(inst, name=q.get("name"), employment=q.get("employment"))
        return render(
            request, "training/people.html", nav="t_people", rows=rows, q=dict(q), notice=notice_of(request)
        )

    @get("/new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = unit(request)
        return await _form_page(request, inst, None)

    @post("/new")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._save(request, None)

    @get("/{person_id:int}")
    async def show(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> Template:
        _, inst = unit(request)
        return await _form_page(request, inst, person_id)

    @post("/{person_id:int}")
    async def save(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> Template | Redirect:
        return await self._save(request, person_id)

    async def _save(self, request: Request[Any, Any, Any], person_id: int | None) -> Template | Redirect:
        user, inst = unit(request)
        if person_id is not None:
            await service.person_row(inst, person_id)  # another unit's: 404 before reading
        form = await request.form()
        values = forms.PARSE.form_values(form)
        parsed, errors = forms.PARSE.parse(values)
        keep = (await queries.person_view(inst, person_id))["model"] if person_id else None
        profile, read_errors = forms.profile_from_form(parsed, keep) if not errors else (None, {})
        errors |= read_errors
        if profile is not None:
            try:
                new_id, _ = await service.save(user, inst, profile, person_id)
            except WebError as exc:
                return await _form_page(
                    request,
                    inst,
                    person_id,
                    values=values,
                    errors=exc.errors,
                    status=exc.status,
                    message=exc.message,
                )
            return redirect(f"{BASE}/{new_id}", "saved" if person_id else "created")
        return await _form_page(
            request,
            inst,
            person_id,
            values=values,
            errors=errors,
            status=400,
            message="填写的信息有误，请按提示修改",
        )

    @post("/{person_id:int}/employment")
    async def employment(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> Redirect:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        wanted = (await request.form()).get("employment")
        status = EmploymentStatus.departed if wanted == "departed" else EmploymentStatus.in_service
        await service.set_employment(user, inst, person_id, status)
        return redirect(BASE, "employment")

    @post("/{person_id:int}/delete")
    async def delete(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> Redirect:
        user, inst = unit(request)
        await service.delete(user, inst, person_id, settings_of(request))
        return redirect(BASE, "deleted")

    @post("/{person_id:int}/files", opt={"upload_files": 1})
    async def upload(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> Template | Redirect:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        form = await request.form()
        try:
            await files.add_file(
                user, inst, person_id, form.get("field"), form.get("file"), settings_of(request)
            )
        except WebError as exc:
            if exc.status == 404:
                raise
            return await _form_page(
                request, inst, person_id, status=exc.status, message=exc.message, errors=exc.errors
            )
        return redirect(f"{BASE}/{person_id}", "uploaded")

    @get("/{person_id:int}/files/{file_id:int}")
    async def download(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], file_id: FromPath[int]
    ) -> File:
        from radrules_webshell.training.shared.files import download

        _, inst = unit(request)
        return download(await files.file_of(inst, person_id, file_id), settings_of(request))

    @post("/{person_id:int}/files/{file_id:int}/delete")
    async def delete_file(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], file_id: FromPath[int]
    ) -> Redirect:
        user, inst = unit(request)
        await files.remove_file(user, inst, person_id, file_id, settings_of(request))
        return redirect(f"{BASE}/{person_id}", "deleted")

    @post("/{person_id:int}/qualifications")
    async def add_qualification(
        self, request: Request[Any, Any, Any], person_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._qualification(request, person_id, None)

    @post("/{person_id:int}/qualifications/{index:int}")
    async def edit_qualification(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], index: FromPath[int]
    ) -> Template | Redirect:
        return await self._qualification(request, person_id, index)

    async def _qualification(
        self, request: Request[Any, Any, Any], person_id: int, index: int | None
    ) -> Template | Redirect:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        vocab = vocabulary((await unit_row(inst))["division_code"])
        spec = qualifications.form(vocab)
        data = spec.form_values(await request.form())
        try:
            entry = qualifications.parse(vocab, data)
            await qualifications.put(user, inst, person_id, entry, index)
        except WebError as exc:
            if exc.status == 404:
                raise
            errors = {k.rsplit(".", 1)[-1]: v for k, v in exc.errors.items()}
            return await _form_page(
                request,
                inst,
                person_id,
                status=exc.status,
                message=exc.message,
                q_errors=errors,
                q_values=data,
            )
        return redirect(f"{BASE}/{person_id}", "saved")

    @post("/{person_id:int}/qualifications/{index:int}/delete")
    async def delete_qualification(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], index: FromPath[int]
    ) -> Redirect:
        user, inst = unit(request)
        await qualifications.remove(user, inst, person_id, index)
        return redirect(f"{BASE}/{person_id}", "deleted")
