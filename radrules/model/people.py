"""People named in filings: the institution's participants and the client's radiation workers.

A participant's sex and birth date are not entered: they are derived from the ID number,
as the platform does (source 000 §4.1 第三步).
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from radrules.identifiers.id_number import birth_date_of, sex_of
from radrules.model.enums import Duty, Sex


@attrs.frozen(kw_only=True)
class TimeRange:
    start: datetime
    end: datetime


@attrs.define(kw_only=True)
class DutyAssignment:
    """One 承担的服务事项 with its dated time ranges (source 000 §5.3.4 第三步)."""

    duty: Duty
    periods: tuple[TimeRange, ...] = ()


@attrs.define(kw_only=True)
class Participant:
    """参与人员: a member of the institution's staff who took part in the service."""

    name: str
    id_number: str
    mobile: str | None = None
    duties: tuple[DutyAssignment, ...] = ()

    @property
    def sex(self) -> Sex | None:
        sex = sex_of(self.id_number)
        return None if sex is None else Sex(sex)

    @property
    def birth_date(self) -> date | None:
        return birth_date_of(self.id_number)


@attrs.define(kw_only=True)
class MonitoringAssignment:
    """The institution a client assigned to monitor a worker's dose, and for when (source 000 §5.2.2.2)."""

    institution_uscc: str
    start: date
    end: date | None = None


@attrs.define(kw_only=True)
class Worker:
    """放射工作人员 of a client, maintained by the client (source 000 §5.2.1)."""

    name: str
    id_number: str
    employer_uscc: str
    dosimeter_no: str | None = None
    assignments: tuple[MonitoringAssignment, ...] = ()
