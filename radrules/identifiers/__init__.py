"""Validators for the identifiers and contact values that filings carry.

Each ``validate_*`` function returns the value in its canonical form or raises
:class:`InvalidValue` with a Chinese reason a filer can act on.
"""

from __future__ import annotations

from radrules.errors import InvalidValue
from radrules.identifiers.contact import (
    validate_email,
    validate_landline,
    validate_mobile,
    validate_postcode,
    validate_website,
)
from radrules.identifiers.division import (
    PROVINCES,
    describe_division,
    division_children,
    division_info,
    division_name,
    lookup_division,
    province_of,
    validate_division_code,
)
from radrules.identifiers.division_table import Division
from radrules.identifiers.id_number import birth_date_of, mask_id_number, sex_of, validate_id_number
from radrules.identifiers.password import validate_password
from radrules.identifiers.text import byte_length, validate_byte_limit, validate_char_limit
from radrules.identifiers.uscc import validate_uscc

__all__ = [
    "PROVINCES",
    "Division",
    "InvalidValue",
    "birth_date_of",
    "byte_length",
    "describe_division",
    "division_children",
    "division_info",
    "division_name",
    "lookup_division",
    "mask_id_number",
    "province_of",
    "sex_of",
    "validate_byte_limit",
    "validate_char_limit",
    "validate_division_code",
    "validate_email",
    "validate_id_number",
    "validate_landline",
    "validate_mobile",
    "validate_password",
    "validate_postcode",
    "validate_uscc",
    "validate_website",
]
