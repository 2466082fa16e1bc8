"""Read-only views for regulators (by division-code prefix) and the provincial reviewer."""
