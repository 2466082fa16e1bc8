"""Card results computed from reports, through the hook, without importing the plugin
(source 000 §5.3.4 第六步 2、3; FAQ 4)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import attrs
from jiangsu_fixtures import DM, filing

from radrules import (
    ClientKind,
    DoseMonitoringResult,
    EquipmentQcTesting,
    ServiceField,
    WorkplaceTesting,
    computed_card_results,
)

DAY = date(2026, 11, 26)


def test_protection_testing_results_from_the_device_test_report() -> None:
    results = computed_card_results(filing(), as_of=DAY)
    assert results is not None and results.protection_testing is not None
    assert results.protection_testing.workplace == WorkplaceTesting(
        points_tested=6, exceeding_points=1, hazard_types=("X射线",)
    )
    assert results.protection_testing.equipment_qc == EquipmentQcTesting(
        devices_tested=3, failing_devices=1, failing_device_names=("计算机X射线摄影系统（CR）",)
    )


def test_dose_monitoring_results_from_the_dose_report() -> None:
    results = computed_card_results(filing(DM), as_of=DAY)
    assert results is not None
    # 0.21, 0.58, 5.0 (on the lower band edge) and 20.4 mSv.
    assert results.dose_monitoring == DoseMonitoringResult(
        workers_monitored=4, workers_5_to_20=1, workers_over_20=1
    )


def test_typed_by_hand_for_other_clients_and_fields() -> None:
    f = filing()
    card = f.report_card
    assert card is not None
    enterprise = attrs.evolve(card, client=attrs.evolve(card.client, kind=ClientKind.enterprise))
    assert computed_card_results(attrs.evolve(f, report_card=enterprise), as_of=DAY) is None
    evaluation = attrs.evolve(card, service_field=ServiceField.protection_evaluation)
    assert computed_card_results(attrs.evolve(f, report_card=evaluation), as_of=DAY) is None
    outside = attrs.evolve(card, client=attrs.evolve(card.client, division_code="330106"))
    assert computed_card_results(attrs.evolve(f, report_card=outside), as_of=DAY) is None


def test_the_core_never_imports_plugins_or_web_frameworks() -> None:
    code = (
        "import sys, radrules, radrules.cli, radrules.services.workflow, radrules.services.qc_codes, radrules.accounts;"
        "bad=[m for m in sys.modules if m.split('.')[0] in"
        " ('radrules_plugins','radrules_webshell','litestar','piccolo')];"
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
