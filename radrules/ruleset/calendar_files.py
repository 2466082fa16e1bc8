"""The working-day calendar's data files: one ``rulesets/calendar/<year>.yaml`` per year.

Each file transcribes one year's 国务院办公厅 notice on public holidays (部分节假日安排的通知):
the holiday spans (放假调休) and the weekend days worked in exchange (调休上班), with the
notice's document number, title and date. Files are read strictly (unknown keys are
errors), then checked for what a transcription slip typically produces: a make-up working
day that is not a weekend, a make-up day inside a holiday, a date outside the file's year,
overlapping spans. Loading stops at the first problem; linting reports them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

from radrules.errors import RulesetError, SourceError
from radrules.ruleset.sources import Source, add_source
from radrules.ruleset.yaml_files import read_yaml, structure_file

YEAR_FILE = re.compile(r"(\d{4})\.yaml")


@attrs.frozen(kw_only=True)
class Notice:
    """A State Council General Office notice that fixes a year's holidays."""

    document: str
    title: str
    issued_on: date
    url: str | None = None

    def source(self) -> Source:
        """The notice as a document of the source catalogue, keyed by its number."""
        return Source(
            number=self.document,
            title=self.title,
            issuer="国务院办公厅",
            issued_on=self.issued_on,
            url=self.url,
        )


@attrs.frozen(kw_only=True)
class HolidaySpan:
    """One clause of a notice: days off from ``start`` to ``end`` (inclusive) and the make-up days.

    ``source`` names the notice (by document number) when it is not the year's first, as
    for a holiday a later notice extended.
    """

    name: str
    start: date
    end: date
    clause: str | None = None
    make_up_working_days: tuple[date, ...] = ()
    source: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class CalendarYear:
    """The content of ``<year>.yaml``."""

    year: int
    notices: tuple[Notice, ...]
    holidays: tuple[HolidaySpan, ...]
    note: str | None = None

    def days_off(self) -> Iterator[tuple[date, HolidaySpan]]:
        for span in self.holidays:
            for ordinal in range(span.start.toordinal(), span.end.toordinal() + 1):
                yield date.fromordinal(ordinal), span

    def make_up_days(self) -> Iterator[tuple[date, HolidaySpan]]:
        for span in self.holidays:
            for day in span.make_up_working_days:
                yield day, span


@attrs.frozen(kw_only=True)
class CalendarProblem:
    key: str
    message: str


_WEEKDAYS = "一二三四五六日"


def _weekday(day: date) -> str:
    return f"星期{_WEEKDAYS[day.weekday()]}"


def year_problems(data: CalendarYear, file_year: int | None = None) -> list[CalendarProblem]:
    """Every inconsistency in one year's data; ``file_year`` is the year its file name says."""
    out: list[CalendarProblem] = []
    year = data.year
    if file_year is not None and file_year != year:
        out.append(CalendarProblem(key="year", message=f"文件名为 {file_year}.yaml，但 year 为 {year}"))
    if not data.notices:
        out.append(
            CalendarProblem(key="notices", message="须注明国务院办公厅节假日安排通知（文号、标题、日期）")
        )
    documents = {n.document for n in data.notices}
    for i, notice in enumerate(data.notices):
        if notice.issued_on.year > year:
            out.append(
                CalendarProblem(
                    key=f"notices[{i}].issued_on",
                    message=f"通知日期 {notice.issued_on.isoformat()} 晚于 {year} 年",
                )
            )
    off: dict[date, tuple[int, HolidaySpan]] = {}
    for i, span in enumerate(data.holidays):
        where = f"holidays[{i}]"
        if span.end < span.start:
            out.append(
                CalendarProblem(
                    key=f"{where}.end",
                    message=f"{span.name}的结束日期 {span.end.isoformat()} 早于开始日期 {span.start.isoformat()}",
                )
            )
        for key, day in ((f"{where}.start", span.start), (f"{where}.end", span.end)):
            if day.year != year:
                out.append(
                    CalendarProblem(key=key, message=f"{span.name}的日期 {day.isoformat()} 不在 {year} 年内")
                )
        if span.source is not None and span.source not in documents:
            out.append(
                CalendarProblem(
                    key=f"{where}.source",
                    message=f"出处 {span.source} 不在 notices 中；可选：{'、'.join(sorted(documents)) or '无'}",
                )
            )
        for ordinal in range(span.start.toordinal(), span.end.toordinal() + 1):
            day = date.fromordinal(ordinal)
            if day in off:
                j, other = off[day]
                out.append(
                    CalendarProblem(
                        key=where,
                        message=f"{span.name}与第{j + 1}项{other.name}在 {day.isoformat()} 重叠",
                    )
                )
                break
            off[day] = (i, span)
    seen: set[date] = set()
    for i, span in enumerate(data.holidays):
        for k, day in enumerate(span.make_up_working_days):
            key = f"holidays[{i}].make_up_working_days[{k}]"
            if day.year != year:
                out.append(CalendarProblem(key=key, message=f"调休上班日 {day.isoformat()} 不在 {year} 年内"))
            if day.weekday() < 5:
                out.append(
                    CalendarProblem(
                        key=key,
                        message=f"调休上班日 {day.isoformat()} 是{_weekday(day)}，本就是工作日；调休上班日应为周六或周日",
                    )
                )
            if day in off:
                out.append(
                    CalendarProblem(
                        key=key,
                        message=f"调休上班日 {day.isoformat()} 落在{off[day][1].name}假期内",
                    )
                )
            if day in seen:
                out.append(CalendarProblem(key=key, message=f"调休上班日 {day.isoformat()} 重复"))
            seen.add(day)
    return out


def read_year(file: Traversable | Path, label: str) -> CalendarYear:
    """Structure one year file strictly (shape and types only)."""
    data: CalendarYear = structure_file(read_yaml(file, label), CalendarYear, label)
    return data


def load_year(file: Traversable | Path, label: str) -> CalendarYear:
    """One year file, refused at its first problem with the file and key named."""
    data = read_year(file, label)
    match = YEAR_FILE.fullmatch(file.name)
    problems = year_problems(data, int(match.group(1)) if match else None)
    if problems:
        first = problems[0]
        more = (
            f"（另有{len(problems) - 1}处问题，可运行 radrules lint-rulesets 查看）"
            if len(problems) > 1
            else ""
        )
        raise RulesetError(first.message + more, label, first.key)
    for i, notice in enumerate(data.notices):
        # The year's notices join the source catalogue, so deadlines can cite them by number.
        try:
            add_source(notice.source(), f"{label} notices[{i}]")
        except SourceError as exc:
            raise RulesetError(exc.message, label, f"notices[{i}]") from None
    return data


def year_files(folder: Traversable | Path) -> list[tuple[int, Traversable | Path]]:
    """The ``<year>.yaml`` files of a calendar folder, by year; any other YAML file is an error."""
    found: list[tuple[int, Traversable | Path]] = []
    for entry in folder.iterdir():
        if not entry.is_file() or not entry.name.endswith((".yaml", ".yml")):
            continue
        match = YEAR_FILE.fullmatch(entry.name)
        if match is None:
            raise RulesetError("日历目录中的文件应命名为 <年份>.yaml，如 2027.yaml", f"{folder}/{entry.name}")
        found.append((int(match.group(1)), entry))
    return sorted(found, key=lambda item: item[0])
