"""Knowledge-base folders for lint and `kb` tests: a copy of the shipped one, and a tiny clean one.

The tiny KB lints clean, so a test can break one thing and expect exactly one problem.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from stridewise.triage.engine.kb_loader import default_root


def copy_shipped(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def edit(path: Path, change: Callable[[Any], Any]) -> None:
    """Load a YAML file, let `change` edit it in place, write it back."""
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def edit_entry(path: Path, entry_id: str, change: Callable[[dict], Any]) -> None:
    """Edit the entry with this id in a YAML list file."""

    def apply(entries: list[dict]) -> None:
        change(next(e for e in entries if e["id"] == entry_id))

    edit(path, apply)


def rule_file(root: Path, rule_id: str) -> Path:
    """The rules/*.yaml file that holds `rule_id` (the shipped files are being extended)."""
    for path in sorted((root / "rules").glob("*.yaml")):
        if any(e.get("id") == rule_id for e in yaml.safe_load(path.read_text()) or []):
            return path
    raise LookupError(rule_id)


TINY = {
    "sources.yaml": [
        {
            "id": "pfp-consensus",
            "kind": "consensus",
            "title": "Patellofemoral pain consensus statement",
            "citation": "Crossley KM et al. Br J Sports Med 2016;50:839-843.",
        }
    ],
    "findings.yaml": [
        {
            "id": "possible_patellofemoral_pain",
            "kind": "condition",
            "label": "Possible pain from behind the kneecap",
            "summary": "Ache around the kneecap that stairs bring on, usually load outrunning capacity.",
            "source": "pfp-consensus",
        }
    ],
    "exercises.yaml": [
        {
            "id": "wall_sit",
            "name": "Wall sit",
            "description": "Back flat against a wall, slide down until the knees bend, and hold.",
            "tags": ["isometric"],
            "dosage": {"sets": 3, "hold_seconds": 30, "frequency": "daily"},
            "cues": ["Keep the knees over the feet."],
            "progression": "Hold longer, or bend the knees further.",
            "regression": "Bend the knees less.",
            "source": "pfp-consensus",
        }
    ],
    "rules/knee.yaml": [
        {
            "id": "KNE-001",
            "title": "Knee pain on stairs",
            "stage": "finding",
            "when": {"all": ["knee_pain", "pain_on_stairs"]},
            "then": {
                "findings": ["possible_patellofemoral_pain"],
                "disposition": {"level": "self_care", "do_now": "Ease off hills and stairs."},
            },
            "rationale": "Pain around the kneecap on stairs is the common picture of this condition.",
            "source": "pfp-consensus",
            "examples": {
                "fires": [{"knee_pain": True, "pain_on_stairs": True}],
                "silent": [{"knee_pain": True}],
            },
        },
        {
            "id": "KNE-101",
            "title": "Isometric knee loading",
            "stage": "candidate",
            "aliases": ["KNE-100"],
            "when": {"all": ["possible_patellofemoral_pain"]},
            "then": {"recommend": ["wall_sit"]},
            "rationale": "Holding a partial squat loads the knee without provoking much pain at all.",
            "source": "pfp-consensus",
            "examples": {
                "fires": [{"possible_patellofemoral_pain": True}],
                "silent": [{"knee_pain": True}],
            },
        },
    ],
    "questions.yaml": [
        {
            "id": "region",
            "text": "Where does it hurt?",
            "field": "complaints[].region",
            "kind": "choice",
            "choices": ["knee", "achilles"],
        },
        {
            "id": "stairs",
            "text": "Does it hurt on stairs?",
            "field": "complaints[].hurts_when",
            "value": "stairs",
        },
    ],
}


def write_tiny(tmp_path: Path) -> Path:
    """A two-rule knowledge base that lints clean: one finding, one exercise, one source."""
    root = tmp_path / "tiny"
    (root / "rules").mkdir(parents=True)
    shutil.copy(default_root() / "meta.yaml", root / "meta.yaml")
    for name, entries in TINY.items():
        (root / name).write_text(yaml.safe_dump(entries, sort_keys=False))
    return root
