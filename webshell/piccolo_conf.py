"""Piccolo's configuration module (``PICCOLO_CONF=radrules_webshell.piccolo_conf``).

``DB`` is built from ``RADRULES_DATABASE_URL`` / ``RADRULES_DATA_DIR`` when this module is
first imported and rebound by :func:`radrules_webshell.db.engine.bind`; the Piccolo command
line (``piccolo migrations new radrules_webshell --auto``) uses it as is.
"""

from __future__ import annotations

from typing import Any

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine
from radrules_webshell.db.urls import engine_from_url
from radrules_webshell.settings import Settings

DB: Engine[Any] = engine_from_url(Settings.from_env().database_url)

APP_REGISTRY = AppRegistry(apps=["radrules_webshell.piccolo_app"])
