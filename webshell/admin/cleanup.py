"""The server's periodic clean-up: what no request needs any more is removed, in one server
process per interval however many run (:mod:`..core.periodic`'s lease).

- login counters that no longer count (address windows over, idle unlocked login rows:
  :func:`..accounts.throttle.purge`);
- sessions past their hard limit (``session_max_seconds``), which a login also removes;
- upload files no row names and uploads whose row committed before their process died
  (:func:`..uploads.service.sweep`, which leaves uploads in progress alone).

Every ``cleanup_interval_seconds`` (``RADRULES_CLEANUP_INTERVAL``; 0 turns it off). No
regulation is encoded here.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import attrs
from radrules_webshell.accounts import throttle
from radrules_webshell.accounts.tables import WebSession
from radrules_webshell.core.periodic import Periodic
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import service as uploads

log = logging.getLogger(__name__)


@attrs.frozen
class CleanupSummary:
    sessions: int
    uploads: str

    def text(self) -> str:
        return f"清理：过期会话 {self.sessions} 个；上传文件：{self.uploads}"


async def clean(settings: Settings) -> CleanupSummary:
    """One clean-up run (also what the periodic job does)."""
    await throttle.purge(settings)
    expired = (
        await WebSession.delete().where(WebSession.expires_at < datetime.now(UTC)).returning(WebSession.id)
    )
    report = await uploads.sweep(settings)
    return CleanupSummary(len(expired), report.text())


class PeriodicCleanup(Periodic[CleanupSummary]):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__("radrules-cleanup", settings.cleanup_interval_seconds, self._clean, stop_timeout=60)

    async def _clean(self) -> CleanupSummary:
        summary = await clean(self.settings)
        if summary.sessions:
            log.info("%s", summary.text())
        return summary
