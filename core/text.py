"""French text folding: one way to compare words whatever their case, accents or ligatures."""

from __future__ import annotations

import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'"})


def fold(text: str) -> str:
    """Lower case, without accents, ligatures opened, one kind of apostrophe.

    « Œuvre Électrique » → « oeuvre electrique »; « l’État » → « l'etat ».
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
