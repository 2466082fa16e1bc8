"""radrules.check_password: the password rule of the account's jurisdiction (source 002 §2.2 2, §2.3 1)."""

from __future__ import annotations

from datetime import date

import radrules


def test_jiangsu_overrides_the_baseline_from_the_manuals_date() -> None:
    rules = radrules.password_rules(division_code="320100", as_of=date(2026, 3, 1))
    assert [r.id for r in rules] == ["JS.account.password"]
    # before source 002 v2.2 (2026-02-28) Jiangsu's accounts had the baseline's rule
    earlier = radrules.password_rules(division_code="320100", as_of=date(2026, 2, 1))
    assert [r.id for r in earlier] == ["NAT.account.password"]
    assert [r.id for r in radrules.password_rules(division_code="350100")] == ["NAT.account.password"]


def test_one_finding_names_every_part_missed() -> None:
    result = radrules.check_password("abc xy", division_code="320100", as_of=date(2026, 3, 1))
    assert not result.ok
    (finding,) = result.errors
    assert finding.path == "password"
    for part in (
        "长度应为8-16位",
        "须包含大写字母",
        "须包含数字",
        "须包含特殊字符",
        "不能使用空格",
        "（“abc”）",
    ):
        assert part in finding.message


def test_letters_run_whatever_their_case_and_specials_by_code_point() -> None:
    def message(password: str) -> str:
        return "".join(f.message for f in radrules.check_password(password, division_code="32").errors)

    assert "“xYz”" in message("Q1#xYz9k")
    assert "“()*”" in message("Q1k()*9w")
    assert message("Q1k(*)9w") == ""


def test_the_password_never_shows_in_repr() -> None:
    choice = radrules.AccountPassword(password="Kq7#Wmp9x", division_code="320100")
    assert "Kq7#Wmp9x" not in repr(choice)


def test_input_is_bounded() -> None:
    result = radrules.check_password("A1#b" + "x" * 10_000, division_code="320100", as_of=date(2026, 3, 1))
    assert "当前256位" in result.errors[0].message
