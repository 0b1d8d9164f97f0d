"""The questionnaire's prompt loop: shows each step (a question or a checklist), reads lines,
explains, goes back.

Kept apart from the `ask` command so `stridewise --help` does not import the library. At a
terminal, lines are read with prompt_toolkit (arrow keys, history); piped input is read plainly.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.text import Text

from stridewise.triage.engine.kb_models import Question
from stridewise.triage.questionnaire import (
    Command,
    InvalidAnswer,
    Questionnaire,
    bounds,
    checklist_hint,
    label,
    parse_checklist,
)

HELP_LINE = "Type why for why a question is asked, back to go back, ? for not sure, Ctrl-C to stop."
NONE_LINE = "  Type the numbers that apply, such as 1 3, or none."


def run_questions(session: Questionnaire, out: Console) -> Questionnaire:
    """Ask until the bank has nothing relevant left, or a red flag calls for care now."""
    out.print(Text(HELP_LINE, style="dim"))
    while step := session.next_step():
        if step[0].group is None:
            session = ask_one(session, step[0], out)
        else:
            session = ask_checklist(session, step, out)
        if session.red_flag_report() is not None:
            out.print(
                Text(
                    "\nThat answer is a warning sign, so the questions stop here.",
                    style="bold red",
                )
            )
            break
    out.print()
    return session


def ask_one(session: Questionnaire, question: Question, out: Console) -> Questionnaire:
    """One question: re-asked until it gets a usable answer, `back` or an explained `?`."""
    show_question(question, len(session.steps) + 1, out)
    while True:
        line = read_line(out)
        try:
            parsed = session.read(question, line)
            if parsed == Command("why"):
                show_why(session, question, out)
                continue
            if parsed == Command("back"):
                if session.steps:
                    return session.back()
                out.print(Text("This is the first question.", style="yellow"))
                continue
            return session.answer(question.id, parsed)
        except InvalidAnswer as exc:
            out.print(Text(str(exc), style="yellow"))


def ask_checklist(
    session: Questionnaire, items: tuple[Question, ...], out: Console
) -> Questionnaire:
    """A checklist step: re-asked until the line names items that exist, `back` or `why`."""
    group = session.kb.question_groups[items[0].group or ""]
    out.print(Text(f"\n[{len(session.steps) + 1}] {group.text}", style="bold"))
    for index, item in enumerate(items, start=1):
        out.print(f"  {index:>2}  {item.text}", markup=False, highlight=False)
    out.print(Text(f"  Type {checklist_hint(len(items))}.", style="dim"))
    while True:
        try:
            parsed = parse_checklist(items, read_line(out))
        except InvalidAnswer as exc:
            out.print(Text(str(exc), style="yellow"))
            continue
        if parsed == Command("why"):
            out.print(Text(group.why, style="cyan"))
            for index, item in enumerate(items, start=1):
                out.print(Text(f"  {index}. {session.why(item)[0]}", style="dim"))
        elif parsed == Command("back"):
            if session.steps:
                return session.back()
            out.print(Text("This is the first question.", style="yellow"))
        elif isinstance(parsed, dict):
            return session.answer_step(parsed)


def read_line(out: Console) -> str:
    """One answer: line editing at a terminal; plain (and echoed) when input is piped."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        from prompt_toolkit import prompt

        return prompt("> ")
    line = out.input("> ")
    if not sys.stdin.isatty():
        out.print(line, markup=False, highlight=False)
    return line


def show_question(question: Question, number: int, out: Console) -> None:
    text = Text(f"\n[{number}] ", style="bold")
    text.append(question.text, style="bold")
    if question.kind == "yes_no":
        text.append("  [yes/no/not sure]", style="dim")
    elif question.kind in {"number", "scale"}:
        low, high = bounds(question)
        text.append(f"  [{low:g}-{high:g}]", style="dim")
    out.print(text)
    for index, choice in enumerate(question.choices, start=1):
        out.print(f"  {index:>2}  {label(question, choice)}", markup=False, highlight=False)
    if question.kind == "multi_choice":
        out.print(Text(NONE_LINE, style="dim"))
    elif question.default is not None:
        shown = label(question, question.default) if question.choices else question.default
        out.print(Text(f"  Enter for: {shown}", style="dim"))


def show_why(session: Questionnaire, question: Question, out: Console) -> None:
    summary, lines = session.why(question)
    out.print(Text(summary, style="cyan"))
    for line in lines:
        out.print(Text(f"  - {line}", style="dim"))
