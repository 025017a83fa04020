"""Errors of the suppliers package, each with a French message shown as is to the user."""

from __future__ import annotations

from core.errors import ClairError


class CodeError(ClairError):
    """A NAF, CPV or SIRET code is malformed."""


class ImportFileError(ClairError):
    """A file to import cannot be read at all (missing, not a CSV, unknown layout)."""


class FirmNotFoundError(ClairError):
    """No firm has this SIRET in the register."""


class DeclarationError(ClairError):
    """A firm's declaration is not acceptable (bad SIRET, missing fields, not allowed)."""
