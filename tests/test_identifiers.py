"""Identifier validators: GB 11643 ID numbers, GB 32100 credit codes, contacts, passwords."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import radrules
from radrules import (
    InvalidValue,
    birth_date_of,
    sex_of,
    validate_division_code,
    validate_email,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_password,
    validate_postcode,
    validate_uscc,
    validate_website,
)
from radrules.cli import main
from radrules.identifiers.uscc import complete_uscc, org_code_check

AS_OF = date(2026, 11, 26)


class TestIdNumber:
    def test_valid_number_with_x_check_digit_is_normalised(self) -> None:
        assert validate_id_number("32010619850312123x", as_of=AS_OF) == "32010619850312123X"

    def test_stdnum_documented_example(self) -> None:
        assert validate_id_number("360426199101010071", as_of=AS_OF) == "360426199101010071"

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ("3201061985031212", "应为18位"),
            ("32010619850312123Y", "前17位应为数字"),
            ("320106198503121231", "校验码错误"),
            ("320106198502301239", "不是有效日期"),
        ],
    )
    def test_invalid_numbers_say_why(self, value: str, reason: str) -> None:
        with pytest.raises(InvalidValue, match=reason):
            validate_id_number(value, as_of=AS_OF)

    def test_birth_date_after_as_of_is_refused(self) -> None:
        # stdnum's cn.ric accepts this number (measured); a person cannot be born after the as-of date.
        future = "32010620300101001"
        from stdnum.cn import ric

        number = future + ric.calc_check_digit(future + "0")
        assert ric.is_valid(number)
        with pytest.raises(InvalidValue, match="晚于"):
            validate_id_number(number, as_of=AS_OF)

    def test_unknown_county_is_refused(self) -> None:
        from stdnum.cn import ric

        body = "99010619850312123"
        with pytest.raises(InvalidValue, match="地址码"):
            validate_id_number(body + ric.calc_check_digit(body + "0"), as_of=AS_OF)

    def test_born_before_the_county_code_existed(self) -> None:
        # 320106 (南京市鼓楼区) dates from 1983; stdnum refuses a 1970 birth under it, but such
        # people were issued cards under the code current at issuance.
        from stdnum.cn import ric

        body = "32010619700101001"
        number = body + ric.calc_check_digit(body + "0")
        assert not ric.is_valid(number)
        assert validate_id_number(number, as_of=AS_OF) == number

    def test_sex_and_birth_date_are_derived(self) -> None:
        assert sex_of("32010619850312123X") == "male"  # order code 123: odd
        assert sex_of("320102199007010021") == "female"  # order code 002: even
        assert birth_date_of("32010619850312123X") == date(1985, 3, 12)
        assert birth_date_of("garbage") is None


class TestUscc:
    def test_common_codes(self) -> None:
        for code in ("91110000600037341L", "12320000466000125B", "91350100MA2Y123446"):
            assert validate_uscc(code) == code

    def test_code_starting_with_a_letter_is_valid(self) -> None:
        # GB 32100 registration authority Y (其他); stdnum's cn.uscc rejects it (measured).
        from stdnum.cn import uscc as stdnum_uscc

        code = complete_uscc("Y1320000" + "50000001" + org_code_check("50000001"))
        assert not stdnum_uscc.is_valid(code)
        assert validate_uscc(code) == code

    def test_central_registration_authority_is_valid(self) -> None:
        # Issue 18 item 5: national bodies register under 100000 (GB 32100 第3–8位), e.g. a
        # national institute's 12100000400010398P; it was refused as 行政区划码 100000 无效.
        assert validate_uscc("12100000400010398P") == "12100000400010398P"
        central = complete_uscc("91100000" + "71093102" + org_code_check("71093102"))
        assert validate_uscc(central) == central
        with pytest.raises(InvalidValue, match="校验码错误"):
            validate_uscc("12100000400010398Q")
        with pytest.raises(InvalidValue, match="行政区划码 100001"):
            validate_uscc(complete_uscc("12100001" + "40001039" + org_code_check("40001039")))

    def test_central_codes_pass_the_card_rule_and_the_command_line(
        self, card_json: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        card_json["report_card"]["client"]["uscc"] = "12100000400010398P"
        result = radrules.check(card_json, as_of=AS_OF)
        assert not [f for f in result.findings if f.rule_id == "NAT.card.uscc"]
        assert main(["validate", "uscc", "12100000400010398P"]) == 0
        assert "有效：12100000400010398P" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ("91110000600037341", "应为18位"),
            ("91110000600037341l", "大写"),
            ("9111000060003734IL", "不允许的字符"),
            ("Z1110000600037341L", "不允许的字符"),
            ("B1110000600037341L", "登记管理部门代码"),
            ("94110000600037341L", "机构类别代码"),
            ("91990000600037341L", "行政区划码"),
            ("91110000600037342L", "组织机构代码的校验码"),
            ("91110000600037341M", "校验码错误"),
        ],
    )
    def test_invalid_codes_say_why(self, value: str, reason: str) -> None:
        with pytest.raises(InvalidValue, match=reason):
            validate_uscc(value)


class TestContacts:
    def test_mobile(self) -> None:
        assert validate_mobile("+86 139 0571 0001") == "13905710001"
        for bad in ("12905710001", "1390571000", "139057100011"):
            with pytest.raises(InvalidValue):
                validate_mobile(bad)

    def test_landline(self) -> None:
        for good in ("025-83759411", "02583759411", "0571-87115001-123", "400-820-8820"):
            assert validate_landline(good)
        for bad in ("25-83759411", "025-0375941", "13905710001"):
            with pytest.raises(InvalidValue):
                validate_landline(bad)

    def test_postcode_and_email(self) -> None:
        assert validate_postcode("210009") == "210009"
        with pytest.raises(InvalidValue):
            validate_postcode("21000")
        assert validate_email("fjajjzac@163.com") == "fjajjzac@163.com"
        for bad in ("fjajjzac@163", "a b@c.cn", "@163.com"):
            with pytest.raises(InvalidValue):
                validate_email(bad)

    def test_division_codes(self) -> None:
        assert validate_division_code("320106") == "320106"
        assert validate_division_code("441900") == "441900"  # 东莞: a city without counties
        assert validate_division_code("320106001", level="township") == "320106001"
        with pytest.raises(InvalidValue, match="区县"):
            validate_division_code("320100")
        with pytest.raises(InvalidValue, match="省级"):
            validate_division_code("990106")
        with pytest.raises(InvalidValue, match="乡镇"):
            validate_division_code("320106", level="township")


class TestWebsite:
    """单位官网地址 (source 000 §4.1.2 第二步): an address the public can open (issue 18 item 6)."""

    @pytest.mark.parametrize(
        ("value", "canonical"),
        [
            ("https://www.example.org", "https://www.example.org"),
            ("www.js-cdc.cn", "http://www.js-cdc.cn"),
            ("http://218.94.1.84:8006/", "http://218.94.1.84:8006/"),
            ("https://例子.中国", "https://例子.中国"),
            (" jsinst.org.cn/about?id=1 ", "http://jsinst.org.cn/about?id=1"),
        ],
    )
    def test_addresses(self, value: str, canonical: str) -> None:
        assert validate_website(value) == canonical

    @pytest.mark.parametrize(
        "value",
        ["not a url", "http://", "ftp://example.org", "example", "http://a..b.cn", "http://999.1.1.1", ""],
    )
    def test_not_addresses(self, value: str) -> None:
        with pytest.raises(InvalidValue, match="网址格式不正确"):
            validate_website(value)


class TestPassword:
    """Source 000 §2.2.1 第三步: 8~16位, 大小写字母、数字和特殊字符, 不能有连续3位顺序、逆序或重复."""

    @pytest.mark.parametrize("good", ["Radr!ules24", "Zx9#Qw7$Er", "aB3$cD5%", "Yh8&Km2*Pq4@Wn6!"])
    def test_policy_accepts(self, good: str) -> None:
        assert validate_password(good) == good

    @pytest.mark.parametrize(
        ("bad", "reason"),
        [
            ("aB3$cD5", "长度应为8~16位"),
            ("aB3$cD5%aB3$cD5%x", "长度应为8~16位"),
            ("ab3$cd5%", "大写字母"),
            ("AB3$CD5%", "小写字母"),
            ("aBc$dEf%", "数字"),
            ("aB3xcD5y", "特殊字符"),
            ("Xy!123qP", "“123”"),
            ("Xy!cbaQ9", "“cba”"),
            ("Xy!aaaQ9", "“aaa”"),
            ("Xy!9!!!Q", "“!!!”"),
            ("Xy!9 Qw8", "空格"),
            ("密码Xy!9Qw8", "中文"),
        ],
    )
    def test_policy_refuses_with_reason(self, bad: str, reason: str) -> None:
        with pytest.raises(InvalidValue, match=reason):
            validate_password(bad)
