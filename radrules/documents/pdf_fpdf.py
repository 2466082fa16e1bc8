"""The fpdf2 backend: draws a :class:`~radrules.documents.layout.Document` as an A4 PDF.

fpdf2 (LGPL) embeds the document's font (:mod:`radrules.documents.font_subset`) with a
ToUnicode map, so the text extracts and searches in Chinese, and calls the page footer
on every page: the QC code centred under its QR code (source 000 §5.3.4 第八步), and the
page number at the right.

Grids are laid out here rather than with fpdf2's ``table()``: that breaks every cell's
text twice through its general line breaker, which made up most of a render. Chinese
breaks between any two characters, Latin words and numbers stay whole unless longer than
a line, and closing punctuation never starts a line; rows that do not fit move to the
next page, and a table's header row is repeated there.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode, XPos, YPos

from radrules.errors import RenderError

from .font_subset import FontMaster, font_master
from .fonts import FONT_ENV, prepared_font
from .layout import Document, Fields, Grid, Note, StampBox

_FONT = "cjk"
_MARGIN = 15.0
_FOOTER_ZONE = 30.0  # mm kept free at the bottom of every page for the footer
_QR_SIZE = 19.0
_LABEL_FILL = (242, 242, 242)
_SECTION_FILL = (221, 235, 247)
_BORDER = (0, 0, 0)
_TEXT = 9.5
_LINE = 4.4
_PAD_X, _PAD_Y = 1.6, 0.9
_LABEL_WIDTH = 36.0
_CONTROL = frozenset("\n\r\t")
_PAGE_TEXT = "第页共0123456789 {}nb"
# Punctuation that must not begin a line (it stays at the end of the line before).
_NO_LINE_START = frozenset("，。、；：？！）」』】》〉”’…—·,.;:?!)]}%")
_MM_PER_PT = 25.4 / 72


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


class _Text:
    """Widths and line breaking with the document font's own advance widths."""

    def __init__(self, advances: dict[int, float]) -> None:
        self.advances = advances

    def width(self, text: str, size: float) -> float:
        em = sum(self.advances.get(ord(c), 1.0) for c in text)
        return em * size * _MM_PER_PT

    def lines(self, text: str, width: float, size: float) -> list[str]:
        out: list[str] = []
        for paragraph in text.split("\n"):
            out += self._wrap(paragraph, width / (size * _MM_PER_PT))
        return out or [""]

    def _wrap(self, text: str, limit: float) -> list[str]:
        lines: list[str] = []
        line, used = "", 0.0
        for token in _tokens(text):
            w = sum(self.advances.get(ord(c), 1.0) for c in token)
            if used + w <= limit or (line and token[0] in _NO_LINE_START):
                line, used = line + token, used + w
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, used = "", 0.0
            if token.isspace():
                continue
            if w <= limit:
                line, used = token, w
                continue
            for char in token:  # a word longer than the line: break it anywhere
                cw = self.advances.get(ord(char), 1.0)
                if used + cw > limit and line:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + char, used + cw
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines


def _tokens(text: str) -> Iterator[str]:
    """Break opportunities.

    Text with spaces is a list of things (choices such as □预评价　■控制效果评价, a date and
    a time, a place and an address): it breaks at the spaces, each item whole. Text without
    spaces is running Chinese: it breaks between any two characters, keeping Latin words
    and numbers whole. Either way an item longer than a line is broken where it must be.
    """
    if any(char.isspace() for char in text):
        word = ""
        for char in text:
            if char.isspace():
                if word:
                    yield word
                    word = ""
                yield char
            else:
                word += char
        if word:
            yield word
        return
    word = ""
    for char in text:
        if ord(char) < 0x2E80:  # Latin, digits and their punctuation stay together
            word += char
            continue
        if word:
            yield word
            word = ""
        yield char
    if word:
        yield word


class FpdfRenderer:
    """The default backend (registered as ``fpdf2``)."""

    name = "fpdf2"
    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        master = font_master()
        needed = {ord(c) for text in (*document.texts(), _PAGE_TEXT) for c in text if c not in _CONTROL}
        _refuse_undrawable(master, needed)
        text = _Text(master.advances(needed))
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
        pdf.set_draw_color(*_BORDER)
        pdf.set_line_width(0.2)
        with _font_file(master.subset(needed)) as font_path:
            pdf.add_font(_FONT, fname=str(font_path))
            # The per-document font carries the boxes computed when the font was prepared;
            # recomputing them would decode every outline again.
            pdf.fonts[_FONT].ttfont.recalcBBoxes = False  # type: ignore[union-attr]
            pdf.add_page()
            _title(pdf, document)
            for section in document.sections:
                _section_title(pdf, section.title)
                for block in section.blocks:
                    if isinstance(block, Fields):
                        _fields(pdf, text, block)
                    elif isinstance(block, Grid):
                        _grid(pdf, text, block)
                    elif isinstance(block, Note):
                        _note(pdf, block)
                    else:
                        _stamp(pdf, block)
            data = bytes(pdf.output())
            for font in pdf.fonts.values():
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()  # lets the temporary file go, on Windows too
        return data


