"""A card's results computed from the reports it draws on, through the jurisdiction's plugin.

On the Jiangsu platform a card for a medical client in protection testing or dose
monitoring takes its results from the submitted device-test or dose report it names, and
they cannot be typed (source 000 §5.3.4 第六步 2、3, FAQ 4). Which cards are computed, and
how, is the plugin's business (``radrules_card_results``); this function lets a caller —
the web shell filling a card — ask without importing any plugin.
"""

from __future__ import annotations

from datetime import date

from radrules import hookspecs
from radrules.engine.check import FilingLike, as_filing
from radrules.engine.registry import Registry, default_registry
from radrules.model.card import Results


def computed_card_results(
    filing: FilingLike,
    *,
    as_of: date,
    registry: Registry | None = None,
    province: str | None = None,
) -> Results | None:
    """The results the card in ``filing`` must carry, or None when they are typed by hand.

    ``filing`` holds the card and the reports it draws on. The most specific jurisdiction
    of the card's service address that computes results answers.
    """
    reg = registry or default_registry()
    doc = as_filing(filing)
    if doc.report_card is None:
        return None
    chain = reg.chain_for(province=province, division_code=doc.division_code())
    found = reg.ask(hookspecs.radrules_card_results, chain, filing=doc, params=reg.view(chain, as_of))
    return found[1] if found is not None else None


__all__ = ["computed_card_results"]
