"""The report-card PDF: Chinese text that extracts, the QC code's QR that decodes, footers, A4."""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path

import pytest
from documents_helpers import QC_CODE, SECRET, example_filing, page_count, page_size, pdf_text, qr_payloads

from radrules.documents.card_pdf import render_card_pdf
from radrules.documents.layout import Document
from radrules.documents.renderer import register_renderer
from radrules.errors import InputError, RenderError
from radrules.qc import verification_url, verify_url

BASE = "https://fangshe.example.gov.cn/qc/verify"


@pytest.fixture(scope="module")
def url() -> str:
    return verification_url(BASE, QC_CODE, SECRET)


@pytest.fixture(scope="module")
def example_pdf(url: str) -> bytes:
    return render_card_pdf(example_filing(), verification_url=url)


def _flat(text: str) -> str:
    """pdftotext output without the spaces and line breaks that table layout introduces."""
    return re.sub(r"\s+", "", text)


def test_card_is_a4_and_titled(example_pdf: bytes, tmp_path: Path) -> None:
    assert example_pdf.startswith(b"%PDF-")
    assert "(A4)" in page_size(example_pdf, tmp_path)
    assert "放射卫生技术服务信息报送卡" in pdf_text(example_pdf, tmp_path)


def test_every_section_of_the_card_prints_its_labels_and_values(example_pdf: bytes, tmp_path: Path) -> None:
    text = _flat(pdf_text(example_pdf, tmp_path))
    labels = [
        # source 000 §5.3.4 第二步 to 第七步, in order
        "一、机构信息", "机构名称", "法定代表人", "项目负责人", "联系电话",
        "二、参与人员信息", "序号", "姓名", "承担的服务事项", "现场采样时间", "实验室检测时间",
        "三、服务的用人单位信息", "单位名称", "注册地址", "联系人", "服务单位类型", "技术服务地址",
        "四、技术服务信息", "技术服务领域", "技术服务报告编号", "出具技术报告日期",
        "五、技术服务结果", "质控编号", "开展放射诊疗工作场所放射防护检测", "共检测点位", "超标点位",
        "超标点位放射性危害类型", "开展放射诊疗设备质量控制检测", "检测设备台数", "不合格设备名称",
        "六、报告信息", "填报单位", "单位负责人", "填表人", "填表人联系电话", "填表日期", "填报单位（盖章）",
    ]  # fmt: skip
    values = [
        "浙江省放射防护技术服务中心（示例）", "12330000470005818G", "王建国", "0571-87115001",
        "李明", "陈静", "现场检测、评价", "2026-10-1209:00—16:30", "2026-10-1308:30—17:00",
        "杭州市西湖区示例医院", "12330106470089214Q", "杭州市西湖区文三路示例号", "赵敏", "综合性医院",
        "同注册地址", "■放射卫生防护检测", "ZJFH-2026-0158", "2026年10月20日", QC_CODE, "48", "X射线",
        "移动式C形臂X射线机", "13905710002", "2026年10月22日",
    ]  # fmt: skip
    missing = [s for s in labels + values if s not in text]
    assert not missing, f"not in the PDF text: {missing}"
    positions = [text.index(s) for s in ("一、机构信息", "二、", "三、", "四、", "五、", "六、")]
    assert positions == sorted(positions), "sections print in the order of §5.3.4"


def test_qr_code_decodes_to_the_signed_verification_address(
    example_pdf: bytes, url: str, tmp_path: Path
) -> None:
    payloads = qr_payloads(example_pdf, tmp_path, page=1)
    assert payloads == [url]
    assert verify_url(payloads[0], SECRET).qc_code == QC_CODE


def test_footer_with_qc_code_and_qr_on_every_page(url: str, tmp_path: Path) -> None:
    filing = example_filing()
    person = filing["report_card"]["participants"][0]
    many = []
    for i in range(40):
        extra = copy.deepcopy(person)
        extra["name"] = f"人员{i:02d}"
        many.append(extra)
    filing["report_card"]["participants"] = many
    pdf = render_card_pdf(filing, verification_url=url)
    pages = page_count(pdf, tmp_path)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = pdf_text(pdf, tmp_path, page=page)
        assert f"质控编号：{QC_CODE}" in text, f"page {page} lacks the QC code footer"
        assert f"第{page}页共{pages}页" in _flat(text)
    assert qr_payloads(pdf, tmp_path, page=pages) == [url]
    # the participants table repeats its header row on each page it runs over
    assert "承担的服务事项" in pdf_text(pdf, tmp_path, page=2)


