"""Dependencies shared by the routes: settings, the spaCy pipeline, the database connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from spacy.language import Language

from api.settings import Settings, get_settings
from falc.nlp import load_nlp
from storage import connect


def get_nlp(settings: Annotated[Settings, Depends(get_settings)]) -> Language:
    """The spaCy pipeline, loaded once per process."""
    return load_nlp(settings.spacy_model)


def get_db(settings: Annotated[Settings, Depends(get_settings)]) -> Iterator[sqlite3.Connection]:
    """One connection to the base per request, closed afterwards."""
    conn = connect(settings.base)
    try:
        yield conn
    finally:
        conn.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
NlpDep = Annotated[Language, Depends(get_nlp)]
DbDep = Annotated[sqlite3.Connection, Depends(get_db)]
