"""Reading the reference files shipped in ``suppliers/data/`` (built by
``scripts/build_reference_data.py``; origins and licences in ``suppliers/data/SOURCES.md``)."""

from __future__ import annotations

import gzip
import io
from importlib.resources import files
from typing import IO

import pandas as pd


def open_data(name: str) -> IO[bytes]:
    """A binary stream on one shipped data file, decompressed when its name ends in ``.gz``."""
    resource = files("suppliers") / "data" / name
    raw = resource.open("rb")
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return raw


def read_csv(name: str, **kwargs) -> pd.DataFrame:
    """A shipped CSV file as a DataFrame of strings (missing values stay ``""``)."""
    with open_data(name) as stream:
        return pd.read_csv(
            io.BytesIO(stream.read()), dtype=str, keep_default_na=False, comment=None, **kwargs
        )
