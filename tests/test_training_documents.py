"""Training documents: the certificate PDF (source 002 §6.4 证书下载), the score template and
its all-or-nothing import."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from documents_helpers import page_count, page_size, pdf_text, qr_payloads
from openpyxl import load_workbook

from radrules import (
    CertificateStatus,
    TrainingFiling,
    certificate_verification_url,
    structure,
    verify_certificate_url,
)
from radrules.documents.certificate_pdf import render_certificate_pdf
from radrules.documents.score_import import import_scores
from radrules.documents.score_sheet import write_score_template
from radrules.errors import RenderError, WorkbookError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "training" / "jiangsu"
SECRET = b"test-secret-for-certificates-0123"
BASE = "https://218.94.1.84:8001/training/verify"


def _example(name: str) -> TrainingFiling:
    return structure(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")), TrainingFiling)


@pytest.fixture(scope="module")
def results() -> TrainingFiling:
    return _example("valid-scores-and-certificates")


def test_certificate_prints_what_it_certifies_with_the_id_masked(
    results: TrainingFiling, tmp_path: Path
) -> None:
    cert = results.certificates[0]
    url = certificate_verification_url(cert.number, base_url=BASE, secret=SECRET)
    pdf = render_certificate_pdf(cert, verification_url=url)
    assert page_count(pdf, tmp_path) == 1
    assert "(A4)" in page_size(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "培训合格证书",
        "王建国",
        "320106********1233",
        "2026年江苏省职业病诊断医师培训班",
        "第1期",
        "职业性化学中毒",
        cert.number,
        "江苏省疾病预防控制中心",
        "2026-04-20 至 2026-04-24（5天）",
    ):
        assert expected in text, expected
    assert "198003121233" not in text  # the birth date and order code stay hidden


def test_certificate_qr_opens_the_signed_address(results: TrainingFiling, tmp_path: Path) -> None:
    cert = results.certificates[1]
    url = certificate_verification_url(cert.number, base_url=BASE, secret=SECRET)
    (found,) = qr_payloads(render_certificate_pdf(cert, verification_url=url), tmp_path)
    assert found == url
    assert verify_certificate_url(found, secret=SECRET) == cert.number


def test_certificate_without_specialties_and_revoked(results: TrainingFiling, tmp_path: Path) -> None:
    cert = attrs.evolve(
        results.certificates[0], specialties=(), status=CertificateStatus.revoked, revoked_on=date(2026, 7, 1)
    )
    text = pdf_text(render_certificate_pdf(cert), tmp_path)
    assert "——" in text and "已于 2026-07-01 撤销" in text


def test_certificate_refuses_an_address_naming_another_number(results: TrainingFiling) -> None:
    other = certificate_verification_url(results.certificates[1].number, base_url=BASE, secret=SECRET)
    with pytest.raises(RenderError, match="不一致"):
        render_certificate_pdf(results.certificates[0], verification_url=other)


def test_certificate_json_is_structured_strictly(results: TrainingFiling) -> None:
    from radrules import InputError, unstructure

    data: dict[str, Any] = unstructure(results.certificates[0])
    data["numbr"] = data.pop("number")
    with pytest.raises(InputError, match="是否应为 number"):
        render_certificate_pdf(data)


# -- the score template and import ---------------------------------------------------


@pytest.fixture
def selection() -> TrainingFiling:
    return _example("valid-selection")


def _template(filing: TrainingFiling) -> Any:
    buffer = io.BytesIO()
    names = {r.id_number: r.person.basic.name for r in filing.registrations}
    write_score_template(buffer, filing.sessions[0], selections=filing.selections, names=names)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def _bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_is_prefilled_with_the_sessions_people_and_specialties(selection: TrainingFiling) -> None:
    sheet = _template(selection)["成绩"]
    rows = list(sheet.iter_rows(min_row=1, max_row=3, values_only=True))
    assert rows[0] == ("姓名", "身份证号", "专业类别", "成绩", "是否合格", "备注")
    assert rows[1][:3] == ("王建国", "320106198003121233", "职业性化学中毒")
    assert rows[2][:3] == ("张敏", "320102198507052344", "职业性尘肺病及其他呼吸系统疾病")
    assert sheet["B2"].number_format == "@"


def test_a_clean_file_imports_every_row(selection: TrainingFiling) -> None:
    book = _template(selection)
    sheet = book["成绩"]
    sheet["D2"], sheet["E2"], sheet["D3"], sheet["E3"] = 85, "合格", 52, "不合格"
    result = import_scores(
        _bytes(book), session=selection.sessions[0], filing=selection, as_of=date(2026, 4, 25)
    )
    assert result.ok and result.rows == 2
    assert result.scores is not None
    assert [(s.id_number, s.specialty, s.score, s.passed) for s in result.scores] == [
        ("320106198003121233", "职业性化学中毒", 85.0, True),
        ("320102198507052344", "职业性尘肺病及其他呼吸系统疾病", 52.0, False),
    ]


def test_any_error_imports_nothing_and_every_error_names_row_and_column(selection: TrainingFiling) -> None:
    book = _template(selection)
    sheet = book["成绩"]
    sheet["D2"], sheet["E2"] = 85, "通过"  # not 合格/不合格
    sheet["A3"], sheet["E3"] = "张三", "合格"  # not the registered name
    sheet.append(["赵磊", "320583199001013457", "职业性化学中毒", 70, "合格"])  # not placed in 第1期
    sheet.append(["王建国", "320106198003121233", "职业性化学中毒", "八十", "合格"])  # not a number
    result = import_scores(
        _bytes(book), session=selection.sessions[0], filing=selection, as_of=date(2026, 4, 25)
    )
    assert result.scores is None
    assert [(p.row, p.column) for p in result.errors] == [(2, "是否合格"), (3, "姓名"), (5, "成绩")]
    # The rules' findings come once the cells are readable:
    sheet["E2"], sheet["A3"], sheet["D5"] = "合格", "张敏", 80
    result = import_scores(
        _bytes(book), session=selection.sessions[0], filing=selection, as_of=date(2026, 4, 25)
    )
    assert result.scores is None
    assert [(p.row, p.column, p.rule_id) for p in result.errors] == [
        (4, "身份证号", "JS.training.score.selected"),
        (5, "专业类别", "JS.training.score.unique"),
    ]
    assert "第1条重复" in result.errors[1].reason


def test_an_id_number_typed_as_a_number_is_caught(selection: TrainingFiling) -> None:
    book = _template(selection)
    sheet = book["成绩"]
    sheet["B2"], sheet["E2"], sheet["E3"] = 320106198003121233, "合格", "合格"
    result = import_scores(
        _bytes(book), session=selection.sessions[0], filing=selection, as_of=date(2026, 4, 25)
    )
    assert [(p.row, p.column) for p in result.errors] == [(2, "身份证号")]
    assert "末几位已丢失" in result.errors[0].reason


def test_header_problems_stop_before_the_rows(selection: TrainingFiling) -> None:
    book = _template(selection)
    sheet = book["成绩"]
    sheet["E1"] = "是否及格"
    sheet["C1"] = None
    result = import_scores(
        _bytes(book), session=selection.sessions[0], filing=selection, as_of=date(2026, 4, 25)
    )
    assert [(p.row, p.column, p.reason[:5]) for p in result.errors] == [
        (1, "是否及格", "未知的列名"),
        (1, "专业类别", "缺少此列，"),
        (1, "是否合格", "缺少此列，"),
    ]


def test_an_empty_sheet_and_a_file_that_is_not_a_workbook(selection: TrainingFiling) -> None:
    book = _template(selection)
    book["成绩"].delete_rows(2, 2)
    result = import_scores(
        _bytes(book), session=selection.sessions[0], filing=selection, as_of=date(2026, 4, 25)
    )
    assert [p.reason for p in result.errors] == ["没有成绩：第1行为表头，成绩从第2行起逐行填写"]
    with pytest.raises(WorkbookError):
        import_scores(b"not a workbook", session=selection.sessions[0], filing=selection)


def test_a_file_over_the_import_limits_is_refused_before_it_is_read(selection: TrainingFiling) -> None:
    from radrules.documents.xlsx_read import ImportLimits
    from radrules.errors import WorkbookError as LimitError

    book = _template(selection)
    for _ in range(36):
        book["成绩"].append(["王建国", "320106198003121233", "职业性化学中毒", 80, "合格"])
    with pytest.raises(LimitError, match="10"):
        import_scores(
            _bytes(book), session=selection.sessions[0], filing=selection, limits=ImportLimits(max_rows=10)
        )


def test_only_the_first_problems_are_listed_and_all_are_counted(selection: TrainingFiling) -> None:
    from radrules.documents.xlsx_read import ImportLimits

    book = _template(selection)
    for _ in range(30):
        book["成绩"].append(["王建国", "320106198003121233", "职业性化学中毒", 80, "也许"])
    result = import_scores(
        _bytes(book),
        session=selection.sessions[0],
        filing=selection,
        as_of=date(2026, 4, 25),
        limits=ImportLimits(max_reported_problems=5),
    )
    assert len(result.errors) == 5 and result.error_count == 32  # 30 bad rows, 2 rows without 是否合格
