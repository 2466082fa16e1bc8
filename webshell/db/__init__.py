"""Storage: the Piccolo engine for SQLite or PostgreSQL, migrations and transactions."""
