"""Filings (填报): what a technical-service institution hands in (source 000 §5.1–§5.3).

One folder per kind of filing, each cut like every other domain of the web shell
(``tables.py``, ``forms.py``, ``service.py``, ``controllers.py`` and, where the routes pass
400 lines, ``controllers_<what>.py``):

* ``device_tests/`` — 医用辐射装置检测填报 (§5.1): device-test reports and their samples;
* ``doses/`` — 个人剂量监测填报 (§5.2): dose reports, their records and the Excel import;
* ``reports/`` — what those two share: the states 未提交 → 已提交 → 撤回, the list
  filters, the client picked, findings, and the route bodies both kinds call;
* ``cards/`` — 技术服务信息报送卡 (§5.3): the card built from the institution's reports,
  its writes through ``radrules.services.workflow``, QC codes, QR code, PDF and stamped copies.

``device_tests`` and ``doses`` build on ``reports``; ``cards`` builds on ``reports`` too and
reads the two kinds' tables (a card is built from the reports with its number); the only
way back is ``reports`` asking the cards' table whether a handed-in card uses a report
before it may be withdrawn or deleted. No module imports one that imports it. The rules
are the plugins'; this package stores, shows and calls the library.
"""
