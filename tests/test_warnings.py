"""radrules.warnings(): reading registers strictly, the warning policy as ruleset data,
stable warning identities, and every warning rule proven by a golden case."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from radrules_plugins import national

import radrules
from radrules import (
    NATIONAL,
    InputError,
    Jurisdiction,
    ParameterSpec,
    Registry,
    RulesetError,
    WarningGrading,
    WarningLeadDays,
    WarningRecipients,
    hookimpl,
    parse_json,
)
from radrules.model import register as model
from radrules.supervision.catalogue import is_warning_rule
from radrules.testing import load_cases

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "supervision" / "clean-hospital-all-in-order.json"
AS_OF = date(2026, 11, 26)


@pytest.fixture
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = parse_json(CLEAN.read_bytes())
    return loaded


def _unit(data: dict[str, Any]) -> dict[str, Any]:
    unit: dict[str, Any] = data["unit_register"]
    return unit


def test_the_clean_example_has_no_warning_and_says_its_chain(data: dict[str, Any]) -> None:
    report = radrules.warnings(data, as_of=AS_OF)
    assert report.warnings == ()
    assert report.jurisdictions == (NATIONAL,)
    assert not report.actionable
    assert report.label(radrules.WarningLevel.high) == "严重预警"


def test_a_register_object_and_its_json_give_the_same_warnings(data: dict[str, Any]) -> None:
    _unit(data)["workers"][0]["certificate_no"] = None
    from_json = radrules.warnings(data, as_of=AS_OF)
    document = radrules.structure(data, model.RegisterDocument)
    assert radrules.warnings(document.unit_register, as_of=AS_OF).warnings == from_json.warnings
    assert [w.rule_id for w in from_json.warnings] == ["NAT.unit.worker.certificate"]


def test_unknown_keys_and_wrong_types_name_the_json_path(data: dict[str, Any]) -> None:
    _unit(data)["devices"][1]["tests"][0]["passd"] = True
    with pytest.raises(InputError) as caught:
        radrules.warnings(data, as_of=AS_OF)
    assert caught.value.path == "unit_register.devices[1].tests[0].passd"
    assert "是否应为 passed" in caught.value.message
    del _unit(data)["devices"][1]["tests"][0]["passd"]
    _unit(data)["workers"][0]["doses"][3]["hp10"] = "0.1"
    with pytest.raises(InputError) as caught:
        radrules.warnings(data, as_of=AS_OF)
    assert caught.value.path == "unit_register.workers[0].doses[3].hp10"


def test_every_list_is_bounded(data: dict[str, Any]) -> None:
    worker = _unit(data)["workers"][0]
    worker["doses"] = [worker["doses"][0]] * (model.MAX_DOSES + 1)
    with pytest.raises(InputError) as caught:
        radrules.warnings(data, as_of=AS_OF)
    # refused by its bound before any item is structured, at the list's own path
    assert caught.value.path == "unit_register.workers[0].doses"
    assert f"doses 最多{model.MAX_DOSES}项" in caught.value.message
    bounded = {
        (cls.__name__, f.name)
        for cls in (model.UnitRegister, model.Licence, model.RegisteredDevice, model.RegisteredWorker)
        for f in cls.__attrs_attrs__  # type: ignore[attr-defined]
        if str(f.type).startswith("tuple")
    }
    limited = {
        (cls.__name__, f.name)
        for cls in (model.UnitRegister, model.Licence, model.RegisteredDevice, model.RegisteredWorker)
        for f in cls.__attrs_attrs__  # type: ignore[attr-defined]
        if getattr(f.validator, "limit", None) is not None
    }
    assert bounded == limited


def test_a_division_code_that_names_no_county_or_city_is_unreadable(data: dict[str, Any]) -> None:
    _unit(data)["unit"]["division_code"] = "510000"
    with pytest.raises(InputError) as caught:
        radrules.warnings(data, as_of=AS_OF)
    assert caught.value.path == "unit_register.unit.division_code"


def test_keys_are_stable_when_list_positions_change(data: dict[str, Any]) -> None:
    for worker in _unit(data)["workers"]:
        worker["certificate_no"] = None
    first = radrules.warnings(data, as_of=AS_OF)
    _unit(data)["workers"].reverse()
    second = radrules.warnings(data, as_of=AS_OF)
    assert {w.key for w in first.warnings} == {w.key for w in second.warnings}
    assert {w.path for w in first.warnings} == {w.path for w in second.warnings}  # same two positions
    by_key = {w.key: w.path for w in first.warnings}
    assert all(by_key[w.key] != w.path for w in second.warnings)  # but each worker moved
    assert all(
        w.key.startswith("12511500MB0000123T/NAT.unit.worker.certificate/worker:") for w in first.warnings
    )


def test_several_warnings_of_one_rule_and_subject_differ_by_occurrence(data: dict[str, Any]) -> None:
    doses = _unit(data)["workers"][0]["doses"]
    for i in (22, 26):  # 2025 and 2026, each quarter above 1.25 mSv
        doses[i]["hp10"] = 1.5
    report = radrules.warnings(data, as_of=AS_OF)
    keys = [w.key for w in report.warnings]
    assert len(keys) == len(set(keys)) == 2
    assert {w.about for w in report.warnings} == {"2025-01-01~2025-03-31", "2026-01-01~2026-03-31"}


def test_warnings_come_gravest_first_with_the_parameters_they_read(data: dict[str, Any]) -> None:
    unit = _unit(data)
    unit["licences"][0]["verified_on"] = "2023-12-10"  # low: due in 14 days
    unit["workers"][1]["certificate_no"] = None  # high
    unit["workers"][0]["trainings"][3]["passed"] = False  # medium
    report = radrules.warnings(data, as_of=AS_OF)
    assert [w.level.value for w in report.warnings] == ["high", "medium", "low"]
    interval = report.warnings[1]
    used = {p.name for p in interval.parameters}
    assert {"training_interval_years", "warning_grading", "warning_recipients"} <= used
    assert report.summary()["by_level"] == {"low": 1, "medium": 1, "high": 1}
    assert report.summary()["by_category"]["licence"] == 1


def test_grading_covers_exactly_the_warning_rules() -> None:
    registry = radrules.default_registry()
    rules = {r.id for r in registry.rules.values() if is_warning_rule(r) and r.jurisdiction == NATIONAL}
    ruleset = registry.ruleset(NATIONAL)
    assert ruleset is not None
    for value in ruleset.parameters["warning_grading"].values:
        assert set(value.value.rules) == rules


def test_every_warning_rule_has_a_golden_case_that_raises_it() -> None:
    registry = radrules.default_registry()
    rules = {r.id for r in registry.rules.values() if is_warning_rule(r)}
    pinned: set[str] = set()
    for file in (ROOT / "plugins").glob("*/golden/*.golden.yaml"):
        for case in load_cases(file):
            if case.kind == "warnings":
                pinned |= {item["rule"] for item in case.expect["warnings"]}
    assert rules - pinned == set()


def test_warning_rule_refuses_a_type_the_register_does_not_dispatch() -> None:
    book = radrules.RuleBook("51")
    with pytest.raises(ValueError, match="applies_to must be one of"):
        radrules.warning_rule(book, "SC.unit.x", title="x", applies_to=model.TrainingRecord, cites=[])  # type: ignore[type-var]


# -- the policy as ruleset data: a province regrades, a city changes lead times and recipients


def _write(folder: Path, name: str, value: str) -> None:
    (folder / f"{name}.yaml").write_text(
        f"description: test\nvalues:\n  - valid_from: 2020-01-01\n    source: {{document: source 001}}\n    value: {value}\n",
        encoding="utf-8",
    )


class _Sichuan:
    """A province plugin whose ruleset regrades one national rule and sets Yibin's own policy."""

    def __init__(self, folder: Path, specs: Sequence[ParameterSpec]) -> None:
        self.folder = folder
        self.specs = specs

    @hookimpl
    def radrules_jurisdictions(self) -> list[Jurisdiction]:
        return [
            Jurisdiction(code="51", slug="sichuan", name="四川省", ruleset=self.folder, parameters=self.specs)
        ]


