"""Every controller of the supervision domain, in the order ``app.py`` registers them."""

from __future__ import annotations

from litestar import Controller
from radrules_webshell.supervision.controllers_api import SupervisionApi
from radrules_webshell.supervision.controllers_pages import SupervisionPages
from radrules_webshell.supervision.controllers_people import SupervisionPeoplePages
from radrules_webshell.supervision.controllers_records import SupervisionRecordApi

SUPERVISION_CONTROLLERS: list[type[Controller]] = [
    SupervisionPages,
    SupervisionPeoplePages,
    SupervisionApi,
    SupervisionRecordApi,
]
