"""Types of the Jiangsu training ruleset's parameters (source 002), structured strictly from YAML."""

from __future__ import annotations

import codecs

import attrs

from radrules import PersonAttribute


@attrs.frozen(kw_only=True)
class PlanType:
    """培训班类型: ``specialties`` when plans of the type offer 培训专业类别 (§4.4 3.4)."""

    name: str
    specialties: bool = False


@attrs.frozen(kw_only=True)
class QualificationCategory:
    """资质类别 of a 专业技术资质, with its 资质范围 vocabulary where it has one (§3.5 8)."""

    name: str
    scope: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class RequiredFields:
    """The fields the forms mark required (“*”, §1.3), as paths in a profile or registration.

    ``physician_fields`` become required when a person has one of ``physician_attributes``
    (§3.5 5 “当人员属性为‘检查医生’或‘诊断/鉴定医师’时必填”). A path ``a[].b`` means ``b`` of
    every item of the list ``a``.
    """

    profile: tuple[str, ...]
    physician_attributes: tuple[PersonAttribute, ...]
    physician_fields: tuple[str, ...]
    registration: tuple[str, ...]


@attrs.frozen(kw_only=True)
class TextLimits:
    """Length limits of §3.5 and §4.4: ``bytes`` per path, counted in ``encoding``;
    ``recipient_address_chars`` in characters; ``years_in_field_digits`` digits."""

    encoding: str
    bytes: dict[str, int]
    recipient_address_chars: int
    years_in_field_digits: int

    def __attrs_post_init__(self) -> None:
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise ValueError(f"未知的字符编码 {self.encoding!r}（可用 gb18030、gbk、utf-8）") from None
