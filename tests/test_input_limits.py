"""Every input is bounded before it is walked (issue 12, findings 1, 2 and 7, library half):
spreadsheets by file size, decompressed size and rows — refused before calamine loads a
sheet, saying which limit and the figure —, problems listed as the first ones plus a
count, model lists by their declared bounds, JSON by its nesting depth."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from radrules import InputError
from radrules.convert import check_depth, parse_json, structure
from radrules.documents.dose_import import DOSE_LIMITS, ReportInfo, import_doses
from radrules.documents.xlsx_read import ImportLimits, LimitExceeded, Workbook, WorkbookError
from radrules.model.device_test import MAX_SAMPLES, DeviceTestReport
from radrules.model.dose import MAX_DOSE_RECORDS, DoseReport

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="个人剂量监测结果" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = ["姓名", "身份证号", "剂量计编号", "监测开始日期", "监测结束日期", "Hp(10)(mSv)"]


def _cells(values: list[str]) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)


def _sheet_xml(rows: int, row: list[str]) -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield f"<row>{_cells(HEADER)}</row>".encode()
    body = f"<row>{_cells(row)}</row>".encode()
    for _ in range(rows):  # no r="…": the rows follow one another, and compress to nearly nothing
        yield body
    yield b"</sheetData></worksheet>"


def workbook(rows: int, row: list[str] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx with ``rows`` identical data rows, written as a stream (fast, small)."""
    row = row or ["周涛", "330106198802143510", "D-1", "2026-07-01", "2026-09-28", "0.2"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            for chunk in _sheet_xml(rows, row):
                part.write(chunk)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def calamine_never_opens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal must come before calamine loads anything."""
    from python_calamine import CalamineWorkbook

    def refuse(*_: Any) -> None:
        raise AssertionError("calamine was asked to read a file over the limits")

    monkeypatch.setattr(CalamineWorkbook, "from_filelike", refuse)
    monkeypatch.setattr(CalamineWorkbook, "from_path", refuse)


def test_a_million_rows_of_a_tiny_file_are_refused_before_reading(calamine_never_opens: None) -> None:
    """Finding 1: a few hundred KB that decompress to a million rows."""
    data = workbook(1_000_000, ["a"])
    assert len(data) < 512 * 1024
    with pytest.raises(LimitExceeded) as refused:
        Workbook(data, label="大文件.xlsx", limits=ImportLimits(max_decompressed_bytes=10**9))
    assert refused.value.limit == "max_rows" and refused.value.allowed == DOSE_LIMITS.max_rows
    assert refused.value.figure > DOSE_LIMITS.max_rows
    assert "大文件.xlsx" in str(refused.value) and "20000 行" in str(refused.value)


def test_one_row_over_the_limit_is_refused_and_the_limit_itself_passes() -> None:
    limits = ImportLimits(max_rows=50)
    Workbook(workbook(50), limits=limits).close()
    with pytest.raises(LimitExceeded) as refused:
        Workbook(workbook(51), limits=limits)
    assert (refused.value.limit, refused.value.figure, refused.value.allowed) == ("max_rows", 51, 50)


def test_the_decompressed_size_is_limited(calamine_never_opens: None) -> None:
    bomb = workbook(1, extra={"xl/media/padding.bin": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    with pytest.raises(LimitExceeded) as refused:
        Workbook(bomb)
    assert refused.value.limit == "max_decompressed_bytes" and "解压后" in str(refused.value)


def _lie_about_sizes(data: bytes, name: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in its local and central headers."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(encoded)] == encoded:
                out[start + size_at : start + size_at + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(out)


def test_an_archive_lying_about_its_sizes_is_refused(calamine_never_opens: None) -> None:
    honest = workbook(1, extra={"xl/media/padding.bin": b"\0" * (40 * 1024 * 1024)})
    lying = _lie_about_sizes(honest, "xl/media/padding.bin", 1024)
    with pytest.raises(WorkbookError) as refused:
        Workbook(lying)
    assert "损坏" in str(refused.value) or "解压后" in str(refused.value)


def test_the_file_size_is_limited(calamine_never_opens: None) -> None:
    with pytest.raises(LimitExceeded) as refused:
        Workbook(b"PK" + b"\0" * 2048, limits=ImportLimits(max_file_bytes=1024))
    assert refused.value.limit == "max_file_bytes" and refused.value.figure == 2050


def test_the_dose_import_lists_the_first_problems_and_counts_the_rest() -> None:
    """Finding 1: 200,000 bad rows once gave a 144 MB answer; now the first ones and a count."""
    rows = 3 * DOSE_LIMITS.max_reported_problems
    data = workbook(rows, ["周涛", "not-an-id", "D-1", "2026-07-01", "2026-09-28", "0.2"])
    info = ReportInfo(
        report_no="R-1",
        report_date=date(2026, 10, 20),
        client_name="示例医院",
        client_uscc="12330106470089214Q",
        client_division="330106",
        institution_uscc="12330000470005818G",
    )
    result = import_doses(data, report=info, as_of=date(2026, 11, 26), label="错误很多.xlsx")
    assert not result.ok and result.report is None
    assert len(result.errors) == DOSE_LIMITS.max_reported_problems
    assert result.error_count >= rows and result.rows == rows
    assert result.errors[0].row is None or result.errors[0].row <= result.errors[-1].row  # the first ones


def test_the_dose_import_takes_as_many_rows_as_a_report_holds() -> None:
    assert DOSE_LIMITS.max_rows == MAX_DOSE_RECORDS
    with pytest.raises(LimitExceeded):
        import_doses(workbook(MAX_DOSE_RECORDS + 1), label="x.xlsx")


def _device_test(samples: int, categories: int = 1) -> dict[str, Any]:
    sample = {
        "sample_no": "R-01",
        "device": {"device_id": "D1", "name": "DR", "owner_uscc": "12330106470089214Q"},
        "categories": ["protection"] * categories,
    }
    return {
        "report_no": "R",
        "institution_uscc": "12330000470005818G",
        "client": {
            "name": "医院",
            "uscc": "12330106470089214Q",
            "kind": "general_hospital",
            "division_code": "330106",
        },
        "report_date": "2026-10-20",
        "samples": [sample] * samples,
    }


def test_a_device_test_report_has_at_most_its_bound_of_samples() -> None:
    structure(_device_test(MAX_SAMPLES), DeviceTestReport)
    with pytest.raises(InputError) as refused:
        structure(_device_test(MAX_SAMPLES + 1), DeviceTestReport)
    assert refused.value.path == "samples" and f"samples 最多{MAX_SAMPLES}项" in refused.value.message


def test_a_million_categories_are_refused_by_their_bound() -> None:
    """Finding 2: ``categories`` of 1,000,000 items was walked item by item for 46 s."""
    body = _device_test(1, categories=1_000_000)
    with pytest.raises(InputError) as refused:
        structure(body, DeviceTestReport)
    assert refused.value.path == "samples[0].categories"
    assert "categories 最多2项，实际为1000000项" in refused.value.message


def test_dose_records_are_bounded() -> None:
    record = {
        "worker": {"name": "周涛", "id_number": "330106198802143510", "employer_uscc": "12330106470089214Q"},
        "period_start": "2026-07-01",
        "period_end": "2026-09-28",
        "hp10": 0.2,
    }
    body = {k: v for k, v in _device_test(0).items() if k != "samples"} | {
        "records": [record] * (MAX_DOSE_RECORDS + 1)
    }
    with pytest.raises(InputError) as refused:
        structure(body, DoseReport)
    assert refused.value.path == "records"


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
def test_deep_json_is_refused_with_its_path(depth: int) -> None:
    with pytest.raises(InputError) as refused:
        parse_json("[" * depth + "]" * depth)
    assert "嵌套层数超过 32 层" in refused.value.message


def test_nesting_within_the_bound_is_read() -> None:
    assert parse_json('{"a": ' * 31 + "1" + "}" * 31)
    with pytest.raises(InputError) as refused:
        check_depth({"a": [{"b": [[[[[]]]]]}]}, max_depth=4)
    assert refused.value.path == "a[0].b[0]"


def test_an_unseekable_stream_is_read_up_to_its_limit(calamine_never_opens: None) -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: Any) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    with pytest.raises(LimitExceeded) as refused:
        Workbook(io.BufferedReader(Pipe(b"PK" + b"\0" * 4096)), limits=ImportLimits(max_file_bytes=1024))
    assert refused.value.limit == "max_file_bytes" and refused.value.figure == 1025
