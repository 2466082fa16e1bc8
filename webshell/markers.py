"""The pluggy markers of the web shell's own hooks (project ``radrules_webshell``).

One module for both markers, below every hook specification and every implementation:
the specifications (:mod:`.sync.hookspecs`, :mod:`.notifications.hookspecs`) name the
types their implementations return, and the implementations (the built-in transports)
need ``hookimpl`` — with the markers here, neither has to import the other.
"""

from __future__ import annotations

import pluggy

PROJECT = "radrules_webshell"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
