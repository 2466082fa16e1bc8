"""What the web-shell benchmarks share: ``radrules serve`` started on 127.0.0.1 and stopped
again, a free local port, the machine's CPU name, and percentiles of timings.

The server runs from this virtual environment with every inherited ``RADRULES_*`` setting
dropped: its data folder (a temporary one unless given) and, if given, its database URL
(default SQLite in the data folder). Its output is discarded.
"""

from __future__ import annotations

import asyncio
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    database_url: str | None = None,
    *,
    port: int | None = None,
    data_dir: str | Path | None = None,
    options: Sequence[str] = (),
) -> Iterator[str]:
    """Run ``radrules serve --port PORT [options]`` until the block ends; yields its base URL
    once its login page answers (or after three minutes of trying, or when it exits)."""
    with ExitStack() as stack:
        if data_dir is None:
            data_dir = stack.enter_context(tempfile.TemporaryDirectory())
        env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
        env["RADRULES_DATA_DIR"] = str(data_dir)
        if database_url:
            env["RADRULES_DATABASE_URL"] = database_url
        port = port or free_port()
        radrules = str(Path(sys.executable).parent / "radrules")
        proc = subprocess.Popen(
            [radrules, "serve", "--port", str(port), *options],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            # Up to three minutes: on this shared machine at load 10 a start on a database
            # that holds data took over a minute (the old one-minute wait then gave up).
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            _wait_for_workers(proc.pid, options)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _wait_for_workers(pid: int, options: Sequence[str]) -> None:
    """With ``--workers N``: until N worker processes exist and have stopped starting up
    (their CPU time no longer grows by more than a tenth of a second in half a second)."""
    if "--workers" not in options:
        return
    want = int(options[list(options).index("--workers") + 1])
    if want <= 1:
        return
    deadline = time.monotonic() + 180
    previous: dict[int, float] = {}
    while time.monotonic() < deadline:
        children = _children_cpu(pid)
        settled = len(children) >= want and all(
            cpu - previous.get(child, -1.0) < 0.1 for child, cpu in children.items()
        )
        if settled:
            return
        previous = children
        time.sleep(0.5)


def _processes() -> Iterator[tuple[int, int, float, bytes]]:
    """(pid, parent pid, CPU seconds user + system, command line) of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        yield int(entry.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / tick, cmd


def _children_cpu(pid: int) -> dict[int, float]:
    return {
        child: cpu
        for child, parent, cpu, cmd in _processes()
        if parent == pid and b"resource_tracker" not in cmd
    }


def server_pid(port: int) -> int:
    """The ``radrules serve --port PORT`` process started by :func:`serving`."""
    for pid, _parent, _cpu, cmd in _processes():
        args = cmd.split(b"\0")
        if b"serve" in args and str(port).encode() in args:
            return pid
    raise RuntimeError(f"no radrules serve process on port {port}")


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds of ``pid`` and every process below it (a server's workers), by pid."""
    rows = list(_processes())
    tree = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent, _cpu, _cmd in rows:
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return {p: cpu for p, _parent, cpu, _cmd in rows if p in tree}


def database_cpu(database: str) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends (same machine) serving ``database``, by pid.
    Only the connections' own processes: the server's shared ones (WAL writer,
    checkpointer) also work for every other database on it and are left out."""
    marker = f" {database} ".encode()
    return {p: cpu for p, _parent, cpu, cmd in _processes() if cmd.startswith(b"postgres:") and marker in cmd}


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two snapshots (a process that started since counts fully)."""
    return sum(cpu - before.get(p, 0.0) for p, cpu in after.items())


def cpu_name() -> str:
    """The CPU's model name (``/proc/cpuinfo``), else what :mod:`platform` says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    """One line on where a benchmark ran."""
    return f"machine: {os.cpu_count()} CPUs, {cpu_name()}; python {platform.python_version()}"


def percentile(values: Sequence[float], q: float) -> float:
    """The value at fraction ``q`` (0 to 1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency_line(ms: Sequence[float]) -> str:
    """p50, p95, p99, max and mean of latencies in milliseconds (at least two). Percentiles
    interpolate between the samples (``inclusive``): the default method extrapolates past the
    largest sample when there are fewer than 100, printing a p99 above the max."""
    ordered = sorted(ms)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return (
        f"latency ms: p50 {q[49]:.0f}  p95 {q[94]:.0f}  p99 {q[98]:.0f}  max {ordered[-1]:.0f}  "
        f"mean {statistics.fmean(ordered):.0f}"
    )


def _admin(server: str, sql: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(f"{server}/postgres")
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """An empty PostgreSQL database on ``server`` for one benchmark run, dropped after it."""
    name = f"bench_submit_{secrets.token_hex(4)}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
