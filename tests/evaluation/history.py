"""Reads git history for the ratchet: which known misses were added by the last change to
the list, without that change also adding or editing their case. Used by the tests only.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from stridewise.triage.evaluate import added_without_their_case, entries_from

LIST_NAME = "known_misses.yaml"


class NoHistory(Exception):
    """The check cannot run here; the message says why (the test is skipped with it)."""


def added_without_their_case_in_git(evaluation: Path) -> list[str]:
    """Ids of entries added since the previous commit that touched the list (with uncommitted
    changes under `evaluation`, since the last one) whose case was neither added nor edited
    in between, and whose `regressed_by` names no commit that came in in between."""
    git = _Git(evaluation)
    rel = git.relative(evaluation / LIST_NAME)
    listed = (git("log", "-2", "--format=%H", "--", rel) or "").split()
    if git("status", "--porcelain", "--", git.relative(evaluation)):
        if not listed:
            raise NoHistory(f"this change creates {rel}: its entries are the baseline")
        before_rev, after_rev = listed[0], None
    else:
        if not listed:
            raise NoHistory(f"{rel} is not committed yet")
        if len(listed) < 2:
            if (git("rev-parse", "--is-shallow-repository") or "").strip() == "true":
                raise NoHistory(f"a shallow clone: the history before {rel} changed is not here")
            raise NoHistory(f"the first commit creates {rel}: its entries are the baseline")
        before_rev, after_rev = listed[1], listed[0]
    before_text = git("show", f"{before_rev}:{rel}")
    if before_text is None:
        raise NoHistory(f"this change creates {rel}: its entries are the baseline")
    before = entries_from(yaml.safe_load(before_text), rel)
    after = entries_from(yaml.safe_load(git.text(after_rev, rel) or "[]"), rel)
    changed: dict[str, bool] = {}
    for split in {e.split for e in after}:
        path = git.relative(evaluation / f"{split}.yaml")
        old, new = _cases(git.text(before_rev, path)), _cases(git.text(after_rev, path))
        changed.update({i: old.get(i) != case for i, case in new.items()})
    span = git("rev-list", f"{before_rev}..{after_rev or 'HEAD'}") or ""
    return added_without_their_case(before, after, changed, regressions=_prefixes(span.split()))


def _prefixes(commits: list[str]) -> set[str]:
    """Each commit by its full id and its short forms (7 to 40 characters)."""
    return {c[:n] for c in commits for n in range(7, len(c) + 1)}


def _cases(text: str | None) -> dict[str, dict]:
    return {c["id"]: c for c in yaml.safe_load(text or "[]") or []}


class _Git:
    def __init__(self, inside: Path):
        top = self._run(inside, "rev-parse", "--show-toplevel")
        if top is None:
            raise NoHistory("not a git checkout: the history of the known misses cannot be read")
        self.root = Path(top.strip()).resolve()

    def __call__(self, *args: str) -> str | None:
        return self._run(self.root, *args)

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def text(self, rev: str | None, rel: str) -> str | None:
        """The file at `rev`, or in the working tree when rev is None."""
        if rev is not None:
            return self("show", f"{rev}:{rel}")
        path = self.root / rel
        return path.read_text(encoding="utf-8") if path.is_file() else None

    @staticmethod
    def _run(cwd: Path, *args: str) -> str | None:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
        return done.stdout if done.returncode == 0 else None
