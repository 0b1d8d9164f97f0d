"""stridewise's public API: triage a runner's intake against the knowledge base.

Everything the CLI can do is one call here; nothing in this package prints or exits.
Names load on first use (PEP 562), so `stridewise --help` does not pay for the whole library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CommentReading": ".reading.reader",
    "Complaint": ".engine.intake",
    "Explanation": ".explain.models",
    "ExtractedFact": ".reading.reader",
    "GeneralHealth": ".engine.intake",
    "Intake": ".engine.intake",
    "InvalidInput": ".errors",
    "KnowledgeBase": ".engine.kb_models",
    "KnowledgeBaseError": ".errors",
    "Report": ".engine.report",
    "StridewiseError": ".errors",
    "Training": ".engine.intake",
    "default_knowledge_base": ".engine.pipeline",
    "derivation": ".explain.explainer",
    "how": ".explain.explainer",
    "load_intake": ".engine.pipeline",
    "load_knowledge_base": ".engine.kb_loader",
    "read_comment": ".reading.reader",
    "read_comments": ".reading.reader",
    "triage": ".engine.pipeline",
    "triage_comment": ".reading.reader",
    "why_asked": ".explain.explainer",
    "why_not": ".explain.explainer",
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
    from .engine.intake import Complaint, GeneralHealth, Intake, Training
    from .engine.kb_loader import load_knowledge_base
    from .engine.kb_models import KnowledgeBase
    from .engine.pipeline import default_knowledge_base, load_intake, triage
    from .engine.report import Report
    from .errors import InvalidInput, KnowledgeBaseError, StridewiseError
    from .explain.explainer import derivation, how, why_asked, why_not
    from .explain.models import Explanation
    from .reading.reader import (
        CommentReading,
        ExtractedFact,
        read_comment,
        read_comments,
        triage_comment,
    )
