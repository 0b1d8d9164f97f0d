"""A broken knowledge base fails to load with every problem named, file and entry."""

from __future__ import annotations

import shutil

import pytest
import yaml

from stridewise.triage import KnowledgeBaseError, load_knowledge_base
from stridewise.triage.engine.kb_loader import default_root


@pytest.fixture
def kb_copy(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_shipped_knowledge_base_loads(kb):
    assert kb.rules and kb.exercises and kb.findings and kb.sources
    assert len(kb.sha256) == 64


def test_unknown_finding_id_is_named_with_a_suggestion(kb_copy):
    _edit(
        kb_copy / "rules" / "hip_groin.yaml",
        lambda d: d[0]["then"].update(findings=["hip_flexor_dominant_swng"]),
    )
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(kb_copy)
    assert any(
        "rules/hip_groin.yaml: HIP-001: unknown finding 'hip_flexor_dominant_swng'" in p
        and 'did you mean "hip_flexor_dominant_swing"' in p
        for p in err.value.problems
    )


def test_rule_without_rationale_or_source_is_an_error_naming_the_entry(kb_copy):
    def strip(d):
        del d[0]["rationale"]
        del d[1]["source"]

    _edit(kb_copy / "rules" / "achilles_calf.yaml", strip)
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(kb_copy)
    text = "\n".join(err.value.problems)
    assert "achilles_calf.yaml: ACH-001: rationale: is required" in text
    assert "achilles_calf.yaml: ACH-002: source: is required" in text


def test_duplicate_ids_are_reported(kb_copy):
    _edit(kb_copy / "exercises.yaml", lambda d: d.append(dict(d[0])))
    _edit(kb_copy / "rules" / "safety.yaml", lambda d: d.append(dict(d[0])))
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(kb_copy)
    text = "\n".join(err.value.problems)
    assert "exercises.yaml: lift_the_foot_hill_drill: duplicate id" in text
    assert "SAF-001: duplicate id" in text


def test_broken_yaml_file_names_the_file(kb_copy):
    (kb_copy / "findings.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(KnowledgeBaseError, match=r"findings.yaml: not valid YAML \(line"):
        load_knowledge_base(kb_copy)


def test_unenforced_contraindication_is_an_error(kb_copy):
    _edit(kb_copy / "exercises.yaml", lambda d: d[1].update(contraindications=["pain_on_stairs"]))
    with pytest.raises(
        KnowledgeBaseError,
        match="banded_glute_bridge: contraindication 'pain_on_stairs' is not enforced",
    ):
        load_knowledge_base(kb_copy)


def test_red_flag_that_does_not_block_all_exercises_is_an_error(kb_copy):
    _edit(kb_copy / "rules" / "red_flags.yaml", lambda d: d[0]["then"].pop("block"))
    with pytest.raises(
        KnowledgeBaseError, match="RF-001: a red flag must block all exercise advice"
    ):
        load_knowledge_base(kb_copy)
