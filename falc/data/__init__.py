"""Reference tables of the FALC analysis (package data, see SOURCES.md)."""
