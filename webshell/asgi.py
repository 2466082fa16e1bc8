"""The web app as an ASGI factory, for ``radrules serve --workers N`` and for running the
shell under an ASGI server of one's own (``uvicorn --factory radrules_webshell.asgi:create``).

Every worker process builds its app from the environment (``RADRULES_*``, as
:meth:`Settings.from_env` reads it) and does not migrate: migrations, the demo data and
the audit trail's first checkpoint run once, before the workers start (``radrules serve``
does them; ``radrules admin migrate`` does them for a server started otherwise). No rule
is encoded here.
"""

from __future__ import annotations

from litestar import Litestar
from radrules_webshell.app import create_app
from radrules_webshell.db import engine as db
from radrules_webshell.settings import Settings


def create() -> Litestar:
    """One worker's app, configured from the environment."""
    settings = Settings.from_env()
    return create_app(settings, db.engine_from_url(settings.database_url), run_migrations=False)
