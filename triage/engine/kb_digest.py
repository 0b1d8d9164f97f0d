"""Where the shipped knowledge base lives, and its fingerprint: a SHA-256 over the path and bytes
of every YAML file and template in it.

Apart from the loader, which needs pydantic, so `reply --server` can tell whether a running
server answers from this install's knowledge base without loading either.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FINGERPRINTED = frozenset({".yaml", ".j2"})


def default_root() -> Path:
    """The shipped knowledge base: beside this package, installed or in a checkout."""
    return Path(__file__).resolve().parents[2] / "knowledge_base"


def knowledge_base_digest(root: Path) -> tuple[str, list[tuple[Path, OSError]]]:
    """The fingerprint of the files under `root`, and the files that could not be read."""
    digest = hashlib.sha256()
    unreadable = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in FINGERPRINTED:
            digest.update(path.relative_to(root).as_posix().encode())
            try:
                digest.update(path.read_bytes())
            except OSError as exc:
                unreadable.append((path, exc))
    return digest.hexdigest(), unreadable
