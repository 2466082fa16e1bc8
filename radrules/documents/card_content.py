"""The content of the printed report card (放射卫生技术服务信息报送卡).

Every section the platform's card form has, in its order (source 000 §5.3.4): the
institution (第二步), the participants with their duties and times (第三步), the client
and service address (第四步), the service information (第五步), the results of the chosen
service field with the QC code (第六步), the report information (第七步), and room for the
filing unit's seal, since the printed card is stamped and uploaded (第八步). The QC code
prints in the footer of every page, centred, with its QR code (第八步).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from radrules.identifiers.division import describe_division
from radrules.model.card import (
    DoseMonitoringResult,
    EquipmentProductResult,
    EvaluationResult,
    ProtectionTestingResult,
    ReportCard,
    SampleTesting,
)
from radrules.model.enums import AttachmentKind, Duty, EvaluationKind, ServiceField
from radrules.model.people import Participant, TimeRange

from .layout import Block, Document, Field, Fields, Grid, Section, StampBox

TITLE = "放射卫生技术服务信息报送卡"
BLANK = "—"
_CHECKED, _UNCHECKED = "■", "□"
_NUMBERS = "一二三四五六七八九十"


def card_document(card: ReportCard, *, verification_url: str | None = None) -> Document:
    """The printable document of ``card``; the QR code carries ``verification_url`` when given."""
    sections = [
        ("机构信息", _institution(card)),
        ("参与人员信息", _participants(card)),
        ("服务的用人单位信息", _client(card)),
        ("技术服务信息", _service(card)),
        ("技术服务结果", _results(card)),
        ("报告信息", _report(card)),
    ]
    header = []
    if card.card_id:
        header.append(f"报送卡编号：{card.card_id}")
    header.append(f"质控编号：{card.qc_code or '暂存或提交后由系统生成'}")
    if card.filed_on:
        header.append(f"报送日期：{_date(card.filed_on)}")
    header.append(f"状态：{card.status.label}")
    footer = f"质控编号：{card.qc_code}" if card.qc_code else "质控编号：未生成"
    return Document(
        title=TITLE,
        header=tuple(header),
        sections=tuple(
            Section(title=f"{_NUMBERS[i]}、{title}", blocks=tuple(blocks))
            for i, (title, blocks) in enumerate(sections)
        ),
        footer=footer,
        qr_payload=verification_url,
        author=card.institution.name,
        subject=f"{card.client.name} {card.report_no}",
    )


def _text(value: object) -> str:
    if value is None:
        return BLANK
    text = str(value).strip()
    return text or BLANK


def _date(day: date | None) -> str:
    return BLANK if day is None else f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _names(values: Iterable[str]) -> str:
    text = "、".join(v.strip() for v in values if v.strip())
    return text or BLANK


def _choices(options: Sequence[tuple[str, bool]]) -> str:
    return "　".join(f"{_CHECKED if chosen else _UNCHECKED}{label}" for label, chosen in options)


def _institution(card: ReportCard) -> list[Block]:
    inst = card.institution
    q = inst.qualification
    return [
        Fields(
            items=(
                Field(label="机构名称", value=_text(inst.name), wide=True),
                Field(label="统一社会信用代码", value=_text(inst.uscc)),
                Field(label="资质证书编号", value=_text(q.certificate_no if q else None)),
                Field(label="法定代表人", value=_text(inst.legal_representative)),
                Field(label="项目负责人", value=_text(inst.project_leader)),
                Field(label="联系电话", value=_text(inst.phone)),
                Field(label="机构地址", value=_text(inst.address)),
            )
        )
    ]


def _period(period: TimeRange) -> str:
    start, end = period.start, period.end
    if start.date() == end.date():
        return f"{start:%Y-%m-%d} {start:%H:%M}—{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}—{end:%Y-%m-%d %H:%M}"


def _periods(person: Participant, duty: Duty) -> str:
    lines = [_period(p) for d in person.duties if d.duty is duty for p in d.periods]
    return "\n".join(lines) or BLANK


def _participants(card: ReportCard) -> list[Block]:
    rows = tuple(
        (
            str(i),
            _text(person.name),
            _names(d.duty.label for d in person.duties),
            _periods(person, Duty.sampling),
            _periods(person, Duty.field_testing),
            _periods(person, Duty.lab_testing),
        )
        for i, person in enumerate(card.participants, 1)
    )
    return [
        Grid(
            headers=("序号", "姓名", "承担的服务事项", "现场采样时间", "现场检测时间", "实验室检测时间"),
            rows=rows or ((BLANK,) * 6,),
            widths=(11, 16, 31, 41, 41, 40),
        )
    ]


def _client(card: ReportCard) -> list[Block]:
    client = card.client
    contact = client.contact
    if card.service_address is None:
        address = "同注册地址"
    else:
        where = describe_division(card.service_address.division_code, on=card.report_issued_on)
        detail = (card.service_address.address or "").strip()
        address = f"{where} {detail}" if detail else where
    return [
        Fields(
            items=(
                Field(label="单位名称", value=_text(client.name), wide=True),
                Field(label="统一社会信用代码", value=_text(client.uscc)),
                Field(
                    label="所属地区", value=describe_division(client.division_code, on=card.report_issued_on)
                ),
                Field(label="注册地址", value=_text(client.registered_address), wide=True),
                Field(label="联系人", value=_text(contact.name if contact else None)),
                Field(label="联系电话", value=_text(contact.phone if contact else None)),
                Field(label="服务单位类型", value=client.kind.label, wide=True),
                Field(label="技术服务地址", value=address, wide=True),
            )
        )
    ]


def _service(card: ReportCard) -> list[Block]:
    sampling = [
        p for person in card.participants for d in person.duties if d.duty is Duty.sampling for p in d.periods
    ]
    sampling_text = BLANK
    if sampling:
        first = min(p.start for p in sampling)
        last = max(p.end for p in sampling)
        sampling_text = _span(first, last)
    return [
        Fields(
            items=(
                Field(
                    label="技术服务领域",
                    value=_choices([(f.label, f is card.service_field) for f in ServiceField]),
                    wide=True,
                ),
                Field(label="现场采样时间", value=sampling_text, wide=True),
                Field(label="技术服务报告编号", value=_text(card.report_no)),
                Field(label="出具技术报告日期", value=_date(card.report_issued_on)),
            )
        )
    ]


def _span(first: datetime, last: datetime) -> str:
    return _period(TimeRange(start=first, end=last))


def _results(card: ReportCard) -> list[Block]:
    items: list[Field] = [
        Field(label="技术服务领域", value=card.service_field.label, wide=True),
        Field(label="质控编号", value=card.qc_code or "暂存或提交后由系统生成", wide=True),
    ]
    section = card.results.for_field(card.service_field)
    if isinstance(section, EvaluationResult):
        items += _evaluation(section, card)
    elif isinstance(section, ProtectionTestingResult):
        items += _protection_testing(section)
    elif isinstance(section, DoseMonitoringResult):
        items += _dose(section)
    elif isinstance(section, EquipmentProductResult):
        items += _products(section)
    else:
        items.append(Field(label="结果", value="未填写", wide=True))
    return [Fields(items=tuple(items))]


def _evaluation(result: EvaluationResult, card: ReportCard) -> list[Field]:
    kinds = _choices([(k.label, k is result.kind) for k in EvaluationKind])
    out = [Field(label="放射诊疗建设项目评价", value=kinds, wide=True)]
    if result.kind is EvaluationKind.control_effect_evaluation:
        out.append(Field(label="现场共检测点位个数", value=_text(result.points_tested)))
        out.append(Field(label="超标点位个数", value=_text(result.exceeding_points)))
    else:
        out.append(Field(label="剂量超标点位个数", value=_text(result.exceeding_points), wide=True))
    out.append(Field(label="超标点位放射性危害类型", value=_names(result.hazard_types), wide=True))
    bodies = [a.filename for a in card.attachments if a.kind is AttachmentKind.report_body]
    out.append(Field(label="报告正文", value=_names(bodies) if bodies else "未上传", wide=True))
    return out


def _done(flag: bool) -> str:
    return _choices([("是", flag), ("否", not flag)])


def _protection_testing(result: ProtectionTestingResult) -> list[Field]:
    w, q = result.workplace, result.equipment_qc
    out = [Field(label="开展放射诊疗工作场所放射防护检测", value=_done(w is not None), wide=True)]
    if w is not None:
        out += [
            Field(label="共检测点位", value=_text(w.points_tested)),
            Field(label="超标点位", value=_text(w.exceeding_points)),
            Field(label="超标点位放射性危害类型", value=_names(w.hazard_types), wide=True),
        ]
    out.append(Field(label="开展放射诊疗设备质量控制检测", value=_done(q is not None), wide=True))
    if q is not None:
        out += [
            Field(label="检测设备台数", value=_text(q.devices_tested)),
            Field(label="检测结果有一项以上指标不合格设备的台数", value=_text(q.failing_devices)),
            Field(label="不合格设备名称", value=_names(q.failing_device_names), wide=True),
        ]
    return out


def _dose(result: DoseMonitoringResult) -> list[Field]:
    return [
        Field(label="监测人数", value=_text(result.workers_monitored), wide=True),
        Field(label="5~20mSv人数", value=_text(result.workers_5_to_20)),
        Field(label="超过20mSv人数", value=_text(result.workers_over_20)),
    ]


def _samples(label: str, part: SampleTesting | None) -> list[Field]:
    out = [Field(label=f"开展{label}检测", value=_done(part is not None), wide=True)]
    if part is not None:
        out += [
            Field(label="共检测样品数量", value=_text(part.samples_tested)),
            Field(label="超标样品数量", value=_text(part.samples_exceeding)),
            Field(label="超标样品名称", value=_names(part.exceeding_names), wide=True),
        ]
    return out


def _products(result: EquipmentProductResult) -> list[Field]:
    return _samples("放射防护器材", result.protective_equipment) + _samples(
        "含放射性产品", result.radioactive_products
    )


def _report(card: ReportCard) -> list[Block]:
    f = card.filler
    return [
        Fields(
            items=(
                Field(label="填报单位", value=_text(f.unit_name), wide=True),
                Field(label="单位负责人", value=_text(f.unit_head)),
                Field(label="填表人", value=_text(f.name)),
                Field(label="填表人联系电话", value=_text(f.phone)),
                Field(label="填表日期", value=_date(f.filled_on)),
            )
        ),
        StampBox(lines=("填报单位（盖章）", "　　年　　月　　日")),
    ]
