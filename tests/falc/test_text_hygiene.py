"""Characters XML forbids never reach a written document (issue 15, item 5): every reader drops
them, so a text file holding control characters is rewritten to DOCX and ODT without error."""

from __future__ import annotations

import io
import zipfile

import pytest

from falc.document import Document
from falc.readers import read_bytes
from falc.simplify import simplify_document
from falc.writers.output import render

TEXT = "Le pouvoir adjudicateur\x01 notifie la décision\x0b au titulaire.\x1f\n\nFin\ufffe."


def test_readers_drop_control_characters():
    document = read_bytes(TEXT.encode(), "avis.txt", max_bytes=2**20)
    assert [p.text for p in document.paragraphs] == [
        "Le pouvoir adjudicateur notifie la décision au titulaire.",
        "Fin.",
    ]
    pasted = Document.from_text(TEXT)
    assert "\x01" not in pasted.paragraphs[0].text


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_text_with_control_characters_is_written_to_docx_and_odt(nlp, kind: str):
    document = read_bytes(TEXT.encode(), "avis.txt", max_bytes=2**20)
    written = render(kind, document, simplify_document(document, nlp), None)
    member = "word/document.xml" if kind == "docx" else "content.xml"
    xml = zipfile.ZipFile(io.BytesIO(written)).read(member).decode()
    assert "titulaire" in xml and "\x01" not in xml
