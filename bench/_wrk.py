"""Drive Debian's ``wrk`` (a C load generator, ``apt-get install wrk``) with
``bench/submit.lua`` for the card-submission benchmark: each of C connections submits its
own list of draft cards back to back, and the per-request timings come back to Python.

wrk costs a few per cent of a core where 20 httpx clients in one Python process took
70–90 % of one — on a 2-core machine that is the share a second server worker needs.
wrk runs for a fixed time; the script prints ``done`` per connection after its last
card, and once all have, wrk is stopped with SIGINT (its own way to end early).
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("submit.lua")


def available() -> str | None:
    """The path of ``wrk``, if it is installed."""
    return shutil.which("wrk")


@dataclass
class WrkRun:
    latencies: list[float]  # seconds, one per answered request
    elapsed: float  # first request sent to last response, over all connections
    codes: dict[int, int]
    generator_cpu: float  # seconds of CPU wrk used (user + system)
    finished: int  # connections that got through their whole list


def run(base: str, headers: Mapping[str, str], plan: Sequence[Sequence[int]], cap_seconds: int) -> WrkRun:
    """Submit every card of ``plan`` (one list per connection) through wrk against ``base``."""
    wrk = available()
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "ids").write_text("".join(",".join(map(str, ids)) + "\n" for ids in plan))
        command = [wrk, "-t", str(len(plan)), "-c", str(len(plan)), "-d", f"{cap_seconds}s"]
        command += ["--timeout", "60s", "-s", str(SCRIPT)]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command += [base, "--", folder]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        done = 0
        for line in proc.stdout:
            if line.strip() == "done":
                done += 1
                if done == len(plan):
                    proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return _collect(Path(folder), len(plan), cpu)


def _collect(folder: Path, connections: int, cpu: float) -> WrkRun:
    latencies: list[float] = []
    codes: dict[int, int] = {}
    starts: list[float] = []
    ends: list[float] = []
    for n in range(connections):
        path = folder / f"conn{n}"
        if not path.exists():
            continue
        first, last, code_part, times = path.read_text().split()
        starts.append(float(first))
        ends.append(float(last))
        for item in code_part.split(","):
            code, count = item.split(":")
            codes[int(code)] = codes.get(int(code), 0) + int(count)
        latencies += [int(us) / 1e6 for us in times.split(",")]
    elapsed = (max(ends) - min(starts)) if starts else float("nan")
    return WrkRun(latencies, elapsed, codes, cpu, len(starts))