@pytest.mark.parametrize(
    ("field", "results", "expected"),
    [
        (
            "protection_evaluation",
            {
                "kind": "control_effect_evaluation",
                "points_tested": 30,
                "exceeding_points": 2,
                "hazard_types": ["中子"],
            },
            ["■控制效果评价", "现场共检测点位个数", "30", "超标点位个数", "中子", "报告正文"],
        ),
        (
            "protection_evaluation",
            {"kind": "pre_evaluation", "exceeding_points": 0},
            ["■预评价", "剂量超标点位个数", "□控制效果评价"],
        ),
        (
            "dose_monitoring",
            {"workers_monitored": 120, "workers_5_to_20": 3, "workers_over_20": 1},
            ["监测人数", "120", "5~20mSv人数", "超过20mSv人数"],
        ),
        (
            "equipment_product_testing",
            {
                "protective_equipment": {
                    "samples_tested": 12,
                    "samples_exceeding": 1,
                    "exceeding_names": ["铅橡胶围裙"],
                }
            },
            ["开展放射防护器材检测", "共检测样品数量", "12", "铅橡胶围裙", "开展含放射性产品检测"],
        ),
    ],
)
def test_results_of_each_service_field(
    field: str, results: dict[str, object], expected: list[str], tmp_path: Path
) -> None:
    pdf = render_card_pdf(example_filing(service_field=field, results={field: results}))
    text = _flat(pdf_text(pdf, tmp_path))
    missing = [s for s in expected if s not in text]
    assert not missing, f"{field}: not in the PDF text: {missing}"


def test_card_without_qc_code_prints_without_qr(tmp_path: Path) -> None:
    pdf = render_card_pdf(example_filing(qc_code=None))
    text = pdf_text(pdf, tmp_path)
    assert "暂存或提交后由系统生成" in text
    assert qr_payloads(pdf, tmp_path) == []


def test_qr_needs_a_qc_code_and_the_matching_address(url: str) -> None:
    with pytest.raises(RenderError, match="尚无质控编号"):
        render_card_pdf(example_filing(qc_code=None), verification_url=url)
    with pytest.raises(RenderError, match="不一致"):
        render_card_pdf(example_filing(qc_code="OTHER-CODE"), verification_url=url)


def test_filing_without_card_is_an_input_error() -> None:
    with pytest.raises(InputError, match="report_card"):
        render_card_pdf({"dose_reports": []})


def test_bad_card_json_names_the_path() -> None:
    filing = example_filing()
    filing["report_card"]["client"]["kind"] = "hospital"
    with pytest.raises(InputError) as err:
        render_card_pdf(filing)
    assert err.value.path == "report_card.client.kind"


def test_characters_outside_gb2312_are_drawn_from_the_whole_font(tmp_path: Path) -> None:
    filing = example_filing()
    filing["report_card"]["participants"][0]["name"] = "李喆堃"  # 喆 and 堃 are not in GB 2312
    pdf = render_card_pdf(filing)
    assert "李喆堃" in pdf_text(pdf, tmp_path)
    source = tmp_path / "rare.pdf"
    source.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(source)], check=True, capture_output=True, text=True).stdout
    assert len(fonts.strip().splitlines()) == 3, "one embedded font, the rare glyphs borrowed into it"


def test_a_character_no_font_has_is_refused() -> None:
    filing = example_filing()
    filing["report_card"]["client"]["name"] = "示例\U0001fab8医院"
    with pytest.raises(RenderError, match="不含以下字符"):
        render_card_pdf(filing)


def test_another_backend_can_be_plugged_in() -> None:
    seen: list[Document] = []

    class Plain:
        name = "plain"
        media_type = "text/plain"

        def render(self, document: Document) -> bytes:
            seen.append(document)
            return document.title.encode("utf-8")

    register_renderer("plain", Plain)
    assert render_card_pdf(example_filing(), renderer="plain") == "放射卫生技术服务信息报送卡".encode()
    assert seen[0].footer == f"质控编号：{QC_CODE}"
    with pytest.raises(RenderError, match="未知的文档生成后端"):
        render_card_pdf(example_filing(), renderer="borb")


# -- line breaking of the fpdf2 backend ---------------------------------------------------------


def _lines(text: str, ems: float) -> list[str]:
    """``text`` broken into lines of ``ems`` em at 1 pt, hanzi 1 em wide and Latin 0.5 em."""
    from radrules.documents.pdf_fpdf import _MM_PER_PT, _Text

    widths = {ord(c): 1.0 if ord(c) >= 0x2E80 else 0.5 for c in text}
    return _Text(widths).lines(text, ems * _MM_PER_PT, 1.0)


def test_chinese_breaks_between_characters_and_keeps_numbers_whole() -> None:
    assert _lines("杭州市西湖区文三路示例号", 5) == ["杭州市西湖", "区文三路示", "例号"]
    assert _lines("报告编号ZJFH-2026-0158号", 10) == ["报告编号", "ZJFH-2026-0158号"]


def test_closing_punctuation_never_starts_a_line() -> None:
    assert _lines("现场检测、评价", 4) == ["现场检测、", "评价"]


def test_spaced_lists_break_between_items() -> None:
    text = "□放射诊疗建设项目评价　■放射卫生防护检测　□个人剂量监测"
    assert _lines(text, 20) == ["□放射诊疗建设项目评价　■放射卫生防护检测", "□个人剂量监测"]


def test_an_item_longer_than_the_line_is_broken() -> None:
    assert _lines("12330000470005818G", 4) == ["12330000", "47000581", "8G"]
