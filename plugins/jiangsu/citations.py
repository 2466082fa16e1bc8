"""The documents the Jiangsu plugin cites, by their keys in the source catalogue (rulesets/sources.yaml)."""

from __future__ import annotations

from radrules import Citation, cite

MANUAL = "source 000"


def manual(section: str) -> Citation:
    """A section of the Jiangsu platform manual (source 000)."""
    return cite(MANUAL, section)


WS_76 = cite("WS 76-2020", "附录B")
GBZ_130 = cite("GBZ 130-2020", "6.3.1")


def training_manual(section: str) -> Citation:
    """A section of the Jiangsu training-management manual (source 002)."""
    return cite("source 002", section)
