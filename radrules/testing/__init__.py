"""The golden-case kit: YAML cases that pin what the rules must say, run by pytest.

Plugin authors use the same kit on their own cases: install radrules, put cases in files
named ``*.golden.yaml``, and run ``pytest``. See docs/golden-cases.md for the format.
"""

from radrules.testing.cases import (
    CASE_KINDS,
    CaseFailure,
    GoldenCase,
    load_cases,
    register_case_kind,
    run_case,
)

__all__ = [
    "CASE_KINDS",
    "CaseFailure",
    "GoldenCase",
    "load_cases",
    "register_case_kind",
    "run_case",
]
