"""The Chinese font that documents are drawn with: found, prepared once, and cached.

The report card (source 000 §5.3.4) is printed in Chinese, so the PDF must embed a CJK
font that any machine installed with ``pip`` alone has: Noto Sans SC from the OFL-licensed
``pylopdf-fonts-zh-cn`` package, or the font named by ``RADRULES_CJK_FONT`` (a TTF, OTF or
TTC path; ``path.ttc#2`` picks the third face of a collection).

A whole CJK font holds some 65,000 glyphs; parsing and subsetting it costs 0.3 s or more
per document. So the first use prepares a TrueType subset holding the GB 2312 repertoire
(the 6,763 hanzi and symbols of everyday Simplified Chinese, which covers what filings
contain) and caches it in the user cache directory, keyed by a hash of the source font.
Outlines are converted from CFF to TrueType quadratics on the way: fontTools subsets and
compiles TrueType outlines far faster than CFF ones. Characters outside the subset (a
rare character in a name, say) are still drawn: the renderer adds the full font as a
fallback for documents that need it (:func:`missing_from`).

Several processes on one machine (``radrules serve --workers N``, or parallel checks that
print) prepare the font once between them: the preparation runs under an exclusive file
lock beside the cached file, and whoever gets the lock after another has written it finds
the file and uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from radrules.errors import FontError

FONT_ENV = "RADRULES_CJK_FONT"
CACHE_ENV = "RADRULES_CACHE_DIR"

# Part of the cache key: bump it whenever preparation changes what it writes.
_PREPARATION = "2"

# Printable ASCII plus typography that Chinese forms use and GB 2312 lacks.
_EXTRA = "".join(chr(c) for c in range(0x20, 0x7F)) + "·•–—‘’“”…※□■√×÷±≤≥℃μΩ①②③④⑤⑥⑦⑧⑨⑩～－（）［］｛｝"


@attrs.frozen(kw_only=True)
class SourceFont:
    """A font file on disk, and the face to use when it is a collection (TTC/OTC)."""

    path: Path
    face: int = 0


@attrs.frozen(kw_only=True)
class PreparedFont:
    """The cached subset (``path``) and the font it was cut from (``source``)."""

    path: Path
    source: SourceFont


def source_font() -> SourceFont:
    """The configured font: ``RADRULES_CJK_FONT`` if set, else Noto Sans SC from PyPI."""
    configured = os.environ.get(FONT_ENV, "").strip()
    if configured:
        path_text, _, face_text = configured.partition("#")
        path = Path(path_text).expanduser()
        if not path.is_file():
            raise FontError(f"{FONT_ENV}={configured}: 字体文件不存在 / font file not found")
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc", ".otc"):
            raise FontError(
                f"{FONT_ENV}={configured}: 须为 TTF、OTF 或 TTC 字体文件 / not a TTF, OTF or TTC file"
            )
        try:
            face = int(face_text) if face_text else 0
        except ValueError:
            raise FontError(
                f"{FONT_ENV}={configured}: “#”后须为字体序号 / face index after # must be a number"
            ) from None
        return SourceFont(path=path, face=face)
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:  # pragma: no cover - a declared dependency
        raise FontError(
            f"未安装中文字体包 pylopdf-fonts-zh-cn，也未设置 {FONT_ENV} / no CJK font available"
        ) from None
    return SourceFont(path=Path(pylopdf_fonts_zh_cn.sans_path()))


def cache_dir() -> Path:
    """Where prepared fonts are kept: ``RADRULES_CACHE_DIR``, else the platform's user cache."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser() / "fonts"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "radrules" / "Cache" / "fonts"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "radrules" / "fonts"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "radrules" / "fonts"


def repertoire() -> list[int]:
    """The code points the prepared subset keeps: GB 2312 plus :data:`_EXTRA`."""
    points = {ord(c) for c in _EXTRA}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue  # an unassigned cell of the GB 2312 table
    return sorted(points)


_lock = threading.Lock()
_prepared: dict[tuple[str, int, int, int], PreparedFont] = {}


