"""One typed line answering a checklist step: the item numbers that apply, `?` for not sure.

"1 4?" means item 1 yes, item 4 not sure, every other item no; Enter, "none" or "no" mean no to
all. It reads text only; applying the answers is `session`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..engine.kb_models import Question
from .parsing import NO_WORDS, WHY_WORDS, Command, InvalidAnswer, Value, normalise

_ITEM = re.compile(r"^(\d+)(\?)?$")


def checklist_hint(count: int) -> str:
    """What a checklist prompt accepts, in a few words."""
    return (
        f"the numbers that apply (1 to {count}), a number followed by ? for not sure "
        "(such as 1 3?), or none"
    )


def parse_checklist(items: Sequence[Question], text: str) -> dict[str, Value] | Command:
    """Every item's answer (yes, no or not_sure) from one line, or a command; InvalidAnswer
    naming what is wrong otherwise."""
    raw = normalise(text)
    if raw in WHY_WORDS:
        return Command("why")
    if raw == "back":
        return Command("back")
    answers: dict[str, Value] = {item.id: "no" for item in items}
    if not raw or raw in NO_WORDS:
        return answers
    for token in raw.replace(",", " ").split():
        found = _ITEM.match(token)
        if not found or not 1 <= int(found[1]) <= len(items):
            raise InvalidAnswer(
                f"{token!r} is not an item here; type {checklist_hint(len(items))}."
            )
        answers[items[int(found[1]) - 1].id] = "not_sure" if found[2] else "yes"
    return answers
