"""Decompression bombs are refused before they inflate (issue 15, item 3), in the readers, the
CLI and the API: a French message that says what was refused and why, HTTP 413, and a few
seconds and megabytes of work. The bombs are built in memory (tests/bombs.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.deps import get_nlp
from api.settings import Settings
from core.archives import ArchiveLimits, ArchiveTooLargeError, check_archive
from falc.errors import DocumentTooLargeError
from falc.exemples import exemple_paths
from falc.readers import read_bytes, read_document
from tests.bombs import docx_bomb, measure_api, measure_cli, odt_bomb, pdf_bomb

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 20 * 1024 * 1024
SECONDS_MAX = 5.0
PEAK_MB_MAX = 300.0


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombes")
    paths = {kind: folder / f"bombe.{kind}" for kind in ("docx", "odt", "pdf")}
    paths["docx"].write_bytes(docx_bomb())
    paths["odt"].write_bytes(odt_bomb())
    paths["pdf"].write_bytes(pdf_bomb())
    return paths


def test_the_bombs_are_the_campaigns():
    docx, odt = docx_bomb(), odt_bomb()
    assert 1.2e6 < len(docx) < 1.35e6
    member = zipfile.ZipFile(io.BytesIO(docx)).getinfo("word/document.xml")
    assert member.file_size > 1.2e9
    assert len(odt) < 1_100 and b'text:c="1500000000"' in zipfile.ZipFile(io.BytesIO(odt)).read(
        "content.xml"
    )


def test_docx_bomb_is_refused_before_it_inflates():
    with pytest.raises(DocumentTooLargeError) as refused:
        read_bytes(docx_bomb(), "bombe.docx", max_bytes=MAX_BYTES)
    message = str(refused.value)
    assert "word/document.xml" in message and "1,2 Go" in message and "50,0 Mo" in message
    assert "endommagé" not in message and "bombe de décompression" in message


def test_odt_repeat_count_bomb_is_refused():
    with pytest.raises(DocumentTooLargeError) as refused:
        read_bytes(odt_bomb(), "bombe.odt", max_bytes=MAX_BYTES)
    message = str(refused.value)
    assert "1\u202f500\u202f000\u202f000 espaces" in message and "1\u202f000." in message
    assert "endommagé" not in message


def test_pdf_content_bomb_is_refused_before_any_text_is_extracted():
    data = pdf_bomb()
    assert len(data) < 2.5e6
    with pytest.raises(DocumentTooLargeError) as refused:
        read_bytes(data, "bombe.pdf", max_bytes=MAX_BYTES)
    assert "10 Mo" in str(refused.value) and "endommagé" not in str(refused.value)


@pytest.mark.parametrize(
    ("pages", "page_bytes", "refused"),
    [
        (3, 100_000, False),  # 300 KB in all: under the limit
        (3, 200_000, True),  # 600 KB in all: past it on the third page
        (1, 600_000, True),  # one stream past it: pypdf stops inflating it
    ],
)
def test_the_pdf_content_limit_counts_every_page(pages: int, page_bytes: int, refused: bool):
    limits = ArchiveLimits(pdf_content_max_bytes=512 * 1024)
    data = pdf_bomb(pages, page_bytes)
    if refused:
        with pytest.raises(DocumentTooLargeError, match="une fois décompressé"):
            read_bytes(data, "x.pdf", max_bytes=MAX_BYTES, limits=limits)
    else:
        assert len(read_bytes(data, "x.pdf", max_bytes=MAX_BYTES, limits=limits).paragraphs) == 3


def test_a_lying_header_is_caught_while_streaming():
    """The headers announce 1,000 bytes; the inflater is stopped by the ratio, not trusted."""
    with pytest.raises(DocumentTooLargeError, match="compressé plus de 100 fois"):
        read_bytes(docx_bomb(declared=1_000), "ment.docx", max_bytes=MAX_BYTES)


def test_a_lying_header_is_caught_by_the_size_when_the_ratio_is_allowed():
    limits = ArchiveLimits(member_max_bytes=2 * 1024 * 1024, ratio_max=10_000)
    with pytest.raises(ArchiveTooLargeError, match="dépasse déjà"):
        check_archive(docx_bomb(20 * 1024 * 1024, declared=1_000), "ment.docx", limits)


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (ArchiveLimits(member_max_bytes=256 * 1024), "par élément"),
        (ArchiveLimits(total_max_bytes=512 * 1024), "une fois décompressé, il ferait"),
        (ArchiveLimits(ratio_max=2), "compressé plus de 2 fois"),
        (ArchiveLimits(members_max=3), "annonce"),
    ],
)
def test_each_limit_refuses_with_its_reason(limits: ArchiveLimits, expected: str):
    data = (ROOT / "falc" / "exemples" / "ccap-extrait.docx").read_bytes()
    with pytest.raises(ArchiveTooLargeError, match=expected):
        check_archive(data, "ccap-extrait.docx", limits)


@pytest.mark.parametrize("path", [p for p in exemple_paths() if p.suffix in (".docx", ".odt")])
def test_real_documents_pass_the_default_limits(path: Path):
    assert read_document(path, max_bytes=MAX_BYTES).paragraphs


def test_a_repeat_count_under_the_cap_is_kept_and_a_malformed_one_is_one_space():
    kept = read_bytes(odt_bomb(3), "trois.odt", max_bytes=MAX_BYTES)
    assert kept.paragraphs[0].text == "Avis   de marché"
    odd = read_bytes(odt_bomb("trois"), "x.odt", max_bytes=MAX_BYTES)
    assert odd.paragraphs[0].text == "Avis de marché"


@pytest.fixture
def client(base_path):
    app = create_app(Settings(base=base_path, demo=False))
    app.dependency_overrides[get_nlp] = lambda: None  # refused before any analysis
    with TestClient(app) as test_client:
        yield test_client


_REASON = {
    "docx": "bombe de décompression",
    "odt": "bombe de décompression",
    "pdf": "une fois décompressé",
}


@pytest.mark.parametrize("command", ["analyse", "simplifie"])
@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_bombs_are_refused_in_french_by_the_cli(bombs, command: str, kind: str):
    result = CliRunner().invoke(app, [command, str(bombs[kind])])
    assert result.exit_code == 2, result.output
    assert f"« bombe.{kind} » est refusé" in result.output
    assert _REASON[kind] in result.output.replace("\n", " ")


@pytest.mark.parametrize("route", ["/api/falc/analyse", "/api/falc/simplifie"])
@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_bombs_are_refused_with_a_413_by_the_api(bombs, client, route: str, kind: str):
    answer = client.post(route, files={"fichier": (f"bombe.{kind}", bombs[kind].read_bytes())})
    assert answer.status_code == 413
    assert _REASON[kind] in answer.json()["detail"]


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_bombs_are_refused_quickly_and_lightly_in_the_cli(bombs, kind: str):
    """A fresh process, its own peak memory (``wait4``); the time includes its start."""
    measure = measure_cli(ROOT, "analyse", str(bombs[kind]))
    assert measure.code == 2, measure.message
    assert measure.peak_mb < PEAK_MB_MAX, measure


@pytest.mark.parametrize(
    ("kind", "route"), [("docx", "/api/falc/analyse"), ("odt", "/api/falc/simplifie")]
)
def test_bombs_are_refused_quickly_and_lightly_in_the_api(bombs, tmp_path, kind: str, route: str):
    """A fresh process; the time and peak memory are the request's (benchmarks/bench_bombs.py
    measures every door with the real model)."""
    measure = measure_api(ROOT, bombs[kind], route, tmp_path / "b.sqlite", real_model=False)
    assert measure.code == 413, measure.message
    assert measure.seconds < SECONDS_MAX
    assert measure.peak_mb - measure.before_mb < PEAK_MB_MAX, measure  # what the request added
