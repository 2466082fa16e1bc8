"""The dated division table: codes that exist on a date, their names, their children.

Facts from the civil-affairs ministry's yearly lists (民政部《中华人民共和国县以上行政区划代码》):
南京市白下区 (320103) was merged into 秦淮区 in 2013 (last listed in 2012); 襄樊市 (420600)
became 襄阳市 in 2010 under the same code; 320199 was never a code. Source 000 §5.3.3 and
§5.4.2 let the card list and the regulator's query pick down to 乡镇、街道.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import radrules
from radrules import (
    InvalidValue,
    RulesetError,
    describe_division,
    division_children,
    division_info,
    division_name,
    lookup_division,
    validate_division_code,
)
from radrules.cli import main
from radrules.identifiers.division_table import load_table


class TestExistsOnTheDate:
    def test_a_code_never_listed_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"320199 不存在"):
            validate_division_code("320199")
        with pytest.raises(InvalidValue, match=r"320199 不存在"):
            validate_division_code("320199", on=date(2026, 6, 30))

    def test_a_retired_code_is_valid_for_a_report_of_its_time(self) -> None:
        assert validate_division_code("320103", on=date(2012, 6, 30)) == "320103"
        # Retired during 2013: the yearly lists do not give the day, so all of 2013 accepts it.
        assert validate_division_code("320103", on=date(2013, 12, 31)) == "320103"
        with pytest.raises(InvalidValue, match=r"320103（白下区）2014年已不再使用（民政部列表末见于2012年）"):
            validate_division_code("320103", on=date(2014, 1, 1))
        with pytest.raises(InvalidValue, match="最新列表中已不再使用"):
            validate_division_code("320103")

    def test_a_code_not_yet_created_is_refused(self) -> None:
        # 秦淮区 took 白下区 in 2013; 溧水区 (320117) was set up in 2013 from 溧水县.
        with pytest.raises(InvalidValue, match=r"320117（溧水区）自2013年起才设立，2012年尚不存在"):
            validate_division_code("320117", on=date(2012, 6, 30))
        assert validate_division_code("320117", on=date(2013, 3, 1)) == "320117"

    def test_additions_after_the_latest_list_count_from_their_year(self) -> None:
        info = division_info()
        assert info.last_list >= 2024 and info.additions >= 1
        assert validate_division_code("500157", on=date(2025, 6, 1)) == "500157"
        with pytest.raises(InvalidValue, match="尚不存在"):
            validate_division_code("500157", on=date(2024, 6, 1))

    def test_level_requirements_still_hold(self) -> None:
        assert validate_division_code("441900") == "441900"  # 东莞市 has no counties
        with pytest.raises(InvalidValue, match="须选择到区县"):
            validate_division_code("320500")
        with pytest.raises(InvalidValue, match="须选择到地级市"):
            validate_division_code("320000", level="city")
        assert validate_division_code("320000", level="province") == "320000"
        with pytest.raises(InvalidValue, match="不存在"):
            validate_division_code("329900", level="province")

    def test_townships_exist_in_the_statistics_table(self) -> None:
        town = division_children("320508")[0].code
        assert validate_division_code(town, level="township") == town
        assert validate_division_code(town + "000", level="township") == town + "000"
        with pytest.raises(InvalidValue, match=r"乡镇街道代码 320508999 不存在（2023-06-30"):
            validate_division_code("320508999", level="township")
        with pytest.raises(InvalidValue, match="须选择到乡镇街道"):
            validate_division_code("320508", level="township")


class TestNames:
    def test_full_names(self) -> None:
        assert division_name("320508") == "江苏省苏州市姑苏区"
        assert division_name("320500") == "江苏省苏州市"
        assert division_name("110101") == "北京市东城区"
        assert division_name("429004") == "湖北省仙桃市"  # administered by the province directly
        assert division_name("320199") is None

    def test_a_renamed_code_has_the_name_of_its_year(self) -> None:
        assert division_name("420600", on=date(2005, 1, 1)) == "湖北省襄樊市"
        assert division_name("420600", on=date(2011, 1, 1)) == "湖北省襄阳市"
        assert division_name("420606", on=date(2011, 1, 1)) == "湖北省襄阳市樊城区"

    def test_described_for_lists_and_documents(self) -> None:
        assert describe_division("320500") == "江苏省苏州市（320500）"
        # Named as it was on the report's date; a retired code keeps its old name.
        assert describe_division("320103", on=date(2012, 5, 1)) == "江苏省南京市白下区（320103）"
        assert describe_division("320199") == "江苏省（320199，代码不在行政区划表中）"

    def test_township_full_name(self) -> None:
        town = division_children("441900")[0]
        assert town.level == "township" and town.full_name.startswith("广东省东莞市")
        assert lookup_division(town.code) == town


class TestChildren:
    def test_provinces_then_cities_then_counties(self) -> None:
        provinces = division_children()
        assert len(provinces) == 34 and provinces[0].name == "北京市"
        cities = [d.name for d in division_children("320000")]
        assert cities[:2] == ["南京市", "无锡市"] and len(cities) == 13
        suzhou = [d.code for d in division_children("320500")]
        assert "320508" in suzhou and "320199" not in suzhou

    def test_municipalities_and_directly_administered_counties(self) -> None:
        assert division_children("110000")[0].full_name == "北京市东城区"
        hubei = [d.name for d in division_children("420000")]
        assert "仙桃市" in hubei and "武汉市" in hubei

    def test_the_list_follows_the_date(self) -> None:
        nanjing_2012 = {d.code for d in division_children("320100", on=date(2012, 6, 30))}
        nanjing_now = {d.code for d in division_children("320100")}
        assert "320103" in nanjing_2012 and "320103" not in nanjing_now
        assert "320117" in nanjing_now and "320117" not in nanjing_2012

    def test_counties_list_townships_and_townships_nothing(self) -> None:
        towns = division_children("320508")
        assert towns and all(t.level == "township" and t.code.startswith("320508") for t in towns)
        assert division_children(towns[0].code) == ()


class TestTableFiles:
    def _folder(self, tmp_path: Path, counties: str) -> Path:
        (tmp_path / "counties.tsv").write_text(counties, encoding="utf-8")
        return tmp_path

    def test_a_bad_line_names_file_and_line(self, tmp_path: Path) -> None:
        folder = self._folder(tmp_path, "#lists\t1981\t2024\n320000\t江苏省\t1981\t\n3205\t苏州\n")
        with pytest.raises(RulesetError, match=r"counties.tsv.*第3行"):
            load_table(folder)

    def test_the_header_is_required(self, tmp_path: Path) -> None:
        with pytest.raises(RulesetError, match="#lists"):
            load_table(self._folder(tmp_path, "320000\t江苏省\t1981\t\n"))

    def test_additions_are_strict(self, tmp_path: Path) -> None:
        folder = self._folder(tmp_path, "#lists\t1981\t2024\n320000\t江苏省\t1981\t\n")
        (folder / "additions.yaml").write_text(
            "additions:\n  - {code: '320599', name: 新区, valid_from: 2025-01-01, sourse: x}\n",
            encoding="utf-8",
        )
        with pytest.raises(RulesetError, match=r"additions\[0\]"):
            load_table(folder)


class TestRuleAndCommandLine:
    def test_the_card_rule_checks_codes_on_the_report_date(self, card_json: dict) -> None:
        card = card_json["report_card"]
        card["client"]["division_code"] = "320199"
        found = radrules.check(card_json, as_of=date(2026, 11, 26))
        assert any(
            f.rule_id == "NAT.card.division-codes" and "320199 不存在" in f.message for f in found.errors
        )
        card["client"]["division_code"] = "320103"
        card["report_issued_on"] = "2012-06-30"
        old = radrules.check(card_json, as_of=date(2026, 11, 26))
        assert not [f for f in old.findings if f.rule_id == "NAT.card.division-codes"]

    def test_validate_and_division_commands(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", "division", "320199"]) == 1
        assert "320199 不存在" in capsys.readouterr().out
        assert main(["validate", "division-code", "320103", "--as-of", "2012-06-30"]) == 0
        assert "江苏省南京市白下区" in capsys.readouterr().out
        assert main(["division", "320500"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("江苏省苏州市（320500）") and "320508\t姑苏区" in out
        assert main(["division", "320199"]) == 1
