"""The adaptive questionnaire as pure logic, shared by `stridewise ask` and the web page.

`parsing` reads one typed answer, `checklist` one line ticking a checklist's items, `session`
applies answers and picks the next step, `aliases` lends the lexicon's words to the choices. No input or output happens here.
"""

from .checklist import checklist_hint, parse_checklist
from .parsing import (
    YES_NO,
    AmbiguousAnswer,
    Command,
    InvalidAnswer,
    Value,
    bounds,
    hint,
    label,
    normalise,
    parse,
)
from .session import (
    EXERCISES_ADVISED,
    NO_RECORD,
    STOP_LEVELS,
    Questionnaire,
    answer_pairs,
    answers_yaml,
)

__all__ = [
    "EXERCISES_ADVISED",
    "NO_RECORD",
    "STOP_LEVELS",
    "YES_NO",
    "AmbiguousAnswer",
    "Command",
    "InvalidAnswer",
    "Questionnaire",
    "Value",
    "answer_pairs",
    "answers_yaml",
    "bounds",
    "checklist_hint",
    "hint",
    "label",
    "normalise",
    "parse",
    "parse_checklist",
]
