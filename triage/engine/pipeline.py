"""The library's front door: an intake (or an answers file) in, a report out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import InvalidInput
from .experta_engine import run
from .files import load_mapping
from .intake import Intake
from .kb_loader import load_knowledge_base
from .kb_models import KnowledgeBase
from .report import Report, build_report
from .signals import Evidence, derive_signals

_DEFAULT_KB: KnowledgeBase | None = None


def default_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    global _DEFAULT_KB
    if _DEFAULT_KB is None:
        _DEFAULT_KB = load_knowledge_base()
    return _DEFAULT_KB


def load_intake(path: str | Path) -> Intake:
    """Read a YAML or JSON answers file; InvalidInput names the file and field on any problem."""
    return load_mapping(Path(path), Intake, InvalidInput, "complaints, health and training")


def triage(
    intake: Intake,
    kb: KnowledgeBase | None = None,
    quotes: Mapping[str, tuple[Evidence, ...]] | None = None,
) -> Report:
    """Run the rules over what the runner reported; `quotes` ties answers to a comment's words."""
    kb = kb or default_knowledge_base()
    return build_report(kb, intake, run(kb, derive_signals(intake, quotes)))
