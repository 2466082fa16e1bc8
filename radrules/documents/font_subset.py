"""Per-document fonts cut in memory from the prepared font, so a warm render stays fast.

Opening even the prepared GB 2312 subset (about 7,600 glyphs) costs fontTools some 40 ms
each time: the glyph table, the character map and the glyph names are decoded whole. A
report card uses a few hundred characters. So the prepared font is decoded once per
process into a :class:`FontMaster`, and each document gets a small TrueType font holding
only its own characters, assembled from the master's glyph records without decoding them
(outlines are copied as bytes; bounding boxes were computed when the font was prepared).

A character outside the prepared repertoire (喆 in a name) is taken from the source font
the subset was cut from, converted to TrueType outlines on first use and kept, so every
document is drawn with one font and the rare character costs milliseconds, not a parse of
the whole 8 MB font.
"""

from __future__ import annotations

import copy
import io
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from radrules.errors import FontError

from .fonts import PreparedFont, SourceFont, prepared_font

_TABLES_COPIED = ("head", "hhea", "maxp", "OS/2", "name")


class _SourceGlyphs:
    """Glyphs of the full source font, converted one at a time when a document needs them."""

    def __init__(self, source: SourceFont) -> None:
        from fontTools.ttLib import TTFont

        self._font = TTFont(str(source.path), fontNumber=source.face, lazy=True)
        self.cmap: dict[int, str] = self._font.getBestCmap() or {}
        self.units_per_em: int = self._font["head"].unitsPerEm
        self._glyphs = self._font.getGlyphSet()
        self._metrics = self._font["hmtx"].metrics
        self._cff = "glyf" not in self._font

    def glyph(self, codepoint: int) -> tuple[Any, int] | None:
        """The TrueType glyph and advance width of ``codepoint``, or None if the font lacks it."""
        from fontTools.pens.cu2quPen import Cu2QuPen
        from fontTools.pens.recordingPen import DecomposingRecordingPen
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        name = self.cmap.get(codepoint)
        if name is None:
            return None
        recording = DecomposingRecordingPen(self._glyphs)
        self._glyphs[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(Cu2QuPen(pen, max_err=1.0, reverse_direction=self._cff))
        glyph = pen.glyph()
        if glyph.numberOfContours:
            glyph.recalcBounds(None)  # a simple glyph: its own points give the box
        return glyph, self._metrics[name][0]


class FontMaster:
    """The decoded prepared font: character map, glyph records and metrics."""

    def __init__(self, path: Path, source: SourceFont | None = None) -> None:
        from fontTools.ttLib import TTFont, TTLibError

        try:
            font = TTFont(str(path), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
            self._cmap: dict[int, str] = font.getBestCmap() or {}
            glyf = font["glyf"]
            self._glyphs: dict[str, Any] = {name: glyf.glyphs[name] for name in font.getGlyphOrder()}
            self._metrics: dict[str, tuple[int, int]] = dict(font["hmtx"].metrics)
            self._tables = {tag: font[tag] for tag in _TABLES_COPIED}
            self._post = font["post"]
            self.units_per_em: int = font["head"].unitsPerEm
        except (TTLibError, KeyError, OSError) as exc:
            raise FontError(
                f"{path}: 预处理后的字体无法读取，请删除后重试 / prepared font unreadable: {exc}"
            ) from None
        self.path = path
        self.codepoints = frozenset(self._cmap)
        self._source = source
        self._source_glyphs: _SourceGlyphs | None = None
        self._extra: dict[int, tuple[str, Any, int] | None] = {}
        self._lock = threading.Lock()

    # -- characters outside the prepared repertoire --------------------------------------------

    def _extras(self, codepoints: Iterable[int]) -> dict[int, tuple[str, Any, int] | None]:
        wanted = [p for p in codepoints if p not in self._cmap]
        if not wanted:
            return {}
        with self._lock:
            todo = [p for p in wanted if p not in self._extra]
            if todo and self._source is not None:
                if self._source_glyphs is None:
                    self._source_glyphs = _SourceGlyphs(self._source)
                scale = self.units_per_em / self._source_glyphs.units_per_em
                for point in todo:
                    found = self._source_glyphs.glyph(point)
                    if found is None:
                        self._extra[point] = None
                        continue
                    glyph, advance = found
                    if scale != 1:
                        raise FontError("源字体与预处理字体的 unitsPerEm 不一致，请删除字体缓存后重试")
                    self._extra[point] = (f"radrules.u{point:04X}", glyph, advance)
            return {p: self._extra.get(p) for p in wanted}

    def missing(self, codepoints: Iterable[int]) -> set[int]:
        """The code points neither the prepared font nor its source can draw."""
        return {p for p, found in self._extras(codepoints).items() if found is None}

    def advances(self, codepoints: Iterable[int]) -> dict[int, float]:
        """Advance widths in em (1.0 = the font size) of the code points the fonts have."""
        out: dict[int, float] = {}
        points = set(codepoints)
        extras = self._extras(points)
        for point in points:
            name = self._cmap.get(point)
            if name is not None:
                out[point] = self._metrics[name][0] / self.units_per_em
            elif (found := extras.get(point)) is not None:
                out[point] = found[2] / self.units_per_em
        return out

    # -- the per-document font -----------------------------------------------------------------

    def subset(self, codepoints: Iterable[int]) -> bytes:
        """A TrueType font with the glyphs of ``codepoints`` (those the master or its source has)."""
        from fontTools.ttLib import TTFont, newTable
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        points = sorted(set(codepoints))
        extras = self._extras(points)
        order = [".notdef"]
        seen = {".notdef"}
        glyphs: dict[str, Any] = {".notdef": self._glyphs[".notdef"]}
        metrics: dict[str, tuple[int, int]] = {".notdef": self._metrics[".notdef"]}
        mapping: dict[int, str] = {}
        borrowed: list[Any] = []
        for point in points:
            name = self._cmap.get(point)
            if name is not None:
                glyph, metric = self._glyphs[name], self._metrics[name]
            elif (found := extras.get(point)) is not None:
                name, glyph, advance = found
                metric = (advance, getattr(glyph, "xMin", 0))
                borrowed.append(glyph)
            else:
                continue
            mapping[point] = name
            if name not in seen:
                seen.add(name)
                order.append(name)
                glyphs[name] = glyph
                metrics[name] = metric
        font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
        font.setGlyphOrder(order)
        # Compiling sets counts on these tables (maxp.numGlyphs, hhea.numberOfHMetrics),
        # so each document gets its own shallow copy and the master stays untouched.
        for tag, table in self._tables.items():
            font[tag] = copy.copy(table)
        if borrowed:
            _widen_limits(font, borrowed)
        post = copy.copy(self._post)
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        font["post"] = post
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = glyphs
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        hmtx = newTable("hmtx")
        hmtx.metrics = metrics
        font["hmtx"] = hmtx
        cmap = newTable("cmap")
        cmap.tableVersion = 0
        bmp = CmapSubtable.newSubtable(4)
        bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
        bmp.cmap = {p: n for p, n in mapping.items() if p <= 0xFFFF}
        cmap.tables = [bmp]
        if len(bmp.cmap) < len(mapping):
            full = CmapSubtable.newSubtable(12)
            full.platformID, full.platEncID, full.language = 3, 10, 0
            full.cmap = dict(mapping)
            cmap.tables.append(full)
        font["cmap"] = cmap
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()


def _widen_limits(font: Any, glyphs: list[Any]) -> None:
    """Make the copied maxp and head cover glyphs taken from the source font.

    Bounding boxes are not recomputed (that would decode every outline), so the limits a
    rasteriser relies on — most points and contours in a glyph, the font's box — are
    widened by hand for the few borrowed glyphs.
    """
    maxp, head = font["maxp"], font["head"]
    for glyph in glyphs:
        if not glyph.numberOfContours:
            continue
        maxp.maxPoints = max(maxp.maxPoints, len(glyph.coordinates))
        maxp.maxContours = max(maxp.maxContours, glyph.numberOfContours)
        head.xMin, head.yMin = min(head.xMin, glyph.xMin), min(head.yMin, glyph.yMin)
        head.xMax, head.yMax = max(head.xMax, glyph.xMax), max(head.yMax, glyph.yMax)


_lock = threading.Lock()
_masters: dict[Path, FontMaster] = {}


def font_master(prepared: PreparedFont | None = None) -> FontMaster:
    """The master of the prepared font (preparing it first if need be), decoded once per process."""
    found = prepared or prepared_font()
    with _lock:
        master = _masters.get(found.path)
        if master is None:
            master = _masters[found.path] = FontMaster(found.path, found.source)
        return master
