"""``radrules check --jobs N``: the same output, in the same order, and the same exit code as
one process, for .jsonl files cut into many chunks, .json files and bad lines among them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from radrules.cli import check_parallel, main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "national"
VALID = EXAMPLES / "valid-protection-testing-card.json"
INVALID = EXAMPLES / "invalid-inconsistent-counts.json"


def _line(path: Path, card_id: str) -> str:
    data = json.loads(path.read_text("utf-8"))
    data["report_card"]["card_id"] = card_id
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Valid and failing cards, a broken line, blank lines and one very long line."""
    lines = []
    for i in range(12):
        lines.append(_line(VALID if i % 3 else INVALID, f"C-{i}"))
        if i == 4:
            lines.append("{broken")
        if i == 9:
            lines.append('{"report_card": {"card_id": "CUT"')  # cut off: the error is at its end
        if i == 6:
            lines.append("")
    lines.insert(8, "{" + " " * 9000 + _line(VALID, "LONG")[1:])  # longer than a chunk below
    path = tmp_path / "cards.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--as-of", "2026-11-26", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json"])
def test_jobs_give_the_output_of_one_process(
    mixed: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    monkeypatch.setattr(check_parallel, "CHUNK_BYTES", 4096)  # about one card a chunk
    monkeypatch.setattr(check_parallel, "CHUNK_DOCUMENTS", 2)
    args = ("--format", fmt, str(VALID), str(mixed), str(INVALID))
    one = _run(capsys, "--jobs", "1", *args)
    two = _run(capsys, "--jobs", "2", *args)
    three = _run(capsys, "--jobs", "3", *args)
    assert one == two == three
    code, out, err = one
    assert code == 2  # the broken line
    assert f"{mixed}:6: JSON 格式错误" in err
    assert f"{mixed}:14: JSON 格式错误：第1行第34列" in err  # the cut line's own position
    if fmt == "jsonl":
        sources = [json.loads(line)["source"] for line in out.splitlines()]
        assert sources[0] == str(VALID) and sources[-1] == str(INVALID)
        assert sources[1:-1] == [f"{mixed}:{n}" for n in (1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16)]


def test_exit_codes_without_unreadable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_parallel, "CHUNK_BYTES", 4096)
    valid = tmp_path / "valid.jsonl"
    valid.write_text("\n".join(_line(VALID, f"V-{i}") for i in range(6)) + "\n", "utf-8")
    code, out, _ = _run(capsys, "--jobs", "2", str(valid))
    assert code == 0 and "共检查 6 份，0 份有错误" in out
    failing = tmp_path / "failing.jsonl"
    failing.write_text(
        "\n".join(_line(INVALID if i == 5 else VALID, f"F-{i}") for i in range(6)), "utf-8"
    )  # no newline at the end
    code, out, _ = _run(capsys, "--jobs", "2", "-q", str(failing))
    assert code == 1
    assert f"{failing}:6:" in out and "共检查 6 份，1 份有错误" in out


def test_chunks_cover_the_file_in_whole_lines(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_parallel, "CHUNK_BYTES", 4096)
    parts = list(check_parallel.chunks([str(mixed)]))
    assert len(parts) > 3
    data = mixed.read_bytes()
    offset, line = 0, 1
    for part in parts:
        assert isinstance(part, check_parallel.FileChunk)
        assert (part.offset, part.first_line) == (offset, line)
        piece = data[part.offset : part.offset + part.length]
        assert piece.endswith(b"\n")
        offset += part.length
        line += piece.count(b"\n")
    assert offset == len(data)


@pytest.mark.parametrize("value", ["0", "-1", "x", "1000"])
def test_jobs_out_of_range_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", "--jobs", value, str(VALID)])
    assert stop.value.code == 2
    assert "进程数应为 1–256 的整数" in capsys.readouterr().err


def test_default_jobs_is_the_cores_available() -> None:
    assert check_parallel.default_jobs() >= 1
