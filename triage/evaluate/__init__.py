"""Case-suite evaluation: load cases (the project's own and the independently written sets),
run them as `stridewise reply` and `triage` would, measure, and hold serious misses to the
list of known ones. Nothing here prints; `render.evaluate` shows the results.
"""

from __future__ import annotations

from .cases import (
    ANY_EXERCISE,
    NEVER_ALIASES,
    Case,
    WrittenCase,
    check_cases,
    forbidden,
    is_held_out,
    load_cases,
)
from .known_misses import (
    UNREVIEWED,
    KnownMiss,
    Ratchet,
    added_without_their_case,
    compare,
    dump_list,
    entries_from,
    find_list,
    load_list,
    updated_list,
)
from .results import AGREEMENT_BAR, LEVELS, CaseResult, Group, Summary, summarise
from .run import (
    Evaluation,
    comment_reader,
    evaluate,
    evaluate_paths,
    run_case,
    update_known_misses,
)

__all__ = [
    "AGREEMENT_BAR",
    "ANY_EXERCISE",
    "LEVELS",
    "NEVER_ALIASES",
    "UNREVIEWED",
    "Case",
    "CaseResult",
    "Evaluation",
    "Group",
    "KnownMiss",
    "Ratchet",
    "Summary",
    "WrittenCase",
    "added_without_their_case",
    "check_cases",
    "comment_reader",
    "compare",
    "dump_list",
    "entries_from",
    "evaluate",
    "evaluate_paths",
    "find_list",
    "forbidden",
    "is_held_out",
    "load_cases",
    "load_list",
    "run_case",
    "summarise",
    "update_known_misses",
    "updated_list",
]
