"""Each enum member has its own Chinese label, even where two enums share a value."""

from __future__ import annotations

from radrules import DeclarationStatus, FilingStatus, ReportStatus
from radrules.model import enums


def test_same_value_in_two_enums_keeps_two_labels() -> None:
    # source 000 §2.2.2 (待审核) versus §5.3.2 (已提交) and §5.1.2.1 (未提交)
    assert DeclarationStatus.submitted.label == "待审核"
    assert FilingStatus.submitted.label == "已提交"
    assert DeclarationStatus.draft.label == "未提交"
    assert ReportStatus.draft.label == "未提交"
    assert FilingStatus.draft.label == "暂存"


def test_every_member_is_labelled() -> None:
    labelled = [
        c
        for c in vars(enums).values()
        if isinstance(c, type) and issubclass(c, enums._Labelled) and c is not enums._Labelled
    ]
    assert labelled
    for cls in labelled:
        for member in cls:
            assert member.label, f"{cls.__name__}.{member.name} has no label"
