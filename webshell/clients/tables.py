"""Tables of clients, their devices, workers and monitoring assignments.

Only the client maintains these; an institution picks devices and workers when it enters
test or dose data but cannot add or change them (source 000 §5.1.1, §5.2.1, §5.2.2.2).
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.institutions.tables import Institution


class Client(Table, tablename="client"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    uscc = Varchar(length=18, unique=True)
    name = Varchar(length=200)
    kind = Varchar(length=30)
    division_code = Varchar(length=12, index=True)
    address = Varchar(length=300, null=True, default=None)
    contact_name = Varchar(length=100, null=True, default=None)
    contact_phone = Varchar(length=30, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    #: The institution that registered the client from a report card (source 000 §5.3.4
    #: 第四步); it and the administrator may change the record. None: registered by the
    #: administrator (page, API or command line).
    registered_by = ForeignKey(Institution, null=True, default=None, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(null=True, default=None)


class Device(Table, tablename="device"):
    """放射装置 with its 设备唯一标识 (unique within the client)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    device_uid = Varchar(length=64)
    name = Varchar(length=200)
    type = Varchar(length=100)
    model = Varchar(length=100)
    location = Varchar(length=200)
    #: The register's (issue 16, source 001 module 6): in use from installation to retirement.
    installed_on = Date(null=True, default=None)
    retired_on = Date(null=True, default=None)
    #: ``radrules.model.RadiationProject`` value the device serves.
    project = Varchar(length=20, null=True, default=None)
    manufacturer = Varchar(length=200, null=True, default=None)
    serial_no = Varchar(length=100, null=True, default=None)


class Worker(Table, tablename="worker"):
    """放射工作人员 (source 000 §5.2.2.2)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    id_number = Varchar(length=18)
    dosimeter_no = Varchar(length=64, null=True, default=None)
    #: The register's (issue 16, source 001 module 8): radiation work at this unit, from/to.
    started_on = Date(null=True, default=None)
    left_on = Date(null=True, default=None)
    department = Varchar(length=100, null=True, default=None)
    #: 职业类别 of GBZ 128 (2A 诊断放射学 …), as the unit classes the worker.
    occupation = Varchar(length=10, null=True, default=None)


class MonitoringAssignment(Table, tablename="monitoring_assignment"):
    """The institution that monitors a worker's dose, and for which period."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    worker = ForeignKey(Worker, on_delete=OnDelete.cascade, index=True)
    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    start = Date()
    end = Date(null=True, default=None)
