"""The managing authority's pages (source 001 表1 第17、18项): question banks (import from the
template, edit a question — a new version each time) and online training plans (write,
publish, close)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import Conflict, Invalid, WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, user_of
from radrules_webshell.exams import forms, plans, questions
from radrules_webshell.exams.scope import MANAGER_ROLES, managed_bank
from radrules_webshell.exams.tables import ExamQuestion
from radrules_webshell.exams.web import form_dict, page, today
from radrules_webshell.filings.doses.excel import XLSX, ImportRefused, read_upload

from radrules import (
    Difficulty,
    MultipleScoring,
    QuestionCategory,
    QuestionKind,
    RadiationProject,
    WorkerTrainingKind,
)
from radrules.documents.question_sheet import write_question_template

CHOICES: dict[str, Any] = {
    "kinds": [(k.value, k.label) for k in QuestionKind],
    "categories": [(c.value, c.label) for c in QuestionCategory],
    "projects": [(p.value, p.label) for p in RadiationProject],
    "difficulties": [(d.value, d.label) for d in Difficulty],
    "plan_kinds": [(k.value, k.label) for k in WorkerTrainingKind],
    "scorings": [(m.value, m.label) for m in MultipleScoring],
    "part_rows": range(forms.PART_ROWS),
}


class ManagePages(Controller):
    path = "/exams/manage"
    guards = (role(*MANAGER_ROLES),)
    include_in_schema = False

    @get("/banks")
    async def banks(self, request: Request[Any, Any, Any]) -> Template:
        return page(
            request, "exams/banks.html", nav="exams_manage", banks=await questions.banks(user_of(request))
        )

    @post("/banks")
    async def create_bank(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user = user_of(request)
        form = await form_dict(request)
        try:
            bank_id = await questions.create_bank(user, form.get("name") or "", form.get("division_code"))
        except Invalid as exc:
            return page(
                request,
                "exams/banks.html",
                status=400,
                nav="exams_manage",
                banks=await questions.banks(user),
                message=exc.message,
                errors=exc.errors,
                values=form,
            )
        return redirect(f"/exams/manage/banks/{bank_id}?ok=bank_created")

    async def _bank(
        self, request: Request[Any, Any, Any], bank_id: int, status: int = 200, **extra: Any
    ) -> Template:
        user = user_of(request)
        bank = await managed_bank(user, bank_id)
        rows = await questions.bank_questions(bank_id)
        return page(
            request,
            "exams/bank.html",
            status=status,
            nav="exams_manage",
            bank=bank,
            questions=[q for _, q in rows],
            **CHOICES,
            **extra,
        )

    @get("/banks/{bank_id:int}")
    async def bank(self, request: Request[Any, Any, Any], bank_id: FromPath[int]) -> Template:
        return await self._bank(request, bank_id)

    @get("/banks/{bank_id:int}/template")
    async def template(self, request: Request[Any, Any, Any], bank_id: FromPath[int]) -> Response[bytes]:
        await managed_bank(user_of(request), bank_id)

        def write() -> bytes:
            buffer = io.BytesIO()
            write_question_template(buffer)
            return buffer.getvalue()

        data = await anyio.to_thread.run_sync(write)
        return Response(
            data,
            media_type=XLSX,
            headers={
                "Content-Disposition": f"attachment; filename=\"questions.xlsx\"; filename*=UTF-8''{quote('题库导入模板.xlsx')}"
            },
        )

    @post("/banks/{bank_id:int}/import", opt={"max_body": questions.MAX_BODY})
    async def import_(self, request: Request[Any, Any, Any], bank_id: FromPath[int]) -> Template | Redirect:
        user = user_of(request)
        await managed_bank(user, bank_id)
        try:
            content, filename = await read_upload(request)
            await questions.import_file(user, bank_id, content, filename)
        except ImportRefused as exc:
            return await self._bank(
                request,
                bank_id,
                status=400,
                message=exc.message,
                problems=list(exc.outcome.errors),
                problem_count=exc.outcome.error_count,
            )
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._bank(
                request, bank_id, status=exc.status, message=exc.message, errors=exc.errors
            )
        return redirect(f"/exams/manage/banks/{bank_id}?ok=imported")

    async def _question(
        self, request: Request[Any, Any, Any], bank_id: int, question_id: str, status: int = 200, **extra: Any
    ) -> Template:
        bank = await managed_bank(user_of(request), bank_id)
        rows = (
            await ExamQuestion.select()
            .where((ExamQuestion.bank == bank_id) & (ExamQuestion.question_id == question_id))
            .order_by(ExamQuestion.version, ascending=False)
        )
        history = [questions.question_of(r) for r in rows]
        return page(
            request,
            "exams/question_edit.html",
            status=status,
            nav="exams_manage",
            bank=bank,
            question_id=question_id,
            current=history[0] if history else None,
            history=history,
            **CHOICES,
            **extra,
        )

    @get("/banks/{bank_id:int}/questions/{question_id:str}")
    async def question(
        self, request: Request[Any, Any, Any], bank_id: FromPath[int], question_id: FromPath[str]
    ) -> Template:
        return await self._question(request, bank_id, question_id)

    @post("/banks/{bank_id:int}/questions/{question_id:str}")
    async def save_question(
        self, request: Request[Any, Any, Any], bank_id: FromPath[int], question_id: FromPath[str]
    ) -> Template | Redirect:
        user = user_of(request)
        await managed_bank(user, bank_id)
        form = await request.form()
        try:
            question = questions.question_from_form(form, question_id.strip()[:40])
            await questions.store(user, bank_id, [question])
        except Invalid as exc:
            return await self._question(
                request, bank_id, question_id, status=400, message=exc.message, errors=exc.errors
            )
        return redirect(f"/exams/manage/banks/{bank_id}/questions/{quote(question.question_id)}?ok=saved")

    @get("/plans")
    async def plans(self, request: Request[Any, Any, Any]) -> Template:
        user = user_of(request)
        return page(
            request,
            "exams/plans.html",
            nav="exams_manage",
            plans=await plans.managed_list(user),
            banks=await questions.banks(user),
            **CHOICES,
        )

    @post("/plans")
    async def create_plan(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user = user_of(request)
        form = await form_dict(request)
        try:
            bank_id = int(form.get("bank_id") or "0")
            _, warnings = await plans.create(user, forms.plan_from_form(form), bank_id=bank_id, today=today())
        except ValueError:
            return page(
                request,
                "exams/plans.html",
                status=400,
                nav="exams_manage",
                plans=await plans.managed_list(user),
                banks=await questions.banks(user),
                message="请选择题库",
                errors={"bank_id": "请选择题库"},
                values=form,
                **CHOICES,
            )
        except WebError as exc:
            if exc.status in (403, 404) and not exc.errors:
                raise
            return page(
                request,
                "exams/plans.html",
                status=exc.status,
                nav="exams_manage",
                plans=await plans.managed_list(user),
                banks=await questions.banks(user),
                message=exc.message,
                errors=forms.blueprint_errors(exc.errors),
                values=form,
                **CHOICES,
            )
        return redirect("/exams/manage/plans?ok=plan_created" + ("&warned=1" if warnings else ""))

    @post("/plans/{plan_id:int}/publish")
    async def publish(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        return await self._state(request, plan_id, plans.publish, "published")

    @post("/plans/{plan_id:int}/close")
    async def close(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        return await self._state(request, plan_id, plans.close, "closed")

    async def _state(
        self, request: Request[Any, Any, Any], plan_id: int, action: Any, done: str
    ) -> Template | Redirect:
        user = user_of(request)
        try:
            await action(user, plan_id)
        except Conflict as exc:
            return page(
                request,
                "exams/plans.html",
                status=409,
                nav="exams_manage",
                plans=await plans.managed_list(user),
                banks=await questions.banks(user),
                message=exc.message,
                **CHOICES,
            )
        return redirect(f"/exams/manage/plans?ok={done}")
