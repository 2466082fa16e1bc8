"""The worker's pages (source 001 表1 第17、18项): the account opened with an SMS code, the
worker's registrations, and sitting the exam — one question per page, each answer a small
POST, so that the exam works without JavaScript (the script adds only the countdown and
saves a choice as it is made)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import Conflict, Invalid, NotFound, WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, settings_of, user_of
from radrules_webshell.exams import certificates as exam_certificates
from radrules_webshell.exams import enrolments, plans, sitting_views, sittings
from radrules_webshell.exams.scope import worker_of
from radrules_webshell.exams.tables import ExamPlanRow
from radrules_webshell.exams.web import form_dict, form_ints, now, page, today
from radrules_webshell.training.certificates import files


class WorkerSignupPages(Controller):
    path = "/exams/signup"
    include_in_schema = False

    @get("/")
    async def form(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "exams/signup.html")

    @post("/")
    async def submit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await form_dict(request)
        values = {k: v for k, v in form.items() if k not in ("password", "confirm", "_csrf_token")}
        try:
            if form.get("action") == "code":
                await enrolments.send_code(form.get("mobile") or "", settings_of(request))
                sms = getattr(request.app.state, "periodic_sms", None)
                if sms is not None:
                    sms.kick()  # the code goes out now, not at the next periodic run
                return page(request, "exams/signup.html", values=values, done="验证码已发送，请查收短信")
            await enrolments.sign_up(form, settings_of(request), today())
        except Invalid as exc:
            return page(
                request,
                "exams/signup.html",
                status=400,
                values=values,
                errors=exc.errors,
                message=exc.message,
            )
        return redirect("/exams/signup/done")

    @get("/done")
    async def done(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "exams/signup_done.html")


class WorkerPages(Controller):
    path = "/exams/me"
    guards = (role("worker"),)
    include_in_schema = False

    async def _home(self, request: Request[Any, Any, Any], status: int = 200, **extra: Any) -> Template:
        user = user_of(request)
        return page(
            request,
            "exams/me.html",
            status=status,
            nav="exams_me",
            enrolments=await enrolments.of_worker(user),
            plans=await plans.open_plans(today()),
            **extra,
        )

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return await self._home(request)

    @post("/enrol")
    async def enrol(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await form_dict(request)
        try:
            plan_id = int(form.get("plan_id") or "0")
            await enrolments.enrol_self(user_of(request), plan_id, form.get("unit_uscc") or "", today())
        except ValueError:
            return await self._home(request, status=400, message="请选择培训计划")
        except (Invalid, Conflict) as exc:
            return await self._home(
                request, status=exc.status, message=exc.message, errors=exc.errors, values=form
            )
        return redirect("/exams/me?ok=enrolled")

    @get("/enrolments/{enrolment_id:int}")
    async def enrolment(self, request: Request[Any, Any, Any], enrolment_id: FromPath[int]) -> Template:
        return await self._enrolment(request, enrolment_id)

    async def _enrolment(
        self, request: Request[Any, Any, Any], enrolment_id: int, status: int = 200, **extra: Any
    ) -> Template:
        user = user_of(request)
        row = await enrolments.worker_enrolment(user, enrolment_id)
        await sittings.close_expired(now(), enrolment_ids=[enrolment_id])
        plan_row = await ExamPlanRow.select().where(ExamPlanRow.id == row["plan"]).first()
        if plan_row is None:
            raise NotFound()
        return page(
            request,
            "exams/enrolment.html",
            status=status,
            nav="exams_me",
            enrolment={**row, "status_label": enrolments.STATUS_LABELS[row["status"]]},
            plan=plans.view(plan_row),
            sittings=await sittings.sittings_of(enrolment_id),
            **extra,
        )

    @post("/enrolments/{enrolment_id:int}/start")
    async def start(
        self, request: Request[Any, Any, Any], enrolment_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            sitting_id = await sittings.start(user_of(request), enrolment_id, now())
        except Conflict as exc:
            return await self._enrolment(request, enrolment_id, status=409, message=exc.message)
        return redirect(f"/exams/sittings/{sitting_id}/1")


class SittingPages(Controller):
    path = "/exams/sittings/{sitting_id:int}"
    guards = (role("worker"),)
    include_in_schema = False

    @get("/{number:int}")
    async def question(
        self, request: Request[Any, Any, Any], sitting_id: FromPath[int], number: FromPath[int]
    ) -> Template | Redirect:
        view = await sitting_views.question_view(user_of(request), sitting_id, number, now())
        if view["closed"]:
            return redirect(f"/exams/sittings/{sitting_id}/result")
        return page(request, "exams/question.html", nav="exams_me", q=view)

    @post("/{number:int}")
    async def answer(
        self, request: Request[Any, Any, Any], sitting_id: FromPath[int], number: FromPath[int]
    ) -> Template | Redirect:
        user = user_of(request)
        await sittings.own_sitting(user, sitting_id)  # scope before the body is read
        form = await form_dict(request)
        try:
            await sittings.save_answer(user, sitting_id, number, await form_ints(request, "choice"), now())
        except Conflict:
            return redirect(f"/exams/sittings/{sitting_id}/result")
        except Invalid as exc:
            view = await sitting_views.question_view(user, sitting_id, number, now())
            return page(
                request, "exams/question.html", status=400, nav="exams_me", q=view, message=exc.message
            )
        go = form.get("go") or ""
        if go == "submit":
            await sittings.submit(user, sitting_id, now())
            return redirect(f"/exams/sittings/{sitting_id}/result")
        target = int(go) if go.isdigit() else number
        return redirect(f"/exams/sittings/{sitting_id}/{target}")

    @post("/submit")
    async def submit(self, request: Request[Any, Any, Any], sitting_id: FromPath[int]) -> Redirect:
        await sittings.submit(user_of(request), sitting_id, now())
        return redirect(f"/exams/sittings/{sitting_id}/result")

    @get("/result")
    async def result(self, request: Request[Any, Any, Any], sitting_id: FromPath[int]) -> Template | Redirect:
        try:
            view = await sitting_views.result_view(user_of(request), sitting_id, now())
        except WebError as exc:
            if exc.status != 409:
                raise
            return redirect(f"/exams/sittings/{sitting_id}/1")
        return page(request, "exams/result.html", nav="exams_me", r=view)

    @get("/certificate.pdf")
    async def certificate(
        self, request: Request[Any, Any, Any], sitting_id: FromPath[int]
    ) -> Response[bytes]:
        """The certificate the worker's pass issued: the training module's PDF, whose QR code
        opens the public verification page."""
        worker = await worker_of(user_of(request))
        row = await exam_certificates.worker_certificate(worker["id_number"], sitting_id)
        settings = settings_of(request)
        data = await files.pdf(row, settings, files.verification_base(settings, str(request.base_url)))
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
                "Content-Disposition": f'attachment; filename="certificate-{row["number"]}.pdf"',
            },
        )
