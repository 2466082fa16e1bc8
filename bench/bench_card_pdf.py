"""Benchmark: report-card PDF rendering, cold and warm.

    .venv/bin/python bench/bench_card_pdf.py [--renders 200] [--prepare]

* ``prepare`` (with ``--prepare``): the one-time font preparation (GB 2312 subset, CFF to
  TrueType), in a fresh temporary cache, in a child process.
* ``first``: the first render in a fresh process with the font already prepared
  (imports excluded; includes decoding the prepared font once).
* ``warm``: per-card time over ``--renders`` renders of the example card with a QR code,
  each card with its own QC code and signed address (so nothing is reused between cards
  except the decoded font).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "national" / "valid-protection-testing-card.json"

_FIRST = """
import json, sys, time
from radrules.documents.card_pdf import render_card_pdf
from radrules.documents.fonts import prepared_font
prepared_font()
data = json.loads(open(sys.argv[1], encoding="utf-8").read())
data["report_card"]["qc_code"] = "QC-FIRST"
t = time.perf_counter()
render_card_pdf(data, verification_url="https://v.example.cn/qc?c=QC-FIRST&s=1.x")
print(time.perf_counter() - t)
"""

_PREPARE = """
import sys, time
t = time.perf_counter()
from radrules.documents.fonts import prepared_font
prepared_font()
print(time.perf_counter() - t)
"""


def _child(code: str, *args: str, env: dict[str, str] | None = None) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--prepare", action="store_true", help="also time the one-time font preparation")
    args = parser.parse_args()

    from radrules.documents.card_pdf import render_card_pdf
    from radrules.qc import verification_url

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    if args.prepare:
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, RADRULES_CACHE_DIR=cache)
            print(f"prepare (one time, fresh cache): {_child(_PREPARE, env=env):.2f} s")
    first = [_child(_FIRST, str(EXAMPLE)) for _ in range(3)]
    print(f"first render in a new process: {statistics.median(first) * 1000:.0f} ms (median of 3)")

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    card = data["report_card"]
    secret = b"benchmark-secret-0123456789"
    render_card_pdf(data)  # warm-up
    times = []
    size = 0
    for i in range(args.renders):
        code = f"ZJ-FH-2026-{i:06d}-K"
        card["qc_code"] = code
        card["report_no"] = f"ZJFH-2026-{i:04d}"
        url = verification_url("https://fangshe.example.gov.cn/qc/verify", code, secret)
        t = time.perf_counter()
        pdf = render_card_pdf(data, verification_url=url)
        times.append(time.perf_counter() - t)
        size = len(pdf)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"warm render, {args.renders} cards: median {statistics.median(times) * 1000:.1f} ms, "
        f"mean {statistics.fmean(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"min {times[0] * 1000:.1f} ms; {size / 1024:.0f} KiB per card"
    )


if __name__ == "__main__":
    main()
