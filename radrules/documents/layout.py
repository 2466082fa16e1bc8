"""What a printed document says, independent of how a backend draws it.

A :class:`Document` is a title, some header lines, numbered sections of blocks (label and
value grids, tables, notes, a stamp box) and a footer repeated on every page with an
optional QR code. The report-card content (:mod:`radrules.documents.card_content`) builds
one; a renderer (:mod:`radrules.documents.renderer`) turns it into bytes. Keeping the two
apart lets another PDF library be plugged in without touching what the card contains.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs


@attrs.frozen(kw_only=True)
class Field:
    """A label and its value; ``wide`` fields take a whole row of the grid."""

    label: str
    value: str
    wide: bool = False


@attrs.frozen(kw_only=True)
class Fields:
    """Label-value pairs laid out two to a row (wide ones alone)."""

    items: tuple[Field, ...]


@attrs.frozen(kw_only=True)
class Grid:
    """A table with a header row; ``widths`` are relative column widths."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]

    def __attrs_post_init__(self) -> None:
        if len(self.widths) != len(self.headers) or any(len(r) != len(self.headers) for r in self.rows):
            raise ValueError("every row of a grid has one value per header and per width")


@attrs.frozen(kw_only=True)
class Note:
    text: str


@attrs.frozen(kw_only=True)
class StampBox:
    """Space for a signature or seal: a caption line per entry, right-aligned, with room above."""

    lines: tuple[str, ...]


Block = Fields | Grid | Note | StampBox


@attrs.frozen(kw_only=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@attrs.frozen(kw_only=True)
class Document:
    """A printable document.

    ``header`` lines print under the title, left and right halves alternating;
    ``footer`` prints centred on every page, under the QR code of ``qr_payload`` if given.
    """

    title: str
    sections: tuple[Section, ...]
    header: tuple[str, ...] = ()
    footer: str = ""
    qr_payload: str | None = None
    author: str = ""
    subject: str = ""

    def texts(self) -> Iterator[str]:
        """Every string the document prints (for checking that the font can draw them)."""
        yield self.title
        yield from self.header
        yield self.footer
        for section in self.sections:
            yield section.title
            for block in section.blocks:
                if isinstance(block, Fields):
                    for item in block.items:
                        yield item.label
                        yield item.value
                elif isinstance(block, Grid):
                    yield from block.headers
                    for row in block.rows:
                        yield from row
                elif isinstance(block, Note):
                    yield block.text
                else:
                    yield from block.lines
