"""The fpdf2 backend: draws a :class:`~radrules.documents.layout.Document` as an A4 PDF.

fpdf2 (LGPL) subset-embeds the prepared Chinese font (:mod:`radrules.documents.fonts`),
writes a ToUnicode map so the text can be searched and extracted, repeats table headers
across pages, and lets every page carry the footer the card needs: the QC code centred,
under its QR code (source 000 §5.3.4 第八步), with the page number at the right.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, TextMode, VAlign, WrapMode, XPos, YPos
from fpdf.fonts import FontFace, TTFFont

from .font_subset import font_master
from .fonts import FONT_ENV, missing_from, prepared_font
from .layout import Document, Fields, Grid, Note, StampBox
from .renderer import RenderError

_FONT = "cjk"
_FALLBACK = "cjkfull"
_MARGIN = 15.0
_FOOTER_ZONE = 30.0  # mm kept free at the bottom of every page for the footer
_QR_SIZE = 19.0
_LABEL_FILL = (242, 242, 242)
_SECTION_FILL = (221, 235, 247)
_TEXT = 9.5
_LINE = 4.4


class _Pdf(FPDF):
    """FPDF with the document's footer on every page."""

    def __init__(self, document: Document, qr: list[list[bool]] | None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        self.qr = qr

    def footer(self) -> None:
        bottom = self.h - 8.0
        if self.qr is not None:
            _draw_qr(self, self.qr, x=(self.w - _QR_SIZE) / 2, y=bottom - 2.5 - _QR_SIZE, size=_QR_SIZE)
        self.set_font(_FONT, size=8.5)
        self.set_xy(self.l_margin, bottom - 2.5)
        self.cell(self.epw, 4, self.document.footer, align="C")
        self.set_xy(self.l_margin, bottom - 2.5)
        self.cell(self.epw, 4, f"第 {self.page_no()} 页 共 {{nb}} 页", align="R")


def _ttf(pdf: FPDF, key: str) -> TTFFont:
    font = pdf.fonts[key]
    assert isinstance(font, TTFFont)
    return font


def _qr_matrix(payload: str) -> list[list[bool]]:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def _draw_qr(pdf: FPDF, matrix: list[list[bool]], *, x: float, y: float, size: float) -> None:
    """The QR code as vector squares (crisp at any print resolution), one rectangle per dark run."""
    module = size / len(matrix)
    with pdf.local_context(fill_color=(255, 255, 255)):
        pdf.rect(x, y, size, size, style="F")
    with pdf.local_context(fill_color=(0, 0, 0)):
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")


_CONTROL = frozenset("\n\r\t")
_PAGE_TEXT = "第页共0123456789 {}nb"


class FpdfRenderer:
    """The default backend (registered as ``fpdf2``)."""

    name = "fpdf2"
    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        master = font_master()
        needed = {ord(c) for text in (*document.texts(), _PAGE_TEXT) for c in text if c not in _CONTROL}
        missing = {chr(p) for p in needed if p not in master.codepoints}
        qr = _qr_matrix(document.qr_payload) if document.qr_payload else None
        pdf = _Pdf(document, qr)
        pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        pdf.set_auto_page_break(True, margin=_FOOTER_ZONE)
        pdf.set_title(document.title)
        pdf.set_lang("zh-CN")
        pdf.set_creator("radrules")
        if document.author:
            pdf.set_author(document.author)
        if document.subject:
            pdf.set_subject(document.subject)
        with _font_file(master.subset(needed)) as font_path:
            pdf.add_font(_FONT, fname=str(font_path))
            # The per-document font carries the boxes computed when the font was prepared;
            # recomputing them would decode every outline again.
            _ttf(pdf, _FONT).ttfont.recalcBBoxes = False
            if missing:
                self._fallback(pdf, missing)
            pdf.add_page()
            self._title(pdf, document)
            for section in document.sections:
                self._section_title(pdf, section.title)
                for block in section.blocks:
                    if isinstance(block, Fields):
                        self._fields(pdf, block)
                    elif isinstance(block, Grid):
                        self._grid(pdf, block)
                    elif isinstance(block, Note):
                        self._note(pdf, block)
                    else:
                        self._stamp(pdf, block)
            data = bytes(pdf.output())
            for font in pdf.fonts.values():
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()  # lets the temporary file go, on Windows too
        return data

    @staticmethod
    def _fallback(pdf: _Pdf, missing: set[str]) -> None:
        """Characters outside the prepared subset: add the whole source font as a fallback."""
        source = prepared_font().source
        pdf.add_font(_FALLBACK, fname=str(source.path), collection_font_number=source.face)
        still = missing_from(_ttf(pdf, _FALLBACK).cmap, missing)
        if still:
            shown = "".join(sorted(still)[:20])
            raise RenderError(
                f"字体 {source.path.name} 不含以下字符：{shown}；请将环境变量 {FONT_ENV} 设为包含这些字符的字体"
            )
        pdf.set_fallback_fonts([_FALLBACK])

    @staticmethod
    def _title(pdf: _Pdf, document: Document) -> None:
        pdf.set_font(_FONT, size=18)
        pdf.text_mode = TextMode.FILL_STROKE  # a bolder title: the bundled font has one weight
        pdf.set_line_width(0.25)
        pdf.cell(pdf.epw, 11, document.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.text_mode = TextMode.FILL
        pdf.set_line_width(0.2)
        pdf.set_font(_FONT, size=9.5)
        half = pdf.epw / 2
        for i in range(0, len(document.header), 2):
            pair = document.header[i : i + 2]
            pdf.cell(half, 5.5, pair[0], align="L")
            pdf.cell(
                half, 5.5, pair[1] if len(pair) > 1 else "", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        pdf.ln(1.5)

    @staticmethod
    def _section_title(pdf: _Pdf, title: str) -> None:
        # A section title alone at the foot of a page would be separated from its content.
        if pdf.will_page_break(6.8 + 3 * _LINE):
            pdf.add_page()
        pdf.ln(1.5)
        pdf.set_font(_FONT, size=11)
        pdf.set_fill_color(*_SECTION_FILL)
        pdf.cell(pdf.epw, 6.8, " " + title, fill=True, border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_fill_color(255, 255, 255)

    @staticmethod
    def _fields(pdf: _Pdf, block: Fields) -> None:
        pdf.set_font(_FONT, size=_TEXT)
        label_style = FontFace(fill_color=_LABEL_FILL)
        label_w, value_w = 36.0, pdf.epw / 2 - 36.0
        rows: list[list[tuple[str, str, bool]]] = []
        pending: list[tuple[str, str, bool]] = []
        for item in block.items:
            if item.wide:
                if pending:
                    rows.append(pending)
                    pending = []
                rows.append([(item.label, item.value, True)])
            else:
                pending.append((item.label, item.value, False))
                if len(pending) == 2:
                    rows.append(pending)
                    pending = []
        if pending:
            rows.append(pending)
        with pdf.table(
            col_widths=(label_w, value_w, label_w, value_w),
            first_row_as_headings=False,
            text_align="LEFT",
            v_align=VAlign.M,
            line_height=_LINE,
            padding=(0.9, 1.6),
            cell_fill_mode=TableCellFillMode.NONE,
            # Word wrapping breaks at the spaces between choices (□预评价　■控制效果评价) and
            # falls back to any character inside Chinese text longer than a line.
            wrapmode=WrapMode.WORD,
        ) as table:
            for entries in rows:
                row = table.row()
                for label, value, _wide in entries:
                    row.cell(label, style=label_style)
                    row.cell(value, colspan=3 if len(entries) == 1 else 1)

    @staticmethod
    def _grid(pdf: _Pdf, block: Grid) -> None:
        pdf.set_font(_FONT, size=9)
        total = sum(block.widths)
        widths = tuple(w * pdf.epw / total for w in block.widths)
        with pdf.table(
            col_widths=widths,
            text_align="CENTER",
            v_align=VAlign.M,
            line_height=4.6,
            padding=(1.2, 1.2),
            headings_style=FontFace(fill_color=_LABEL_FILL),
            wrapmode=WrapMode.CHAR,
        ) as table:
            table.row(list(block.headers))
            for values in block.rows:
                table.row(list(values))

    @staticmethod
    def _note(pdf: _Pdf, block: Note) -> None:
        pdf.set_font(_FONT, size=9)
        pdf.ln(1)
        pdf.multi_cell(pdf.epw, 4.8, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    @staticmethod
    def _stamp(pdf: _Pdf, block: StampBox) -> None:
        if pdf.will_page_break(12 + 7 * len(block.lines)):
            pdf.add_page()
        pdf.set_font(_FONT, size=10.5)
        pdf.ln(12)
        for line in block.lines:
            pdf.cell(pdf.epw - 10, 7, line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


@contextmanager
def _font_file(data: bytes) -> Iterator[Path]:
    """``data`` in a temporary file for the duration of a render (fpdf2 reads fonts from paths)."""
    fd, name = tempfile.mkstemp(prefix="radrules-font-", suffix=".ttf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        yield Path(name)
    finally:
        # Already gone, or still held open on Windows: the OS cleans its temporary folder.
        with suppress(OSError):
            Path(name).unlink()
