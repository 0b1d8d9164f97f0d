"""A reply's text from its decided sections, through the coach's Jinja2 template (sandboxed and
strict). Wording only: what the reply says was decided in `reply.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from ..engine.kb_loader import default_root
from ..errors import InvalidInput
from .profile import CoachProfile


@cache
def templates_dir() -> Path:
    return default_root() / "templates"


@cache
def _environment(folder: str) -> SandboxedEnvironment:
    """Sandboxed, so a coach's own template cannot reach Python; strict, so a typo fails."""
    return SandboxedEnvironment(
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
        text = template.render(reply=_plain(parts), coach=coach.model_dump(mode="json"))
    except TemplateNotFound:
        raise InvalidInput(f"{path}: template not found") from None
    except JinjaSyntaxError as exc:
        raise InvalidInput(f"{exc.filename or path}: line {exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise InvalidInput(f"{path}: {exc.message or exc}") from None
    return _tidy(text)


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
