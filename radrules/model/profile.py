"""A person's profile (人员信息) as a unit keeps it for training: source 002 §3.5.

The four parts of the form, in its order: 基本信息 (:class:`BasicInfo`), 个人履历
(:class:`Resume`), 资质信息 (:class:`QualificationInfo`) and 专业技术资质
(:class:`ProfessionalQualification`, each with its 资质范围). Only the ID number and the
name are required by the JSON structure; every other field the form marks required is
checked by a rule, so that a profile with five gaps gets five findings at once, each at
its path, rather than one structural error.

Lists are bounded (:data:`LIMITS`): a profile is typed by a person, and nothing on the
form needs more.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.identifiers.id_number import birth_date_of, sex_of
from radrules.model.bounds import bounded
from radrules.model.enums import Sex
from radrules.model.labels import labelled
from radrules.model.training_enums import EmploymentStatus, PersonAttribute, TitleLevel

#: The most items each list of a profile may hold.
LIMITS = {"attributes": len(PersonAttribute), "professional_qualifications": 50, "scope": 30}


@attrs.frozen(kw_only=True)
class FileRef:
    """An uploaded file (a scan of a certificate, say), stored elsewhere: its name and type.

    The form allows images and PDF only (“允许附件格式为图片和PDF”); ``media_type`` is what
    storage found when it checked the content.
    """

    filename: str
    media_type: str | None = None
    sha256: str | None = None


@attrs.define(kw_only=True)
class BasicInfo:
    """基本信息 (source 002 §3.5 1)."""

    id_number: str = labelled("身份证号")
    name: str = labelled("姓名")
    sex: Sex | None = labelled("性别", default=None)
    birth_date: date | None = labelled("出生年月", default=None)
    nationality: str | None = labelled("国籍", default=None)
    ethnicity: str | None = labelled("民族", default=None)
    mobile: str | None = labelled("手机号码", default=None)
    email: str | None = labelled("电子邮箱", default=None)
    landline: str | None = labelled("固定电话", default=None)
    postcode: str | None = labelled("邮政编码", default=None)
    address: str | None = labelled("通讯地址", default=None)
    id_card_copy: FileRef | None = labelled("身份证复印件", default=None)


@attrs.define(kw_only=True)
class Resume:
    """个人履历: education and work (source 002 §3.5 2–3)."""

    education: str | None = labelled("学历", default=None)
    diploma_no: str | None = labelled("毕业证书编号", default=None)
    degree: str | None = labelled("学位", default=None)
    degree_no: str | None = labelled("学位证书编号", default=None)
    title: str | None = labelled("职称", default=None)
    title_level: TitleLevel | None = labelled("职称级别", default=None)
    title_certificate_no: str | None = labelled("职称证书编号", default=None)
    title_certificate: FileRef | None = labelled("职称证书附件", default=None)
    position: str | None = labelled("职务", default=None)
    post: str | None = labelled("从事专业（岗位）", default=None)
    years_in_field: int | None = labelled("从事职业卫生相关工作年限", default=None)
    diploma: FileRef | None = labelled("毕业证书附件", default=None)


@attrs.define(kw_only=True)
class QualificationInfo:
    """资质信息: the person's roles and physician certificates (source 002 §3.5 4–5)."""

    attributes: tuple[PersonAttribute, ...] = labelled(
        "人员属性", default=(), validator=bounded(LIMITS["attributes"])
    )
    other_attribute: str | None = labelled("其他人员属性", default=None)
    physician_certificate_no: str | None = labelled("医师资格证编号", default=None)
    physician_certificate_issued_on: date | None = labelled("医师资格证发证日期", default=None)
    physician_qualification_category: str | None = labelled("医师资格类别", default=None)
    physician_qualification_level: str | None = labelled("医师资格级别", default=None)
    physician_certificate: FileRef | None = labelled("医师资格证书附件", default=None)
    practice_certificate_no: str | None = labelled("医师执业证书编号", default=None)
    practice_certificate_issued_on: date | None = labelled("医师执业证发证日期", default=None)
    practice_category: str | None = labelled("医师执业类别", default=None)
    main_practice_site: str | None = labelled("主执业地点", default=None)
    other_practice_sites: str | None = labelled("其他执业地点", default=None)
    practice_certificate: FileRef | None = labelled("医师执业证书附件", default=None)
    title_qualification_certificate: FileRef | None = labelled(
        "中级以上（含）专业技术任职资格证书附件", default=None
    )
    title_appointment: FileRef | None = labelled("中级以上（含）专业技术任职聘任书附件", default=None)
    labour_relation_proof: FileRef | None = labelled("劳动关系证明", default=None)
    radiation_training_certificate: FileRef | None = labelled("放射培训合格证书附件", default=None)
    radiation_assessment_certificate: FileRef | None = labelled(
        "放射卫生检测与评价技术考核合格证书附件", default=None
    )


@attrs.define(kw_only=True)
class ProfessionalQualification:
    """专业技术资质 (source 002 §3.5 6–8): a certificate with its 资质范围 where its category has one.

    ``training_certificate_no`` is set when the qualification was added to the profile
    from a certificate earned through the platform's training (§3.3 证书编号).
    """

    category: str = labelled("资质类别")
    certificate_no: str | None = labelled("证书（发文）编号", default=None)
    issued_on: date | None = labelled("发证（发文）日期", default=None)
    expires_on: date | None = labelled("失效日期", default=None)
    scope: tuple[str, ...] = labelled("资质范围", default=(), validator=bounded(LIMITS["scope"]))
    training_certificate_no: str | None = labelled("培训合格证书编号", default=None)


@attrs.define(kw_only=True)
class Recipient:
    """收件人信息: where the certificate is posted (source 002 §4.4 3.5)."""

    name: str | None = labelled("收件人姓名", default=None)
    phone: str | None = labelled("收件人联系电话", default=None)
    postcode: str | None = labelled("收件人邮编", default=None)
    address: str | None = labelled("收件地址", default=None)


@attrs.define(kw_only=True)
class PersonProfile:
    """人员信息 of one member of a unit's staff (source 002 §3).

    ``recipient`` holds the defaults a registration's 收件人信息 starts from (§4.4 3.5
    “默认显示个人信息内填写的收件人姓名”).
    """

    basic: BasicInfo = labelled("基本信息")
    resume: Resume = labelled("个人履历", factory=Resume)
    qualification: QualificationInfo = labelled("资质信息", factory=QualificationInfo)
    professional_qualifications: tuple[ProfessionalQualification, ...] = labelled(
        "专业技术资质", default=(), validator=bounded(LIMITS["professional_qualifications"])
    )
    employment: EmploymentStatus = labelled("在岗状态", default=EmploymentStatus.in_service)
    unit_uscc: str | None = labelled("单位统一社会信用代码", default=None)
    recipient: Recipient | None = labelled("收件人信息", default=None)

    @property
    def id_number(self) -> str:
        return self.basic.id_number.strip().upper()

    @property
    def birth_date(self) -> date | None:
        """The birth date entered, else the one the ID number carries (the form's default)."""
        return self.basic.birth_date or birth_date_of(self.basic.id_number)

    @property
    def derived_sex(self) -> Sex | None:
        sex = sex_of(self.basic.id_number)
        return None if sex is None else Sex(sex)

    def age_on(self, day: date) -> int | None:
        """Age in full years (周岁) on ``day``; None without a birth date."""
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
