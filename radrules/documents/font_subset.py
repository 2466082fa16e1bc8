"""Per-document fonts cut in memory from the prepared font, so a warm render stays fast.

Opening even the prepared GB 2312 subset (about 7,600 glyphs) costs fontTools some 40 ms
each time: the glyph table, the character map and the glyph names are decoded whole. A
report card uses a few hundred characters. So the prepared font is decoded once per
process into a :class:`FontMaster`, and each document gets a small TrueType font holding
only its own characters, assembled from the master's glyph records without decoding them
(outlines are copied as bytes; bounding boxes were computed when the font was prepared).
"""

from __future__ import annotations

import copy
import io
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .fonts import FontError, PreparedFont, prepared_font

_TABLES_COPIED = ("head", "hhea", "maxp", "OS/2", "name")


class FontMaster:
    """The decoded prepared font: character map, glyph records and metrics."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont, TTLibError

        try:
            font = TTFont(str(path), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
            self._cmap: dict[int, str] = font.getBestCmap() or {}
            glyf = font["glyf"]
            self._glyphs: dict[str, Any] = {name: glyf.glyphs[name] for name in font.getGlyphOrder()}
            self._metrics: dict[str, tuple[int, int]] = dict(font["hmtx"].metrics)
            self._tables = {tag: font[tag] for tag in _TABLES_COPIED}
            self._post = font["post"]
        except (TTLibError, KeyError, OSError) as exc:
            raise FontError(
                f"{path}: 预处理后的字体无法读取，请删除后重试 / prepared font unreadable: {exc}"
            ) from None
        self.path = path
        self.codepoints = frozenset(self._cmap)

    def subset(self, codepoints: Iterable[int]) -> bytes:
        """A TrueType font with the glyphs of ``codepoints`` (those the master has)."""
        from fontTools.ttLib import TTFont, newTable
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        order = [".notdef"]
        seen = {".notdef"}
        mapping: dict[int, str] = {}
        for point in sorted(set(codepoints)):
            name = self._cmap.get(point)
            if name is None:
                continue
            mapping[point] = name
            if name not in seen:
                seen.add(name)
                order.append(name)
        font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
        font.setGlyphOrder(order)
        # Compiling sets counts on these tables (maxp.numGlyphs, hhea.numberOfHMetrics),
        # so each document gets its own shallow copy and the master stays untouched.
        for tag, table in self._tables.items():
            font[tag] = copy.copy(table)
        post = copy.copy(self._post)
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        font["post"] = post
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {name: self._glyphs[name] for name in order}
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        hmtx = newTable("hmtx")
        hmtx.metrics = {name: self._metrics[name] for name in order}
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


_lock = threading.Lock()
_masters: dict[Path, FontMaster] = {}


def font_master(prepared: PreparedFont | None = None) -> FontMaster:
    """The master of the prepared font (preparing it first if need be), decoded once per process."""
    path = (prepared or prepared_font()).path
    with _lock:
        master = _masters.get(path)
        if master is None:
            master = _masters[path] = FontMaster(path)
        return master
