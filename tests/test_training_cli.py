"""``radrules training``: check, certificate, score template and import, with the usual exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from radrules import verify_certificate_url
from radrules.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "training" / "jiangsu"
SELECTION = EXAMPLES / "valid-selection.json"
SECRET = "cli-test-secret-0123456789"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exits_1_after_the_deadline_with_the_manuals_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "training", "check", str(EXAMPLES / "valid-registration.json"), "--as-of", "2026-03-31"
    )
    assert code == 0 and "未发现问题" in out
    code, out, _ = run(
        capsys,
        "training",
        "check",
        str(EXAMPLES / "valid-registration.json"),
        "--as-of",
        "2026-04-01",
        "--format",
        "json",
    )
    assert code == 1
    data = json.loads(out)
    assert [f["path"] for f in data["findings"]] == ["registrations[0].status", "registrations[1].status"]
    assert "问题八" in data["findings"][0]["citations"][0]["article"]


def test_check_of_unreadable_json_exits_2_naming_file_and_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads(SELECTION.read_text("utf-8"))
    data["sessions"][0]["capacity"] = "50"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "training", "check", str(bad))
    assert code == 2
    assert "bad.json: sessions[0].capacity: 应为整数" in err


def test_certificate_pdf_with_a_signed_qr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RADRULES_QC_SECRET", SECRET)
    cert = json.loads((EXAMPLES / "valid-scores-and-certificates.json").read_text("utf-8"))["certificates"][0]
    source = tmp_path / "cert.json"
    source.write_text(json.dumps(cert, ensure_ascii=False), "utf-8")
    out = tmp_path / "cert.pdf"
    code, printed, _ = run(capsys, "training", "certificate", str(source), "--out", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    url = printed.strip().split("二维码 ")[1]
    assert url.startswith("https://218.94.1.84:8001/training/verify?n=JSPX-2026-01-000001-0")
    assert verify_certificate_url(url, secret=SECRET.encode()) == cert["number"]


def test_certificate_without_a_key_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RADRULES_QC_SECRET", raising=False)
    cert = json.loads((EXAMPLES / "valid-scores-and-certificates.json").read_text("utf-8"))["certificates"][0]
    source = tmp_path / "cert.json"
    source.write_text(json.dumps(cert, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "training", "certificate", str(source), "--out", str(tmp_path / "c.pdf"))
    assert code == 2 and "RADRULES_QC_SECRET" in err
    assert not (tmp_path / "c.pdf").exists()


def test_template_then_import_all_or_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    template = tmp_path / "scores.xlsx"
    code, _, _ = run(
        capsys,
        "training",
        "score-template",
        str(SELECTION),
        "--session",
        "JS-2026-ZD-01-1",
        "--out",
        str(template),
    )
    assert code == 0
    args = [
        "training",
        "import-scores",
        str(template),
        "--filing",
        str(SELECTION),
        "--session",
        "JS-2026-ZD-01-1",
    ]
    written = tmp_path / "scores.json"
    code, out, _ = run(capsys, *args, "--as-of", "2026-04-25", "--out", str(written), "--format", "json")
    assert code == 1 and not written.exists()
    assert [(e["row"], e["column"]) for e in json.loads(out)["errors"]] == [(2, "是否合格"), (3, "是否合格")]
    book = load_workbook(template)
    book["成绩"]["E2"], book["成绩"]["E3"] = "合格", "不合格"
    book.save(template)
    code, out, _ = run(capsys, *args, "--as-of", "2026-04-25", "--out", str(written))
    assert code == 0 and "共 2 行成绩，校验通过" in out
    assert [s["passed"] for s in json.loads(written.read_text("utf-8"))["scores"]] == [True, False]


def test_an_unknown_session_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys,
        "training",
        "score-template",
        str(SELECTION),
        "--session",
        "nope",
        "--out",
        str(tmp_path / "t.xlsx"),
    )
    assert code == 2 and "没有期次 nope" in err
