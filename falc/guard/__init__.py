"""The meaning guard: a change is kept only if the result still says what the original says.

It is written against the original and the result only: its own parse, its own word lists,
nothing from the rewrites but the « équivalent » entries of the glossary (an exact equivalent may
replace a word). Each check lives in its module and returns the failures it finds:

- :mod:`falc.guard.words`: every noun, verb, adjective, adverb, number and proper-noun lemma
  of the original is still in the result;
- :mod:`falc.guard.markers`: negations and obligation or permission markers keep their count
  and their place;
- :mod:`falc.guard.conditions`: a cut condition stays a condition, with all of its parts;
- :mod:`falc.guard.relatives`: a demonstrative that takes up the antecedent of a cut relative
  clause names the noun the clause is attached to, and is refused when that is unsure;
- :mod:`falc.guard.structure`: clause numbers, list markers and headings are kept exactly.
"""

from falc.guard.check import GuardFailure, MeaningGuard, check_headings

__all__ = ["GuardFailure", "MeaningGuard", "check_headings"]
