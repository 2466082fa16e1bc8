"""Clients (放射诊疗单位): their own devices and radiation workers (source 000 §5.1.1, §5.2.1)."""
