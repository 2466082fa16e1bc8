"""The rule engine: jurisdiction chains, overrides, effective windows, parameters, explanations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from radrules_plugins import national

import radrules
from radrules import (
    NATIONAL,
    Citation,
    Finding,
    Jurisdiction,
    ParameterSpec,
    PluginError,
    Registry,
    ReportCard,
    Rule,
    RuleBook,
    RuleContext,
    Severity,
    UnknownJurisdiction,
    UnknownRule,
    hookimpl,
)

CITE = Citation(document="测试文件〔2026〕1号", article="第一条")


def _ruleset(tmp_path: Path, code: str, values: str) -> Path:
    folder = tmp_path / code
    folder.mkdir()
    (folder / "ruleset.yaml").write_text(f"jurisdiction: '{code}'\nversion: '9.9'\ntitle: 测试\n", "utf-8")
    (folder / "max_participants.yaml").write_text(values, "utf-8")
    return folder


class _Province:
    """A province plugin written as a test would: overrides one national rule, adds one of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.book = RuleBook("33", valid_from=date(2022, 1, 1))

        @self.book.rule(
            "ZJ.card.scope",
            title="超范围不予受理",
            applies_to=ReportCard,
            cites=[CITE],
            overrides="NAT.card.qualification.scope",
        )
        def scope(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
            q = card.institution.qualification
            if q is None or card.service_field not in q.service_scope:
                yield ctx.finding("service_field", "不予受理")

        @self.book.rule(
            "ZJ.card.participants.max",
            title="参与人员不超过上限",
            applies_to=ReportCard,
            cites=[CITE],
            severity=Severity.warning,
            parameters=["max_participants"],
        )
        def too_many(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
            limit = ctx.param("max_participants", on=card.report_issued_on)
            if len(card.participants) > limit:
                yield ctx.finding(
                    "participants", f"参与人员超过{limit}人", values={"count": len(card.participants)}
                )

    @hookimpl
    def radrules_jurisdictions(self) -> Sequence[Jurisdiction]:
        return [
            Jurisdiction(
                code="33",
                slug="zhejiang",
                name="浙江省",
                ruleset=self.folder,
                parameters=[ParameterSpec(name="max_participants", type=int)],
            )
        ]

    @hookimpl
    def radrules_rules(self) -> Sequence[Rule]:
        return self.book.rules


VALUES = """
description: 参与人员上限
values:
  - valid_from: 2022-01-01
    valid_to: 2026-06-30
    value: 5
    source: {document: 测试文件〔2026〕1号, article: 第二条}
  - valid_from: 2026-07-01
    value: 1
    source: {document: 测试文件〔2026〕2号, article: 第二条}
"""


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry.from_plugins(
        national, _Province(_ruleset(tmp_path, "33", VALUES)), names=["national", "zhejiang"]
    )


def test_chain_comes_from_the_service_address(
    registry: Registry, card_json: dict[str, Any], as_of: date
) -> None:
    result = radrules.check(card_json, as_of=as_of, registry=registry)
    assert result.jurisdictions == (NATIONAL, "33")
    national_version = registry.ruleset(NATIONAL).meta.version  # type: ignore[union-attr]
    assert result.ruleset_versions == {"national": national_version, "33": "9.9"}


def test_a_province_without_plugin_gets_the_national_baseline(
    registry: Registry, card_json: dict[str, Any], as_of: date
) -> None:
    card_json["report_card"]["service_address"] = {"division_code": "440106", "address": "广州市天河区"}
    assert radrules.check(card_json, as_of=as_of, registry=registry).jurisdictions == (NATIONAL,)


def test_province_can_be_forced(registry: Registry, card_json: dict[str, Any], as_of: date) -> None:
    card_json["report_card"]["service_address"] = {"division_code": "440106"}
    for name in ("zhejiang", "33", "浙江省", "浙江"):
        assert radrules.check(card_json, as_of=as_of, province=name, registry=registry).jurisdictions == (
            NATIONAL,
            "33",
        )
    with pytest.raises(UnknownJurisdiction, match="zhejiang"):
        radrules.check(card_json, as_of=as_of, province="atlantis", registry=registry)


def test_override_replaces_the_national_rule(
    registry: Registry, card_json: dict[str, Any], as_of: date
) -> None:
    card_json["report_card"]["institution"]["qualification"]["service_scope"] = ["dose_monitoring"]
    ids = [f.rule_id for f in radrules.check(card_json, as_of=as_of, registry=registry).findings]
    assert "ZJ.card.scope" in ids
    assert "NAT.card.qualification.scope" not in ids
    # Outside the province, the national rule still applies.
    card_json["report_card"]["service_address"] = {"division_code": "440106"}
    ids = [f.rule_id for f in radrules.check(card_json, as_of=as_of, registry=registry).findings]
    assert ids == ["NAT.card.qualification.scope"]


def test_rules_outside_their_window_do_not_run(registry: Registry, card_json: dict[str, Any]) -> None:
    card_json["report_card"]["institution"]["qualification"]["service_scope"] = ["dose_monitoring"]
    card_json["report_card"]["report_issued_on"] = "2021-06-01"
    card_json["report_card"]["filler"]["filled_on"] = "2021-06-02"
    card_json["report_card"]["filed_on"] = "2021-06-02"
    card_json["report_card"]["institution"]["qualification"]["issued_on"] = "2021-01-01"
    for p in card_json["report_card"]["participants"]:
        for d in p["duties"]:
            for period in d.get("periods", []):
                period["start"] = "2021-05-30T09:00"
                period["end"] = "2021-05-30T12:00"
    ids = [f.rule_id for f in radrules.check(card_json, as_of=date(2021, 12, 1), registry=registry).findings]
    # The province's rule starts in 2022, so the national rule it overrides is still the one in force.
    assert ids == ["NAT.card.qualification.scope"]


def test_findings_carry_the_dated_parameters_they_read(
    registry: Registry, card_json: dict[str, Any], as_of: date
) -> None:
    result = radrules.check(card_json, as_of=as_of, registry=registry)
    (finding,) = [f for f in result.findings if f.rule_id == "ZJ.card.participants.max"]
    assert finding.severity is Severity.warning
    assert result.ok  # a warning does not block
    (use,) = finding.parameters
    assert (use.name, use.value, use.valid_from, use.ruleset_version) == (
        "max_participants",
        1,
        date(2026, 7, 1),
        "9.9",
    )
    assert use.sources[0].document == "测试文件〔2026〕2号"
    # A report issued before the change is read against the earlier value.
    card_json["report_card"]["report_issued_on"] = "2026-06-30"
    card_json["report_card"]["filler"]["filled_on"] = "2026-07-01"
    for p in card_json["report_card"]["participants"]:
        for d in p["duties"]:
            for period in d.get("periods", []):
                period["start"], period["end"] = "2026-06-29T09:00", "2026-06-29T12:00"
    assert not [
        f
        for f in radrules.check(card_json, as_of=as_of, registry=registry).findings
        if f.rule_id.startswith("ZJ")
    ]


def test_explain_gives_window_citations_and_parameter_history(registry: Registry) -> None:
    e = radrules.explain("ZJ.card.participants.max", registry=registry)
    assert e.valid_from == "2022-01-01"
    assert e.citations == (CITE,)
    (p,) = e.parameters
    assert [v.value for v in p.parameter.values] == [5, 1]
    assert radrules.explain("NAT.card.qualification.scope", registry=registry).overridden_by == (
        "ZJ.card.scope",
    )
    with pytest.raises(UnknownRule, match="是否应为 ZJ.card.participants.max"):
        radrules.explain("ZJ.card.participants.mx", registry=registry)


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    folder = _ruleset(tmp_path, "33", VALUES)
    with pytest.raises(PluginError, match="重复"):
        Registry.from_plugins(national, _Province(folder), _Twin(), names=["national", "zhejiang", "twin"])


class _Twin:
    @hookimpl
    def radrules_rules(self) -> Sequence[Rule]:
        book = RuleBook(NATIONAL)
        book.rule("NAT.card.uscc", title="重复", applies_to=ReportCard, cites=[CITE])(lambda card, ctx: ())
        return book.rules


def test_override_must_target_an_ancestor(tmp_path: Path) -> None:
    class Rogue:
        @hookimpl
        def radrules_rules(self) -> Sequence[Rule]:
            book = RuleBook(NATIONAL)
            book.rule(
                "NAT.card.rogue", title="x", applies_to=ReportCard, cites=[CITE], overrides="ZJ.card.scope"
            )(lambda card, ctx: ())
            return book.rules

    with pytest.raises(PluginError, match="只能覆盖上级辖区"):
        Registry.from_plugins(
            national, _Province(_ruleset(tmp_path, "33", VALUES)), Rogue(), names=["n", "z", "r"]
        )


def test_rule_book_refuses_bad_definitions() -> None:
    book = RuleBook("33")
    with pytest.raises(ValueError, match="must look like"):
        book.rule("bad id", title="x", applies_to=ReportCard, cites=[CITE])
    with pytest.raises(ValueError, match="cite"):
        book.rule("ZJ.x.y", title="x", applies_to=ReportCard, cites=[])


def test_a_crashing_rule_names_itself(card_json: dict[str, Any], as_of: date) -> None:
    class Broken:
        @hookimpl
        def radrules_rules(self) -> Sequence[Rule]:
            book = RuleBook(NATIONAL)
            book.rule("NAT.card.broken", title="x", applies_to=ReportCard, cites=[CITE])(
                lambda card, ctx: 1 / 0
            )
            return book.rules

    registry = Registry.from_plugins(national, Broken(), names=["national", "broken"])
    with pytest.raises(ZeroDivisionError) as info:
        radrules.check(card_json, as_of=as_of, registry=registry)
    assert "in rule NAT.card.broken" in "".join(getattr(info.value, "__notes__", []))


def test_entry_point_registry_lists_the_national_plugin() -> None:
    registry = Registry.load(only=["national"])
    (info,) = registry.plugins()
    assert info.name == "national"
    assert info.jurisdictions == (NATIONAL,)
    assert "radrules_rules" in info.hooks
    with pytest.raises(PluginError, match="未安装"):
        Registry.load(only=["national", "nowhere"])


def test_a_late_fujian_card_can_still_be_submitted_and_keeps_the_record() -> None:
    """闽卫职健函〔2021〕847号 第五条: lateness is recorded as an error, but it does not stop filing."""
    from datetime import datetime

    from radrules import parse_json, submit

    path = (
        Path(__file__).resolve().parent.parent
        / "examples"
        / "fujian"
        / "invalid-draft-unfiled-after-deadline.json"
    )
    filing = radrules.filing_from_json(parse_json(path.read_bytes()))
    before = radrules.check(filing, as_of=date(2026, 11, 26))
    assert [f.rule_id for f in before.errors] == ["FJ.card.filing-deadline"]
    assert before.blocking("submit") == ()
    moved = submit(
        filing, actor="tester", at=datetime(2026, 11, 26, 10, 0), sequence=radrules.InMemoryQcSequence()
    )
    assert moved.card.filed_on == date(2026, 11, 26)
    (late,) = moved.check.errors
    assert late.rule_id == "FJ.card.filing-deadline" and late.values["filed_on"] == "2026-11-26"
