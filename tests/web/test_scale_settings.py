"""Settings several server processes must agree on (issue 17): the web secret from the
data folder when not configured, the uploads' folder, and reads through the storage interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("litestar", reason="the web extra is not installed")


def test_processes_on_one_data_folder_share_the_web_secret(tmp_path: Path) -> None:
    from radrules_webshell.settings import Settings, with_web_secret

    env = {"RADRULES_DATA_DIR": str(tmp_path)}
    first = with_web_secret(Settings.from_env(env))
    second = with_web_secret(Settings.from_env(env))
    assert first.secret and first.secret == second.secret
    assert (tmp_path / "web-secret.key").is_file()
    other = with_web_secret(Settings.from_env({"RADRULES_DATA_DIR": str(tmp_path / "other")}))
    assert other.secret != first.secret
    configured = with_web_secret(Settings.from_env({**env, "RADRULES_SECRET": "s" * 32}))
    assert configured.secret == "s" * 32


def test_uploads_go_to_the_configured_folder_and_read_back(tmp_path: Path) -> None:
    from radrules_webshell.settings import Settings
    from radrules_webshell.uploads import storage

    shared = tmp_path / "shared-uploads"
    settings = Settings.from_env(
        {"RADRULES_DATA_DIR": str(tmp_path / "data"), "RADRULES_UPLOAD_DIR": str(shared)}
    )
    assert settings.upload_dir == shared.resolve()
    assert Settings.from_env({"RADRULES_DATA_DIR": str(tmp_path)}).upload_dir == tmp_path / "uploads"
    data = b"%PDF-1.4\n%%EOF\n"
    stored = storage.write(data, "application/pdf", ".pdf", "报告.pdf", settings)
    assert storage.read_bytes(stored.stored_name, settings) == data
    assert any(shared.rglob(stored.stored_name))
    storage.remove(stored.stored_name, settings)
    with pytest.raises(OSError):
        storage.read_bytes(stored.stored_name, settings)
    with pytest.raises(ValueError):
        storage.read_bytes("../escape", settings)


def test_the_precompiled_card_read_returns_what_piccolo_reads(web: Any) -> None:
    """card_row's raw statement on PostgreSQL (issue 17) gives the very row Piccolo's select does."""
    from card_helpers import demo_institution_id, new_card
    from radrules_webshell.core.errors import NotFound
    from radrules_webshell.filings.cards import service
    from radrules_webshell.filings.cards.tables import ReportCard

    _, card = new_card(web)
    institution_id = demo_institution_id(web)

    async def run() -> list[Any]:
        read = await service.card_row(institution_id, card["id"])
        expected = await ReportCard.select().where(ReportCard.id == card["id"]).first()
        try:
            await service.card_row(institution_id + 100_000, card["id"])
            other = "found"
        except NotFound:
            other = "not found"
        return [read, expected, other]

    read, expected, other = web.run(run)
    assert read == expected
    assert {k: type(v) for k, v in read.items()} == {k: type(v) for k, v in expected.items()}
    assert other == "not found"
