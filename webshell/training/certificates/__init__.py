"""合格证书 (source 002 §6.4): issued with atomic numbers, printed as PDF, verified in public."""
