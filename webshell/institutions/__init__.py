"""Institutions (技术服务机构): qualification declaration, staff and instruments (source 000 §4)."""
