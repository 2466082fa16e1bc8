"""A QC-code sequence kept in memory, for examples and tests.

Storage allocates QC-code numbers (hook ``radrules_qc_sequence``, docs/hooks.md); the web
shell does so atomically in its database. This stand-in lets examples, tests and plugin
authors issue codes without a database. Its numbers are lost when the process ends.
"""

from __future__ import annotations

import threading

from radrules.hookspecs import hookimpl


class InMemoryQcSequence:
    """A per-process QC sequence for examples and tests: numbers are lost on restart.

    Register it as a plugin (``Registry.from_plugins(..., InMemoryQcSequence())``) or pass
    it to :func:`radrules.issue_qc_code` as ``sequence=``. Never use it where codes must
    stay unique across restarts: storage must implement ``radrules_qc_sequence``.
    """

    def __init__(self, start: int = 1) -> None:
        self._next: dict[tuple[str, int, str], int] = {}
        self._start = start
        self._lock = threading.Lock()

    def next(self, jurisdiction: str, year: int, prefix: str) -> int:
        with self._lock:
            key = (jurisdiction, year, prefix)
            value = self._next.get(key, self._start)
            self._next[key] = value + 1
            return value

    # The hook form, so that the object can be registered like storage's plugin; trylast
    # lets a real storage plugin registered beside it answer first.
    @hookimpl(trylast=True)
    def radrules_qc_sequence(self, jurisdiction: str, year: int, prefix: str) -> int | None:
        return self.next(jurisdiction, year, prefix)
