"""A reply's text from its decided sections, through the coach's Jinja2 template (sandboxed and
strict). Wording only: what the reply says was decided in `reply.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    meta,
)
from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from ..engine.integrity import register_extra_check
from ..engine.kb_loader import default_root
from ..engine.kb_models import KnowledgeBase
from ..errors import InvalidInput, KnowledgeBaseError
from .budget import time_budget
from .profile import CoachProfile

MAX_REPLY_CHARS = 50_000  # a reply longer than this is a broken template, not a reply
RENDER_SECONDS = 2.0


class _BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, plus limits on `*` and `**`, so a template cannot build a huge value."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("an exponent above 64 is not allowed in a reply template")
        if operator == "*":
            size = next((len(v) for v in (left, right) if isinstance(v, str | list | tuple)), 0)
            times = next((v for v in (left, right) if isinstance(v, int)), 1)
            if size * times > MAX_REPLY_CHARS:
                raise SecurityError("a value longer than a reply is not allowed in a template")
        return super().call_binop(context, operator, left, right)


@cache
def templates_dir() -> Path:
    return default_root() / "templates"


@cache
def _environment(folder: str) -> SandboxedEnvironment:
    """Sandboxed, so a coach's own template cannot reach Python; strict, so a typo fails."""
    return _BoundedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def render_reply_text(parts: Mapping[str, Any], coach: CoachProfile) -> str:
    """The reply text from its decided sections; InvalidInput names a broken template."""
    path = coach.template_file(templates_dir())
    env = _environment(str(path.parent))
    try:
        template = env.get_template(path.name)
        with time_budget(RENDER_SECONDS, f"{path}: rendering the template"):
            text = _bounded(
                template.generate(reply=_plain(parts), coach=coach.model_dump(mode="json")), path
            )
    except TemplateNotFound:
        raise InvalidInput(f"{path}: template not found") from None
    except JinjaSyntaxError as exc:
        raise InvalidInput(f"{exc.filename or path}: line {exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise InvalidInput(f"{path}: {exc.message or exc}") from None
    return _tidy(text)


def _bounded(chunks: Iterator[str], path: Path) -> str:
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_REPLY_CHARS:
            raise InvalidInput(f"{path}: the template wrote over {MAX_REPLY_CHARS:,} characters")
        out.append(chunk)
    return "".join(out)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


TEMPLATE_VARIABLES = frozenset({"reply", "coach"})


def check_shipped_templates(kb: KnowledgeBase, root: Path) -> None:
    """KnowledgeBaseError naming syntax errors, and variables other than `reply` and `coach`,
    in the knowledge base's templates."""
    problems = []
    env = Environment(autoescape=False)
    for path in sorted((root / "templates").glob("*.j2")):
        where = f"templates/{path.name}"
        try:
            source = path.read_text(encoding="utf-8")
            names = meta.find_undeclared_variables(env.parse(source))
        except JinjaSyntaxError as exc:
            problems.append(f"{where}: line {exc.lineno}: {exc.message}")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{where}: cannot read the file ({exc}).")
            continue
        for name in sorted(names - TEMPLATE_VARIABLES):
            problems.append(
                f"{where}: undefined variable {name!r} (templates see only reply and coach)"
            )
    if problems:
        raise KnowledgeBaseError(problems)


register_extra_check("templates", check_shipped_templates)
