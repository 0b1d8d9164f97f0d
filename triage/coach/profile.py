"""The coach's profile for reply drafts: name, sign-off, optional links and the template to use.

Loaded from a small YAML or JSON file; every problem names the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from ..engine.files import load_mapping
from ..engine.kb_loader import default_root
from ..errors import InvalidInput

_FROZEN = ConfigDict(extra="forbid", frozen=True)
TEMPLATE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Link(BaseModel):
    """A page the coach likes to point readers to."""

    model_config = _FROZEN
    title: str = Field(min_length=1, max_length=120, description="What the page is.")
    url: HttpUrl = Field(description="An http or https address.")


class CoachProfile(BaseModel):
    """Who signs the reply, and which template sets its tone."""

    model_config = _FROZEN
    name: str = Field(min_length=1, max_length=80, description="The name the reply is signed with.")
    sign_off: str = Field(
        "Best wishes", min_length=1, max_length=80, description='Closing words, such as "Cheers".'
    )
    greeting: str = Field("Hi", min_length=1, max_length=40, description='Such as "Hello".')
    links: tuple[Link, ...] = Field((), max_length=5, description="Optional pages to point to.")
    template: str = Field(
        "reply",
        description=(
            "A template in knowledge_base/templates by name (reply, brief), "
            "or a path to your own .j2 file, relative to the profile."
        ),
    )

    @field_validator("template")
    @classmethod
    def _name_or_j2_file(cls, value: str) -> str:
        if TEMPLATE_NAME.match(value) or value.endswith(".j2"):
            return value
        raise ValueError("expected a template name such as reply or brief, or a .j2 file")

    def template_file(self, templates_dir: Path) -> Path:
        """The template this profile asks for: a shipped name, or a .j2 path."""
        if self.template.endswith(".j2"):
            return Path(self.template)
        return templates_dir / f"{self.template}.j2"


DEFAULT_COACH = CoachProfile(name="Coach")


def load_coach(path: str | Path) -> CoachProfile:
    """Read a coach profile; InvalidInput names the file and field on any problem.

    A relative .j2 template path is taken relative to the profile's own folder.
    """
    path = Path(path)
    coach = load_mapping(path, CoachProfile, InvalidInput, "name, sign_off, links and template")
    if coach.template.endswith(".j2"):
        resolved = (path.parent / coach.template).resolve()
        if not resolved.is_file():
            raise InvalidInput(f"{path}: template: no such file {coach.template!r}")
        coach = coach.model_copy(update={"template": str(resolved)})
    else:
        shipped = sorted(f.stem for f in (default_root() / "templates").glob("*.j2"))
        if coach.template not in shipped:
            raise InvalidInput(
                f"{path}: template: no template named {coach.template!r} "
                f"(expected one of {', '.join(shipped)}, or a .j2 file)"
            )
    return coach
