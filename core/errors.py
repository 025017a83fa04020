"""The family of Clair's domain errors. Each carries a French message shown as is to the user.

A domain package raises the kind that says what went wrong; ``api/errors.py`` turns the kind into
an HTTP status through one mapping (invalid → 422, too large → 413, forbidden → 403, not found →
404, anything else → 400). Domain code never imports FastAPI.
"""

from __future__ import annotations


class ClairError(Exception):
    """Base of Clair's domain errors: the message is French and shown as is to the user."""


class InvalidInputError(ClairError):
    """What the user sent cannot be used as it is (a malformed code, a bad field, a bad file)."""


class TooLargeError(InvalidInputError):
    """What the user sent is larger than Clair accepts (file size, words, members of an archive)."""


class ForbiddenError(ClairError):
    """The user is known but may not do this."""


class NotFoundError(ClairError):
    """What the user asked for does not exist (a firm, a commune, a tender)."""