def _refuse_undrawable(master: FontMaster, needed: set[int]) -> None:
    """An official form must not print an empty box where a character should be."""
    missing = master.missing(needed)
    if missing:
        shown = "".join(chr(p) for p in sorted(missing)[:20])
        source = prepared_font().source.path.name
        raise RenderError(
            f"字体 {source} 不含以下字符：{shown}；请将环境变量 {FONT_ENV} 设为包含这些字符的字体"
        )


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
        right = pair[1] if len(pair) > 1 else ""
        pdf.cell(half, 5.5, right, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _section_title(pdf: _Pdf, title: str) -> None:
    # A section title alone at the foot of a page would be separated from its content.
    if pdf.will_page_break(6.8 + 3 * _LINE):
        pdf.add_page()
    pdf.ln(1.5)
    pdf.set_font(_FONT, size=11)
    pdf.set_fill_color(*_SECTION_FILL)
    pdf.cell(pdf.epw, 6.8, " " + title, fill=True, border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


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


# -- grids ---------------------------------------------------------------------------------------

_Cell = tuple[str, float, bool, str]  # text, width, shaded, alignment ("L" or "C")


def _row_height(
    text: _Text, cells: Sequence[_Cell], size: float, line: float
) -> tuple[float, list[list[str]]]:
    wrapped = [text.lines(value, width - 2 * _PAD_X, size) for value, width, _, _ in cells]
    return max(len(lines) for lines in wrapped) * line + 2 * _PAD_Y, wrapped


def _draw_row(
    pdf: _Pdf, text: _Text, cells: Sequence[_Cell], size: float, line: float, repeat: Sequence[_Cell] = ()
) -> None:
    height, wrapped = _row_height(text, cells, size, line)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
        if repeat:
            _draw_row(pdf, text, repeat, size, line)
    x, y = pdf.l_margin, pdf.get_y()
    baseline = 0.5 * (line + size * _MM_PER_PT * 0.76)  # glyphs centred in their line
    for (_, width, shaded, align), lines in zip(cells, wrapped, strict=True):
        if shaded:
            pdf.set_fill_color(*_LABEL_FILL)
            pdf.rect(x, y, width, height, style="DF")
        else:
            pdf.rect(x, y, width, height, style="D")
        top = y + (height - len(lines) * line) / 2
        for i, content in enumerate(lines):
            if not content:
                continue
            left = x + (width - text.width(content, size)) / 2 if align == "C" else x + _PAD_X
            pdf.text(left, top + i * line + baseline, content)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _fields(pdf: _Pdf, text: _Text, block: Fields) -> None:
    pdf.set_font(_FONT, size=_TEXT)
    value_width = pdf.epw / 2 - _LABEL_WIDTH
    rows: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []
    for item in block.items:
        if item.wide:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([(item.label, item.value)])
        else:
            pending.append((item.label, item.value))
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending)
    for entries in rows:
        cells: list[_Cell] = []
        for label, value in entries:
            wide = len(entries) == 1
            cells.append((label, _LABEL_WIDTH, True, "L"))
            cells.append((value, pdf.epw - _LABEL_WIDTH if wide else value_width, False, "L"))
        _draw_row(pdf, text, cells, _TEXT, _LINE)


def _grid(pdf: _Pdf, text: _Text, block: Grid) -> None:
    size, line = 9.0, 4.2
    pdf.set_font(_FONT, size=size)
    total = sum(block.widths)
    widths = [w * pdf.epw / total for w in block.widths]
    header: list[_Cell] = [(h, w, True, "C") for h, w in zip(block.headers, widths, strict=True)]
    _draw_row(pdf, text, header, size, line)
    for values in block.rows:
        cells: list[_Cell] = [(v, w, False, "C") for v, w in zip(values, widths, strict=True)]
        _draw_row(pdf, text, cells, size, line, repeat=header)


def _note(pdf: _Pdf, block: Note) -> None:
    pdf.set_font(_FONT, size=9)
    pdf.ln(1)
    pdf.multi_cell(pdf.epw, 4.8, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _stamp(pdf: _Pdf, block: StampBox) -> None:
    if pdf.will_page_break(12 + 7 * len(block.lines)):
        pdf.add_page()
    pdf.set_font(_FONT, size=10.5)
    pdf.ln(12)
    for line in block.lines:
        pdf.cell(pdf.epw - 10, 7, line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
