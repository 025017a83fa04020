"""Rule-based FALC rewrites, one module per family, each a pure function on text or a parse.

Every rewrite is deterministic and conservative: when the parse does not show a safe pattern,
the function returns its input unchanged (or ``None`` for the parse-based ones). The
legal-invariants guard of :mod:`falc.simplify` then checks each rewrite before it is kept.
"""
