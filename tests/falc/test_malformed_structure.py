"""Malformed structure values are read as body text (issue 15, item 6): a non-integer outline
level in .docx (``w:outlineLvl``, on a paragraph or a style) or .odt (``text:outline-level``),
odd comment ids; in the reader, the CLI and the API, never a traceback or a 500."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.settings import Settings
from falc.readers import read_bytes
from tests.bombs import odt_document

MAX_BYTES = 20 * 2**20


def _docx(outline: str, *, on_style: bool = False) -> bytes:
    word = docx.Document()
    word.add_paragraph("Article premier")
    word.add_paragraph("Le titulaire exécute les prestations.")
    if on_style:
        style = word.styles["Normal"].element
        target = style.get_or_add_pPr()
    else:
        target = word.paragraphs[0]._p.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), outline)
    target.append(level)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _odt(outline: str) -> bytes:
    return odt_document(
        f'<text:h text:outline-level="{outline}">Article premier</text:h>'
        "<text:p>Le titulaire exécute les prestations.</text:p>"
    )


@pytest.mark.parametrize("value", ["deux", "", " ", "1.5", "-1", "²", "999999999999999999999"])
@pytest.mark.parametrize("kind", ["docx", "docx-style", "odt"])
def test_non_integer_outline_level_is_body_text(kind: str, value: str):
    data = _odt(value) if kind == "odt" else _docx(value, on_style=kind == "docx-style")
    document = read_bytes(data, f"x.{kind.split('-')[0]}", max_bytes=MAX_BYTES)
    first = document.paragraphs[0]
    assert first.text == "Article premier"
    assert first.kind == "paragraph" and first.level is None


@pytest.mark.parametrize(("kind", "value", "level"), [("docx", "1", 2), ("odt", "2", 2)])
def test_a_valid_outline_level_still_makes_a_heading(kind: str, value: str, level: int):
    data = _odt(value) if kind == "odt" else _docx(value)
    first = read_bytes(data, f"x.{kind}", max_bytes=MAX_BYTES).paragraphs[0]
    assert first.kind == "heading" and first.level == level


def test_malformed_outline_levels_pass_the_cli(tmp_path):
    path = tmp_path / "niveau.docx"
    path.write_bytes(_docx("deux"))
    result = CliRunner().invoke(app, ["analyse", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("route", ["/api/falc/analyse", "/api/falc/simplifie"])
@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_malformed_outline_levels_never_give_a_500(base_path, nlp, route: str, kind: str):
    data = _odt("deux") if kind == "odt" else _docx("deux")
    with TestClient(create_app(Settings(base=base_path, demo=False))) as client:
        answer = client.post(route, files={"fichier": (f"niveau.{kind}", data)})
        assert answer.status_code == 200, answer.text
        docx_answer = client.post(
            route, params={"format": "docx"}, files={"fichier": (f"niveau.{kind}", data)}
        )
        assert docx_answer.status_code in (200, 422), docx_answer.text
