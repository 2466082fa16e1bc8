"""The golden-case kit: YAML cases that pin what the rules must say, run by pytest.

Plugin authors use the same kit on their own cases: install radrules, put cases in files
named ``*.golden.yaml``, and run ``pytest``. See docs/golden-cases.md for the format.
:class:`InMemoryQcSequence` stands in for storage's QC-code counter in examples and tests.
"""

from radrules.testing import exam_cases as _exam_cases  # noqa: F401 - registers the enrolment kind
from radrules.testing import password_cases as _password_cases  # noqa: F401 - registers the password kind
from radrules.testing import training_cases as _training_cases  # noqa: F401 - registers the training kind
from radrules.testing import value_cases as _value_cases  # noqa: F401 - registers the value kinds
from radrules.testing import warning_cases as _warning_cases  # noqa: F401 - registers the warnings kind
from radrules.testing.cases import (
    CASE_KINDS,
    CaseFailure,
    GoldenCase,
    document_input,
    load_cases,
    register_case_kind,
    run_case,
    sample_names,
)
from radrules.testing.qc_sequence import InMemoryQcSequence

__all__ = [
    "CASE_KINDS",
    "CaseFailure",
    "GoldenCase",
    "InMemoryQcSequence",
    "document_input",
    "load_cases",
    "register_case_kind",
    "run_case",
    "sample_names",
]
