"""Documents radrules produces and reads: report-card PDFs, Excel templates, imports, exports.

The public entry points are available from here. They load on first access, so that
importing one module of the package (the Jilin summaries need only ``tables``) does not
import the others, and nothing imports fpdf2, openpyxl or calamine before it is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from radrules.documents.card_pdf import render_card_pdf
    from radrules.documents.certificate_pdf import render_certificate_pdf
    from radrules.documents.dose_import import DoseImport, ImportProblem, ReportInfo, import_doses
    from radrules.documents.dose_template import write_dose_template
    from radrules.documents.exports import export_cards, export_device_tests
    from radrules.documents.renderer import Renderer, get_renderer, register_renderer
    from radrules.documents.tables import Column, Table, write_xlsx
    from radrules.errors import FontError, RenderError, TableError, WorkbookError

_WHERE = {
    "render_card_pdf": "card_pdf",
    "render_certificate_pdf": "certificate_pdf",
    "DoseImport": "dose_import",
    "ImportProblem": "dose_import",
    "ReportInfo": "dose_import",
    "import_doses": "dose_import",
    "write_dose_template": "dose_template",
    "export_cards": "exports",
    "export_device_tests": "exports",
    "FontError": "radrules.errors",
    "Renderer": "renderer",
    "RenderError": "radrules.errors",
    "get_renderer": "renderer",
    "register_renderer": "renderer",
    "Column": "tables",
    "Table": "tables",
    "TableError": "radrules.errors",
    "write_xlsx": "tables",
    "WorkbookError": "radrules.errors",
}

__all__ = [
    "Column",
    "DoseImport",
    "FontError",
    "ImportProblem",
    "RenderError",
    "Renderer",
    "ReportInfo",
    "Table",
    "TableError",
    "WorkbookError",
    "export_cards",
    "export_device_tests",
    "get_renderer",
    "import_doses",
    "register_renderer",
    "render_card_pdf",
    "render_certificate_pdf",
    "write_dose_template",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'radrules.documents' has no attribute {name!r}")
    where = module if "." in module else f"radrules.documents.{module}"
    return getattr(importlib.import_module(where), name)
