"""The library's exceptions: it raises these and never prints or exits.

The CLI maps each class to one exit code, so the class says what kind of failure it is.
"""

from __future__ import annotations


class StridewiseError(Exception):
    """Base class: every error carries lines a person can act on."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class InvalidInput(StridewiseError):
    """An answers file, comment file or argument that cannot be used."""


class KnowledgeBaseError(StridewiseError):
    """The knowledge base failed to load or its cross-references do not hold."""
