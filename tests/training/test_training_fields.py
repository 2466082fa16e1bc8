"""Byte and character limits, ID masking, labels, bounds and list statuses of training."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from training_helpers import example_json

from radrules import (
    InputError,
    InvalidValue,
    PersonProfile,
    Registration,
    RegistrationStatus,
    TrainingFiling,
    TrainingPlan,
    UnitPlanStatus,
    byte_length,
    check_training,
    mask_id_number,
    path_label,
    plan_action,
    registration_open,
    score_query_range,
    structure,
    unit_plan_status,
    unit_plan_status_of,
    validate_byte_limit,
    validate_char_limit,
)
from radrules.model import profile, training, training_enums


@pytest.mark.parametrize(
    ("text", "gbk", "utf8"),
    [("ABC123", 6, 6), ("职业病", 6, 9), ("苏A-12", 6, 7), ("𠀀", 4, 4), ("", 0, 0)],
)
def test_bytes_as_gbk_and_as_utf8(text: str, gbk: int, utf8: int) -> None:
    assert byte_length(text) == gbk
    assert byte_length(text, "utf-8") == utf8


def test_a_rare_character_counts_four_bytes_even_in_plain_gbk() -> None:
    # GBK has no 𠀀: it must count as the most a character takes, never be undercounted.
    assert byte_length("𠀀", "gbk") == 4


def test_byte_limit_messages_say_how_bytes_are_counted() -> None:
    assert validate_byte_limit("职" * 50, 100) == "职" * 50
    with pytest.raises(InvalidValue, match="按GBK计：汉字每字2个字节.*实际为102个字节"):
        validate_byte_limit("职" * 51, 100)
    with pytest.raises(InvalidValue, match="按UTF-8计：汉字每字3个字节"):
        validate_byte_limit("职" * 34, 100, "utf-8")
    with pytest.raises(InvalidValue, match="最多100个字，实际为101个字"):
        validate_char_limit("字" * 101, 100)


def test_id_numbers_are_masked_to_the_address_code_and_last_four() -> None:
    assert mask_id_number("32010619800312123x") == "320106********123X"
    assert mask_id_number("12345") == "*2345"


def test_every_field_of_the_training_model_has_its_form_label() -> None:
    classes = [
        c
        for module in (profile, training)
        for c in vars(module).values()
        if isinstance(c, type) and attrs.has(c) and c.__module__ == module.__name__
    ]
    skip = {"FileRef", "SeatCount", "TrainingCounts", "TrainingFiling"}
    for cls in classes:
        if cls.__name__ in skip:
            continue
        for field in attrs.fields(cls):
            assert field.metadata.get("label"), f"{cls.__name__}.{field.name} has no label"
    assert (
        path_label(TrainingFiling, "registrations[3].person.qualification.main_practice_site") == "主执业地点"
    )
    assert path_label(Registration, "recipient.address") == "收件地址"


def test_every_training_enum_member_is_labelled() -> None:
    for cls in vars(training_enums).values():
        if (
            isinstance(cls, type)
            and issubclass(cls, training_enums._Labelled)
            and cls is not training_enums._Labelled
        ):
            for member in cls:
                assert member.label and member.label != member.value, f"{cls.__name__}.{member.name}"


def test_lists_are_bounded_while_structuring() -> None:
    data = example_json("valid-registration")
    data["registrations"] = data["registrations"] * 2501
    with pytest.raises(InputError, match="registrations 最多5000项"):
        structure(data, TrainingFiling)
    data = example_json("valid-registration")
    data["registrations"][0]["specialties"] = ["职业性化学中毒"] * 31
    with pytest.raises(InputError, match="specialties 最多30项"):
        structure(data, TrainingFiling)


def test_unknown_keys_name_the_path_and_the_nearest_key() -> None:
    data = example_json("valid-registration")
    data["registrations"][1]["person"]["basic"]["mobil"] = "13812345678"
    with pytest.raises(InputError) as error:
        check_training(data, as_of=date(2026, 3, 15))
    assert error.value.path == "registrations[1].person.basic.mobil"
    assert "是否应为 mobile" in error.value.message


def test_an_empty_envelope_is_refused() -> None:
    with pytest.raises(InputError, match="培训数据为空"):
        check_training({}, as_of=date(2026, 3, 15))


def _reg(status: RegistrationStatus) -> Registration:
    from radrules.model.profile import BasicInfo

    return Registration(
        person=PersonProfile(basic=BasicInfo(id_number="x", name="x")), unit_uscc="u", status=status
    )


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), UnitPlanStatus.not_registered),
        ((RegistrationStatus.not_registered,), UnitPlanStatus.registering),
        ((RegistrationStatus.registered, RegistrationStatus.approved), UnitPlanStatus.registered),
        ((RegistrationStatus.approved, RegistrationStatus.returned), UnitPlanStatus.registered_with_returns),
    ],
)
def test_the_plan_status_in_the_units_list(
    statuses: tuple[RegistrationStatus, ...], expected: UnitPlanStatus
) -> None:
    assert unit_plan_status([_reg(s) for s in statuses]) is expected
    assert unit_plan_status_of(statuses) is expected  # what a list query reads: the states alone


def test_colours_and_actions_of_the_list() -> None:
    # §4.3 3: 未报名 black, 已报名 green, 已报名（有退回） red; 报名 only while open and not yet registered.
    assert [s.colour for s in UnitPlanStatus] == ["black", "black", "green", "red"]
    plan = TrainingPlan(
        plan_id="p", plan_type="职业病诊断医师", name="n", division_code="320000", deadline=date(2026, 3, 31)
    )
    assert registration_open(plan, date(2026, 3, 31)) and not registration_open(plan, date(2026, 4, 1))
    assert plan_action(plan, UnitPlanStatus.registering, date(2026, 3, 31)) == "报名"
    assert plan_action(plan, UnitPlanStatus.registered, date(2026, 3, 1)) == "查看"
    assert plan_action(plan, UnitPlanStatus.not_registered, date(2026, 4, 1)) == "查看"
    assert score_query_range(date(2026, 12, 3)) == (date(2026, 1, 1), date(2026, 12, 3))


def test_only_runs_the_rules_of_the_named_document_types() -> None:
    from radrules import Score

    data = example_json("valid-scores-and-certificates")
    data["sessions"][0]["ends_on"] = "2026-04-19"  # a session fault: JS.training.session.fields
    data["scores"][2]["id_number"] = "320583199001013457"  # not placed: JS.training.score.selected
    everything = check_training(data, as_of=date(2026, 6, 1))
    assert {f.rule_id for f in everything.errors} == {
        "JS.training.session.fields",
        "JS.training.score.selected",
    }
    scores_only = check_training(data, as_of=date(2026, 6, 1), only=(Score,))
    assert [f.rule_id for f in scores_only.errors] == ["JS.training.score.selected"]
