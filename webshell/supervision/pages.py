"""What the register pages share: the forms each page draws, and one way to submit a form of
a page — on refusal the page is drawn again with the values typed and each error beside its
field (``values[form]``, ``errors[form]``), status 400; on success a redirect with a notice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from litestar import Request
from litestar.response import Redirect, Template
from radrules_webshell.clients.forms import CLIENT_FORM
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.forms import FormSpec
from radrules_webshell.core.web import redirect
from radrules_webshell.supervision import vocabulary
from radrules_webshell.supervision.archives.forms import (
    CERTIFICATE_FORM,
    DECISION_FORM,
    DOSE_FORM,
    EXAM_FORM,
    TRAINING_FORM,
    TRANSFER_FORM,
    WORKER_FORM_FULL,
)
from radrules_webshell.supervision.registers.forms import (
    ATTACHMENT_FORM,
    DEVICE_FORM_FULL,
    DEVICE_TEST_FORM,
    LICENCE_FORM,
    PROFILE_FORM,
    VERIFICATION_FORM,
)

FORMS: dict[str, FormSpec] = {
    "unit": CLIENT_FORM,
    "profile": PROFILE_FORM,
    "licence": LICENCE_FORM,
    "verification": VERIFICATION_FORM,
    "device": DEVICE_FORM_FULL,
    "device_test": DEVICE_TEST_FORM,
    "attachment": ATTACHMENT_FORM,
    "worker": WORKER_FORM_FULL,
    "trainings": TRAINING_FORM,
    "health-exams": EXAM_FORM,
    "doses": DOSE_FORM,
    "certificates": CERTIFICATE_FORM,
    "transfer": TRANSFER_FORM,
    "decision": DECISION_FORM,
}

#: Labels the templates show for stored codes.
LABELS = {
    "projects": dict(vocabulary.PROJECTS),
    "training_kinds": dict(vocabulary.TRAINING_KINDS),
    "exam_kinds": dict(vocabulary.EXAM_KINDS),
    "conditions": dict(vocabulary.TEST_CONDITIONS),
    "categories": vocabulary.CATEGORY_LABELS,
    "subjects": dict(vocabulary.SUBJECTS),
    "levels": vocabulary.LEVEL_LABELS,
    "transfer_status": {
        "requested": "待审批",
        "approved": "已批准（档案已转入）",
        "rejected": "未批准",
        "cancelled": "已撤回",
    },
}

#: What an approved transfer moved (``archive_transfer.moved``: counts by record kind).
MOVED_LABELS = {
    "trainings": "培训记录",
    "health_exams": "职业健康检查",
    "doses": "个人剂量",
    "certificates": "放射工作人员证",
}


def moved_text(moved: str | None) -> str:
    """``archive_transfer.moved`` for people: "培训记录 2 条、职业健康检查 1 条…"."""
    if not moved:
        return ""
    counts = orjson.loads(moved)
    return "、".join(f"{MOVED_LABELS.get(k, k)} {n} 条" for k, n in counts.items())


Redraw = Callable[..., Awaitable[Template]]


async def submit(
    request: Request[Any, Any, Any],
    form_name: str,
    run: Callable[[dict[str, Any]], Awaitable[Any]],
    redraw: Redraw,
    done: str | Callable[[Any], str],
    notice: str = "saved",
) -> Template | Redirect:
    form = await request.form()
    spec = FORMS.get(form_name)
    data = spec.form_values(form) if spec is not None else {k: form.get(k) for k in form}
    try:
        result = await run(data)
    except Invalid as exc:
        return await redraw(
            status=400,
            values={form_name: data},
            errors={form_name: exc.errors},
            message=exc.message or "填写的信息有误，请按提示修改",
        )
    return redirect(done if isinstance(done, str) else done(result), notice)
