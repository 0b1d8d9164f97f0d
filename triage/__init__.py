"""stridewise's public API: triage a runner's intake against the knowledge base.

Everything the CLI can do is one call here; nothing in this package prints or exits.
Names load on first use (PEP 562), so `stridewise --help` does not pay for the whole library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CommentReading": ".text",
    "Complaint": ".intake",
    "Explanation": ".explanation",
    "ExtractedFact": ".text",
    "GeneralHealth": ".intake",
    "Intake": ".intake",
    "InvalidInput": ".errors",
    "KnowledgeBase": ".knowledge",
    "KnowledgeBaseError": ".errors",
    "Report": ".report",
    "StridewiseError": ".errors",
    "Training": ".intake",
    "default_knowledge_base": ".pipeline",
    "derivation": ".explain",
    "how": ".explain",
    "load_intake": ".pipeline",
    "load_knowledge_base": ".knowledge",
    "read_comment": ".text",
    "read_comments": ".text",
    "triage": ".pipeline",
    "triage_comment": ".text",
    "why_asked": ".explain",
    "why_not": ".explain",
}

__all__ = [
    "CommentReading",
    "Complaint",
    "Explanation",
    "ExtractedFact",
    "GeneralHealth",
    "Intake",
    "InvalidInput",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Report",
    "StridewiseError",
    "Training",
    "default_knowledge_base",
    "derivation",
    "how",
    "load_intake",
    "load_knowledge_base",
    "read_comment",
    "read_comments",
    "triage",
    "triage_comment",
    "why_asked",
    "why_not",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    from .errors import InvalidInput, KnowledgeBaseError, StridewiseError
    from .explain import derivation, how, why_asked, why_not
    from .explanation import Explanation
    from .intake import Complaint, GeneralHealth, Intake, Training
    from .knowledge import KnowledgeBase, load_knowledge_base
    from .pipeline import default_knowledge_base, load_intake, triage
    from .report import Report
    from .text import CommentReading, ExtractedFact, read_comment, read_comments, triage_comment
