"""The JSON API of the registers (source 001 modules 3–8, 20; §2.3.1): units, their profile,
licences and 校验, devices and tests, workers and their archives, attachments, archive
transfers and the three levels' accounts — every route scoped by :mod:`.scope` (or, for
accounts, :mod:`.levels`) and every write audited by its service."""

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.params import FromPath, JSONBody
from litestar.response import File
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import settings_of, user_of
from radrules_webshell.supervision import institutions, levels, scope
from radrules_webshell.supervision.archives import service as archives
from radrules_webshell.supervision.archives import transfer
from radrules_webshell.supervision.registers import attachments, documents, queries
from radrules_webshell.supervision.registers import service as registers

import radrules

R = Request[Any, Any, Any]
Json = dict[str, Any]
UNIT = "/units/{client_id:int}"


class SupervisionApi(Controller):
    path = "/api/supervision"
    guards = [role(*scope.ROLES), api_csrf]
    tags = ["监管登记"]

    @get("/units", summary="可见的放射诊疗机构（市级含所辖区县，县区级为本辖区）")
    async def units(self, request: R) -> list[Json]:
        return await registers.units(user_of(request))

    @post("/units", summary="登记放射诊疗机构（本辖区）", status_code=201)
    async def create_unit(self, request: R, data: JSONBody[Json]) -> Json:
        return {"id": await registers.create_unit(user_of(request), data)}

    @get(UNIT, summary="单位的登记：基本信息、许可证、设备、人员、附件、档案调转")
    async def unit(self, request: R, client_id: FromPath[int]) -> Json:
        return await queries.unit_detail(user_of(request), client_id)

    @get(UNIT + "/register", summary="单位登记的 radrules 格式（unit_register），用于预警")
    async def register(self, request: R, client_id: FromPath[int]) -> Json:
        await scope.unit(user_of(request), client_id)
        model = await documents.register_of(client_id)
        return {"unit_register": radrules.unstructure(model)}

    @put(UNIT + "/profile", summary="保存单位基本信息")
    async def profile(self, request: R, client_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await registers.save_profile(user_of(request), client_id, data)

    @post(UNIT + "/licences", summary="登记放射诊疗许可证", status_code=201)
    async def create_licence(self, request: R, client_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await registers.create_licence(user_of(request), client_id, data)

    @get(UNIT + "/licences/{licence_id:int}", summary="许可证及其校验记录")
    async def licence(self, request: R, client_id: FromPath[int], licence_id: FromPath[int]) -> Json:
        await scope.unit(user_of(request), client_id)
        return await registers.licence_detail(client_id, licence_id)

    @put(UNIT + "/licences/{licence_id:int}", summary="修改许可证")
    async def update_licence(
        self, request: R, client_id: FromPath[int], licence_id: FromPath[int], data: JSONBody[Json]
    ) -> Json:
        return await registers.update_licence(user_of(request), client_id, licence_id, data)

    @delete(UNIT + "/licences/{licence_id:int}", summary="删除许可证", status_code=204)
    async def delete_licence(self, request: R, client_id: FromPath[int], licence_id: FromPath[int]) -> None:
        await registers.delete_licence(user_of(request), client_id, licence_id)

    @post(UNIT + "/devices", summary="登记设备（含安装日期等登记信息）", status_code=201)
    async def create_device(self, request: R, client_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await registers.create_device(user_of(request), client_id, data)

    @get(UNIT + "/devices/{device_id:int}", summary="设备及其检测记录")
    async def device(self, request: R, client_id: FromPath[int], device_id: FromPath[int]) -> Json:
        await scope.unit(user_of(request), client_id)
        return await registers.device_detail(client_id, device_id)

    @put(UNIT + "/devices/{device_id:int}", summary="修改设备")
    async def update_device(
        self, request: R, client_id: FromPath[int], device_id: FromPath[int], data: JSONBody[Json]
    ) -> Json:
        return await registers.update_device(user_of(request), client_id, device_id, data)

    @post(UNIT + "/workers", summary="登记放射工作人员（同时建立健康监护档案）", status_code=201)
    async def create_worker(self, request: R, client_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await archives.create_worker(user_of(request), client_id, data)

    @get(UNIT + "/workers/{worker_id:int}", summary="放射工作人员及其健康监护档案")
    async def worker(self, request: R, client_id: FromPath[int], worker_id: FromPath[int]) -> Json:
        return await archives.archive(user_of(request), client_id, worker_id)

    @put(UNIT + "/workers/{worker_id:int}", summary="修改放射工作人员")
    async def update_worker(
        self, request: R, client_id: FromPath[int], worker_id: FromPath[int], data: JSONBody[Json]
    ) -> Json:
        return await archives.update_worker(user_of(request), client_id, worker_id, data)

    @post(
        UNIT + "/workers/{worker_id:int}/training-certificates/{certificate_id:int}",
        summary="将培训系统的合格证书记入档案（kind: pre_job 或 in_service）",
        status_code=201,
    )
    async def take_certificate(
        self,
        request: R,
        client_id: FromPath[int],
        worker_id: FromPath[int],
        certificate_id: FromPath[int],
        data: JSONBody[Json],
    ) -> Json:
        return await archives.take_certificate(user_of(request), client_id, worker_id, certificate_id, data)

    @post(
        UNIT + "/attachments",
        summary="上传登记附件（PDF、PNG、JPEG）",
        status_code=201,
        opt={"upload_files": 1},
    )
    async def add_attachment(self, request: R, client_id: FromPath[int]) -> Json:
        await scope.unit(user_of(request), client_id)  # scope before the body is read
        form = await request.form()
        fields = {k: form.get(k) for k in ("subject", "subject_id", "category", "title")}
        upload = form.get("file")
        return await attachments.add(
            user_of(request),
            client_id,
            fields,
            upload if isinstance(upload, UploadFile) else None,
            settings_of(request),
        )

    @get(UNIT + "/attachments/{attachment_id:int}", summary="下载登记附件")
    async def attachment(self, request: R, client_id: FromPath[int], attachment_id: FromPath[int]) -> File:
        return await attachments.download(user_of(request), client_id, attachment_id, settings_of(request))

    @delete(UNIT + "/attachments/{attachment_id:int}", summary="删除登记附件", status_code=204)
    async def remove_attachment(
        self, request: R, client_id: FromPath[int], attachment_id: FromPath[int]
    ) -> None:
        await attachments.remove(user_of(request), client_id, attachment_id, settings_of(request))

    @post(UNIT + "/transfers", summary="申请调入放射工作人员的健康监护档案（本市其他单位）", status_code=201)
    async def request_transfer(self, request: R, client_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await transfer.request(user_of(request), client_id, data)

    @get("/transfers", summary="本单位（辖区）的档案调转申请")
    async def transfers(self, request: R) -> list[Json]:
        return await transfer.transfers(user_of(request))

    @get("/transfers/{transfer_id:int}", summary="档案调转申请")
    async def transfer(self, request: R, transfer_id: FromPath[int]) -> Json:
        row, _, _ = await transfer.visible(user_of(request), transfer_id)
        return row

    @post("/transfers/{transfer_id:int}/approve", summary="批准调转：档案整体转入新单位", status_code=200)
    async def approve(self, request: R, transfer_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await transfer.decide(user_of(request), transfer_id, approve=True, data=data)

    @post("/transfers/{transfer_id:int}/reject", summary="不批准调转", status_code=200)
    async def reject(self, request: R, transfer_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await transfer.decide(user_of(request), transfer_id, approve=False, data=data)

    @post("/transfers/{transfer_id:int}/cancel", summary="撤回调转申请", status_code=200)
    async def cancel(self, request: R, transfer_id: FromPath[int]) -> Json:
        return await transfer.cancel(user_of(request), transfer_id)

    @get("/accounts", summary="本级及下级的账号（三级权限）")
    async def accounts(self, request: R) -> list[Json]:
        return await levels.accounts(user_of(request))

    @post(
        "/accounts",
        summary="开设本级或下级账号（role、login、password、division 或 client_id，level 可选）",
        status_code=201,
    )
    async def create_account(self, request: R, data: JSONBody[Json]) -> Json:
        return {"id": await levels.create(user_of(request), data)}

    @put(
        "/accounts/{account_id:int}/level", summary="授予或收回管理权限（level: city、county、unit 或 null）"
    )
    async def grant(self, request: R, account_id: FromPath[int], data: JSONBody[Json]) -> Json:
        level = await levels.grant_from(user_of(request), account_id, data)
        return {"id": account_id, "level": level}

    @get("/institutions", summary="辖区内的技术服务机构和职业健康检查机构")
    async def institutions(self, request: R) -> list[Json]:
        return await institutions.listing(user_of(request))

    @put(
        "/institutions/{institution_id:int}/kind",
        summary="设定机构类型（service_kind: technical_service 或 health_exam）",
    )
    async def institution_kind(self, request: R, institution_id: FromPath[int], data: JSONBody[Json]) -> Json:
        return await institutions.set_kind(user_of(request), institution_id, data)
