"""The Chinese font: configured by RADRULES_CJK_FONT, prepared once, cached by content hash."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from radrules.documents import fonts
from radrules.documents.font_subset import FontMaster, font_master

SAMPLE = "放射卫生技术服务信息报送卡机构名称质控编号0123456789ABC"


@pytest.fixture
def small_font(tmp_path: Path) -> Path:
    """A small TrueType font cut from the real one, so preparing it takes milliseconds."""
    data = font_master().subset(ord(c) for c in SAMPLE)
    path = tmp_path / "small.ttf"
    path.write_bytes(data)
    return path


def test_repertoire_is_gb2312_plus_ascii() -> None:
    points = set(fonts.repertoire())
    hanzi = [p for p in points if 0x4E00 <= p <= 0x9FFF]
    assert len(hanzi) == 6763  # GB 2312's two levels of hanzi
    assert ord("喆") not in points  # GBK, not GB 2312
    assert set(range(0x20, 0x7F)) <= points


def test_default_font_prepares_a_gb2312_subset_with_truetype_outlines() -> None:
    prepared = fonts.prepared_font()
    assert prepared.source.path.name == "NotoSansSC-Regular.otf"
    font = TTFont(str(prepared.path), lazy=True)
    assert "glyf" in font and "CFF " not in font
    cmap = font.getBestCmap()
    assert all(chr(p) in "\u3000" or p in cmap for p in fonts.repertoire() if p >= 0x4E00)


def test_prepared_once_and_keyed_by_content(
    small_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(fonts.CACHE_ENV, str(cache))
    monkeypatch.setenv(fonts.FONT_ENV, str(small_font))
    assert not fonts.is_prepared()
    first = fonts.prepared_font()
    assert first.path.parent == cache / "fonts"
    assert fonts.is_prepared()
    stamp = first.path.stat().st_mtime_ns
    fonts._prepared.clear()  # a new process: memo gone, the cached file is reused
    again = fonts.prepared_font()
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp
    master = FontMaster(again.path)
    assert {ord(c) for c in SAMPLE} <= master.codepoints
    # a changed font file gets a new cache entry, never the stale one
    other = tmp_path / "other.ttf"
    other.write_bytes(font_master().subset(ord(c) for c in SAMPLE[:10]))
    monkeypatch.setenv(fonts.FONT_ENV, str(other))
    assert fonts.prepared_font().path != first.path


def test_unwritable_cache_falls_back_to_a_temporary_folder(
    small_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv(fonts.CACHE_ENV, str(blocker))
    monkeypatch.setenv(fonts.FONT_ENV, str(small_font))
    monkeypatch.setattr(fonts.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    prepared = fonts.prepared_font()
    assert prepared.path.is_relative_to(tmp_path / "tmp")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/no/such/font.ttf", "字体文件不存在"),
        ("{tmp}/font.woff", "须为 TTF、OTF 或 TTC"),
        ("{tmp}/font.ttc#x", "字体序号"),
    ],
)
def test_bad_font_setting_is_a_clear_error(
    value: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("font.woff", "font.ttc"):
        (tmp_path / name).write_bytes(b"not a font")
    monkeypatch.setenv(fonts.FONT_ENV, value.format(tmp=tmp_path))
    with pytest.raises(fonts.FontError, match=message):
        fonts.prepared_font()


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"\x00\x01\x00\x00garbage")
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(fonts.FONT_ENV, str(bogus))
    with pytest.raises(fonts.FontError, match="不是可用的字体文件"):
        fonts.prepared_font()
    assert not list((tmp_path / "cache" / "fonts").glob("*.ttf"))


def test_document_font_holds_only_the_characters_used() -> None:
    data = font_master().subset(ord(c) for c in "报送卡")
    font = TTFont(__import__("io").BytesIO(data))
    assert set(font.getBestCmap()) == {ord(c) for c in "报送卡"}
    assert len(font.getGlyphOrder()) == 4  # .notdef and three glyphs


def _prepare_in_child(log: str) -> None:
    real = fonts._write_prepared

    def counted(source: fonts.SourceFont, target: Path) -> None:
        with open(log, "a") as handle:  # noqa: PTH123 - one line per preparation
            handle.write(f"{os.getpid()}\n")
        time.sleep(0.3)  # long enough for the other processes to arrive meanwhile
        real(source, target)

    fonts._write_prepared = counted  # type: ignore[assignment]
    fonts._prepared.clear()
    fonts.prepared_font()


def test_several_processes_prepare_the_font_once(
    small_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(fonts.FONT_ENV, str(small_font))
    log = tmp_path / "prepared.log"
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_prepare_in_child, args=(str(log),)) for _ in range(3)]
    for child in children:
        child.start()
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    assert len(log.read_text().splitlines()) == 1  # one preparation for the machine
    assert fonts.is_prepared()
