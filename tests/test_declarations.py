"""What plugins declare is checked when they load, and refusals name the plugin and the rule.

Issue 11 §3: a rule whose ``applies_to`` the engine never dispatches used to load, be listed
and never run; a typo in a parameter name failed deep in the parameter view, naming the
jurisdiction; the description of a parameter lived in two places.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from radrules_plugins import national

import radrules
from radrules import (
    NATIONAL,
    Citation,
    Finding,
    Jurisdiction,
    ParameterSpec,
    Participant,
    PluginError,
    Registry,
    ReportCard,
    Rule,
    RuleBook,
    RuleContext,
    RulesetError,
    hookimpl,
)
from radrules.engine import dispatch
from radrules.ruleset.loader import load_ruleset

CITE = Citation(document="测试文件〔2026〕1号", article="第一条")


def _folder(tmp_path: Path, parameter: str = "max_participants", description: bool = True) -> Path:
    folder = tmp_path / "33"
    folder.mkdir()
    (folder / "ruleset.yaml").write_text("jurisdiction: '33'\nversion: '1'\ntitle: 测试\n", "utf-8")
    head = "description: 参与人员上限\n" if description else ""
    (folder / f"{parameter}.yaml").write_text(
        head
        + "values:\n  - valid_from: 2022-01-01\n    value: 5\n    source: {document: 测试文件〔2026〕1号}\n",
        "utf-8",
    )
    return folder


class Province:
    """A plugin declaring ``33`` with one parameter, and whatever rules a test gives it."""

    def __init__(self, folder: Path | None, book: RuleBook) -> None:
        self.folder = folder
        self.book = book

    @hookimpl
    def radrules_jurisdictions(self) -> Sequence[Jurisdiction]:
        specs = [ParameterSpec(name="max_participants", type=int)] if self.folder else []
        return [
            Jurisdiction(code="33", slug="zhejiang", name="浙江省", ruleset=self.folder, parameters=specs)
        ]

    @hookimpl
    def radrules_rules(self) -> Sequence[Rule]:
        return self.book.rules


def _load(plugin: object) -> Registry:
    return Registry.from_plugins(national, plugin, names=["national", "zhejiang"])


def _nothing(doc: Any, ctx: RuleContext) -> Iterator[Finding]:
    return iter(())


def test_a_rule_on_a_type_never_dispatched_is_refused_naming_plugin_and_rule() -> None:
    book = RuleBook("33")
    book.rule("ZJ.participant.name", title="人员姓名", applies_to=Participant, cites=[CITE])(_nothing)
    with pytest.raises(PluginError) as caught:
        _load(Province(None, book))
    message = str(caught.value)
    assert "插件 zhejiang 的规则 ZJ.participant.name检查 Participant" in message
    assert "永远不会运行" in message and "ReportCard" in message  # says what is dispatched


def test_a_parameter_no_jurisdiction_of_the_chain_declares_is_refused(tmp_path: Path) -> None:
    book = RuleBook("33")
    book.rule(
        "ZJ.card.participants",
        title="人数",
        applies_to=ReportCard,
        cites=[CITE],
        parameters=["max_participant"],
    )(_nothing)
    with pytest.raises(
        PluginError, match=r"插件 zhejiang 的规则 ZJ\.card\.participants声明读取参数 max_participant"
    ) as caught:
        _load(Province(_folder(tmp_path), book))
    assert "max_participants" in str(caught.value)  # lists what is declared, so the typo shows


def test_a_national_rule_cannot_name_a_provincial_parameter(tmp_path: Path) -> None:
    class Borrower:
        @hookimpl
        def radrules_rules(self) -> Sequence[Rule]:
            book = RuleBook(NATIONAL)
            book.rule(
                "NAT.card.borrowed",
                title="借用",
                applies_to=ReportCard,
                cites=[CITE],
                parameters=["max_participants"],
            )(_nothing)
            return book.rules

    with pytest.raises(
        PluginError, match="插件 borrower 的规则 NAT.card.borrowed声明读取参数 max_participants"
    ):
        Registry.from_plugins(
            national,
            Province(_folder(tmp_path), RuleBook("33")),
            Borrower(),
            names=["national", "zhejiang", "borrower"],
        )


def test_reading_an_undeclared_parameter_fails_naming_the_rule(
    tmp_path: Path, card_json: dict[str, Any], as_of: date
) -> None:
    book = RuleBook("33")

    @book.rule("ZJ.card.sneaky", title="偷读参数", applies_to=ReportCard, cites=[CITE])
    def sneaky(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
        if len(card.participants) > ctx.param("max_participants"):
            yield ctx.finding("participants", "过多")

    registry = _load(Province(_folder(tmp_path), book))
    with pytest.raises(
        PluginError, match=r"规则 ZJ\.card\.sneaky（test_declarations）读取了参数 max_participants"
    ):
        radrules.check(card_json, as_of=as_of, province="33", registry=registry)


def test_a_declared_parameter_is_read_and_explained(
    tmp_path: Path, card_json: dict[str, Any], as_of: date
) -> None:
    book = RuleBook("33")

    @book.rule(
        "ZJ.card.participants",
        title="人数",
        applies_to=ReportCard,
        cites=[CITE],
        parameters=["max_participants"],
    )
    def participants(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
        if len(card.participants) > ctx.param("max_participants") - 5:
            yield ctx.finding("participants", "过多")

    registry = _load(Province(_folder(tmp_path), book))
    found = radrules.check(card_json, as_of=as_of, province="33", registry=registry).findings
    assert [f.rule_id for f in found] == ["ZJ.card.participants"]
    # The description is the ruleset file's, the one place it is written.
    explained = radrules.explain("ZJ.card.participants", registry=registry)
    assert explained.parameters[0].parameter.description == "参与人员上限"


def test_a_parameter_description_lives_in_the_ruleset_file_only(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="description"):
        ParameterSpec(name="max_participants", type=int, description="参与人员上限")  # type: ignore[call-arg]
    with pytest.raises(RulesetError, match=r"max_participants\.yaml: description"):
        load_ruleset(_folder(tmp_path, description=False), [ParameterSpec(name="max_participants", type=int)])


@attrs.frozen(kw_only=True)
class Inspection:
    """A toy envelope of a new domain: one site and its rooms."""

    site: str
    rooms: tuple[Room, ...] = ()


@attrs.frozen(kw_only=True)
class Room:
    name: str
    shielded: bool


def test_a_new_envelope_is_one_declaration(
    monkeypatch: pytest.MonkeyPatch, card_json: dict[str, Any]
) -> None:
    book = RuleBook("33")

    @book.rule("ZJ.room.shielded", title="机房须有屏蔽", applies_to=Room, cites=[CITE])
    def shielded(room: Room, ctx: RuleContext) -> Iterator[Finding]:
        if not room.shielded:
            yield ctx.finding("shielded", f"{room.name}无屏蔽")

    with pytest.raises(PluginError, match="检查 Room"):
        _load(Province(None, book))
    monkeypatch.setitem(dispatch._ENVELOPES, Inspection, ())  # undone after the test
    dispatch.register_documents(Inspection, (Inspection, ""), (Room, "rooms"))
    registry = _load(Province(None, book))
    plan = registry.plan(registry.chain("33"), date(2026, 11, 26))
    envelope = Inspection(
        site="某医院", rooms=(Room(name="1号机房", shielded=True), Room(name="2号机房", shielded=False))
    )
    ctx = RuleContext(filing=radrules.Filing(), as_of=plan.as_of, chain=plan.chain, params=plan.params)
    found = dispatch.check_documents(plan.rules, envelope, ctx)
    assert [(f.rule_id, f.path) for f in found] == [("ZJ.room.shielded", "rooms[1].shielded")]
    assert dispatch.envelope_types(Inspection) == (Inspection, Room)


def test_docs_plugins_lists_every_type_a_rule_can_check() -> None:
    text = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("### What a rule can check")[1].split("\n### ")[0]
    missing = sorted(t.__name__ for t in radrules.dispatched_types() if f"`{t.__name__}`" not in section)
    assert not missing, f"docs/plugins.md, What a rule can check: add {missing}"
