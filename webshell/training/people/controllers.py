"""JSON API of 完善人员信息 (source 002 §3), ``/api/training/people``.

A profile's body is :class:`radrules.PersonProfile` JSON limited to the parts the unit
types — ``basic``, ``resume``, ``qualification``, ``recipient`` — read strictly (an unknown
key or a wrong type is a 400 naming its JSON path). 专业技术资质 have their own routes;
在岗状态 is ``POST …/employment``. The rules' errors answer 422 with ``errors`` by field
and ``findings``, as the pages show them.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import File
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import settings_of
from radrules_webshell.training.people import files, qualifications, queries, service
from radrules_webshell.training.shared.files import download
from radrules_webshell.training.shared.scope import unit_row
from radrules_webshell.training.shared.web import unit, vocabulary

from radrules import EmploymentStatus, InputError, PersonProfile, structure

_TYPED = ("basic", "resume", "qualification", "recipient")


def _profile(data: dict[str, Any]) -> PersonProfile:
    extra = sorted(set(data) - set(_TYPED))
    if extra:
        raise Invalid(
            f"未知字段 {extra[0]}：人员信息只接受 {'、'.join(_TYPED)}",
            errors={extra[0]: "未知字段（专业技术资质、在岗状态另有接口）"},
        )
    try:
        profile: PersonProfile = structure({k: data[k] for k in _TYPED if k in data}, PersonProfile)
    except InputError as exc:
        raise Invalid(exc.message, errors={exc.path or "basic": exc.message}) from None
    return profile


def _view(view: dict[str, Any]) -> dict[str, Any]:
    out = dict(view)
    out.pop("model", None)
    out["download_base"] = f"/api/training/people/{view['id']}/files"
    return out


class PeopleApi(Controller):
    path = "/api/training/people"
    guards = (role("institution"), api_csrf)
    tags = ("完善人员信息",)

    @get("/", summary="本单位人员列表（姓名模糊查询、在岗状态）")
    async def index(
        self,
        request: Request[Any, Any, Any],
        name: FromQuery[str | None] = None,
        employment: FromQuery[str | None] = None,
    ) -> list[dict[str, Any]]:
        _, inst = unit(request)
        return await queries.list_people(inst, name=name, employment=employment)

    @post("/", summary="添加人员信息（保存时按规则校验，身份证号本单位唯一）", status_code=201)
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        user, inst = unit(request)
        person_id, warnings = await service.save(user, inst, _profile(data))
        return {"id": person_id, "warnings": warnings}

    @get("/{person_id:int}", summary="人员信息（完整身份证号、附件、专业技术资质）")
    async def show(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> dict[str, Any]:
        _, inst = unit(request)
        return _view(await queries.person_view(inst, person_id))

    @put("/{person_id:int}", summary="修改人员信息")
    async def update(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        _, warnings = await service.save(user, inst, _profile(data), person_id)
        return {"id": person_id, "warnings": warnings}

    @post(
        "/{person_id:int}/employment",
        summary='在职/离职（{"employment": "in_service"|"departed"}）',
        status_code=200,
    )
    async def employment(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, str]:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        try:
            status = EmploymentStatus(str(data.get("employment")))
        except ValueError:
            raise Invalid(errors={"employment": "应为 in_service（在职）或 departed（离职）"}) from None
        await service.set_employment(user, inst, person_id, status)
        return {"employment": status.value}

    @delete("/{person_id:int}", summary="删除人员（未报名、已退回的报名一并删除）", status_code=204)
    async def remove(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> None:
        user, inst = unit(request)
        await service.delete(user, inst, person_id, settings_of(request))

    @post(
        "/{person_id:int}/files",
        summary="上传附件（multipart：field、file，图片或PDF）",
        status_code=201,
        opt={"upload_files": 1},
    )
    async def upload(self, request: Request[Any, Any, Any], person_id: FromPath[int]) -> dict[str, int]:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        form = await request.form()
        file_id = await files.add_file(
            user, inst, person_id, form.get("field"), form.get("file"), settings_of(request)
        )
        return {"id": file_id}

    @get("/{person_id:int}/files/{file_id:int}", summary="下载附件")
    async def download(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], file_id: FromPath[int]
    ) -> File:
        _, inst = unit(request)
        return download(await files.file_of(inst, person_id, file_id), settings_of(request))

    @delete("/{person_id:int}/files/{file_id:int}", summary="删除附件", status_code=204)
    async def delete_file(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], file_id: FromPath[int]
    ) -> None:
        user, inst = unit(request)
        await files.remove_file(user, inst, person_id, file_id, settings_of(request))

    @post("/{person_id:int}/qualifications", summary="添加专业技术资质", status_code=201)
    async def add_qualification(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, int]:
        return {"index": await self._put(request, person_id, data, None)}

    @put("/{person_id:int}/qualifications/{index:int}", summary="修改专业技术资质")
    async def edit_qualification(
        self,
        request: Request[Any, Any, Any],
        person_id: FromPath[int],
        index: FromPath[int],
        data: JSONBody[dict[str, Any]],
    ) -> dict[str, int]:
        return {"index": await self._put(request, person_id, data, index)}

    async def _put(
        self, request: Request[Any, Any, Any], person_id: int, data: dict[str, Any], index: int | None
    ) -> int:
        user, inst = unit(request)
        await service.person_row(inst, person_id)
        vocab = vocabulary((await unit_row(inst))["division_code"])
        return await qualifications.put(user, inst, person_id, qualifications.parse(vocab, data), index)

    @delete("/{person_id:int}/qualifications/{index:int}", summary="删除专业技术资质", status_code=204)
    async def delete_qualification(
        self, request: Request[Any, Any, Any], person_id: FromPath[int], index: FromPath[int]
    ) -> None:
        user, inst = unit(request)
        await qualifications.remove(user, inst, person_id, index)
