"""The CLI's one error boundary: library exceptions become a message and an exit code."""

from __future__ import annotations

import functools
import sys
import traceback
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
                traceback.print_exc()  # --debug shows where; the exit code stays the same
            label = "Knowledge base error" if isinstance(exc, KnowledgeBaseError) else "Error"
            for line in exc.problems:
                err_console.print(f"{label}: {line}", markup=False, soft_wrap=True)
            raise typer.Exit(exit_code_for(exc)) from None

    return wrapper  # type: ignore[return-value]


# Typer raises click's exceptions, from click itself or (typer 0.2x) from its own copy of it.
_CLICK_ERRORS = sys.modules[typer.BadParameter.__module__]


def run(app: typer.Typer) -> None:
    """Run the app; an argument error is one line on stderr (exit 2), not a usage box."""
    try:
        code = typer.main.get_command(app).main(standalone_mode=False)
    except _CLICK_ERRORS.ClickException as exc:
        if exc.format_message():  # empty after the help that no arguments print
            err_console.print(f"Error: {exc.format_message()}", markup=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("Aborted.", markup=False)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
