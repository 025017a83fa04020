"""Errors a reader or an analysis raises, each with a French message for the user."""

from __future__ import annotations


class ClairError(Exception):
    """Base of Clair's domain errors: the message is French and shown as is to the user."""


class DocumentError(ClairError):
    """A document cannot be read (empty, corrupt, scanned, protected, too large, wrong type)."""
