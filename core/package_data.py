"""Reading the reference tables a package ships in its ``data/`` folder (each folder's
SOURCES.md says where they come from and how to rebuild them)."""

from __future__ import annotations

import gzip
import io
from importlib.resources import files

import pandas as pd


def read_package_csv(package: str, name: str) -> pd.DataFrame:
    """``<package>/data/<name>`` (gzip when the name ends in ``.gz``) as a DataFrame of strings;
    missing values stay ``""``."""
    raw = (files(package) / "data" / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
