"""Piccolo migrations of the web shell, for SQLite and PostgreSQL (applied by ``radrules serve``)."""
