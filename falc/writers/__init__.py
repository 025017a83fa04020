"""Outputs of ``clair simplifie``: DOCX with tracked changes, ODT, Markdown, side-by-side HTML."""
