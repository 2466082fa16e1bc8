"""The table of dose reports (个人剂量数据, source 000 §5.2); its columns are those of every
report (:class:`~radrules_webshell.filings.reports.tables.ReportColumns`)."""

from __future__ import annotations

from piccolo.table import Table
from radrules_webshell.filings.reports.tables import ReportColumns


class DoseReport(ReportColumns, Table, tablename="dose_report"):
    """个人剂量数据 (source 000 §5.2); ``document`` is a ``radrules.DoseReport``."""
