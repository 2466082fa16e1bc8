"""Services that ask the plugins of a jurisdiction chain and add what follows from the answer.

Each takes what a caller has (a province, a card, a filing), finds the jurisdiction chain,
asks the jurisdiction hooks through :meth:`radrules.Registry.ask` (the one walk of a chain,
most specific first) and returns a result: deadlines and lateness (:mod:`.deadlines`),
periodic summaries (:mod:`.summaries`), where a card is routed and what a jurisdiction
says about an institution (:mod:`.routing`), QC codes (:mod:`.qc_codes`), computed card
results (:mod:`.card_results`) and the card's workflow (:mod:`.workflow`,
:mod:`.attachments`). They sit above the registry; the types the plugins answer with are
below it, in :mod:`radrules.answers`. Their public names are exported by :mod:`radrules`.
"""
