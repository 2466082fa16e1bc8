"""Administration: accounts, client organisations, authorities, the audit trail."""
