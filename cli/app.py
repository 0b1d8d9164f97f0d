"""The stridewise command line: parse arguments, call the library, render, exit.

Each command is a few lines; anything a command decides belongs in `stridewise.triage`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from .ask import ask
from .engine_option import EngineOption, choose_engine
from .errors import boundary, run, set_debug
from .eval import eval_command
from .examples import EXAMPLES, examples_app
from .explain import explain
from .kb import kb_app
from .reply import reply
from .schema import demo_model, schema
from .serve import serve

if TYPE_CHECKING:
    from stridewise.triage import Report

# Library imports live inside the commands, so `stridewise --help` starts fast.

app = typer.Typer(
    name="stridewise",
    help="Rule-based injury triage and exercise advice for runners. Not a diagnosis.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

AnswersOption = Annotated[
    Path, typer.Option("--answers", "-a", help="Answers file (YAML or JSON).", show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


def console() -> Console:
    return Console(highlight=False)


def print_json(report: Report) -> None:
    sys.stdout.write(report.model_dump_json(indent=2) + "\n")


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"stridewise {version('stridewise')}\n")
        raise typer.Exit()


@app.callback()
def _global(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the installed version and exit.",
        ),
    ] = False,
) -> None:
    set_debug(debug)


class Format(StrEnum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="terminal, json, or markdown with the Why lines.")
]


@app.command("triage")
@boundary
def triage_command(
    answers: AnswersOption,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.terminal,
    engine: EngineOption = None,
) -> None:
    """Triage a runner's answers file and print the report (--json is --format json)."""
    choose_engine(engine)
    from stridewise.triage import default_knowledge_base, load_intake, triage
    from stridewise.triage.render.markdown import report_markdown
    from stridewise.triage.render.terminal import render_report

    report = triage(load_intake(answers))
    if as_json or fmt is Format.json:
        print_json(report)
    elif fmt is Format.markdown:
        sys.stdout.write(report_markdown(report, default_knowledge_base()))
    else:
        render_report(report, console())


@app.command()
@boundary
def demo(as_json: JsonOption = False, engine: EngineOption = None) -> None:
    """Triage the four example presentations that ship with stridewise."""
    choose_engine(engine)
    from stridewise.triage import load_intake, triage
    from stridewise.triage.render.terminal import render_report

    out = console()
    reports = {path.name: triage(load_intake(path)) for path in sorted(EXAMPLES.glob("*.yaml"))}
    if as_json:
        sys.stdout.write(demo_model()(reports).model_dump_json(indent=2) + "\n")
        return
    for name, report in reports.items():
        render_report(report, out, title=f"Example: {name}")
        out.print()


app.command("ask")(ask)
app.command("eval")(eval_command)
app.command("explain")(explain)
app.command("reply")(reply)
app.command("schema")(schema)
app.add_typer(examples_app, name="examples")
app.command("serve")(serve)
app.add_typer(kb_app, name="kb", help="Lint, list, show and size up the knowledge base.")


def main() -> None:
    """Console-script entry point."""
    run(app)