def prepared_font() -> PreparedFont:
    """The prepared subset of :func:`source_font`, preparing and caching it on first use.

    Within a process the answer is memoised (keyed by the source's path, size and
    modification time), so a warm call costs a ``stat``.
    """
    source = source_font()
    try:
        stat = source.path.stat()
    except OSError as exc:
        raise FontError(f"{source.path}: 无法读取字体文件 / cannot read font: {exc.strerror}") from None
    key = (str(source.path.resolve()), source.face, stat.st_size, stat.st_mtime_ns)
    with _lock:
        found = _prepared.get(key)
        if found is None or not found.path.is_file():
            found = PreparedFont(path=_ensure_prepared(source), source=source)
            _prepared[key] = found
        return found


def is_prepared() -> bool:
    """True when the configured font's subset is already in the cache (a render will be fast)."""
    source = source_font()
    return _cached_path(source, _digest(source.path)).is_file()


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:20]


def _cached_path(source: SourceFont, digest: str) -> Path:
    return cache_dir() / f"{source.path.stem}-{source.face}-{digest}-gb2312-v{_PREPARATION}.ttf"


def _ensure_prepared(source: SourceFont) -> Path:
    target = _cached_path(source, _digest(source.path))
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _machine_lock(target):
            if not target.is_file():  # another process may have prepared it meanwhile
                _write_prepared(source, target)
    except OSError:
        # An unwritable cache (read-only home in a container) must not stop printing:
        # prepare into a per-user temporary folder instead, which lives until reboot.
        fallback = Path(tempfile.gettempdir()) / f"radrules-{_user()}" / "fonts" / target.name
        if not fallback.is_file():
            fallback.parent.mkdir(parents=True, exist_ok=True)
            _write_prepared(source, fallback)
        return fallback
    return target


@contextlib.contextmanager
def _machine_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<target>.lock`` (every process of the machine waits on
    it); where the platform has no ``flock`` the atomic rename alone keeps files whole."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with target.with_name(target.name + ".lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else os.environ.get("USERNAME", "user")


def _write_prepared(source: SourceFont, target: Path) -> None:
    """Subset ``source`` to :func:`repertoire`, convert to TrueType outlines, write atomically."""
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(str(source.path), fontNumber=source.face, lazy=False)
    except (TTLibError, OSError, AssertionError, IndexError, KeyError, ValueError, struct.error) as exc:
        raise FontError(f"{source.path}: 不是可用的字体文件 / not a usable font: {exc}") from None
    options = subset.Options()
    options.layout_features = []  # fpdf2 draws without shaping; Chinese needs none
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "VORG", "vhea", "vmtx"]
    options.name_IDs = ["*"]  # keep the copyright and licence records the OFL asks to keep
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=repertoire())
    subsetter.subset(font)
    if "glyf" not in font:
        _to_truetype(font)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".prepare-", suffix=".ttf")
    try:
        with os.fdopen(fd, "wb") as handle:
            font.save(handle)
        Path(temp_name).replace(target)  # atomic: concurrent first renders never see half a file
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _to_truetype(font: object) -> None:
    """Replace the CFF outlines of ``font`` by quadratic TrueType outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    assert isinstance(font, TTFont)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        # CFF contours run counter-clockwise; TrueType's run clockwise.
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    for table in ("CFF ", "CFF2", "VORG"):
        if table in font:
            del font[table]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    # Format 2 stores glyph names; without them fontTools rebuilds names from the cmap
    # every time the font is opened, which costs more than the rest of the load.
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def missing_from(cmap: Iterable[int], text: Iterable[str]) -> set[str]:
    """The characters of ``text`` (line breaks aside) that a font with ``cmap`` cannot draw."""
    have = cmap if isinstance(cmap, set | frozenset | dict) else set(cmap)
    out: set[str] = set()
    for chunk in text:
        for char in chunk:
            if ord(char) not in have and char not in "\n\r\t":
                out.add(char)
    return out
