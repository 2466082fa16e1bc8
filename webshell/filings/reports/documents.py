"""Between stored rows and radrules documents: the JSON text a row keeps, and the report it holds.

A device-test or dose row keeps the whole report as JSON (``document``) and its state in
a column; the column is authoritative (submitting and withdrawing change it), so reading
a report overlays it on the document.
"""

from __future__ import annotations

from typing import Any, TypeVar

import orjson

from radrules import structure, unstructure

M = TypeVar("M")


def dumps(value: object) -> str:
    """The JSON text stored for a radrules model."""
    return orjson.dumps(unstructure(value)).decode()


def report_from_row(row: dict[str, Any], model: type[M]) -> M:
    """The report of a ``device_test_report`` or ``dose_report`` row, its state from the column."""
    data = orjson.loads(row["document"])
    data["status"] = row["status"]
    return structure(data, model)
