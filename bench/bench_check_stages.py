"""Where one card's check goes on one core: µs per card for each stage of ``radrules check``.

    .venv/bin/python -m bench.bench_check_stages [--cards 20000] [--rounds 3]

The cards of bench/cards.py (20 % with a defect), as JSON Lines text, go one at a time
through the stages the command runs (``check_one`` in radrules/cli/check_parallel.py):
orjson's parse, the structuring into the model, the rules (``check``), the text output
(``--quiet``). For comparison, the strict path that reads every other input (and read
these cards before): the nesting-depth walk and the strict cattrs converter. Each stage is
timed by the clock of this process's CPU, summed over the cards, best of the rounds; the
clock is read around every stage, which adds well under 1 µs per stage.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import orjson

from bench.cards import generate
from radrules.cli.check_output import Options, Outcome, render
from radrules.convert import converter
from radrules.convert_fast import structure_filing
from radrules.engine.check import check
from radrules.engine.registry import default_registry
from radrules.json_text import check_depth
from radrules.model.filing import Filing

STAGES = ("orjson parse", "depth walk (strict path)", "cattrs structure (strict path)")
HOT = ("structure (fast path)", "rules", "text output")


def _round(texts: list[str], stages: dict[str, Callable[[Any], Any]]) -> dict[str, float]:
    clock = time.thread_time_ns
    spent = dict.fromkeys(stages, 0)
    gc.collect()
    for text in texts:
        value: Any = text
        for name, stage in stages.items():
            start = clock()
            result = stage(value)
            spent[name] += clock() - start
            if result is not None:
                value = result
    return {name: ns / len(texts) / 1e3 for name, ns in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [orjson.dumps(orjson.loads(d)).decode() for d in generate(args.cards)]
    registry = default_registry()
    as_of = date(2026, 11, 26)
    options = Options(as_of, None, "text", True)
    out = Outcome()
    stages: dict[str, Callable[[Any], Any]] = {
        "orjson parse": orjson.loads,
        "depth walk (strict path)": lambda data: check_depth(data),  # keeps the data
        "cattrs structure (strict path)": lambda data: (converter.structure(data, Filing), None)[1],
        "structure (fast path)": structure_filing,
        "rules": lambda filing: check(filing, as_of=as_of, registry=registry),
        "text output": lambda result: render(options, "cards.jsonl:1", result, out),
    }
    best: dict[str, float] = {}
    loads = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for name, us in _round(texts, stages).items():
            best[name] = min(best.get(name, float("inf")), us)
        out = Outcome()
        loads.append(os.getloadavg()[0])
    print(
        f"python {platform.python_version()}, {args.cards} cards, best of {args.rounds} rounds, "
        f"CPU µs per card, load average {min(loads):.1f}–{max(loads):.1f}"
    )
    for name in (*STAGES, *HOT):
        print(f"{name:32s} {best[name]:7.1f}")
    parse = best["orjson parse"]
    hot = parse + sum(best[name] for name in HOT)
    strict = sum(best[name] for name in STAGES) + sum(best[name] for name in HOT[1:])
    print(f"{'check, fast path (radrules check)':32s} {hot:7.1f}  = {hot / parse:.1f} × the parse")
    print(f"{'check, strict path':32s} {strict:7.1f}  = {strict / parse:.1f} × the parse")


if __name__ == "__main__":
    main()
