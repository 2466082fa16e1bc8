"""Demo data for an empty database: one of each role, with real, valid identifiers.

Seeded by ``radrules serve`` when the database has no accounts yet. The institution's
qualification is already approved and the hospital's workers are assigned to it, so every
page has something to show. The demo accounts skip the forced first-login password change
so that the printed logins work at once; accounts created later do not.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import attrs
from radrules_webshell import piccolo_conf
from radrules_webshell.accounts import passwords
from radrules_webshell.accounts.tables import Account, Authority
from radrules_webshell.audit import checkpoints
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client, Device, MonitoringAssignment, Worker
from radrules_webshell.core import clock
from radrules_webshell.core.principal import SYSTEM
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import (
    Institution,
    Instrument,
    QualificationDeclaration,
    StaffMember,
)
from radrules_webshell.settings import Settings
from radrules_webshell.training.demo import seed_training
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads import storage
from stdnum.cn import ric

from radrules import validate_id_number, validate_password, validate_uscc
from radrules.identifiers.uscc import complete_uscc, org_code_check


def make_uscc(head: str, body: str) -> str:
    """A valid code from the first 8 characters and an 8-character organisation code body."""
    return validate_uscc(complete_uscc(head + body + org_code_check(body)))


def make_id_number(first17: str) -> str:
    return validate_id_number(first17 + ric.calc_check_digit(first17 + "0"), as_of=date(2026, 1, 1))


INSTITUTION_USCC = make_uscc("91320102", "MA1W2K3P")
HOSPITAL_USCC = make_uscc("12320100", "46600123")

#: A one-page PDF, the smallest a viewer accepts, for the demo's qualification attachment.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@attrs.frozen
class DemoLogin:
    role: str
    login: str
    password: str
    who: str


LOGINS = (
    DemoLogin("reviewer", "jscdc", "Review#2026", "江苏省疾病预防控制中心（省级审核）"),
    DemoLogin("institution", "jsinst", "Inst#2026rad", "江苏示范放射卫生技术服务有限公司"),
    DemoLogin("client", "njhosp", "Hosp#2026rad", "南京示范人民医院（放射诊疗单位）"),
    DemoLogin("regulator", "njwjw", "Regu#2026rad", "南京市卫生健康委员会（市级，只读）"),
    DemoLogin("admin", "admin", "Admin#2026rr", "系统管理员"),
)


async def is_empty() -> bool:
    return not await Account.exists()


async def seed(settings: Settings) -> list[DemoLogin]:
    """Insert the demo data (all or nothing); the logins to print."""
    for d in LOGINS:
        validate_password(d.password)
    # The demo rows are audited like any others: with this data folder's audit key.
    checkpoints.configure(piccolo_conf.DB, settings)
    async with storage.Staging(settings) as staging, atomic():
        stored = staging.add(DEMO_PDF, "application/pdf", ".pdf", "资质证书（演示）.pdf")
        notice = staging.add(DEMO_PDF, "application/pdf", ".pdf", "培训通知（演示）.pdf")
        reviewer, regulator = await _authorities()
        institution = await _institution()
        await _qualification(institution)
        await uploads.insert(stored, "qualification", institution_id=institution, account_id=None)
        hospital = await _hospital(institution)
        await _accounts(reviewer=reviewer, regulator=regulator, institution=institution, hospital=hospital)
        await seed_training(
            institution_id=institution,
            uscc=INSTITUTION_USCC,
            authority_id=reviewer,
            people=[
                ("张伟", make_id_number("32010219850312123")),
                ("陈静", make_id_number("32010619900817242")),
            ],
            attachment=await uploads.insert(notice, "training_plan", institution_id=None, account_id=None),
            today=clock.today(),
        )
        await audit.record(
            SYSTEM, "demo_seed", "database", "demo", after={"logins": [d.login for d in LOGINS]}
        )
    return list(LOGINS)


async def _authorities() -> tuple[int, int]:
    """The provincial reviewer (省疾控) and the Nanjing regulator (市卫健委): their ids."""
    reviewer = Authority(
        name="江苏省疾病预防控制中心", kind="reviewer", division_code="320000", phone="025-83759411"
    )
    regulator = Authority(
        name="南京市卫生健康委员会", kind="regulator", division_code="320100", phone="025-68789000"
    )
    await Authority.insert(reviewer, regulator)
    return reviewer.id, regulator.id


async def _institution() -> int:
    """The technical-service institution; its id."""
    inst = Institution(
        uscc=INSTITUTION_USCC,
        name="江苏示范放射卫生技术服务有限公司",
        division_code="320102",
        phone="025-84561234",
        unit_attribute="tech_service",
        address="南京市玄武区示范路1号",
        website="https://example.org/jsinst",
        legal_representative="王建国",
        legal_representative_title="总经理",
        contact_name="李敏",
        contact_mobile="13905171234",
        postcode="210018",
        email="contact@example.org",
    )
    await inst.save()
    return inst.id


async def _qualification(institution: int) -> None:
    """Its approved qualification declaration, two staff members and two instruments."""
    await QualificationDeclaration(
        institution=institution,
        status="approved",
        certificate_no="苏卫职技字[2024]第018号",
        issued_on=date(2024, 3, 1),
        expires_on=date(2029, 2, 28),
        certificate_status="valid",
        service_scope=json.dumps(["protection_testing", "dose_monitoring", "protection_evaluation:grade_b"]),
        submitted_at=datetime(2024, 3, 5, tzinfo=UTC),
        reviewed_at=datetime(2024, 3, 8, tzinfo=UTC),
    ).save()
    await StaffMember.insert(
        StaffMember(
            institution=institution,
            name="张伟",
            id_number=make_id_number("32010219850312123"),
            mobile="13812345678",
            address="南京市玄武区示范路1号",
            major="放射医学",
            title="副主任技师",
            social_security="本单位 2015-07 起",
            recipient_name="张伟",
            recipient_phone="13812345678",
            recipient_address="南京市玄武区示范路1号",
            support_multiple=1,
        ),
        StaffMember(
            institution=institution,
            name="陈静",
            id_number=make_id_number("32010619900817242"),
            mobile="13951234567",
            address="南京市鼓楼区示范街2号",
            major="核技术",
            title="工程师",
            social_security="本单位 2018-09 起",
            recipient_name="陈静",
            recipient_phone="13951234567",
            recipient_address="南京市玄武区示范路1号",
            support_multiple=1,
        ),
    )
    await Instrument.insert(
        Instrument(
            institution=institution,
            type="X、γ辐射剂量率仪",
            name="X-γ辐射剂量率仪",
            model="AT1123",
            asset_no="JS-YQ-001",
            serial_no="52301",
            calibrated_on=date(2026, 3, 10),
            calibration_period_years=1,
        ),
        Instrument(
            institution=institution,
            type="多功能剂量仪",
            name="X射线多功能质量检测仪",
            model="Piranha 657",
            asset_no="JS-YQ-002",
            serial_no="CB2-18",
            calibrated_on=date(2026, 4, 2),
            calibration_period_years=1,
        ),
    )


async def _hospital(institution: int) -> int:
    """The client hospital with two devices and two workers assigned to ``institution``; its id."""
    hospital = Client(
        uscc=HOSPITAL_USCC,
        name="南京示范人民医院",
        kind="general_hospital",
        division_code="320104",
        address="南京市秦淮区示范大道100号",
        contact_name="赵强",
        contact_phone="025-86661234",
    )
    await hospital.save()
    await Device.insert(
        Device(
            client=hospital.id,
            device_uid="NJSF-DR-0001",
            name="数字X射线摄影系统（DR）",
            type="DR",
            model="DigitalDiagnost C90",
            location="放射科1号机房",
        ),
        Device(
            client=hospital.id,
            device_uid="NJSF-CT-0002",
            name="X射线计算机体层摄影设备（CT）",
            type="CT",
            model="SOMATOM go.Top",
            location="放射科CT室",
        ),
    )
    workers = [
        Worker(
            client=hospital.id,
            name="刘洋",
            id_number=make_id_number("32010419880506341"),
            dosimeter_no="JS-D-10001",
        ),
        Worker(
            client=hospital.id,
            name="周婷",
            id_number=make_id_number("32010419921120562"),
            dosimeter_no="JS-D-10002",
        ),
    ]
    for w in workers:
        await w.save()
        await MonitoringAssignment(worker=w.id, institution=institution, start=date(2026, 1, 1)).save()
    return hospital.id


async def _accounts(*, reviewer: int, regulator: int, institution: int, hospital: int) -> None:
    """One account per demo login, tied to its authority, institution or client."""
    owners: dict[str, tuple[str, dict[str, Any]]] = {
        "jscdc": ("省疾控审核员", {"authority": reviewer}),
        "jsinst": ("李敏", {"mobile": "13905171234", "institution": institution}),
        "njhosp": ("赵强", {"client": hospital}),
        "njwjw": ("市卫健委监督员", {"authority": regulator}),
        "admin": ("系统管理员", {}),
    }
    accounts = []
    for d in LOGINS:
        name, owner = owners[d.login]
        accounts.append(
            Account(
                login=d.login,
                password_hash=passwords.hash_password(d.password),
                role=d.role,
                name=name,
                must_change_password=False,
                **owner,
            )
        )
    await Account.insert(*accounts)
