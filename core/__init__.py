"""Clair's smallest shared basics: the error family, French text folding, SIRET and SIREN checks.

Every package may import ``core``; ``core`` imports none of Clair's packages.
"""
