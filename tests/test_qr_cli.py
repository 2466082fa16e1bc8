"""``radrules qr``: the PNG decodes (zbarimg) to the card's signed verification address, and
``--verify`` rejects a tampered one (source 000 §5.3.4 第八步)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from jiangsu_fixtures import PT, raw

from radrules.cli import main
from radrules.qc import SECRET_ENV

pytestmark = pytest.mark.skipif(
    shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed"
)
SECRET = "0123456789abcdef-for-tests"


def _decode(png: Path) -> str:
    done = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_png_decodes_to_the_verification_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    out = tmp_path / "qr.png"
    assert main(["qr", str(PT), "--out", str(out), "--as-of", "2026-11-26"]) == 0
    printed = capsys.readouterr().out.strip()
    decoded = _decode(out)
    assert decoded == printed
    assert decoded.startswith("http://218.94.1.84:8006/qc/verify?c=JS-2026-2-000158-L&s=1.")

    assert main(["qr", "--verify", decoded, "--as-of", "2026-11-26"]) == 0
    assert "JS-2026-2-000158-L" in capsys.readouterr().out
    assert main(["qr", "--verify", decoded.replace("000158-L", "000185-L"), "--as-of", "2026-11-26"]) == 1
    assert "无效" in capsys.readouterr().out


def test_a_bare_card_file_and_json_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    card = tmp_path / "card.json"
    card.write_text(json.dumps(raw()["report_card"], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "qr.png"
    code = main(["qr", str(card), "--out", str(out), "--as-of", "2026-11-26", "--format", "json",
                 "--base-url", "https://verify.example/qc"])  # fmt: skip
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["qc_code"] == "JS-2026-2-000158-L"
    assert _decode(out) == shown["url"]
    assert shown["url"].startswith("https://verify.example/qc?c=")


def test_errors_are_one_line_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "qr.png"
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert main(["qr", str(PT), "--out", str(out)]) == 2
    assert SECRET_ENV in capsys.readouterr().err
    monkeypatch.setenv(SECRET_ENV, SECRET)
    no_code = tmp_path / "draft.json"
    data = raw()
    del data["report_card"]["qc_code"]
    no_code.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["qr", str(no_code), "--out", str(out)]) == 2
    assert "尚无质控编号" in capsys.readouterr().err
    assert main(["qr", str(PT), "--out", str(tmp_path / "qr.jpg")]) == 2
    assert main(["qr", str(tmp_path / "missing.json"), "--out", str(out)]) == 2
    assert list(tmp_path.iterdir()) == [no_code]
