"""The registry of FALC rules: one frozen :class:`Rule` per entry, each documented in
``docs/regles-falc.md``.

Adding a rule is adding one entry to a module's ``RULES`` tuple; the test
``tests/falc/test_rules_documented.py`` checks that every code is documented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from falc.rules import characters, grammar, length, numbers, vocabulary
from falc.rules.base import DocumentState, Hit, RewriteFn, Rule, RuleContext
from falc.rules.base import register_rewrite as _register_rewrite

RULES: tuple[Rule, ...] = (
    *length.RULES,
    *grammar.RULES,
    *vocabulary.RULES,
    *numbers.RULES,
    *characters.RULES,
)
"""Every rule, in the order the documentation presents them."""

_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
if len(_BY_CODE) != len(RULES):  # pragma: no cover - caught by the import in any test
    raise RuntimeError("Deux règles FALC ont le même code.")


def active_rules(extra: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules on by default, plus the rules asked for by code (``FalcConfig.extra_rules``)."""
    asked = set(extra)
    for code in asked:
        get_rule(code)
    return tuple(rule for rule in RULES if rule.default or rule.code in asked)


def score_only_rules(extra: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules off by default, not asked for, whose findings count in the score unshown."""
    asked = set(extra)
    return tuple(
        rule for rule in RULES if not rule.default and rule.scored and rule.code not in asked
    )


class UnknownRuleError(KeyError):
    """No rule has this code."""


def get_rule(code: str) -> Rule:
    """The rule with this code; raises :class:`UnknownRuleError` for an unknown code."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownRuleError(f"Règle FALC inconnue : « {code} ».") from None


def register_rewrite(code: str) -> Callable[[RewriteFn], RewriteFn]:
    """Attach a rewrite to the rule ``code`` (decorator); the rule's ``rewrite`` then returns it."""
    get_rule(code)
    return _register_rewrite(code)


__all__ = [
    "RULES",
    "DocumentState",
    "Hit",
    "RewriteFn",
    "Rule",
    "RuleContext",
    "UnknownRuleError",
    "active_rules",
    "get_rule",
    "register_rewrite",
    "score_only_rules",
]
