"""The documents the Jiangsu plugin cites, by their keys in the source catalogue (rulesets/sources.yaml)."""

from __future__ import annotations

from radrules import Citation, cite

MANUAL = "source 000"


def manual(section: str) -> Citation:
    """A section of the Jiangsu platform manual (source 000)."""
    return cite(MANUAL, section)


# Clause numbers are cited only where a source confirms them (research note
# device-test-catalog.md, 8): the standards' texts were not found, so none is.
WS_76 = cite("WS 76-2020")
WS_519 = cite("WS 519-2019")
GBZ_130 = cite("GBZ 130-2020")
#: Source 003 三: items that cannot be tested are 详细标注说明 — the remark that lets a verdict
#: departing from a limit stand for the reviewer (a Jilin notice, read here as practice).
JILIN_STANDARDS = cite("吉卫监督发〔2021〕1号", "三")


def training_manual(section: str) -> Citation:
    """A section of the Jiangsu training-management manual (source 002)."""
    return cite("source 002", section)
