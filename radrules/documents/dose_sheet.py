"""The layout of the dose import workbook (个人剂量导入模板), shared by the template and the import.

Source 000 §5.2.2.2: dose results can be imported from Excel after downloading the
platform's template (导入模板下载, 个人剂量导入). The first sheet holds one result per row
under a header in row 1: 姓名, 身份证号, 剂量计编号, 监测开始日期, 监测结束日期,
Hp(10)(mSv), plus Hp(0.07)(mSv) for the skin dose GBZ 128-2019 also records, and 备注.
The second sheet explains every column. The report the rows belong to (report number and
date, client, institution — the platform's 基本信息, which must be saved before results
are entered) is filled in on the third sheet, 报告信息, or given on the command line.
"""

from __future__ import annotations

import attrs

from radrules.model.enums import ClientKind

DATA_SHEET = "个人剂量监测结果"
HELP_SHEET = "填写说明"
REPORT_SHEET = "报告信息"

TEXT, DATE, NUMBER, IDENTIFIER, KIND = "text", "date", "number", "identifier", "kind"


@attrs.frozen(kw_only=True)
class DoseColumn:
    """One column of the data sheet: its header, the record field it fills, and its rules of entry."""

    header: str
    field: str
    kind: str
    required: bool
    width: float
    explanation: str
    example: str
    basis: str


@attrs.frozen(kw_only=True)
class ReportField:
    """One line of the 报告信息 sheet, and the command-line option that can give it instead."""

    label: str
    field: str
    kind: str
    option: str
    explanation: str
    example: str


COLUMNS: tuple[DoseColumn, ...] = (
    DoseColumn(
        header="姓名",
        field="worker.name",
        kind=TEXT,
        required=True,
        width=12,
        explanation="放射工作人员姓名，与身份证一致",
        example="周涛",
        basis="操作手册 §5.2.2.1 工作人员",
    ),
    DoseColumn(
        header="身份证号",
        field="worker.id_number",
        kind=IDENTIFIER,
        required=True,
        width=22,
        explanation="18位公民身份号码，末位X大写。本列为文本格式，请勿改为数字格式（数字格式会丢失末几位）",
        example="330106198802143510",
        basis="GB 11643-1999；操作手册 §5.2.2.1 身份证",
    ),
    DoseColumn(
        header="剂量计编号",
        field="dosimeter_no",
        kind=IDENTIFIER,
        required=False,
        width=14,
        explanation="本监测周期佩戴的个人剂量计编号",
        example="D-0001",
        basis="操作手册 §5.2.2.1 剂量计编号",
    ),
    DoseColumn(
        header="监测开始日期",
        field="period_start",
        kind=DATE,
        required=True,
        width=14,
        explanation="监测周期的第一天，日期格式，如 2026-07-01",
        example="2026-07-01",
        basis="GBZ 128-2019 监测周期",
    ),
    DoseColumn(
        header="监测结束日期",
        field="period_end",
        kind=DATE,
        required=True,
        width=14,
        explanation="监测周期的最后一天，不早于开始日期，不晚于报告日期",
        example="2026-09-28",
        basis="GBZ 128-2019 监测周期",
    ),
    DoseColumn(
        header="Hp(10)(mSv)",
        field="hp10",
        kind=NUMBER,
        required=True,
        width=13,
        explanation="个人剂量当量 Hp(10)，单位 mSv，不小于0；低于探测下限时按 GBZ 128-2019 的规定填报",
        example="0.21",
        basis="GBZ 128-2019",
    ),
    DoseColumn(
        header="Hp(0.07)(mSv)",
        field="hp007",
        kind=NUMBER,
        required=False,
        width=14,
        explanation="个人剂量当量 Hp(0.07)，单位 mSv，监测皮肤或眼晶状体剂量时填写",
        example="0.25",
        basis="GBZ 128-2019",
    ),
    DoseColumn(
        header="备注",
        field="remark",
        kind=TEXT,
        required=False,
        width=24,
        explanation="其他需要说明的情况，如职业类别、剂量计丢失等",
        example="介入放射学",
        basis="—",
    ),
)

#: Columns the header row must hold (the template's contract with filers; 剂量计编号 may be
#: left empty in a row, but the column is part of the template).
REQUIRED_HEADERS = ("姓名", "身份证号", "剂量计编号", "监测开始日期", "监测结束日期", "Hp(10)(mSv)")

KIND_LABELS: dict[str, ClientKind] = {kind.label: kind for kind in ClientKind}

REPORT_FIELDS: tuple[ReportField, ...] = (
    ReportField(
        label="报告编号",
        field="report_no",
        kind=TEXT,
        option="--report-no",
        explanation="本单位的个人剂量监测报告编号，不允许重复",
        example="ZJJL-2026-0042",
    ),
    ReportField(
        label="报告日期",
        field="report_date",
        kind=DATE,
        option="--report-date",
        explanation="出具报告的日期，不晚于当前日期",
        example="2026-10-20",
    ),
    ReportField(
        label="委托单位名称",
        field="client.name",
        kind=TEXT,
        option="--client-name",
        explanation="委托监测的放射诊疗机构或用人单位",
        example="杭州市西湖区示例医院",
    ),
    ReportField(
        label="委托单位统一社会信用代码",
        field="client.uscc",
        kind=IDENTIFIER,
        option="--client-uscc",
        explanation="18位统一社会信用代码",
        example="12330106470089214Q",
    ),
    ReportField(
        label="委托单位类型",
        field="client.kind",
        kind=KIND,
        option="--client-kind",
        explanation="从下拉列表选择：" + "、".join(KIND_LABELS),
        example=ClientKind.general_hospital.label,
    ),
    ReportField(
        label="委托单位所属地区代码",
        field="client.division_code",
        kind=IDENTIFIER,
        option="--client-division",
        explanation="6位行政区划代码（到区县），决定适用哪个省份的规则",
        example="330106",
    ),
    ReportField(
        label="检测机构统一社会信用代码",
        field="institution_uscc",
        kind=IDENTIFIER,
        option="--institution-uscc",
        explanation="出具报告的放射卫生技术服务机构",
        example="12330000470005818G",
    ),
)


def normalise_header(text: str) -> str:
    """Headers compared without spaces and with full-width brackets folded (Excel users type both)."""
    return "".join(text.split()).translate(_BRACKETS).lower()


_BRACKETS = str.maketrans("（）【】", "()[]")
