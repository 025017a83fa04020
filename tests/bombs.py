"""Decompression bombs built in memory for the tests and the benchmark (never committed).

:func:`docx_bomb` is the campaign's 1.26 MB .docx whose ``word/document.xml`` inflates to
1.2 GB: one megabyte of paragraphs compressed once with a full flush, its deflate blocks
repeated (a full flush makes each copy independent), so building it costs milliseconds.
:func:`odt_bomb` is the campaign's 1,094-byte .odt asking for 1.5 billion spaces.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bomb(inflated_bytes: int = 1_200 * 1024 * 1024, *, declared: int | None = None) -> bytes:
    """A .docx whose document.xml inflates to about ``inflated_bytes``.

    ``declared``: the uncompressed size its headers announce (default: the true size); a small
    value makes a lying header. The CRC is not computed (0): the archive is refused long before
    a reader could check it.
    """
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    block = b"<w:p><w:r><w:t>" + b"a " * (512 * 1024) + b"</w:t></w:r></w:p>"
    copies = max(1, (inflated_bytes - len(head) - len(tail)) // len(block))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    size = len(head) + copies * len(block) + len(tail)
    document = (start + repeated * copies + end, 0, size if declared is None else declared)
    return _zip(
        [
            ("[Content_Types].xml", *_deflated(_CONTENT_TYPES)),
            ("_rels/.rels", *_deflated(_RELS)),
            ("word/document.xml", *document),
        ]
    )


def odt_bomb(count: int | str = 1_500_000_000) -> bytes:
    """A tiny .odt whose one paragraph asks for ``count`` spaces (``<text:s text:c=…/>``)."""
    return odt_document(f'<text:p>Avis<text:s text:c="{count}"/>de march\u00e9</text:p>')


def odt_document(body: str) -> bytes:
    """A minimal .odt whose ``office:text`` holds ``body`` (ODF XML with the text prefix)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def pdf_bomb(pages: int = 200, page_bytes: int = 4_000_000) -> bytes:
    """A PDF of ``pages`` pages whose Flate content streams each inflate to ``page_bytes`` of
    text operators (200 × 4 MB, 2.4 MB on disk, takes pypdf minutes to extract)."""
    line = b"BT /F1 12 Tf 72 712 Td (Le titulaire paie.) Tj ET\n"
    stream = zlib.compress(line * (page_bytes // len(line)), 9)
    font = 3 + 2 * pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
    ]
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated members: (name, raw deflate data, CRC, size)."""
    out = io.BytesIO()
    directory = []
    for name, raw, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(raw)
        central = struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(raw),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory.append(central + encoded)
    start = out.tell()
    for entry in directory:
        out.write(entry)
    length = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), length, start, 0)
    )
    return out.getvalue()


# --- measuring a door in a fresh process ----------------------------------------------------

_CLI_SCRIPT = """
import atexit, sys


def peak(path=sys.argv[1]):  # the process's own high-water mark (wait4's counts the parent's)
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))


atexit.register(peak)
sys.argv = ["clair", *sys.argv[2:]]
from api.cli import main

main()
"""
"""The ``clair`` console script, telling its peak memory (``python -m api.cli`` imports
api.cli twice)."""
_API_SCRIPT = """
import json, sys, time
from fastapi.testclient import TestClient
from api.app import create_app
from api.deps import get_nlp
from api.settings import Settings


def reset_peak():  # Linux: the high-water mark of the resident memory starts again from here
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def status_mb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024


path, route, real_model = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
app = create_app(Settings(base=sys.argv[4], demo=False))
if not real_model:
    app.dependency_overrides[get_nlp] = lambda: None  # refused before any analysis
with TestClient(app) as client:
    if real_model:
        client.post(route, json={"texte": "Une phrase."})  # the model is loaded and warm
    data = open(path, "rb").read()
    before = status_mb("VmRSS")
    reset_peak()
    start = time.perf_counter()
    answer = client.post(route, files={"fichier": (path.rsplit("/", 1)[-1], data)})
    seconds = time.perf_counter() - start
    peak = status_mb("VmHWM")
print(json.dumps({"status": answer.status_code, "detail": answer.json().get("detail"),
                  "seconds": seconds, "peak_mb": peak, "before_mb": before}))
"""


@dataclass(frozen=True)
class Measure:
    """One door fed one bomb: what it answered, how long it took, its peak resident memory
    (for the API: the high-water mark during the request, and the resident memory before it)."""

    code: int
    message: str
    seconds: float
    peak_mb: float
    before_mb: float | None = None
    cpu_seconds: float | None = None
    """CPU time of the CLI's process (user + system): its wall time depends on the machine's load."""


def measure_cli(root: Path, *args: str) -> Measure:
    """Run ``clair ARGS`` in a fresh process: its wall and CPU time (start and imports
    included) and its own peak resident memory (``VmHWM``, read by the process at exit)."""
    with tempfile.TemporaryFile() as output, tempfile.NamedTemporaryFile() as peak:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _CLI_SCRIPT, peak.name, *args],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CLAIR_DEMO": "false", "COLUMNS": "200"},
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        output.seek(0)
        text = output.read().decode()
        peak_mb = int(Path(peak.name).read_text() or 0) / 1024
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    return Measure(code, text, seconds, peak_mb, cpu_seconds=cpu)


def measure_api(root: Path, bomb: Path, route: str, base: Path, *, real_model: bool) -> Measure:
    """POST ``bomb`` to ``route`` through the ASGI app in a fresh process; the time and the
    peak resident memory are those of the request (the high-water mark is reset before it)."""
    answer = subprocess.run(
        [
            sys.executable,
            "-c",
            _API_SCRIPT,
            str(bomb),
            route,
            "1" if real_model else "0",
            str(base),
        ],
        cwd=root,
        capture_output=True,
        timeout=300,
        env={**os.environ, "CLAIR_DEMO": "false"},
        check=True,
    )
    result = json.loads(answer.stdout.decode().strip().splitlines()[-1])
    return Measure(
        result["status"],
        result["detail"] or "",
        result["seconds"],
        result["peak_mb"],
        result["before_mb"],
    )
