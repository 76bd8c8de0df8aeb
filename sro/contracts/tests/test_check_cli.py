"""``sro contracts check FILE``: JSON with every required item in order, or exit 2 with a clear
message for an unreadable file; no Django or database needed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sro.contracts.check_cli import main
from sro.contracts.samples import SAMPLES_DIR, sample_docx, sample_pdf
from sro.contracts.tests.test_extract import TEXT, _docx_with_body, _paragraphs, _pdf_pages_drawing
from sro.rules.contracts import BY_ID, ITEM_IDS

ALEXANDRIA = SAMPLES_DIR / "alexandria-district-2026.txt"
SRO = str(Path(sys.executable).with_name("sro"))


def run(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def assert_report(output: str) -> dict[str, dict[str, Any]]:
    items = json.loads(output)["items"]
    assert [entry["item"] for entry in items] == list(ITEM_IDS)
    for entry in items:
        assert set(entry) == {"item", "required", "found", "score", "excerpt", "location"}
        assert entry["required"] == BY_ID[entry["item"]].required
        assert isinstance(entry["found"], bool)
        assert 0.0 <= entry["score"] <= 1.0
    return {entry["item"]: entry for entry in items}


def test_a_text_agreement_is_checked() -> None:
    status, out, err = run(str(ALEXANDRIA))
    assert (status, err) == (0, "")
    report = assert_report(out)
    assert report["attire"]["found"] is True
    assert report["attire"]["location"] == "section 6.1"
    assert "plain clothes" in report["attire"]["excerpt"]
    assert report["deescalation_resources"]["found"] is False


@pytest.mark.parametrize(("suffix", "build"), [(".docx", sample_docx), (".pdf", sample_pdf)])
def test_docx_and_pdf_files_are_checked(tmp_path: Path, suffix: str, build: Any) -> None:
    path = tmp_path / f"agreement{suffix}"
    path.write_bytes(build(ALEXANDRIA.name))
    status, out, _ = run(str(path))
    assert status == 0
    report = assert_report(out)
    assert [item for item, entry in report.items() if not entry["found"]] == [
        "deescalation_resources"
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.pdf", "no such file"),
        (b"%PDF-1.7 truncated", "broken.pdf", "damaged PDF"),
        (b"Caf\xe9 agreement", "contract.txt", "not valid UTF-8"),
        (b"<html></html>", "contract.html", "upload the contract as a PDF"),
    ],
)
def test_an_unreadable_file_exits_2_with_a_message(
    tmp_path: Path, content: bytes | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    status, out, err = run(str(path))
    assert (status, out) == (2, "")
    assert err.startswith("error: ")
    assert message in err


def test_usage_errors_exit_2_and_help_exits_0() -> None:
    assert run()[0] == 2
    assert run("a.pdf", "b.pdf")[0] == 2
    status, out, _ = run("--help")
    assert status == 0
    assert "usage: sro contracts check" in out


def test_the_installed_command_runs_without_django(tmp_path: Path) -> None:
    # A settings module that cannot be imported: the command must not need Django at all.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no_such_settings_module"}
    good = subprocess.run(  # noqa: S603 - our own console script
        [SRO, "contracts", "check", str(ALEXANDRIA)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert_report(good.stdout)
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf at all")
    refused = subprocess.run(  # noqa: S603 - our own console script
        [SRO, "contracts", "check", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "named .pdf but its content is not a PDF" in refused.stderr


def test_a_docx_bomb_exits_2_at_once(tmp_path: Path) -> None:
    """Issue 23, finding 5: the same refusal as the upload page, from the ZIP directory."""
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_with_body(_paragraphs([b"a"] * (8 * 1024 * 1024 // 36))))
    status, out, err = run(str(path))
    assert (status, out) == (2, "")
    assert "word/document.xml unpacks" in err
    assert "times larger than it is stored" in err


def test_a_pdf_of_too_many_pages_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf_pages_drawing(1001, TEXT))
    status, out, err = run(str(path))
    assert (status, out) == (2, "")
    assert "has 1,001 pages; at most 1,000 are read" in err
