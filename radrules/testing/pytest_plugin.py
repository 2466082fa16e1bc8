"""pytest plugin (entry point ``pytest11``): collects ``*.golden.yaml`` files as test items."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from radrules.testing.cases import CaseFailure, GoldenCase, load_cases, run_case

SUFFIX = ".golden.yaml"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        collector: GoldenFile = GoldenFile.from_parent(parent, path=file_path)
        return collector
    return None


class GoldenFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for case in load_cases(self.path):
            yield GoldenItem.from_parent(self, name=f"{case.index + 1}-{case.name}", case=case)


class GoldenItem(pytest.Item):
    def __init__(self, *, case: GoldenCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        run_case(self.case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:  # noqa: ARG002
        if isinstance(excinfo.value, CaseFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"golden: {self.case.name} [{self.case.article}]"
