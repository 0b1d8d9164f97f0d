"""The library's front door: an intake (or an answers file) in, a report out.

It also chooses the rule engine: experta (the default) or CLIPS (`pip install
"stridewise[clips]"`), by argument or by the STRIDEWISE_ENGINE environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InvalidInput
from .files import load_mapping
from .firings import RunResult
from .intake import Intake
from .kb_loader import load_knowledge_base
from .kb_models import KnowledgeBase
from .not_sure_policy import counted_as_yes
from .report import Report, build_report
from .signals import Evidence, Signal, derive_signals

ENGINES = ("experta", "clips")
ENGINE_VARIABLE = "STRIDEWISE_ENGINE"
_DEFAULT_KB: KnowledgeBase | None = None


def chosen_engine(engine: str | None = None) -> str:
    """`engine`, else STRIDEWISE_ENGINE, else experta; InvalidInput for an unknown name."""
    name = (engine or os.environ.get(ENGINE_VARIABLE) or "experta").strip().lower()
    if name not in ENGINES:
        known = ", ".join(ENGINES)
        raise InvalidInput(f"engine: expected one of {known}, got {name!r}")
    return name


def use_engine(engine: str | None) -> None:
    """Triage with this engine from now on, in this process and the workers it starts (None:
    keep the current choice). Checks that the engine can run here before anything is read."""
    if engine is None:
        return
    name = chosen_engine(engine)
    if name == "clips":
        from .clips_engine import clips_module

        clips_module()
    os.environ[ENGINE_VARIABLE] = name


def run_engine(
    kb: KnowledgeBase, signals: Iterable[Signal], engine: str | None = None
) -> RunResult:
    """The rules run over the signals by the chosen engine; both record the same trace."""
    if chosen_engine(engine) == "clips":
        from .clips_engine import run
    else:
        from .experta_engine import run
    return run(kb, signals)


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
    engine: str | None = None,
) -> Report:
    """Run the rules over what the runner reported; `quotes` ties answers to a comment's words.
    `engine` is experta or clips (default: STRIDEWISE_ENGINE, else experta)."""
    kb = kb or default_knowledge_base()
    signals = derive_signals(intake, quotes, counted_as_yes(kb.questions.values()))
    return build_report(kb, intake, run_engine(kb, signals, engine))
