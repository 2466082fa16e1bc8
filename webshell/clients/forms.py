"""Fields of the client, device, worker and monitoring-assignment forms (source 000 §5.1–§5.2)."""

from __future__ import annotations

import attrs
from radrules_webshell.core import validators as v
from radrules_webshell.core.forms import Field, FormSpec

from radrules import ClientKind

_USCC = Field(name="uscc", label="统一社会信用代码", validator=v.uscc, help="英文字母大写")
_DETAILS = (
    Field(name="name", label="单位名称"),
    Field(
        name="kind",
        label="单位类型",
        kind="select",
        choices=tuple((k.value, k.label) for k in ClientKind),
        help="放射诊疗机构（综合性医院、专科医院、其他医疗机构）的报送卡须选择已提交的检测数据",
    ),
    Field(name="division_code", label="所属地区", kind="division", validator=v.county, help="选择至区县"),
    Field(name="address", label="注册地址", required=False, max_length=300),
    Field(name="contact_name", label="联系人", required=False, max_length=100),
    Field(name="contact_phone", label="联系电话", required=False, validator=v.phone, mask="phone"),
)


def _card_needs(f: Field) -> Field:
    """The register's fields a report card reads (source 000 §5.3.4 第四步: 注册地址 由填写的
    用人单位信息自动带入, and the card requires it) are required of a client added for a card."""
    return attrs.evolve(f, required=True) if f.name == "address" else f


#: 登记放射诊疗单位 by the administrator (page, API, ``radrules admin create-client``).
CLIENT_FORM = FormSpec((_USCC, *_DETAILS))
#: 添加服务单位 from the report card (第四步: 若未查询到单位，则可以点击“添加”按钮).
CARD_CLIENT_FORM = FormSpec((_USCC, *map(_card_needs, _DETAILS)))
#: Changing a registered client: everything but the credit code, which names it.
CLIENT_EDIT_FORM = FormSpec(_DETAILS)
CARD_CLIENT_EDIT_FORM = FormSpec(tuple(map(_card_needs, _DETAILS)))

DEVICE_FORM = FormSpec(
    (
        Field(name="name", label="设备名称"),
        Field(name="type", label="设备类型", max_length=100, help="如 X射线摄影装置、CT、DSA"),
        Field(name="model", label="型号", max_length=100),
        Field(name="device_uid", label="设备唯一标识", max_length=64),
        Field(name="location", label="放置地点"),
    )
)

WORKER_FORM = FormSpec(
    (
        Field(name="name", label="姓名", max_length=100),
        Field(name="id_number", label="身份证号", validator=v.id_number, mask="id_number"),
        Field(name="dosimeter_no", label="剂量计编号", required=False, max_length=64),
    )
)

ASSIGNMENT_FORM = FormSpec(
    (
        Field(name="institution_uscc", label="个人剂量监测机构（统一社会信用代码）", validator=v.uscc),
        Field(name="start", label="监测开始日期", kind="date"),
        Field(name="end", label="监测结束日期", kind="date", required=False, help="不填表示长期"),
    )
)
