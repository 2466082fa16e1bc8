"""Every member of every vocabulary has its own Chinese label, even where values coincide."""

from __future__ import annotations

import pytest

from radrules.model import enums


def _labelled() -> list[type[enums._Labelled]]:
    return [
        cls
        for cls in vars(enums).values()
        if isinstance(cls, type) and issubclass(cls, enums._Labelled) and cls is not enums._Labelled
    ]


@pytest.mark.parametrize("cls", _labelled(), ids=lambda c: c.__name__)
def test_every_member_has_a_label(cls: type[enums._Labelled]) -> None:
    labels = [member.label for member in cls]
    assert all(labels) and len(set(labels)) == len(labels)


def test_equal_values_in_different_vocabularies_keep_their_own_labels() -> None:
    # "other", "draft" and "submitted" occur in several enums; each keeps its platform term.
    assert enums.ClientKind.other.label == "其他单位"
    assert enums.AttachmentKind.other.label == "其他附件"
    assert enums.ReportStatus.draft.label == "未提交"
    assert enums.FilingStatus.draft.label == "暂存"
    assert enums.DeclarationStatus.submitted.label == "待审核"
