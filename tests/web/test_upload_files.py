"""Stored files (issue 12, findings 9 and 10): the name a download is served under follows
the detected content and carries no control or bidi characters; a file becomes visible
only with its row, and what a killed process leaves behind is swept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from web_helpers import DEMO, PDF, PNG, Web, registration_data, registration_files


@pytest.mark.parametrize(
    ("uploaded", "content", "served"),
    [
        ("poly.html", "application/pdf", "poly.pdf"),  # a PDF-headed polyglot
        ("invoice\u202efdp.exe", "application/pdf", "invoicefdp.pdf"),  # the bidi trick
        ("报告\u200b\x07.PDF", "application/pdf", "报告.PDF"),  # zero-width and control characters
        ("scan.jpeg", "image/jpeg", "scan.jpeg"),
        ("scan.png", "image/jpeg", "scan.jpg"),
        ("C:\\Users\\x\\证书", "image/png", "证书.png"),
        ("a.pdf.html", "application/pdf", "a.pdf"),
        ("v1.2 final", "application/pdf", "v1.2 final.pdf"),
        ("...", "application/pdf", "upload.pdf"),
    ],
)
def test_display_name(uploaded: str, content: str, served: str) -> None:
    from radrules_webshell.uploads.storage import display_name

    assert display_name(uploaded, content) == served


def test_a_long_name_keeps_its_extension() -> None:
    from radrules_webshell.uploads.storage import MAX_NAME, display_name

    name = display_name("长" * 300 + ".pdf", "application/pdf")
    assert len(name) == MAX_NAME and name.endswith(".pdf")


def test_a_polyglot_is_served_under_its_content_type(web: Web) -> None:
    """Finding 9: ``poly.html`` with a PDF head downloads as ``poly.pdf``."""
    from radrules_webshell.uploads import service, storage
    from radrules_webshell.uploads.tables import Upload

    stored = storage.write(PDF, "application/pdf", ".pdf", "poly.html", web.settings)
    assert stored.original_name == "poly.pdf"
    upload_id = web.run(service.insert, stored, "qualification", institution_id=None, account_id=None)
    # a row stored before names were cleaned is served by the same rule
    web.run(Upload.update({Upload.original_name: "old\u202egpj.html"}).where(Upload.id == upload_id).run)
    r = web.login(*DEMO["reviewer"]).get(f"/files/{upload_id}")
    assert r.status_code == 200
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "old" in disposition and ".pdf" in disposition
    assert ".html" not in disposition and "\u202e" not in disposition and "%E2%80%AE" not in disposition


def _files(data_dir: Path) -> set[str]:
    root = data_dir / "uploads"
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_a_refused_upload_leaves_no_file(web: Web, data_dir: Path) -> None:
    data = registration_data()
    anon = web.anonymous()
    assert anon.api("POST", "/api/registrations/", data=data, files=registration_files()).status_code == 201
    before = _files(data_dir)
    again = registration_data(login=data["login"])  # the login is taken: the transaction rolls back
    assert anon.api("POST", "/api/registrations/", data=again, files=registration_files()).status_code == 400
    assert _files(data_dir) == before


_STAGER = """
import os, sys, time
from pathlib import Path
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import storage

settings = Settings(data_dir=Path(sys.argv[1]), database_url="sqlite:///unused")
staging = storage.Staging(settings)
for i in range(int(sys.argv[2])):
    staging.add(b"%PDF-1.4 staged", "application/pdf", ".pdf", f"{i}.pdf")
print("staged", flush=True)
time.sleep(600)  # "in the transaction" until killed
"""


def _stage_in_child(data_dir: Path, count: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_STAGER), str(data_dir), str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "staged"
    return child


def test_files_a_killed_process_leaves_are_swept(web: Web, data_dir: Path) -> None:
    """Finding 10: kill -9 in the middle of uploads; start-up (or the admin command) tidies up."""
    from radrules_webshell.uploads import service, storage
    from radrules_webshell.uploads.storage import SWEEP_GRACE_SECONDS

    before = _files(data_dir)
    killed = _stage_in_child(data_dir, 5)
    alive = _stage_in_child(data_dir, 2)  # another server process, still uploading
    try:
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        # committed, then killed before the rename: the row exists, the file is still .part
        name = "cd" + "1" * 30 + ".pdf"
        part = data_dir / "uploads" / "cd" / f".{name}.part"
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(PDF)
        stored = storage.StoredFile(name, "committed.pdf", "application/pdf", len(PDF), "0" * 64)
        upload_id = web.run(service.insert, stored, "qualification", institution_id=None, account_id=None)
        # a published file whose row was deleted, the process killed before it removed the file
        orphan = storage.write(PNG, "image/png", ".png", "orphan.png", web.settings)
        parts = list((data_dir / "uploads").rglob(".*.part"))
        assert len(parts) == 5 + 2 + 1
        old = time.time() - SWEEP_GRACE_SECONDS - 1
        for p in parts:
            os.utime(p, (old, old))
        report = web.run(service.sweep, web.settings)
        assert report.removed >= 5 + 1 and (report.completed, report.in_progress) == (1, 2)
        left = _files(data_dir) - before
        assert stored.stored_name in left and orphan.stored_name not in left
        assert sum(name.endswith(".part") for name in left) == 2  # the live process's
        r = web.login(*DEMO["reviewer"]).get(f"/files/{upload_id}")
        assert r.status_code == 200 and r.content == PDF
    finally:
        alive.kill()
        alive.wait(timeout=30)
    for p in (data_dir / "uploads").rglob(".*.part"):
        os.utime(p, (old, old))
    assert web.run(service.sweep, web.settings).in_progress == 0  # its lock went with it
    assert _files(data_dir) - before == {stored.stored_name}


def test_clean_uploads_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
    env["RADRULES_DATA_DIR"] = str(tmp_path)
    stray = tmp_path / "uploads" / "ab" / ("ab" + "0" * 30 + ".pdf")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(PDF)
    r = subprocess.run(
        [str(Path(sys.executable).parent / "radrules"), "admin", "clean-uploads"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "已删除 1 个无记录的文件" in r.stdout and not stray.exists()
