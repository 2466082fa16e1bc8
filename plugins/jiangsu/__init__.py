"""Jiangsu (江苏省, ``32``): the rules and ruleset of the Jiangsu radiation-health platform.

Source 000, the platform's manual, §2–§5: qualification before reporting, device-test
and dose data entry, the report card whose results come from that data for medical
clients, the QC code and its QR, locking by stamped attachments and forwarding to the
national system. Registered under the ``radrules`` entry-point group as ``jiangsu``.

Besides rules, the plugin answers the hooks that make the QC-code flow, the computed card
results and the workflow policy available to callers that never import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from importlib.resources import files

from radrules import (
    AttachmentKind,
    Filing,
    Jurisdiction,
    ParameterSpec,
    ParameterView,
    QcCodeCheck,
    QcSeries,
    ReportCard,
    Results,
    Rule,
    Sample,
    SampleJudgement,
    WorkflowPolicy,
    hookimpl,
)

from . import (  # noqa: F401 - registers the rules  # noqa: F401
    rules_account,
    rules_card,
    rules_declaration,
    rules_device_test,
    rules_device_test_protection,
    rules_dose,
    rules_filing,
    rules_training_classes,
    rules_training_profile,
    rules_training_registration,
    rules_training_sessions,
)
from .account_types import PasswordPolicy
from .aggregate import results_from, source_report
from .book import CODE, book
from .citations import manual
from .params import view_on
from .qc_code import check_code, format_code, series
from .sample_judgement import judge_sample
from .training_params import TRAINING_PARAMETERS
from .types import DataFirst, QcCodeFormat, TestCatalog

PARAMETERS = (
    ParameterSpec(name="test_items", type=TestCatalog),
    ParameterSpec(name="qc_code_format", type=QcCodeFormat),
    ParameterSpec(name="qc_verification_url", type=str),
    ParameterSpec(name="data_first", type=DataFirst),
    ParameterSpec(name="attachment_sync_delay_days", type=int),
    ParameterSpec(name="lock_attachments", type=list[AttachmentKind]),
    *TRAINING_PARAMETERS,
    ParameterSpec(name="account_password_policy", type=PasswordPolicy),
)


@hookimpl
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    return [
        Jurisdiction(
            code=CODE,
            slug="jiangsu",
            name="江苏省",
            ruleset=files("radrules_rulesets") / "jiangsu",
            parameters=PARAMETERS,
        )
    ]


@hookimpl
def radrules_rules() -> Sequence[Rule]:
    return book.rules


@hookimpl
def radrules_qc_series(card: ReportCard, issued_on: date, params: ParameterView) -> QcSeries | None:
    fmt: QcCodeFormat = params.get("qc_code_format", on=issued_on)
    return series(card, issued_on, fmt)


@hookimpl
def radrules_qc_code(series: QcSeries, sequence: int, params: ParameterView) -> str | None:
    # pluggy passes only the arguments an implementation names: neither the jurisdiction (the
    # registry asks this plugin for its own only) nor the card is needed here.
    return format_code(series, sequence, params.get("qc_code_format"))


@hookimpl
def radrules_qc_code_check(code: str, params: ParameterView) -> QcCodeCheck | None:
    return check_code(code, params.get("qc_code_format"))


@hookimpl
def radrules_qc_verification_base(params: ParameterView) -> str | None:
    value: str = params.get("qc_verification_url")
    return value


@hookimpl
def radrules_judge_sample(sample: Sample, params: ParameterView) -> SampleJudgement | None:
    """Items and points judged against the catalog in force on their test dates."""
    return judge_sample(sample, lambda day: view_on(params, "test_items", day))


@hookimpl
def radrules_card_results(filing: Filing, params: ParameterView) -> Results | None:
    """Computed results for a medical client in protection testing or dose monitoring."""
    card = filing.report_card
    if card is None:
        return None
    rule: DataFirst = params.get("data_first")
    if not rule.applies(card.client.kind, card.service_field):
        return None
    found = source_report(filing, card)
    if found is None:
        return None
    return results_from(found[1], lambda day: view_on(params, "test_items", day), params.get("dose_bands"))


@hookimpl
def radrules_workflow_policy(params: ParameterView) -> WorkflowPolicy | None:
    return WorkflowPolicy(
        lock_attachments=tuple(params.get("lock_attachments")),
        attachment_sync_delay_days=params.get("attachment_sync_delay_days"),
        basis=(manual("§5.3.4 第八步"), manual("§5.3.4 第九步"), manual("第6章 常见问题3")),
    )
