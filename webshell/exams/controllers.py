"""Every controller of the exam domain, in the order ``app.py`` registers them."""

from __future__ import annotations

from litestar import Controller
from radrules_webshell.exams.controllers_api import SittingApi
from radrules_webshell.exams.controllers_manage import ManagePages
from radrules_webshell.exams.controllers_scores import ScoreApi, ScorePages
from radrules_webshell.exams.controllers_unit import UnitExamPages
from radrules_webshell.exams.controllers_worker import SittingPages, WorkerPages, WorkerSignupPages

EXAM_CONTROLLERS: list[type[Controller]] = [
    WorkerSignupPages,
    WorkerPages,
    SittingPages,
    SittingApi,
    UnitExamPages,
    ManagePages,
    ScorePages,
    ScoreApi,
]
