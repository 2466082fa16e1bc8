"""Jurisdictions: the national baseline and the provinces that plugins provide.

The rules of a filing are those of the province where the service is delivered, on top of
the national baseline (DESIGN.md, Jurisdiction): the chain is ``("national", "32")``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

from radrules.errors import PluginError
from radrules.ruleset.params import ParameterSpec

NATIONAL = "national"


@attrs.frozen(kw_only=True)
class Jurisdiction:
    """A jurisdiction a plugin provides.

    ``code`` is ``national`` or a two-digit province code of GB/T 2260; ``slug`` the
    English name used on the command line (``--province jiangsu``); ``ruleset`` the folder
    of its ruleset, and ``parameters`` the parameters that folder must hold.
    """

    code: str
    slug: str
    name: str
    ruleset: Traversable | Path | None = attrs.field(default=None, eq=False)
    parameters: Sequence[ParameterSpec] = ()
    parent: str | None = NATIONAL

    def __attrs_post_init__(self) -> None:
        if self.code != NATIONAL and not (len(self.code) == 2 and self.code.isdigit()):
            raise ValueError(
                f"jurisdiction code {self.code!r} must be 'national' or a two-digit province code"
            )


def jurisdiction_chain(jurisdictions: Mapping[str, Jurisdiction], code: str) -> tuple[str, ...]:
    """The chain ending in ``code``, most general first (``("national", "32")``), following
    each declared ``parent``; a parent nobody declared ends the chain."""
    out: list[str] = []
    current: str | None = code
    while current is not None:
        if current in out:
            raise PluginError(f"辖区上下级循环：{' → '.join([*out, current])}")
        out.append(current)
        j = jurisdictions.get(current)
        current = j.parent if j is not None else None
        if current is not None and current not in jurisdictions:
            current = None
    return tuple(reversed(out))
