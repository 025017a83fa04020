"""Reading the reference files shipped in ``places/data/`` (built by
``scripts/build_reference_data.py``; origins and licences in ``places/data/SOURCES.md``)."""

from __future__ import annotations

import gzip
import io
from importlib.resources import files

import pandas as pd


def read_csv(name: str) -> pd.DataFrame:
    """A shipped CSV file (gzip when its name ends in ``.gz``) as a DataFrame of strings;
    missing values stay ``""``."""
    raw = (files("places") / "data" / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
