"""The runner's answers so far, carried in the page itself (a hidden field), never on the server.

Each post sends every step back (a list of [question, value] pairs per step); they are replayed
through the questionnaire, which checks that each step was the one it would have shown and that
the intake accepts every value.
"""

from __future__ import annotations

import json
from typing import Any

from ..engine.kb_models import KnowledgeBase
from ..errors import InvalidInput
from ..questionnaire import InvalidAnswer, Questionnaire, Value

MAX_STEPS = 60  # far more than any path through the question bank
_STALE = "answers: the page is out of date or was changed; please start again."


def encode(session: Questionnaire) -> str:
    """The answers, step by step, as compact JSON for a hidden form field."""
    return json.dumps(
        [
            [[question_id, list(v) if isinstance(v, tuple) else v] for question_id, v in step]
            for step in session.steps
        ],
        separators=(",", ":"),
    )


def decode(kb: KnowledgeBase, raw: str) -> Questionnaire:
    """Replay the answers from a form; InvalidInput if they are not a path the page could take."""
    try:
        data: Any = json.loads(raw or "[]")
    except json.JSONDecodeError:
        raise InvalidInput(_STALE) from None
    if not isinstance(data, list) or len(data) > MAX_STEPS:
        raise InvalidInput(_STALE)
    session = Questionnaire(kb)
    for step in data:
        expected = [question.id for question in session.next_step()]
        if not (
            expected
            and isinstance(step, list)
            and all(isinstance(item, list) and len(item) == 2 for item in step)
            and [item[0] for item in step] == expected
        ):
            raise InvalidInput(_STALE)
        try:
            session = session.answer_step({item[0]: _value(item[1]) for item in step})
        except InvalidAnswer:
            raise InvalidInput(_STALE) from None
    return session


def _value(raw: Any) -> Value:
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return tuple(raw)
    if isinstance(raw, str | int | float) and not isinstance(raw, bool):
        return raw
    raise InvalidInput(_STALE)
