"""A knowledge base with a rule cycle, a broken replies.yaml or lexicon, a broken template, a
duplicate key, no rules/ folder or an unreadable file: `kb lint` names each, loading exits 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_cli import run_cli, write

import stridewise.triage.engine.kb_loader as kb_loader
import stridewise.triage.engine.pipeline as pipeline
from stridewise.triage import KnowledgeBaseError, load_knowledge_base

CYCLE = """
- id: CYC-001
  title: First half of a circle
  stage: finding
  when: {all: [knee_pain, %s]}
  then: {findings: [%s]}
  rationale: A rule written only to test that circles between rules are refused at load.
  source: %s
  examples: {fires: [{knee_pain: true, %s: true}], silent: [{knee_pain: true}]}
"""


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge_base"
    shutil.copytree(kb_loader.default_root(), root)
    return root


def _rule(root: Path, rule_id: str, needs: str, concludes: str) -> str:
    source = next(iter(load_knowledge_base().sources))
    return (CYCLE % (needs, concludes, source, needs)).replace("CYC-001", rule_id)


def _findings(root: Path) -> tuple[str, str]:
    kb = load_knowledge_base()
    first, second = sorted(kb.findings)[:2]
    return first, second


def two_rule_cycle(root: Path) -> None:
    a, b = _findings(root)
    text = _rule(root, "CYC-001", a, b) + _rule(root, "CYC-002", b, a)
    write(root, "rules/cycle.yaml", text)


def self_cycle(root: Path) -> None:
    a, _ = _findings(root)
    write(root, "rules/cycle.yaml", _rule(root, "CYC-001", a, a))


BROKEN = {
    "two_rules_in_a_cycle": (two_rule_cycle, "a cycle: CYC-001 -> CYC-002 -> CYC-001"),
    "rule_needing_its_own_finding": (self_cycle, "concludes a finding its own conditions need"),
    "replies_not_a_mapping": (lambda r: write(r, "replies.yaml", "- 1\n"), "replies.yaml:"),
    "lexicon_wrong_shape": (lambda r: write(r, "lexicon.yaml", "terms: 5\n"), "lexicon.yaml:"),
    "template_syntax_error": (
        lambda r: write(r, "templates/reply.j2", "{% if %}\n"),
        "line 1: Expected an expression",
    ),
    "template_undefined_variable": (
        lambda r: write(r, "templates/brief.j2", "{{ reply.text }} {{ password }}\n"),
        "undefined variable 'password'",
    ),
    "duplicate_key_in_a_rule": (
        lambda r: write(
            r, "meta.yaml", (r / "meta.yaml").read_text() + "\nversion: 9\nversion: 9\n"
        ),
        "duplicate key 'version'",
    ),
    "no_rules_folder": (lambda r: shutil.rmtree(r / "rules"), "rules/: folder not found"),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=list(BROKEN))
def test_kb_lint_names_each_knowledge_base_problem(tmp_path, case):
    breaks, expected = case
    root = _copy(tmp_path)
    breaks(root)
    result = run_cli("kb", "lint", "--kb", str(root))
    assert result.exit_code == 1, result.output
    assert expected in result.output.replace("\n", " "), result.output


@pytest.mark.parametrize("case", BROKEN.values(), ids=list(BROKEN))
def test_a_command_refuses_a_broken_knowledge_base_with_exit_3(tmp_path, monkeypatch, case):
    breaks, expected = case
    root = _copy(tmp_path)
    breaks(root)
    monkeypatch.setattr(kb_loader, "default_root", lambda: root)
    monkeypatch.setattr(pipeline, "_DEFAULT_KB", None)
    comment = write(tmp_path, "c.txt", "My knee hurts on stairs.")
    result = run_cli("reply", str(comment))
    assert result.exit_code == 3, result.output
    assert expected in result.stderr


def test_an_unreadable_knowledge_base_file_is_named_not_a_traceback(tmp_path, monkeypatch):
    root = _copy(tmp_path)
    real = Path.read_bytes

    def unreadable(self: Path) -> bytes:
        if self.name == "exercises.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(KnowledgeBaseError, match=r"exercises\.yaml: cannot read the file"):
        load_knowledge_base(root)
