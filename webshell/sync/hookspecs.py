"""The web shell's own hooks (pluggy project ``radrules_webshell``): how the national sync
sends (source 000 §5.3.4 第九步).

Plugins are modules registered under the entry-point group ``radrules_webshell``; the
built-in transports (:mod:`.transports`) are registered the same way, last, so that a
plugin may replace one of them by answering for its name. Documented in docs/sync.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from radrules_webshell.markers import PROJECT as PROJECT
from radrules_webshell.markers import hookimpl as hookimpl
from radrules_webshell.markers import hookspec

if TYPE_CHECKING:
    from radrules_webshell.settings import Settings
    from radrules_webshell.sync.transports import Transport


@hookspec(firstresult=True)
def radrules_webshell_sync_transport(name: str, settings: Settings) -> Transport | None:
    """Return the national-sync transport called ``name``, configured from ``settings``.

    Return None for a name the plugin does not provide; the first answer wins. The
    transport's ``send`` must raise :class:`~radrules_webshell.sync.transports.TransportError`
    (or any exception) when the national system has not accepted the message, which is
    then retried; it may be called again with the same message after a failure or a crash,
    so it should be idempotent on ``message.key``.
    """
    raise NotImplementedError  # a specification has no body; pluggy never calls it
