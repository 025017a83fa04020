"""Errors a reader or an analysis raises, each with a French message for the user."""

from __future__ import annotations

from core.errors import InvalidInputError, TooLargeError


class DocumentError(InvalidInputError):
    """A document cannot be read (empty, corrupt, scanned, protected, wrong type)."""


class DocumentTooLargeError(DocumentError, TooLargeError):
    """A document is larger than Clair reads (file size, characters, members of an archive)."""