def _sichuan(tmp_path: Path, grading: str, **others: str) -> Registry:
    folder = tmp_path / "sichuan"
    folder.mkdir()
    (folder / "ruleset.yaml").write_text('jurisdiction: "51"\nversion: "1"\ntitle: 测试\n', encoding="utf-8")
    specs = [ParameterSpec(name="warning_grading", type=WarningGrading)]
    _write(folder, "warning_grading", grading)
    types = {
        "warning_lead_days": WarningLeadDays,
        "warning_recipients": WarningRecipients,
        "monitoring_period_calendar_quarter": bool,
    }
    for name, value in others.items():
        specs.append(ParameterSpec(name=name, type=types[name]))
        _write(folder, name, value)
    return Registry.from_plugins(national, _Sichuan(folder, specs), names=["national", "sichuan"])


def _overdue_training(data: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    _unit(changed)["workers"][0]["trainings"][3]["passed"] = False
    return changed


def test_a_province_regrades_one_rule_through_its_ruleset(tmp_path: Path, data: dict[str, Any]) -> None:
    registry = _sichuan(tmp_path, "{regrade: {NAT.unit.training.interval: high}}")
    report = radrules.warnings(_overdue_training(data), as_of=AS_OF, registry=registry)
    assert report.jurisdictions == (NATIONAL, "51")
    (w,) = report.warnings
    assert (w.level.value, w.category.value, w.notify) == ("high", "training", ("511502", "511500"))
    elsewhere = copy.deepcopy(_overdue_training(data))
    _unit(elsewhere)["unit"]["division_code"] = "320102"
    assert radrules.warnings(elsewhere, as_of=AS_OF, registry=registry).warnings[0].level.value == "medium"


def test_a_city_regrades_and_changes_recipients_and_lead_times(tmp_path: Path, data: dict[str, Any]) -> None:
    registry = _sichuan(
        tmp_path,
        '{local: {"5115": {NAT.unit.training.interval: low}}}',
        warning_lead_days='{default: 30, local: {"5115": {rules: {NAT.unit.licence.verification-due: 90}}}}',
        warning_recipients='{levels: {low: [], medium: [county], high: [county, city]}, local: {"511502": {low: [county]}}}',
    )
    report = radrules.warnings(_overdue_training(data), as_of=AS_OF, registry=registry)
    (w,) = report.warnings
    assert (w.level.value, w.notify) == ("low", ("511502",))
    soon = copy.deepcopy(data)
    _unit(soon)["licences"][0]["verified_on"] = "2024-02-20"  # due 2027-02-20: 86 days ahead
    (reminder,) = radrules.warnings(soon, as_of=AS_OF, registry=registry).warnings
    assert reminder.rule_id == "NAT.unit.licence.verification-due"
    assert radrules.warnings(soon, as_of=AS_OF).warnings == ()  # 30 days nationally


def test_a_province_that_reads_90_days_strictly_refuses_the_third_quarter(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    registry = _sichuan(tmp_path, "{}", monitoring_period_calendar_quarter="false")
    paths = [w.path for w in radrules.warnings(data, as_of=AS_OF, registry=registry).warnings]
    # every July–September and October–December of both workers: 92 days each
    assert paths and all(p.endswith(".period_end") for p in paths)
    assert "workers[0].doses[28].period_end" in paths  # 2026-07-01..09-30
    assert radrules.warnings(data, as_of=AS_OF).warnings == ()  # nationally a quarter passes


def test_regrading_an_ungraded_rule_is_a_ruleset_error(tmp_path: Path, data: dict[str, Any]) -> None:
    registry = _sichuan(tmp_path, "{regrade: {NAT.unit.no-such-rule: high}}")
    with pytest.raises(RulesetError, match="NAT.unit.no-such-rule"):
        radrules.warnings(data, as_of=AS_OF, registry=registry)


def test_a_rule_missing_from_the_grading_is_refused_before_any_warning(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    registry = _sichuan(tmp_path, "{}")  # its own copy of the national ruleset, loaded for it alone
    national_grading = registry.ruleset(NATIONAL).parameters["warning_grading"]  # type: ignore[union-attr]
    del national_grading.values[0].value.rules["NAT.unit.worker.id-number"]
    with pytest.raises(RulesetError, match="NAT.unit.worker.id-number 未在 warning_grading 中分级"):
        radrules.warnings(data, as_of=AS_OF, registry=registry)


def test_a_warnings_case_fails_on_a_missing_or_an_extra_warning(tmp_path: Path) -> None:
    from radrules.testing import CaseFailure, run_case

    file = tmp_path / "cases.golden.yaml"
    file.write_text(
        f"""
- name: 期望无预警，实际有一条
  kind: warnings
  article: 卫生部令第55号 第五条（五）
  register: {CLEAN}
  set: {{"unit_register.workers[0].certificate_no": null}}
  as_of: 2026-11-26
  expect: {{warnings: []}}
- name: 期望的等级不对
  kind: warnings
  article: 卫生部令第55号 第五条（五）
  register: {CLEAN}
  set: {{"unit_register.workers[0].certificate_no": null}}
  as_of: 2026-11-26
  expect:
    warnings: [{{rule: NAT.unit.worker.certificate, path: "workers[0].certificate_no", level: low}}]
- name: 未知键
  kind: warnings
  article: x
  register: {CLEAN}
  as_of: 2026-11-26
  expect:
    warnings: [{{rule: NAT.unit.worker.certificate, path: x, levle: low}}]
""",
        encoding="utf-8",
    )
    extra, wrong_level, typo = load_cases(file)
    with pytest.raises(CaseFailure, match="多出 / unexpected: NAT.unit.worker.certificate"):
        run_case(extra)
    with pytest.raises(CaseFailure, match="缺少 / missing"):
        run_case(wrong_level)
    with pytest.raises(CaseFailure, match="未知键 levle"):
        run_case(typo)


def test_a_worker_device_or_licence_listed_twice_is_unreadable(data: dict[str, Any]) -> None:
    workers = _unit(data)["workers"]
    workers.append(copy.deepcopy(workers[0]) | {"name": "李明（重复录入）"})
    with pytest.raises(InputError) as caught:
        radrules.warnings(data, as_of=AS_OF)
    assert caught.value.path == "unit_register"
    assert "workers[2] 的身份证号 511502198503120029 与 workers[0] 相同" in caught.value.message
    workers.pop()
    _unit(data)["devices"][1]["device_id"] = " DR-01"
    with pytest.raises(InputError, match="devices\\[1\\] 的设备编号 DR-01 与 devices\\[0\\] 相同"):
        radrules.warnings(data, as_of=AS_OF)


def test_keys_stay_unique_when_one_occurrence_is_entered_twice(data: dict[str, Any]) -> None:
    doses = _unit(data)["workers"][0]["doses"]
    doses[27] = dict(doses[28]) | {"hp10": 1.5}  # Q3 2026 twice, both above 1.25 mSv
    doses[28]["hp10"] = 1.5
    keys = [w.key for w in radrules.warnings(data, as_of=AS_OF).warnings]
    assert len(keys) == len(set(keys))
    assert any(k.endswith("#2") for k in keys)
