"""The CLI's one error boundary: library exceptions become a message and an exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import IntEnum
from typing import TypeVar

import typer
from rich.console import Console

from stridewise.triage.errors import InvalidInput, KnowledgeBaseError, StridewiseError

F = TypeVar("F", bound=Callable[..., object])


class ExitCode(IntEnum):
    ok = 0
    problems_found = 1
    invalid_input = 2
    knowledge_base_failed = 3


_STATE = {"debug": False}
err_console = Console(stderr=True, highlight=False)


def set_debug(value: bool) -> None:
    _STATE["debug"] = value


def exit_code_for(exc: StridewiseError) -> ExitCode:
    if isinstance(exc, KnowledgeBaseError):
        return ExitCode.knowledge_base_failed
    if isinstance(exc, InvalidInput):
        return ExitCode.invalid_input
    return ExitCode.invalid_input


def boundary(func: F) -> F:
    """Print a library error's lines to stderr and exit with its code; no traceback unless --debug."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StridewiseError as exc:
            if _STATE["debug"]:
                raise
            label = "Knowledge base error" if isinstance(exc, KnowledgeBaseError) else "Error"
            for line in exc.problems:
                err_console.print(f"{label}: {line}", markup=False, soft_wrap=True)
            raise typer.Exit(exit_code_for(exc)) from None

    return wrapper  # type: ignore[return-value]
