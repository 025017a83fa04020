"""Tender notices: import (BOAMP, DECP, TED eForms), search, « ces marchés sont pour vous »,
fiche simple, Atom feeds of saved searches, and the local-economy dashboard of award data.

- ``tender.py``: the :class:`Tender` model and the one path from raw records to it;
- ``_boamp.py``, ``_decp.py``, ``_eforms.py``: the source readers; ``_boamp_http.py``: the
  BOAMP API; ``importers.py``: format detection and import reports; ``sync.py``: the sync;
- ``store.py``: tables, merge of the same notice seen twice, FTS5 index;
- ``search.py``, ``matching.py``, ``fiche.py``, ``saved_searches.py``, ``feeds.py``;
- ``award.py``: an awarded contract and its winners (DECP), ``awards.py``: their tables;
- ``dashboard.py``: the dashboard's indicators, ``dashboard_model.py``: its query and result;
- ``demo.py``: 61 fictitious notices around Dunkerque.
"""
