"""A seeded mutator for the fuzz tests: damaged copies of real inputs, the same on every run.

Raw mutations flip, cut, repeat or insert bytes anywhere (an archive's directory included);
for a zip document, half the cases mutate the XML inside and zip it again, so the damage reaches
the reader's own parsing (odd attribute values, cut elements, stray characters) instead of
stopping at the archive's checksum.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator

TOKENS = [
    b"\x00", b"\x01", b"\xff", b"\xef\xbf\xbe", b'"', b"'", b"<", b">", b"&", b"]]>", b"{", b"}",
    b"[", b"]", b",", b";", b":", b"\n", b"\r", b"-1", b"0", b"x", b"deux", b"1e999",
    b"99999999999999999999", b"NaN", b"null", b"true", b"\\u0000", b"\\ud800", b"%", b"/",
    b"obj", b"endobj", b"stream", b"xref", b"trailer", b"<<", b">>",
]  # fmt: skip
"""Bytes that matter to one format or another (XML, JSON, CSV, PDF syntax; odd numbers)."""


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out.extend(rng.choice(TOKENS))
            continue
        position = rng.randrange(len(out))
        match rng.randrange(6):
            case 0:  # flip a byte
                out[position] = rng.randrange(256)
            case 1:  # cut a slice
                del out[position : position + rng.randint(1, 64)]
            case 2:  # repeat a slice
                piece = out[position : position + rng.randint(1, 64)]
                out[position:position] = piece * rng.randint(2, 20)
            case 3:  # insert a token
                out[position:position] = rng.choice(TOKENS)
            case 4:  # replace a value between quotes by a token
                start = out.find(b'"', position)
                end = out.find(b'"', start + 1) if start >= 0 else -1
                if 0 <= start < end:
                    out[start + 1 : end] = rng.choice(TOKENS)
            case _:  # truncate
                del out[rng.randrange(len(out)) :]
    return bytes(out)


def mutate_zip_member(data: bytes, member: str, rng: random.Random) -> bytes:
    """``data`` (a zip document) with ``member`` mutated and the archive rebuilt whole."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = mutate(content, rng)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, content, method)
    return out.getvalue()


def cases(seed: bytes, count: int, rng_seed: int, member: str | None = None) -> Iterator[bytes]:
    """``count`` mutated copies of ``seed``, the same for the same ``rng_seed``; with ``member``,
    every other case mutates that zip member instead of the raw bytes."""
    rng = random.Random(rng_seed)
    for index in range(count):
        if member is not None and index % 2:
            yield mutate_zip_member(seed, member, rng)
        else:
            yield mutate(seed, rng)
