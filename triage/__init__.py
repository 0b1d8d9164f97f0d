"""stridewise's public API: triage a runner's intake against the knowledge base.

Everything the CLI can do is one call here; nothing in this package prints or exits.
"""

from .errors import InvalidInput, KnowledgeBaseError, StridewiseError
from .explain import derivation, how, why_asked, why_not
from .explanation import Explanation
from .intake import Complaint, GeneralHealth, Intake, Training
from .knowledge import KnowledgeBase, load_knowledge_base
from .pipeline import default_knowledge_base, load_intake, triage
from .report import Report
from .text import CommentReading, ExtractedFact, read_comment, read_comments, triage_comment

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
