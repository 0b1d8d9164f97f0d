"""The `--engine` option of every command that triages: experta (default) or CLIPS."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Engine(StrEnum):
    experta = "experta"
    clips = "clips"


EngineOption = Annotated[
    Engine | None,
    typer.Option(
        "--engine",
        help='Rule engine: experta, or clips (pip install "stridewise\\[clips]"). '
        "Default: the STRIDEWISE_ENGINE variable, else experta.",
        show_default=False,
    ),
]


def choose_engine(engine: Engine | None) -> None:
    """Use this engine for the command (None: STRIDEWISE_ENGINE, else experta)."""
    from stridewise.triage.engine.pipeline import use_engine

    use_engine(engine.value if engine else None)
