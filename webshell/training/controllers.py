"""Every controller of the training domain, in the order ``app.py`` registers them."""

from __future__ import annotations

from litestar import Controller
from radrules_webshell.training.people.controllers import PeopleApi
from radrules_webshell.training.people.controllers_pages import PeoplePages

TRAINING_CONTROLLERS: list[type[Controller]] = [
    PeoplePages,
    PeopleApi,
]
