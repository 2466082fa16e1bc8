"""The table of device-test reports (医用辐射装置检测数据, source 000 §5.1); its columns are
those of every report (:class:`~radrules_webshell.filings.reports.tables.ReportColumns`)."""

from __future__ import annotations

from piccolo.table import Table
from radrules_webshell.filings.reports.tables import ReportColumns


class DeviceTestReport(ReportColumns, Table, tablename="device_test_report"):
    """设备检测数据 (source 000 §5.1); ``document`` is a ``radrules.DeviceTestReport``."""
