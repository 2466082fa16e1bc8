"""Exception types that the library raises for input a caller must fix.

Each carries enough to point at the problem (file, JSON path, key, year) so that the
command line and the web shell can show one clear sentence instead of a traceback. They
live here, at the bottom of the library, so that any module can raise them without
importing the module that defines a service (which is how import cycles begin). The one
exception kept elsewhere is :class:`radrules.services.workflow.TransitionRefused`, which
carries the workflow's own action and state.
"""

from __future__ import annotations


class RadrulesError(Exception):
    """Base class: an error whose message is meant for the person who supplied the input."""


class InputError(RadrulesError):
    """A filing could not be read: broken JSON, wrong shape or type, or an unknown key.

    ``path`` is the JSON path of the offending value (``report_card.participants[2].id_number``),
    empty for the document root; ``source`` is the file (and line, for JSON Lines) when known.
    ``problems`` lists every problem found as ``(path, message)`` (the message above joins
    the first few), so that a form can show each beside its own field.
    """

    def __init__(
        self,
        message: str,
        path: str = "",
        source: str = "",
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.message = message
        self.path = path
        self.source = source
        self.problems = problems or ((path, message),)
        super().__init__(self.__str__())

    def with_source(self, source: str) -> InputError:
        return InputError(self.message, self.path, source, self.problems)

    def __str__(self) -> str:
        where = ": ".join(x for x in (self.source, self.path) if x)
        return f"{where}: {self.message}" if where else self.message


class RulesetError(RadrulesError):
    """A ruleset file is missing, malformed, or names a key or value the schema does not know."""

    def __init__(self, message: str, file: str = "", key: str = "") -> None:
        self.message = message
        self.file = file
        self.key = key
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ": ".join(x for x in (self.file, self.key) if x)
        return f"{where}: {self.message}" if where else self.message


class CalendarYearMissing(RadrulesError):
    """A working-day computation needs a year whose holiday schedule is not in the ruleset.

    ``covered`` is the first and last year the calendar has, when known, so that the
    message can say what is there.
    """

    def __init__(self, year: int, covered: tuple[int, int] | None = None) -> None:
        self.year = year
        self.covered = covered
        have = f"现有 {covered[0]}–{covered[1]} 年的数据。" if covered else ""
        have_en = f" (data covers {covered[0]}–{covered[1]})" if covered else ""
        super().__init__(
            f"缺少 {year} 年的节假日安排数据，无法计算工作日。{have}请在国务院办公厅发布该年度节假日安排通知后，"
            f"按 docs/calendar.md 在 rulesets/calendar/{year}.yaml 中添加。"
            f" / No holiday schedule for {year}{have_en}: add rulesets/calendar/{year}.yaml from the "
            f"State Council General Office notice once it is published (see docs/calendar.md)."
        )


class UnknownJurisdiction(RadrulesError):
    """A province was named or derived that no loaded plugin provides."""


class UnknownRule(RadrulesError):
    """A rule id that no loaded plugin defines."""


class SourceError(RadrulesError):
    """A citation or a source catalogue names a document inconsistently (docs/sources.md)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class UnknownSource(SourceError):
    """A citation names a document that the source catalogue (rulesets/sources.yaml) does not hold.

    ``nearest`` is the closest key, matched against keys, short names and titles; ``where``
    the file and line of the code that built the citation, when known.
    """

    def __init__(self, key: str, nearest: str | None, where: str = "") -> None:
        self.key = key
        self.nearest = nearest
        self.where = where
        hint = f"，是否应为 {nearest}？" if nearest else "。"
        at = f"（{where}）" if where else ""
        super().__init__(
            f"文献目录中没有 {key}{hint}{at}新文献请加入 rulesets/sources.yaml，"
            "仓库外的插件用 radrules.add_sources 加载自己的目录"
        )


class InvalidValue(RadrulesError, ValueError):
    """A value that does not meet its format; ``reason`` is in Chinese, for the filer."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class PluginError(RadrulesError):
    """A plugin failed to load or declared something inconsistent."""


class PeriodError(RadrulesError):
    """A period that is not written as ``YYYY``, ``YYYYH1``, ``YYYYQ1`` or ``YYYY-MM``."""


class NoDeadline(RadrulesError):
    """The jurisdiction sets no deadline of the kind asked for."""


class NoSummary(RadrulesError):
    """The jurisdiction defines no summary of that scope and period."""


class QcCodeError(RadrulesError):
    """A QC code cannot be issued (no series, no sequence source) or a card has none."""


class QcSignatureError(RadrulesError):
    """A verification address that is malformed, unsigned, or signed under another key."""


class RenderError(RadrulesError):
    """A document that cannot be drawn: no such backend, or text the font cannot show."""


class FontError(RadrulesError):
    """No usable Chinese font: the configured file is missing, unreadable or not a font."""


class TableError(RadrulesError):
    """A table that cannot be written: more rows than a sheet holds, or a row longer than its columns."""


class WorkbookError(RadrulesError):
    """A file that cannot be read as a workbook: missing, not a spreadsheet, encrypted, empty."""
