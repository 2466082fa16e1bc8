"""The server's periodic SMS dispatcher: summaries and texts due, every
``notify_interval_seconds`` and at once when a code is asked for (:meth:`kick`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from radrules_webshell.core.periodic import Periodic
from radrules_webshell.hooks import sms_transport
from radrules_webshell.notifications.dispatch import SmsDispatcher, SmsRunSummary
from radrules_webshell.notifications.transports import SmsTransport
from radrules_webshell.settings import Settings

log = logging.getLogger(__name__)


class PeriodicSms(Periodic[SmsRunSummary]):
    def __init__(
        self,
        settings: Settings,
        transport: Callable[[], SmsTransport] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport or (lambda: sms_transport(settings))
        self._clock = clock or (lambda: datetime.now(UTC))
        super().__init__(
            "radrules-sms",
            settings.notify_interval_seconds,
            self._dispatch,
            stop_timeout=settings.sms_timeout_seconds + 5,
        )

    async def _dispatch(self) -> SmsRunSummary:
        summary = await SmsDispatcher(self.settings, self._transport()).run(self._clock())
        if summary.digests or summary.sent or summary.retried or summary.failed:
            log.info("%s", summary.text())
        return summary
