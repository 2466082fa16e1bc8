"""The working-day calendar: every day of 2021–2026 against chinesecalendar, the counting
conventions, and the refusal to guess a year with no data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

import radrules
from radrules import CalendarYearMissing, WorkdayCalendar
from radrules.errors import RulesetError
from radrules.workdays import default_calendar, default_folder

CALENDAR = default_calendar()
FIRST, LAST = date(2020, 1, 1), date(2026, 12, 31)


def _days(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]


@pytest.mark.parametrize("year", range(2021, 2027))
def test_every_day_matches_chinesecalendar(year: int) -> None:
    wrong = [d for d in _days(year) if CALENDAR.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert not wrong, f"{year}: our data and chinesecalendar disagree on {wrong}"


def test_shipped_years_and_their_notices() -> None:
    assert CALENDAR.years == (2020, 2021, 2022, 2023, 2024, 2025, 2026)
    for year in CALENDAR.years:
        notices = CALENDAR.data[year].notices
        assert notices, year
        assert all(n.document.startswith("国办发明电") and n.title and n.issued_on for n in notices)
    assert [n.document for n in CALENDAR.notices(date(2026, 5, 1))] == ["国办发明电〔2025〕7号"]


def test_known_days() -> None:
    assert CALENDAR.is_working_day(date(2026, 2, 14))  # Saturday, 春节 make-up day
    assert not CALENDAR.is_working_day(date(2026, 2, 16))  # 春节
    assert not CALENDAR.is_working_day(date(2026, 3, 7))  # ordinary Saturday
    assert CALENDAR.is_working_day(date(2024, 2, 9))  # 2024 除夕 was a working day
    assert not CALENDAR.is_working_day(date(2020, 2, 1))  # make-up day cancelled by 国办发明电〔2020〕1号
    assert CALENDAR.holiday_name(date(2026, 2, 16)) == "春节"
    assert CALENDAR.holiday_name(date(2026, 2, 14)) == "春节调休上班"
    assert CALENDAR.describe(date(2026, 2, 14)) == "2026-02-14（星期六，春节调休上班）"


def test_add_working_days_conventions() -> None:
    friday = date(2026, 3, 13)
    assert CALENDAR.add_working_days(friday, 0) == friday
    assert CALENDAR.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 14)  # n=0 never moves
    assert CALENDAR.add_working_days(friday, 1) == date(2026, 3, 16)
    assert CALENDAR.add_working_days(date(2026, 3, 14), 1) == date(2026, 3, 16)  # from a Saturday
    assert CALENDAR.add_working_days(date(2026, 3, 16), -1) == friday
    assert CALENDAR.add_working_days(date(2026, 3, 15), -1) == friday  # from a Sunday
    assert CALENDAR.add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)  # back over 春节
    assert CALENDAR.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)


def test_working_days_between_is_half_open_and_antisymmetric() -> None:
    monday, friday = date(2026, 3, 9), date(2026, 3, 13)
    assert CALENDAR.working_days_between(monday, friday) == 4  # (Mon, Fri]
    assert CALENDAR.working_days_between(friday, monday) == -4
    assert CALENDAR.working_days_between(monday, monday) == 0
    assert CALENDAR.working_days_between(date(2025, 12, 31), date(2026, 1, 5)) == 2  # 1-4 Sun, 1-5 Mon


covered = st.dates(min_value=FIRST, max_value=date(2026, 11, 1))


@given(day=covered, n=st.integers(min_value=1, max_value=15))
def test_add_then_count_round_trips(day: date, n: int) -> None:
    due = CALENDAR.add_working_days(day, n)
    assert due > day
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.working_days_between(day, due) == n
    assert CALENDAR.working_days_between(day, due - timedelta(days=1)) == n - 1


@given(
    day=st.dates(min_value=date(2020, 3, 1), max_value=date(2026, 12, 20)),
    n=st.integers(min_value=1, max_value=15),
)
def test_negative_counts_go_back(day: date, n: int) -> None:
    back = CALENDAR.add_working_days(day, -n)
    assert back < day and CALENDAR.is_working_day(back)
    # exactly n - 1 working days lie strictly between, so counting n forward lands on day (or the next working day)
    assert CALENDAR.working_days_between(back, day - timedelta(days=1)) == n - 1
    assert CALENDAR.add_working_days(back, n) == CALENDAR.next_working_day(day)


def test_a_year_with_no_data_is_refused_with_its_number() -> None:
    with pytest.raises(CalendarYearMissing) as info:
        CALENDAR.add_working_days(date(2026, 12, 15), 15)
    assert info.value.year == 2027
    message = str(info.value)
    assert "2027" in message and "rulesets/calendar/2027.yaml" in message and "docs/calendar.md" in message
    assert "2020–2026" in message and "No holiday schedule for 2027" in message
    with pytest.raises(CalendarYearMissing, match="2019"):
        CALENDAR.is_working_day(date(2019, 12, 31))
    with pytest.raises(CalendarYearMissing, match="2019"):
        CALENDAR.add_working_days(date(2020, 1, 2), -2)
    with pytest.raises(CalendarYearMissing, match="2027"):
        CALENDAR.working_days_between(date(2026, 12, 1), date(2027, 1, 4))


def test_the_last_covered_days_still_work() -> None:
    assert CALENDAR.add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    assert CALENDAR.working_days_between(date(2026, 12, 1), date(2026, 12, 31)) == 22


def test_a_gap_between_years_is_refused(tmp_path: Path) -> None:
    source = Path(str(default_folder()))
    for year in (2024, 2026):
        (tmp_path / f"{year}.yaml").write_text(
            (source / f"{year}.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    calendar = WorkdayCalendar.load(tmp_path)
    assert calendar.years == (2024, 2026)
    assert calendar.add_working_days(date(2026, 3, 2), 15) == date(2026, 3, 23)
    with pytest.raises(CalendarYearMissing, match="2025"):
        calendar.add_working_days(date(2024, 12, 20), 15)
    with pytest.raises(CalendarYearMissing, match="2025"):
        calendar.is_working_day(date(2025, 6, 3))
    with pytest.raises(CalendarYearMissing, match="2025"):
        calendar.working_days_between(date(2024, 12, 1), date(2026, 1, 5))


def test_loading_refuses_a_bad_year_file(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_text(
        """year: 2027
notices:
  - {document: 国办发明电〔2026〕X号, title: 示例, issued_on: 2026-11-01}
holidays:
  - name: 元旦
    start: 2027-01-01
    end: 2027-01-01
    make_up_working_days: [2027-01-04]
""",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as info:
        WorkdayCalendar.load(tmp_path)
    assert info.value.key == "holidays[0].make_up_working_days[0]"
    assert "星期一" in info.value.message and "2027.yaml" in info.value.file


def test_loading_refuses_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_text(
        "year: 2027\nnotices: []\nholidays: []\nholliday: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match="holliday"):
        WorkdayCalendar.load(tmp_path)


def test_environment_folder_replaces_the_shipped_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(str(default_folder()))
    (tmp_path / "2026.yaml").write_text((source / "2026.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("RADRULES_CALENDAR_DIR", str(tmp_path))
    radrules.set_default_calendar(None)
    try:
        assert radrules.default_calendar().years == (2026,)
        with pytest.raises(CalendarYearMissing, match="2025"):
            radrules.is_working_day(date(2025, 5, 6))
    finally:
        monkeypatch.delenv("RADRULES_CALENDAR_DIR")
        radrules.set_default_calendar(None)
    assert radrules.default_calendar().years[-1] == 2026
