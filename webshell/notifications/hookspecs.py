"""The web shell's SMS hook (pluggy project ``radrules_webshell``): how a text message
leaves the platform — the notices of the training module (issue 13), the mobile-change
code (source 002 §2.4) and the daily warning summaries (issue 16).

Registered in the same project as the national-sync transports
(:mod:`radrules_webshell.sync.hookspecs`); :mod:`radrules_webshell.hooks` builds the one
plugin manager for both. Documented in docs/notifications.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from radrules_webshell.markers import PROJECT as PROJECT
from radrules_webshell.markers import hookimpl as hookimpl
from radrules_webshell.markers import hookspec

if TYPE_CHECKING:
    from radrules_webshell.notifications.transports import SmsTransport
    from radrules_webshell.settings import Settings


@hookspec(firstresult=True)
def radrules_webshell_sms_transport(name: str, settings: Settings) -> SmsTransport | None:
    """Return the SMS transport called ``name``, configured from ``settings``.

    Return None for a name the plugin does not provide; the first answer wins. The
    transport's ``send`` must raise :class:`~radrules_webshell.notifications.transports.SmsError`
    (or any exception) when the gateway has not accepted the text, which is then retried;
    it may be called again with the same message after a failure or a crash, so it should
    pass ``message.key`` on to the gateway (or drop a second copy itself).
    """
    raise NotImplementedError  # a specification has no body; pluggy never calls it
