"""Fields of a worker's register entry and of the records of the 健康监护档案 (卫生部令第55号
第六、七、八、十一、十九条; source 001 module 8), and of an archive transfer (module 20)."""

from __future__ import annotations

from typing import Any

from radrules_webshell.clients.forms import WORKER_FORM
from radrules_webshell.core import validators as v
from radrules_webshell.core.forms import Field, FormSpec
from radrules_webshell.supervision import vocabulary as words

from radrules import InvalidValue


def _decimal(label: str, high: float) -> Any:
    """A non-negative decimal up to ``high`` (a bound on the input, not a rule)."""

    def check(text: str) -> str:
        try:
            value = float(text)
        except ValueError:
            raise InvalidValue(f"{label}应为数字") from None
        if not 0 <= value <= high:
            raise InvalidValue(f"{label}应在0至{high:g}之间")
        return text

    return check


WORKER_REGISTER_FIELDS = (
    Field(
        name="started_on", label="从事放射工作起始日期", kind="date", required=False, help="填写后列入登记"
    ),
    Field(name="left_on", label="离岗日期", kind="date", required=False),
    Field(name="department", label="科室", required=False, max_length=100),
    Field(
        name="occupation", label="职业类别", required=False, max_length=10, help="如 2A（GBZ 128 职业分类）"
    ),
)
WORKER_FORM_FULL = FormSpec((*WORKER_FORM.fields, *WORKER_REGISTER_FIELDS))

TRAINING_FORM = FormSpec(
    (
        Field(name="kind", label="培训类别", kind="select", choices=words.TRAINING_KINDS),
        Field(name="ended_on", label="培训结束日期", kind="date"),
        Field(name="days", label="培训天数", validator=_decimal("培训天数", 60), max_length=8),
        Field(name="passed", label="考核合格", kind="bool"),
        Field(name="organizer", label="培训机构", required=False),
        Field(name="certificate_no", label="证书编号", required=False, max_length=100),
    )
)

EXAM_FORM = FormSpec(
    (
        Field(name="kind", label="检查类别", kind="select", choices=words.EXAM_KINDS),
        Field(name="examined_on", label="检查日期", kind="date"),
        Field(name="fit", label="可以从事放射工作", kind="bool"),
        Field(name="conclusion", label="检查结论", required=False, max_length=300),
        Field(name="institution_name", label="职业健康检查机构", required=False),
        Field(name="report_no", label="报告编号", required=False, max_length=100),
    )
)

DOSE_FORM = FormSpec(
    (
        Field(name="period_start", label="监测周期开始", kind="date"),
        Field(name="period_end", label="监测周期结束", kind="date"),
        Field(name="hp10", label="Hp(10)（mSv）", validator=_decimal("Hp(10)", 10_000), max_length=12),
        Field(name="institution_name", label="监测机构", required=False),
    )
)

CERTIFICATE_FORM = FormSpec(
    (
        Field(name="number", label="放射工作人员证编号", max_length=100),
        Field(name="issued_on", label="发证日期", kind="date"),
        Field(name="issuer", label="发证机关", required=False),
        Field(name="cancelled_on", label="注销日期", kind="date", required=False),
    )
)

TRANSFER_FORM = FormSpec(
    (
        Field(name="name", label="姓名", max_length=100),
        Field(name="id_number", label="身份证号", validator=v.id_number, mask="id_number"),
        Field(name="starts_on", label="到本单位从事放射工作的日期", kind="date"),
        Field(name="reason", label="说明", kind="textarea", required=False, max_length=1000),
    )
)

DECISION_FORM = FormSpec(
    (Field(name="note", label="意见", kind="textarea", required=False, max_length=1000),)
)
