"""Account registration of an institution and its review (source 000 §2)."""
