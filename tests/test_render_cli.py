"""``radrules render``: files in, a PDF out, one-line errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from documents_helpers import QC_CODE, SECRET, example_filing, pdf_text, qr_payloads

from radrules.cli import main
from radrules.qc import SECRET_ENV, verify_url


@pytest.fixture
def card_file(tmp_path: Path) -> Path:
    path = tmp_path / "card.json"
    path.write_text(json.dumps(example_filing(), ensure_ascii=False), encoding="utf-8")
    return path


def test_render_signs_the_qc_code_with_the_configured_secret(
    card_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET.decode())
    out = tmp_path / "out" / "card.pdf"
    out.parent.mkdir()
    code = main(["render", str(card_file), "--out", str(out), "--verify-base", "https://v.example.cn/qc"])
    assert code == 0
    pdf = out.read_bytes()
    assert "放射卫生技术服务信息报送卡" in pdf_text(pdf, tmp_path)
    [payload] = qr_payloads(pdf, tmp_path)
    assert payload.startswith("https://v.example.cn/qc?c=")
    assert verify_url(payload, SECRET).qc_code == QC_CODE
    assert [p.name for p in out.parent.iterdir()] == ["card.pdf"], "no temporary file left behind"


def test_render_defaults_to_the_input_name(card_file: Path) -> None:
    assert main(["render", str(card_file)]) == 0
    assert card_file.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")


def test_render_to_stdout(card_file: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["render", str(card_file), "--out", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"%PDF-")


def test_signing_without_a_secret_is_a_clear_error(
    card_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    code = main(["render", str(card_file), "--verify-base", "https://v.example.cn/qc"])
    assert code == 2
    err = capsys.readouterr().err
    assert SECRET_ENV in err and "Traceback" not in err
    assert not card_file.with_suffix(".pdf").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "JSON 格式错误"),
        ('{"report_card": {"institution": 1}}', "report_card.institution"),
        ('{"dose_reports": []}', "缺少 report_card"),
    ],
)
def test_unreadable_card_exits_2_naming_the_file(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["render", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and message in err
    assert not path.with_suffix(".pdf").exists()


def test_missing_file_and_directory(
    tmp_path: Path, card_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(tmp_path / "none.json")]) == 2
    assert main(["render", str(card_file), "--out", str(tmp_path / "no" / "dir.pdf")]) == 2
    err = capsys.readouterr().err
    assert "无法读取文件" in err and "输出目录不存在" in err


def test_render_uses_the_jurisdictions_verification_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without flags, a Jiangsu card's QR carries the ruleset's address, signed (source 000 §5.3.4 第八步)."""
    from radrules import parse_json

    monkeypatch.setenv(SECRET_ENV, SECRET.decode())
    example = (
        Path(__file__).resolve().parent.parent
        / "examples"
        / "jiangsu"
        / "valid-medical-dose-monitoring-from-dose-report.json"
    )
    out = tmp_path / "card.pdf"
    assert main(["render", str(example), "--out", str(out), "--as-of", "2026-11-26"]) == 0
    [payload] = qr_payloads(out.read_bytes(), tmp_path)
    qc_code = parse_json(example.read_bytes())["report_card"]["qc_code"]
    assert verify_url(payload, SECRET).qc_code == qc_code
    assert payload.startswith("http://218.94.1.84:8006/qc/verify?")
