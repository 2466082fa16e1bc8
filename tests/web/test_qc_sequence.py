"""QC codes drawn from the database are unique under concurrency, within and across processes.

Source 000 §5.3.4 第六步: one QC code per card, never reused. The web shell draws each
number with one ``INSERT … ON CONFLICT … RETURNING`` (``filings.cards.qc_sequence``); these tests
draw many at once on the shared test database — in the app's event loop, and from two
separate processes at the same time — and require every code to be distinct and every
number of the series to be used once.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from datetime import date

import attrs
from card_rows import example_card
from web_helpers import Web

from radrules import issue_qc_code, qc_series_for

ON = date(2026, 11, 26)


def _uncoded_card() -> object:
    """The Jiangsu example card without its code: the next save would draw one."""
    card = attrs.evolve(example_card(), qc_code=None)
    assert qc_series_for(card, on=ON) is not None, "the Jiangsu example card is numbered in a QC series"
    return card


def _number(code: str) -> int:
    return int(code.split("-")[3])


def test_concurrent_draws_in_one_process_are_distinct(web: Web) -> None:
    from radrules_webshell.filings.cards.qc_sequence import allocate_qc_code

    card = _uncoded_card()

    async def draw_many() -> list[str | None]:
        return list(await asyncio.gather(*(allocate_qc_code(card, on=ON) for _ in range(60))))

    codes = web.run(draw_many)
    assert None not in codes
    assert len(set(codes)) == 60, "two concurrent draws gave the same QC code"
    numbers = sorted(_number(c) for c in codes if c)
    assert numbers == list(range(numbers[0], numbers[0] + 60)), "numbers were skipped or repeated"


def test_a_card_keeps_its_code(web: Web) -> None:
    from radrules_webshell.filings.cards.qc_sequence import allocate_qc_code

    card = _uncoded_card()
    first = web.run(allocate_qc_code, card, on=ON)
    assert first is not None
    assert web.run(allocate_qc_code, attrs.evolve(card, qc_code=first), on=ON) == first
    # the library would format the same code from the same number: the database only numbers
    assert issue_qc_code(attrs.evolve(card, qc_code=first), on=ON) == first


_DRAWER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import date
    import attrs, json
    from pathlib import Path
    from radrules import filing_from_json
    from radrules_webshell.db.engine import bind, engine_from_url, start, stop
    from radrules_webshell.filings.cards.qc_sequence import allocate_qc_code

    async def main() -> None:
        engine = engine_from_url(sys.argv[1])
        bind(engine)
        await start(engine)
        card = filing_from_json(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))).report_card
        card = attrs.evolve(card, qc_code=None)
        codes = await asyncio.gather(*(allocate_qc_code(card, on=date(2026, 11, 26)) for _ in range(40)))
        await stop(engine)
        print("\\n".join(codes))

    asyncio.run(main())
    """
)


def test_two_processes_drawing_at_once_never_share_a_code(web: Web, backend: dict[str, object]) -> None:
    from card_rows import EXAMPLE

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _DRAWER, str(backend["url"]), str(EXAMPLE)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    codes: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        codes.extend(out.split())
    assert len(codes) == 80
    assert len(set(codes)) == 80, "two processes drew the same QC code"
