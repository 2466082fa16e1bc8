"""Closing the sittings of candidates who left (source 001 表1 第18项 在线考试: the time limit
is the server's): a periodic job scores every sitting past its deadline, so the score, the
training record and the certificate are there without waiting for someone to read them.

One server process per interval runs it, however many run (:mod:`..core.periodic`'s lease),
and each sitting is scored once even if a request or another process reaches it at the same
moment (:func:`radrules_webshell.exams.sittings.close_expired`: the sitting row's lock and an
update that requires the sheet unscored). Every ``exam_close_interval_seconds``
(``RADRULES_EXAM_CLOSE_INTERVAL``; 0 turns it off).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from radrules_webshell.core.periodic import Periodic
from radrules_webshell.exams.sittings import close_expired
from radrules_webshell.settings import Settings

log = logging.getLogger(__name__)

#: The job's name, which is also its lease's.
NAME = "radrules-exam-closing"


class PeriodicExamClosing(Periodic[int]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(NAME, settings.exam_close_interval_seconds, self._close, stop_timeout=60)

    async def _close(self) -> int:
        scored = await close_expired(datetime.now(UTC))
        if scored:
            log.info("考试到时自动交卷并评分：%s 份", scored)
        return scored
