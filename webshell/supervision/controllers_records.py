"""The JSON API of the rows under a register entry: a licence's 校验, a device's tests and the
records of a worker's 健康监护档案 (``kind``: trainings, health-exams, doses, certificates) —
scoped through the unit and the parent, audited by :mod:`.records`."""

from typing import Any

from litestar import Controller, Request, delete, post
from litestar.params import FromPath, JSONBody
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import user_of
from radrules_webshell.supervision import scope
from radrules_webshell.supervision.archives import service as archives
from radrules_webshell.supervision.registers import subrecords

R = Request[Any, Any, Any]
Json = dict[str, Any]
UNIT = "/units/{client_id:int}"


class SupervisionRecordApi(Controller):
    path = "/api/supervision"
    guards = [role(*scope.ROLES), api_csrf]
    tags = ["监管登记"]

    @post(UNIT + "/licences/{licence_id:int}/verifications", summary="登记许可证校验", status_code=201)
    async def add_verification(
        self, request: R, client_id: FromPath[int], licence_id: FromPath[int], data: JSONBody[Json]
    ) -> Json:
        return await subrecords.add_verification(user_of(request), client_id, licence_id, data)

    @delete(
        UNIT + "/licences/{licence_id:int}/verifications/{item_id:int}",
        summary="删除校验记录",
        status_code=204,
    )
    async def remove_verification(
        self, request: R, client_id: FromPath[int], licence_id: FromPath[int], item_id: FromPath[int]
    ) -> None:
        await subrecords.remove_verification(user_of(request), client_id, licence_id, item_id)

    @post(
        UNIT + "/devices/{device_id:int}/tests", summary="登记设备检测（验收、状态、稳定性）", status_code=201
    )
    async def add_test(
        self, request: R, client_id: FromPath[int], device_id: FromPath[int], data: JSONBody[Json]
    ) -> Json:
        return await subrecords.add_test(user_of(request), client_id, device_id, data)

    @delete(UNIT + "/devices/{device_id:int}/tests/{item_id:int}", summary="删除检测记录", status_code=204)
    async def remove_test(
        self, request: R, client_id: FromPath[int], device_id: FromPath[int], item_id: FromPath[int]
    ) -> None:
        await subrecords.remove_test(user_of(request), client_id, device_id, item_id)

    @post(
        UNIT + "/workers/{worker_id:int}/records/{kind:str}",
        summary="添加档案记录（kind: trainings、health-exams、doses、certificates）",
        status_code=201,
    )
    async def add_record(
        self,
        request: R,
        client_id: FromPath[int],
        worker_id: FromPath[int],
        kind: FromPath[str],
        data: JSONBody[Json],
    ) -> Json:
        return await archives.add_record(user_of(request), client_id, worker_id, kind, data)

    @delete(
        UNIT + "/workers/{worker_id:int}/records/{kind:str}/{item_id:int}",
        summary="删除档案记录",
        status_code=204,
    )
    async def remove_record(
        self,
        request: R,
        client_id: FromPath[int],
        worker_id: FromPath[int],
        kind: FromPath[str],
        item_id: FromPath[int],
    ) -> None:
        await archives.remove_record(user_of(request), client_id, worker_id, kind, item_id)
