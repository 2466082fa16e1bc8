"""The technical-service report card (技术服务信息报送卡) and its results sections.

Sections follow source 000 §5.3.4 第一–九步: institution, participants, client and service
address, service field with report number and issue date, the results of the chosen field,
the filler. The same card is the national card that Fujian's notice (source 004 三) names.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.enums import AttachmentKind, EvaluationKind, FilingStatus, ServiceField
from radrules.model.parties import Client, Institution, ServiceAddress
from radrules.model.people import Participant


@attrs.frozen(kw_only=True)
class Attachment:
    kind: AttachmentKind
    filename: str
    sha256: str | None = None


@attrs.define(kw_only=True)
class EvaluationResult:
    """放射诊疗建设项目评价: 预评价 counts only exceeding points; 控制效果评价 also all points."""

    kind: EvaluationKind
    exceeding_points: int
    points_tested: int | None = None
    hazard_types: tuple[str, ...] = ()


@attrs.define(kw_only=True)
class WorkplaceTesting:
    """开展放射诊疗工作场所放射防护检测."""

    points_tested: int
    exceeding_points: int
    hazard_types: tuple[str, ...] = ()


@attrs.define(kw_only=True)
class EquipmentQcTesting:
    """开展放射诊疗设备质量控制检测."""

    devices_tested: int
    failing_devices: int
    failing_device_names: tuple[str, ...] = ()


@attrs.define(kw_only=True)
class ProtectionTestingResult:
    workplace: WorkplaceTesting | None = None
    equipment_qc: EquipmentQcTesting | None = None


@attrs.define(kw_only=True)
class DoseMonitoringResult:
    workers_monitored: int
    workers_5_to_20: int
    workers_over_20: int


@attrs.define(kw_only=True)
class SampleTesting:
    samples_tested: int
    samples_exceeding: int
    exceeding_names: tuple[str, ...] = ()


@attrs.define(kw_only=True)
class EquipmentProductResult:
    protective_equipment: SampleTesting | None = None
    radioactive_products: SampleTesting | None = None


@attrs.define(kw_only=True)
class Results:
    """技术服务结果: exactly the section of the card's service field is filled."""

    protection_evaluation: EvaluationResult | None = None
    protection_testing: ProtectionTestingResult | None = None
    dose_monitoring: DoseMonitoringResult | None = None
    equipment_product_testing: EquipmentProductResult | None = None

    def for_field(self, field: ServiceField) -> object | None:
        value: object | None = getattr(self, field.value)
        return value


@attrs.define(kw_only=True)
class Filler:
    """报告信息: 填报单位, 单位负责人, 填表人, 联系电话, 填表日期 (source 000 §5.3.4 第七步)."""

    unit_name: str
    unit_head: str
    name: str
    phone: str
    filled_on: date


@attrs.define(kw_only=True)
class NationalSync:
    """Forwarding to the national system (source 000 §5.3.4 第九步): the data first, the
    attachments a set number of days later; once the attachments are sent the card is fixed."""

    data_sent_on: date | None = None
    attachments_sent_on: date | None = None


@attrs.define(kw_only=True)
class ReportCard:
    """放射卫生技术服务信息报送卡."""

    institution: Institution
    participants: tuple[Participant, ...]
    client: Client
    service_field: ServiceField
    report_no: str
    report_issued_on: date
    results: Results
    filler: Filler
    service_address: ServiceAddress | None = None
    card_id: str | None = None
    qc_code: str | None = None
    status: FilingStatus = FilingStatus.draft
    filed_on: date | None = None
    attachments: tuple[Attachment, ...] = ()
    # While ``status`` is ``locked`` (stamped copies attached, source 000 §5.3.4 第八步), the
    # workflow state beneath the lock, restored when an attachment is deleted (FAQ 3).
    status_under_lock: FilingStatus | None = None
    national_sync: NationalSync | None = None

    @property
    def service_division_code(self) -> str:
        """Where the service was delivered: the service address, else the client's registration."""
        if self.service_address is not None:
            return self.service_address.division_code
        return self.client.division_code
