"""Pages of the registers under ``/supervision`` (source 001 modules 3–7): the units the user
reaches, a unit's register page (基本信息, 许可证, 设备, 放射工作人员, 附件, 档案调转), a
licence with its 校验, a device with its tests. Each form posts to its own route; the
services scope and audit."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import File, Redirect, Template
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.supervision import levels, scope
from radrules_webshell.supervision.pages import FORMS, LABELS, submit
from radrules_webshell.supervision.registers import attachments, queries, subrecords
from radrules_webshell.supervision.registers import service as registers

R = Request[Any, Any, Any]
Page = Template | Redirect
BASE = "/supervision/units"


def _unit_url(client_id: int) -> str:
    return f"{BASE}/{client_id}"


async def unit_page(request: R, client_id: int, *, status: int = 200, **form: Any) -> Template:
    detail = await queries.unit_detail(user_of(request), client_id)
    return render(
        request,
        "supervision/unit.html",
        status=status,
        nav="s_units",
        forms=FORMS,
        labels=LABELS,
        values=form.get("values", {}),
        errors=form.get("errors", {}),
        message=form.get("message"),
        **detail,
    )


class SupervisionPages(Controller):
    path = "/supervision"
    guards = [role(*scope.ROLES)]
    include_in_schema = False

    @get("/units")
    async def units(self, request: R) -> Template:
        user = user_of(request)
        return render(
            request,
            "supervision/units.html",
            nav="s_units",
            rows=await registers.units(user),
            may_register=user.role in ("regulator", "admin"),
            level=await levels.level_of(user),
        )

    @get("/units/new")
    async def new_unit(self, request: R) -> Template:
        return await self._unit_form(request)

    async def _unit_form(self, request: R, *, status: int = 200, **form: Any) -> Template:
        return render(
            request,
            "resource_form.html",
            status=status,
            title="登记放射诊疗机构",
            nav="s_units",
            base=BASE,
            spec=FORMS["unit"],
            values=form.get("values", {}).get("unit", {}),
            errors=form.get("errors", {}).get("unit", {}),
            message=form.get("message"),
            action=BASE,
            delete_action=None,
        )

    @post("/units")
    async def create_unit(self, request: R) -> Page:
        user = user_of(request)

        async def redraw(**form: Any) -> Template:
            return await self._unit_form(request, **form)

        return await submit(
            request,
            "unit",
            lambda d: registers.create_unit(user, d),
            redraw,
            lambda cid: _unit_url(cid),
            "created",
        )

    @get("/units/{client_id:int}")
    async def unit(self, request: R, client_id: FromPath[int]) -> Template:
        return await unit_page(request, client_id)

    async def _on_unit(
        self, request: R, client_id: int, name: str, run: Any, done: str | None = None
    ) -> Page:
        async def redraw(**form: Any) -> Template:
            return await unit_page(request, client_id, **form)

        return await submit(request, name, run, redraw, done or _unit_url(client_id))

    @post("/units/{client_id:int}/profile")
    async def profile(self, request: R, client_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_unit(
            request, client_id, "profile", lambda d: registers.save_profile(user, client_id, d)
        )

    @post("/units/{client_id:int}/licences")
    async def create_licence(self, request: R, client_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_unit(
            request, client_id, "licence", lambda d: registers.create_licence(user, client_id, d)
        )

    @post("/units/{client_id:int}/devices")
    async def create_device(self, request: R, client_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_unit(
            request, client_id, "device", lambda d: registers.create_device(user, client_id, d)
        )

    @post("/units/{client_id:int}/attachments", opt={"upload_files": 1})
    async def add_attachment(self, request: R, client_id: FromPath[int]) -> Page:
        user = user_of(request)
        await scope.unit(user, client_id)  # scope before the body is read
        form = await request.form()
        upload = form.get("file")
        data = FORMS["attachment"].form_values(form)
        try:
            await attachments.add(
                user,
                client_id,
                data,
                upload if isinstance(upload, UploadFile) else None,
                settings_of(request),
            )
        except Invalid as exc:
            return await unit_page(
                request,
                client_id,
                status=400,
                values={"attachment": data},
                errors={"attachment": exc.errors},
                message=exc.message,
            )
        return redirect(_unit_url(client_id), "created")

    @get("/units/{client_id:int}/attachments/{attachment_id:int}")
    async def attachment(self, request: R, client_id: FromPath[int], attachment_id: FromPath[int]) -> File:
        return await attachments.download(user_of(request), client_id, attachment_id, settings_of(request))

    @post("/units/{client_id:int}/attachments/{attachment_id:int}/delete")
    async def remove_attachment(
        self, request: R, client_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Redirect:
        await attachments.remove(user_of(request), client_id, attachment_id, settings_of(request))
        return redirect(_unit_url(client_id), "deleted")

    # 许可证 and its 校验

    async def _licence_page(
        self, request: R, client_id: int, licence_id: int, *, status: int = 200, **form: Any
    ) -> Template:
        unit = await scope.unit(user_of(request), client_id)
        licence = await registers.licence_detail(client_id, licence_id)
        return render(
            request,
            "supervision/licence.html",
            status=status,
            nav="s_units",
            unit=unit,
            licence=licence,
            forms=FORMS,
            labels=LABELS,
            values=form.get("values") or {"licence": licence},
            errors=form.get("errors", {}),
            message=form.get("message"),
        )

    @get("/units/{client_id:int}/licences/{licence_id:int}")
    async def licence(self, request: R, client_id: FromPath[int], licence_id: FromPath[int]) -> Template:
        return await self._licence_page(request, client_id, licence_id)

    async def _on_licence(self, request: R, client_id: int, licence_id: int, name: str, run: Any) -> Page:
        async def redraw(**form: Any) -> Template:
            return await self._licence_page(request, client_id, licence_id, **form)

        return await submit(request, name, run, redraw, f"{_unit_url(client_id)}/licences/{licence_id}")

    @post("/units/{client_id:int}/licences/{licence_id:int}")
    async def update_licence(self, request: R, client_id: FromPath[int], licence_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_licence(
            request,
            client_id,
            licence_id,
            "licence",
            lambda d: registers.update_licence(user, client_id, licence_id, d),
        )

    @post("/units/{client_id:int}/licences/{licence_id:int}/delete")
    async def delete_licence(
        self, request: R, client_id: FromPath[int], licence_id: FromPath[int]
    ) -> Redirect:
        await registers.delete_licence(user_of(request), client_id, licence_id)
        return redirect(_unit_url(client_id), "deleted")

    @post("/units/{client_id:int}/licences/{licence_id:int}/verifications")
    async def add_verification(self, request: R, client_id: FromPath[int], licence_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_licence(
            request,
            client_id,
            licence_id,
            "verification",
            lambda d: subrecords.add_verification(user, client_id, licence_id, d),
        )

    @post("/units/{client_id:int}/licences/{licence_id:int}/verifications/{item_id:int}/delete")
    async def remove_verification(
        self, request: R, client_id: FromPath[int], licence_id: FromPath[int], item_id: FromPath[int]
    ) -> Redirect:
        await subrecords.remove_verification(user_of(request), client_id, licence_id, item_id)
        return redirect(f"{_unit_url(client_id)}/licences/{licence_id}", "deleted")

    # 设备 and its tests

    async def _device_page(
        self, request: R, client_id: int, device_id: int, *, status: int = 200, **form: Any
    ) -> Template:
        unit = await scope.unit(user_of(request), client_id)
        device = await registers.device_detail(client_id, device_id)
        return render(
            request,
            "supervision/device.html",
            status=status,
            nav="s_units",
            unit=unit,
            device=device,
            forms=FORMS,
            labels=LABELS,
            values=form.get("values") or {"device": device},
            errors=form.get("errors", {}),
            message=form.get("message"),
        )

    @get("/units/{client_id:int}/devices/{device_id:int}")
    async def device(self, request: R, client_id: FromPath[int], device_id: FromPath[int]) -> Template:
        return await self._device_page(request, client_id, device_id)

    async def _on_device(self, request: R, client_id: int, device_id: int, name: str, run: Any) -> Page:
        async def redraw(**form: Any) -> Template:
            return await self._device_page(request, client_id, device_id, **form)

        return await submit(request, name, run, redraw, f"{_unit_url(client_id)}/devices/{device_id}")

    @post("/units/{client_id:int}/devices/{device_id:int}")
    async def update_device(self, request: R, client_id: FromPath[int], device_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_device(
            request,
            client_id,
            device_id,
            "device",
            lambda d: registers.update_device(user, client_id, device_id, d),
        )

    @post("/units/{client_id:int}/devices/{device_id:int}/tests")
    async def add_test(self, request: R, client_id: FromPath[int], device_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_device(
            request,
            client_id,
            device_id,
            "device_test",
            lambda d: subrecords.add_test(user, client_id, device_id, d),
        )

    @post("/units/{client_id:int}/devices/{device_id:int}/tests/{item_id:int}/delete")
    async def remove_test(
        self, request: R, client_id: FromPath[int], device_id: FromPath[int], item_id: FromPath[int]
    ) -> Redirect:
        await subrecords.remove_test(user_of(request), client_id, device_id, item_id)
        return redirect(f"{_unit_url(client_id)}/devices/{device_id}", "deleted")
