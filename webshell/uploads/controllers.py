"""Downloading an upload, for those allowed to read it (others get 404)."""

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import File
from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.guards import logged_in
from radrules_webshell.core.web import settings_of, user_of
from radrules_webshell.uploads import service


class FileRoutes(Controller):
    path = "/files"
    guards = [logged_in]
    tags = ["文件"]

    @get("/{upload_id:int}", summary="下载上传的文件（仅限有权查看者）")
    async def download(self, request: Request[Any, Any, Any], upload_id: FromPath[int]) -> File:
        row = await service.readable(user_of(request), upload_id)
        if row is None:
            raise NotFound()
        return service.response(row, settings_of(request))
