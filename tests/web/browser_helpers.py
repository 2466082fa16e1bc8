"""What the browser tests share: ``radrules serve`` on a free port and Debian's Chromium.

The server runs in a subprocess with a fresh ``RADRULES_DATA_DIR`` (SQLite, demo data) and
none of the caller's ``RADRULES_*`` settings; the browser is ``/usr/bin/chromium`` headless,
driven by Playwright with ``executable_path`` — a browser is never downloaded.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

CHROMIUM = Path("/usr/bin/chromium")
RADRULES = str(Path(sys.executable).parent / "radrules")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(data: Path) -> Iterator[tuple[str, Path]]:
    """``radrules serve`` with its data in ``data``; yields its base URL and its log file."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
    env["RADRULES_DATA_DIR"] = str(data)
    log_path = data / "serve.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [RADRULES, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("radrules serve did not start: " + log_path.read_text())
            time.sleep(0.2)
        yield base, log_path
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def launch(sync_api: Any) -> Any:
    """A headless Debian Chromium from a started ``sync_playwright()`` object."""
    return sync_api.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def wait_for(page: Any, pattern: str, step: str) -> None:
    """Wait for the redirect a successful form leads to; else fail with what the page says."""
    try:
        page.wait_for_url(pattern, timeout=10_000)
    except Exception as exc:
        said = page.locator("main").inner_text()[:2000]
        raise AssertionError(f"{step}: expected {pattern}, at {page.url}:\n{said}") from exc
