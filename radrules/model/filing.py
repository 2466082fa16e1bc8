"""A filing: the documents checked together, as one JSON object.

A card that takes its results from device-test and dose reports (Jiangsu, source 000
§5.3.4 第五步) is checked together with those reports, so they travel in one envelope.
Findings name paths from this root: ``report_card.participants[0].id_number``,
``dose_reports[1].records[4].period_end``. A change to an institution's record
(``institution_change``, two versions of it) is checked the same way.
"""

from __future__ import annotations

import attrs

from radrules.model.card import ReportCard
from radrules.model.device_test import DeviceTestReport
from radrules.model.dose import DoseReport
from radrules.model.parties import Institution, InstitutionChange


@attrs.define(kw_only=True)
class Filing:
    """The documents checked together. ``declaration`` is an institution's qualification
    declaration (资质申报, source 000 §4.1): its record with the qualification, the staff and
    the instruments, as submitted for review."""

    report_card: ReportCard | None = None
    device_test_reports: tuple[DeviceTestReport, ...] = ()
    dose_reports: tuple[DoseReport, ...] = ()
    institution_change: InstitutionChange | None = None
    declaration: Institution | None = None

    def is_empty(self) -> bool:
        """True when the envelope holds no document to check."""
        return (
            self.report_card is None
            and not self.device_test_reports
            and not self.dose_reports
            and self.institution_change is None
            and self.declaration is None
        )

    def division_code(self) -> str | None:
        """The service location that decides the jurisdiction, or None for an empty filing.

        A filing holding only an institution change takes the institution's own division
        (the new version's), a declaration the declaring institution's; pass ``province`` to :func:`radrules.check` to check it elsewhere.
        """
        if self.report_card is not None:
            return self.report_card.service_division_code
        if self.device_test_reports:
            return self.device_test_reports[0].client.division_code
        if self.dose_reports:
            return self.dose_reports[0].client.division_code
        if self.institution_change is not None:
            return self.institution_change.after.division_code
        if self.declaration is not None:
            return self.declaration.division_code
        return None
