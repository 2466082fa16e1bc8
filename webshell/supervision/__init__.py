"""Supervision (source 001, 宜宾市放射卫生监督信息管理系统): the city's registers of radiation
units, their licences, devices and workers' health archives (modules 3–10), the three levels
of authority (§2.3.1, §2.4.3) and the archive moving with its worker (module 20).

One folder per kind of record, cut as docs/webshell.md ("Code layout") describes:
``registers/`` (units, licences, devices), ``archives/`` (workers' 健康监护档案 and their
transfers). The web shell stores and shows; the warnings are the library's
(:func:`radrules.warnings` over :func:`registers.documents.register_of`); docs/supervision.md
describes the module.
"""
