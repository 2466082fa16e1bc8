"""Thin adapters from form text to the validators of radrules (the web shell adds no rules)."""

from __future__ import annotations

from radrules_webshell.core import clock

from radrules import (
    InvalidValue,
    validate_division_code,
    validate_email,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_postcode,
    validate_uscc,
    validate_website,
)


def id_number(value: str) -> str:
    # As of the day the record is entered: a birth date after today is refused.
    return validate_id_number(value, as_of=clock.today())


def phone(value: str) -> str:
    """A mobile or a landline, as the platform's 联系电话 fields accept either."""
    try:
        return validate_mobile(value)
    except InvalidValue:
        try:
            return validate_landline(value)
        except InvalidValue:
            raise InvalidValue("联系电话应为11位手机号码或固定电话（区号-号码，如 025-83759411）") from None


def county(value: str) -> str:
    return validate_division_code(value, level="county")


def division(value: str) -> str:
    return validate_division_code(value, level="province")


uscc = validate_uscc
mobile = validate_mobile
landline = validate_landline
postcode = validate_postcode
email = validate_email
website = validate_website
