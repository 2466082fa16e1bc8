"""Routing a filed card (Fujian 第六条) and the national-system user name (第四条) through the core API."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from radrules_plugins.fujian.routing import national_username, notify_divisions

import radrules
from radrules import InvalidValue, ServiceAddress

EXAMPLES = Path(__file__).parent.parent / "examples"


def _card(name: str) -> radrules.ReportCard:
    filing = radrules.filing_from_json(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))
    assert filing.report_card is not None
    return filing.report_card


def test_core_api_routes_by_the_service_location() -> None:
    card = _card("fujian/valid-filed-on-the-15th-working-day.json")
    assert radrules.notify_divisions(card) == ("350102", "350100", "350000")
    # the same card served in Zhejiang: no plugin defines routing there
    moved = attrs.evolve(card, service_address=ServiceAddress(division_code="330106"))
    assert radrules.notify_divisions(moved) == ()


def test_city_without_counties_and_township_codes() -> None:
    card = _card("fujian/valid-filed-on-the-15th-working-day.json")
    assert notify_divisions(attrs.evolve(card, service_address=ServiceAddress(division_code="441900"))) == (
        "441900",
        "440000",
    )
    township = attrs.evolve(card, service_address=ServiceAddress(division_code="350102001"))
    assert notify_divisions(township) == ("350102", "350100", "350000")
    with pytest.raises(InvalidValue):
        notify_divisions(attrs.evolve(card, service_address=ServiceAddress(division_code="35")))


def test_username_is_characters_9_to_17() -> None:
    assert national_username("91350102MA2XK3P582") == "MA2XK3P58"
    with pytest.raises(InvalidValue):
        national_username("91350102MA2XK3P581")


def test_facts_through_the_chain() -> None:
    institution = _card("fujian/valid-out-of-province-institution-serving-in-xiamen.json").institution
    assert radrules.institution_facts("fujian", institution) == [
        ("国家职业卫生技术服务机构管理信息系统用户名", "MA27WQ8B3")
    ]
    assert radrules.institution_facts("jilin", institution) == []
