"""More words for a question's choices, taken from the comment lexicon ("inner hip", "glute").

Only plain phrases are used (alternatives `a|b` expanded); slots such as NUM or `...` are for
reading comments and are skipped. It reads the knowledge base; it never changes it.
"""

from __future__ import annotations

import itertools

from ..engine.kb_models import KnowledgeBase, Question
from ..reading.lexicon import parse_lexicon

_SPECIAL = ("...", "NUM", "UNIT", "re:", "^", "?")


def choice_aliases(kb: KnowledgeBase, question: Question) -> dict[str, str]:
    """Phrase -> choice, for the lexicon terms that fill this question's field with a choice."""
    data = kb.extras.get("lexicon")
    if not question.choices or data is None:
        return {}
    aliases: dict[str, str] = {}
    for term in parse_lexicon(data).terms:
        if term.field != question.field or term.value not in question.choices:
            continue
        for phrase in term.phrases:
            for variant in expand(phrase):
                aliases.setdefault(variant, str(term.value))
    return aliases


def expand(phrase: str) -> list[str]:
    """Every plain wording of a lexicon phrase; none when it uses a special slot."""
    words = phrase.lower().split()
    if any(marker in word for word in words for marker in _SPECIAL):
        return []
    return [" ".join(choice) for choice in itertools.product(*(w.split("|") for w in words))]
