"""The rows a card submission reads besides the card: the institution's reports that carry
the card's report number (source 000 §5.3.4 第五步, the card is checked with them) and the
client as the register holds it (第四步).

On PostgreSQL both are precompiled statements: Piccolo rebuilding a select for every
query costs more server CPU than the query itself, and these run on every submission
(py-spy of ``radrules serve`` under bench_card_submit; docs/performance.md, issue 17). The
two report tables are read in one round trip. SQLite keeps Piccolo's selects, which also
convert SQLite's stored values.
"""

from __future__ import annotations

import functools
from typing import Any

from radrules_webshell.clients.tables import Client as ClientRow
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.filings.device_tests.tables import DeviceTestReport
from radrules_webshell.filings.doses.tables import DoseReport

#: What a card takes from the register's client row (build.registered_client).
CLIENT_COLUMNS = ("name", "uscc", "kind", "division_code", "address")


async def report_rows(
    institution_id: int, report_no: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``id``, ``status`` and ``document`` of the institution's device-test and dose
    reports numbered ``report_no`` (any status)."""
    if is_sqlite(DeviceTestReport._meta.db):
        tests = await DeviceTestReport.select(
            DeviceTestReport.id, DeviceTestReport.status, DeviceTestReport.document
        ).where((DeviceTestReport.institution == institution_id) & (DeviceTestReport.report_no == report_no))
        doses = await DoseReport.select(DoseReport.id, DoseReport.status, DoseReport.document).where(
            (DoseReport.institution == institution_id) & (DoseReport.report_no == report_no)
        )
        return tests, doses
    rows = await DeviceTestReport.raw(_reports_sql(), institution_id, report_no, institution_id, report_no)
    return [r for r in rows if r["kind"] == "device_test"], [r for r in rows if r["kind"] == "dose"]


@functools.cache
def _reports_sql() -> str:
    def one(kind: str, table: Any) -> str:
        # Both tables' columns by Piccolo's metadata, so that a renamed column fails here.
        c = {name: getattr(table, name)._meta.db_column_name for name in ("id", "status", "document")}
        where = {name: getattr(table, name)._meta.db_column_name for name in ("institution", "report_no")}
        return (
            f'SELECT \'{kind}\' AS kind, "{c["id"]}" AS id, "{c["status"]}" AS status, '
            f'"{c["document"]}" AS document FROM "{table._meta.tablename}" '
            f'WHERE "{where["institution"]}" = {{}} AND "{where["report_no"]}" = {{}}'
        )

    return f"{one('device_test', DeviceTestReport)} UNION ALL {one('dose', DoseReport)}"


async def client_row(client_id: int) -> dict[str, Any] | None:
    """The register's client row (the columns of :data:`CLIENT_COLUMNS`), or None."""
    if is_sqlite(ClientRow._meta.db):
        columns = [getattr(ClientRow, name) for name in CLIENT_COLUMNS]
        row: dict[str, Any] | None = await ClientRow.select(*columns).where(ClientRow.id == client_id).first()
        return row
    rows = await ClientRow.raw(_client_sql(), client_id)
    return rows[0] if rows else None


@functools.cache
def _client_sql() -> str:
    columns = ", ".join(
        f'"{getattr(ClientRow, name)._meta.db_column_name}" AS "{name}"' for name in CLIENT_COLUMNS
    )
    return f'SELECT {columns} FROM "{ClientRow._meta.tablename}" WHERE "{ClientRow.id._meta.db_column_name}" = {{}}'
