"""Settings several server processes must agree on (issue 17): the web secret from the
data folder when not configured, the uploads' folder, and reads through the storage interface."""

from __future__ import annotations

from pathlib import Path

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
