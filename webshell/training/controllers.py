"""Every controller of the training domain, in the order ``app.py`` registers them."""

from __future__ import annotations

from litestar import Controller
from radrules_webshell.training.certificates.controllers import (
    CdcCertificateApi,
    CdcCertificatePages,
    CertificateVerifyPages,
    UnitCertificateApi,
    UnitCertificateRoutes,
)
from radrules_webshell.training.people.controllers import PeopleApi
from radrules_webshell.training.people.controllers_pages import PeoplePages
from radrules_webshell.training.plans.controllers_cdc import CdcPlanApi, CdcPlanPages
from radrules_webshell.training.plans.controllers_unit import UnitPlanApi, UnitPlanPages
from radrules_webshell.training.registrations.controllers import RegistrationApi
from radrules_webshell.training.registrations.controllers_pages import RegistrationPages
from radrules_webshell.training.registrations.controllers_review import ReviewApi, ReviewPages
from radrules_webshell.training.scores.controllers_cdc import CdcScoreApi, CdcScorePages
from radrules_webshell.training.scores.controllers_unit import ScoreApi, ScorePages
from radrules_webshell.training.sessions.controllers_cdc import CdcSessionApi, CdcSessionPages
from radrules_webshell.training.sessions.controllers_unit import SelectionApi, SelectionPages

TRAINING_CONTROLLERS: list[type[Controller]] = [
    PeoplePages,
    PeopleApi,
    UnitPlanPages,
    UnitPlanApi,
    RegistrationPages,
    RegistrationApi,
    SelectionPages,
    SelectionApi,
    ScorePages,
    ScoreApi,
    UnitCertificateRoutes,
    UnitCertificateApi,
    CdcPlanPages,
    CdcPlanApi,
    ReviewPages,
    ReviewApi,
    CdcSessionPages,
    CdcSessionApi,
    CdcScorePages,
    CdcScoreApi,
    CdcCertificatePages,
    CdcCertificateApi,
    CertificateVerifyPages,
]
