"""The Litestar application: routes of every domain, templates, CSRF, sessions, errors."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

from litestar import Controller, Litestar, get
from litestar.config.csrf import CSRFConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.response import File
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from piccolo.engine.base import Engine

try:
    from litestar.plugins.jinja import JinjaTemplateEngine
except ImportError:  # Litestar before 2.22
    from litestar.contrib.jinja import JinjaTemplateEngine
from radrules_webshell.accounts import passwords
from radrules_webshell.accounts.controllers import AuthApi, AuthPages
from radrules_webshell.accounts.controllers_mobile import MobileApi, MobilePages
from radrules_webshell.admin.cleanup import PeriodicCleanup
from radrules_webshell.admin.controllers import AdminApi, AdminPages
from radrules_webshell.applications.controllers import (
    ApplicationApi,
    ApplicationPages,
    ReviewAccountApi,
    ReviewAccountPages,
    ReviewApplicationApi,
    ReviewApplicationPages,
)
from radrules_webshell.audit import checkpoints
from radrules_webshell.audit.startup import start_checkpoints
from radrules_webshell.certlogin.controllers import CertificateLoginApi, CertificateLoginPages
from radrules_webshell.clients.controllers import (
    AssignmentApi,
    ClientPages,
    DeviceApi,
    DevicePages,
    WorkerApi,
    WorkerPages,
)
from radrules_webshell.clients.controllers_registry import (
    AdminClientEditPages,
    ClientRegistryApi,
    InstitutionClientEditPages,
)
from radrules_webshell.clients.service import may_edit as may_edit_client
from radrules_webshell.core import clock, divisions
from radrules_webshell.core.controllers_divisions import DivisionApi
from radrules_webshell.core.errors import EXCEPTION_HANDLERS
from radrules_webshell.core.masking import mask_id_number, mask_phone
from radrules_webshell.core.middleware import SessionMiddleware
from radrules_webshell.core.request_checks import check_request
from radrules_webshell.core.request_gate import RequestGate, security_headers
from radrules_webshell.dashboard.controllers import STATISTICS_CONTROLLERS
from radrules_webshell.db import engine as db
from radrules_webshell.db.migrate import migrate
from radrules_webshell.exams.closing import PeriodicExamClosing
from radrules_webshell.exams.controllers import EXAM_CONTROLLERS
from radrules_webshell.filings.cards.controllers import CardApi
from radrules_webshell.filings.cards.controllers_files import CardFileApi, CardFilePages
from radrules_webshell.filings.cards.controllers_pages import CardPages
from radrules_webshell.filings.cards.files import prepare_fonts
from radrules_webshell.filings.device_tests.controllers import DeviceTestApi
from radrules_webshell.filings.device_tests.controllers_pages import DeviceTestPages
from radrules_webshell.filings.device_tests.controllers_samples import DeviceTestSamplePages
from radrules_webshell.filings.doses.controllers import DoseApi
from radrules_webshell.filings.doses.controllers_pages import DosePages
from radrules_webshell.gateway.controllers import TokenApi, TokenPages
from radrules_webshell.gateway.controllers_api import HealthExamApi, RegisterApi
from radrules_webshell.gateway.idempotency import IdempotencyMiddleware
from radrules_webshell.institutions import checks as declaration_checks
from radrules_webshell.institutions.controllers import (
    InstitutionApi,
    InstitutionPages,
    InstrumentApi,
    InstrumentPages,
    StaffApi,
    StaffPages,
)
from radrules_webshell.institutions.controllers_review import ReviewQualificationApi, ReviewQualificationPages
from radrules_webshell.jilin_credit.controllers import CREDIT_CONTROLLERS
from radrules_webshell.notifications import outbox as notifications
from radrules_webshell.notifications.controllers import InboxApi, InboxPages
from radrules_webshell.notifications.runner import PeriodicSms
from radrules_webshell.oversight.card_controllers import OversightCardApi, OversightCardPages
from radrules_webshell.oversight.controllers import OversightApi, OversightPages
from radrules_webshell.portal.controllers import PORTAL_CONTROLLERS
from radrules_webshell.registrations.controllers import (
    RegistrationApi,
    RegistrationPages,
    ReviewRegistrationApi,
    ReviewRegistrationPages,
)
from radrules_webshell.settings import Settings, with_web_secret
from radrules_webshell.supervision.controllers import SUPERVISION_CONTROLLERS
from radrules_webshell.sync.controllers import SyncApi, SyncPages
from radrules_webshell.sync.runner import PeriodicSync
from radrules_webshell.training.controllers import TRAINING_CONTROLLERS
from radrules_webshell.unit_warnings import on_change as warnings_on_change
from radrules_webshell.unit_warnings.controllers import WARNING_CONTROLLERS
from radrules_webshell.unit_warnings.on_change import after_unit_write
from radrules_webshell.unit_warnings.runner import PeriodicWarnings
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads.controllers import FileRoutes
from radrules_webshell.verify.controllers import VerifyPages

HERE = Path(__file__).parent
log = logging.getLogger("radrules_webshell")

CONTROLLERS: list[type[Controller]] = [
    AuthPages,
    AuthApi,
    MobilePages,
    MobileApi,
    ApplicationPages,
    ApplicationApi,
    ReviewApplicationPages,
    ReviewApplicationApi,
    ReviewAccountPages,
    ReviewAccountApi,
    RegistrationPages,
    RegistrationApi,
    ReviewRegistrationPages,
    ReviewRegistrationApi,
    InstitutionPages,
    InstitutionApi,
    StaffPages,
    StaffApi,
    InstrumentPages,
    InstrumentApi,
    ReviewQualificationPages,
    ReviewQualificationApi,
    ClientPages,
    DevicePages,
    DeviceApi,
    WorkerPages,
    WorkerApi,
    AssignmentApi,
    InstitutionClientEditPages,
    AdminClientEditPages,
    ClientRegistryApi,
    DivisionApi,
    OversightPages,
    OversightApi,
    CardPages,
    CardApi,
    AdminPages,
    AdminApi,
    FileRoutes,
    CardFilePages,
    CardFileApi,
    VerifyPages,
    CertificateLoginPages,
    CertificateLoginApi,
    TokenPages,
    TokenApi,
    HealthExamApi,
    RegisterApi,
    SyncApi,
    SyncPages,
    DeviceTestPages,
    DeviceTestSamplePages,
    DeviceTestApi,
    DosePages,
    DoseApi,
    OversightCardPages,
    OversightCardApi,
    InboxPages,
    InboxApi,
    # supervision (issue 16): portal, Jilin's credit list, warnings, statistics
    *PORTAL_CONTROLLERS,
    *CREDIT_CONTROLLERS,
    *WARNING_CONTROLLERS,
    *STATISTICS_CONTROLLERS,
    *SUPERVISION_CONTROLLERS,
    *TRAINING_CONTROLLERS,
    *EXAM_CONTROLLERS,
]


def _fmt_dt(value: Any) -> str:
    if isinstance(value, datetime):
        return (
            clock.local(value).strftime("%Y-%m-%d %H:%M")
            if value.tzinfo
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-":
        return value[:16].replace("T", " ")
    return "" if value is None else str(value)


def _yesno(value: Any) -> str:
    return "是" if value else "否"


def _templates() -> TemplateConfig[JinjaTemplateEngine]:
    def configure(engine: JinjaTemplateEngine) -> None:
        env = engine.engine
        env.filters.update(dt=_fmt_dt, yesno=_yesno, mask_id=mask_id_number, mask_phone=mask_phone)
        env.filters.update(place=divisions.place)
        env.globals.update(
            may_edit_client=may_edit_client,
            division_levels=divisions.picker,
            division_known=lambda code: bool(divisions.chain(code)),
        )

    return TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=configure)


@get("/favicon.ico", include_in_schema=False)
async def favicon() -> File:
    """Browsers ask for /favicon.ico where a page names no icon (a PDF, a download)."""
    return File(
        path=HERE / "static" / "favicon.svg",
        media_type="image/svg+xml",
        content_disposition_type="inline",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def create_app(settings: Settings, engine: Engine[Any], *, run_migrations: bool = True) -> Litestar:
    """The application for ``settings`` on ``engine``; migrations run at start-up unless told not to."""
    settings = with_web_secret(settings)
    passwords.configure(settings.argon2_profile)
    declaration_checks.configure(settings.province)

    periodic_sync = PeriodicSync(settings)
    periodic_warnings = PeriodicWarnings(settings)
    periodic_sms = PeriodicSms(settings)
    notifications.configure(settings)
    checkpoints.configure(engine, settings)
    warnings_on_change.configure(engine, settings)
    periodic_checkpoints = checkpoints.PeriodicCheckpoints(settings)
    periodic_cleanup = PeriodicCleanup(settings)
    periodic_exam_closing = PeriodicExamClosing(settings)

    async def on_startup(_app: Litestar) -> None:
        if run_migrations:
            await migrate(engine)
        db.bind(engine)
        await db.start(engine)
        await start_checkpoints()
        periodic_checkpoints.start()
        # A process killed mid-upload leaves files no row names (issue 12, finding 10).
        report = await uploads.sweep(settings)
        if report.removed or report.completed:
            log.info("uploads: %s", report.text())
        # The PDF font is prepared once per machine (about 5 s); do it now, in the
        # background, so that the first card preview does not wait for it.
        threading.Thread(target=prepare_fonts, name="prepare-fonts", daemon=True).start()
        periodic_sync.start()
        periodic_warnings.start()
        periodic_sms.start()
        periodic_cleanup.start()
        periodic_exam_closing.start()

    async def on_shutdown(_app: Litestar) -> None:
        await periodic_sync.stop()
        await periodic_warnings.stop()
        await periodic_sms.stop()
        await periodic_cleanup.stop()
        await periodic_exam_closing.stop()
        await periodic_checkpoints.stop()
        await db.stop(engine)

    app = Litestar(
        route_handlers=[
            *CONTROLLERS,
            favicon,
            create_static_files_router(
                path="/static", directories=[HERE / "static"], include_in_schema=False
            ),
        ],
        template_config=_templates(),
        csrf_config=CSRFConfig(
            secret=settings.secret,
            exclude=["/api/"],
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            cookie_httponly=True,
        ),
        middleware=[RequestGate(), SessionMiddleware(), IdempotencyMiddleware()],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="radrules 放射卫生信息平台 API",
            version="0.1.0",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            description=(
                "登录：POST /api/auth/login 设置会话 Cookie；写操作须带请求头 X-CSRF-Token"
                "（见 GET /api/me 的 csrf_token）。错误以 {message, errors} 返回，errors 按字段给出中文说明。"
            ),
        ),
        before_request=check_request,
        before_send=[security_headers, after_unit_write],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        request_max_body_size=settings.max_upload_bytes * 2 + 1024 * 1024,
        debug=False,
    )
    app.state.settings = settings
    app.state.periodic_sync = periodic_sync
    #: The daily evaluation of every register's warnings (issue 16).
    app.state.periodic_warnings = periodic_warnings
    #: The SMS dispatcher; ``kick()`` it after queueing a verification code.
    app.state.periodic_sms = periodic_sms
    #: Closing and scoring the sittings past their deadline (issue 15).
    app.state.periodic_exam_closing = periodic_exam_closing
    return app
