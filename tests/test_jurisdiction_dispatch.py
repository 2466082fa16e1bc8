"""The registry asks a jurisdiction hook only of the plugin that declared the jurisdiction.

Reproduces the failure of issue 11: a toy plugin whose ``radrules_filing_deadline`` had no
``if jurisdiction != CODE`` guard took over Fujian, and ``radrules deadline --province
fujian`` failed with “辖区 national/35 的规则集中没有参数 filing_days”, naming Fujian, not the
toy. Plugins now carry no guard; the registry routes by declaration.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from radrules_plugins import fujian, national

from radrules import (
    Citation,
    Deadline,
    Institution,
    Jurisdiction,
    ParameterSpec,
    ParameterView,
    PluginError,
    Registry,
    add_working_days,
    filing_deadline,
    hookimpl,
    hookspecs,
    institution_facts,
    set_default_registry,
)
from radrules.cli import main

TOY_NOTICE = Citation(document="玩具〔2026〕1号", article="第一条")


class Toy:
    """A province plugin as a careless author writes it: no jurisdiction guard anywhere."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[str] = []

    @hookimpl
    def radrules_jurisdictions(self) -> Sequence[Jurisdiction]:
        spec = ParameterSpec(name="filing_days", type=int)
        return [Jurisdiction(code="99", slug="toy", name="玩具省", ruleset=self.folder, parameters=[spec])]

    @hookimpl
    def radrules_filing_deadline(self, jurisdiction: str, issued_on: date, params: ParameterView) -> Deadline:
        self.asked.append(jurisdiction)
        days = params.get("filing_days", on=issued_on)  # Fujian's chain has no such parameter
        return Deadline(
            due=add_working_days(issued_on, days), basis=(TOY_NOTICE,), note="玩具", working_days=days
        )

    @hookimpl
    def radrules_institution_facts(self, institution: Institution) -> Sequence[tuple[str, str]]:
        return [("玩具编号", institution.uscc)]


@pytest.fixture
def toy(tmp_path: Path) -> Toy:
    folder = tmp_path / "toy"
    folder.mkdir()
    (folder / "ruleset.yaml").write_text("jurisdiction: '99'\nversion: '1'\ntitle: 玩具\n", "utf-8")
    (folder / "filing_days.yaml").write_text(
        "description: 报送期限（工作日）\nvalues:\n  - valid_from: 2026-01-01\n    value: 5\n    source: {document: 玩具〔2026〕1号}\n",
        "utf-8",
    )
    return Toy(folder)


@pytest.fixture
def registry(toy: Toy) -> Registry:
    # The toy registered last: pluggy would call it first for every jurisdiction.
    return Registry.from_plugins(national, fujian, toy, names=["national", "fujian", "toy"])


def test_the_toy_cannot_answer_for_fujian(registry: Registry, toy: Toy) -> None:
    found = filing_deadline("fujian", date(2026, 2, 10), registry=registry)
    assert (found.jurisdiction, found.due, found.working_days) == ("35", date(2026, 3, 9), 15)
    assert found.basis[0].document == "闽卫职健函〔2021〕847号"
    assert toy.asked == []


def test_the_toy_answers_for_its_own_jurisdiction(registry: Registry, toy: Toy) -> None:
    found = filing_deadline("toy", date(2026, 2, 10), registry=registry)
    assert (found.jurisdiction, found.working_days, found.basis) == ("99", 5, (TOY_NOTICE,))
    assert toy.asked == ["99"]


def test_radrules_deadline_province_fujian_works_beside_the_toy(
    registry: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    set_default_registry(registry)
    try:
        code = main(["deadline", "--province", "fujian", "--issued", "2026-02-10", "--format", "json"])
    finally:
        set_default_registry(None)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "filing_days" not in captured.err
    assert json.loads(captured.out)["due"] == "2026-03-09"


def test_collected_facts_come_from_the_chain_only(registry: Registry, toy: Toy) -> None:
    institution = Institution(name="某检测公司", uscc="91320100MA1XYZ1234", division_code="350100")
    assert [label for label, _ in institution_facts("fujian", institution, registry=registry)] == [
        "国家职业卫生技术服务机构管理信息系统用户名"
    ]
    assert institution_facts("toy", institution, registry=registry) == [("玩具编号", "91320100MA1XYZ1234")]


def test_a_jurisdiction_hook_of_a_plugin_that_declares_none_is_refused_naming_it() -> None:
    class Stray:
        @hookimpl
        def radrules_filing_deadline(self, issued_on: date) -> Deadline:
            return Deadline(due=issued_on, basis=(TOY_NOTICE,), note="")

    with pytest.raises(PluginError, match=r"插件 stray 实现了按辖区回答的钩子 radrules_filing_deadline"):
        Registry.from_plugins(national, Stray(), names=["national", "stray"])


def test_a_jurisdiction_declared_twice_names_both_plugins(toy: Toy) -> None:
    with pytest.raises(PluginError, match="辖区 99 被插件 (toy 和 again|again 和 toy) 重复声明"):
        Registry.from_plugins(toy, Toy(toy.folder), names=["toy", "again"])


def test_other_hooks_still_reach_every_plugin(registry: Registry) -> None:
    class Storage:
        @hookimpl
        def radrules_qc_sequence(self, jurisdiction: str, year: int, prefix: str) -> int:
            return 7

    reg = Registry.from_plugins(national, Storage())
    assert reg.hook.radrules_qc_sequence(jurisdiction="32", year=2026, prefix="JS-2026-2") == 7
    with pytest.raises(TypeError, match="not a jurisdiction hook"):
        reg.ask(hookspecs.radrules_qc_sequence, ("national",), year=2026, prefix="x")
