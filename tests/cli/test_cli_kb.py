"""`stridewise kb`: lint exit codes and output, list, show and stats for people and for scripts."""

from __future__ import annotations

import json

import pytest
from kb_copies import copy_shipped, edit, edit_entry, rule_file, write_tiny
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import load_knowledge_base

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})


@pytest.fixture
def tiny(tmp_path):
    return write_tiny(tmp_path)


@pytest.fixture
def shipped():
    """The shipped KB loaded now, not at session start: others edit it while tests run."""
    return load_knowledge_base()


def test_shipped_knowledge_base_lints_clean():
    result = invoke("kb", "lint", "--json")
    assert json.loads(result.stdout)["problems"] == []
    assert result.exit_code == 0


def test_clean_knowledge_base_exits_0_and_says_so(tiny):
    result = invoke("kb", "lint", "--kb", str(tiny))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"No problems found in {tiny}\n"


def test_problems_exit_1_with_file_entry_code_and_suggestion(tiny):
    edit_entry(
        tiny / "rules/knee.yaml",
        "KNE-101",
        lambda r: r["then"].update(recommend=["wall_sitt"]),
    )
    result = invoke("kb", "lint", "--kb", str(tiny))
    assert result.exit_code == 1
    assert (
        "rules/knee.yaml: KNE-101: KB004 unknown exercise 'wall_sitt' "
        '(did you mean "wall_sit"?)' in result.stdout
    )
    assert "The knowledge base did not load" in result.stdout
    assert "Traceback" not in result.output


def test_lint_reports_every_problem_and_the_count(tiny):
    edit(tiny / "questions.yaml", lambda d: d.pop())
    edit(tiny / "sources.yaml", lambda d: d.append({**d[0], "id": "unused-paper"}))
    result = invoke("kb", "lint", "--kb", str(tiny))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ")[2][:5] for line in lines[:3]] == ["KB104", "KB104", "KB401"]
    assert lines[-1] == f"2 error(s), 1 warning(s) in {tiny}"


def test_warnings_alone_exit_0(tiny):
    edit(tiny / "sources.yaml", lambda d: d.append({**d[0], "id": "unused-paper"}))
    result = invoke("kb", "lint", "--kb", str(tiny))
    assert result.exit_code == 0
    assert "KB401" in result.stdout


def test_lint_json_lists_problem_records(tmp_path):
    root = copy_shipped(tmp_path)
    edit_entry(rule_file(root, "RF-001"), "RF-001", lambda r: r["then"].pop("block"))
    result = invoke("kb", "lint", "--kb", str(root), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["loaded"] is False
    assert {
        "code": "KB007",
        "severity": "error",
        "file": "rules/red_flags.yaml",
        "entry": "RF-001",
        "message": "a red flag must block all exercise advice (block.all_exercises: true)",
        "suggestion": None,
    } in data["problems"]


def test_lint_of_a_folder_that_does_not_exist_is_invalid_input(tmp_path):
    result = invoke("kb", "lint", "--kb", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_list_rules_shows_id_stage_title_and_file(shipped):
    kb = shipped
    result = invoke("kb", "list", "rules")
    assert result.exit_code == 0
    first = next(iter(kb.rules.values()))
    row = next(line for line in result.stdout.splitlines() if f" {first.id} " in line)
    assert first.stage.value in row and kb.rule_files[first.id] in row
    data = json.loads(invoke("kb", "list", "rules", "--json").stdout)
    assert [r["id"] for r in data] == list(kb.rules)


def test_list_red_flags_lists_only_red_flags_with_level_and_timeframe(shipped):
    kb = shipped
    data = json.loads(invoke("kb", "list", "red-flags", "--json").stdout)
    red_flags = [r for r in kb.rules.values() if r.stage == "red_flag"]
    assert [r["id"] for r in data] == [r.id for r in red_flags]
    assert all(r["level"] in {"urgent", "emergency"} and r["timeframe"] for r in data)


def test_list_exercises_shows_dosage(shipped):
    kb = shipped
    result = invoke("kb", "list", "exercises", "--json")
    data = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(data) == set(kb.exercises)
    for exercise in kb.exercises.values():
        assert data[exercise.id]["dosage"] == exercise.dosage.describe()


def test_list_findings_names_the_rules_that_conclude_each(tiny):
    result = invoke("kb", "list", "findings", "--kb", str(tiny))
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "possible_patellofemoral" in line)
    assert "KNE-001" in row


def test_list_rejects_an_unknown_kind():
    result = invoke("kb", "list", "recipes")
    assert result.exit_code == 2


def test_show_rule_gives_conditions_rationale_citation_and_exercises(tiny):
    result = invoke("kb", "show", "KNE-101", "--kb", str(tiny))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("KNE-101  Isometric knee loading\n")
    assert "when all: possible_patellofemoral_pain" in out
    assert "recommends: wall_sit (Wall sit)" in out
    assert "Crossley KM et al. Br J Sports Med 2016;50:839-843." in " ".join(out.split())
    assert "rationale: Holding a partial squat" in out


def test_show_resolves_a_rule_alias(tiny):
    result = invoke("kb", "show", "KNE-100", "--kb", str(tiny), "--json")
    assert json.loads(result.stdout)["id"] == "KNE-101"


def test_show_exercise_names_the_safety_rules_that_enforce_contraindications(tiny):
    def add_safety_rule(rules):
        rules.append(
            {
                "id": "KNE-201",
                "title": "No wall sits on a swollen knee",
                "stage": "safety",
                "when": {"all": ["swelling"]},
                "then": {
                    "block": {"exercises": ["wall_sit"], "reason": "Let the swelling settle."}
                },
                "rationale": "Loading a swollen knee can keep the swelling going for longer.",
                "source": "pfp-consensus",
                "examples": {"fires": [{"swelling": True}], "silent": [{"knee_pain": True}]},
            }
        )

    edit(tiny / "rules/knee.yaml", add_safety_rule)
    edit_entry(
        tiny / "exercises.yaml", "wall_sit", lambda e: e.update(contraindications=["swelling"])
    )
    result = invoke("kb", "show", "wall_sit", "--kb", str(tiny))
    assert result.exit_code == 0
    out = result.stdout
    assert "dosage: 3 sets, hold 30 s, daily" in out
    assert "cue: Keep the knees over the feet." in out
    assert "contraindication: swelling, enforced by KNE-201 (No wall sits" in out
    assert "recommended by: KNE-101 (Isometric knee loading)" in out


def test_show_finding_says_what_concludes_it_and_what_follows(tiny):
    data = json.loads(
        invoke("kb", "show", "possible_patellofemoral_pain", "--kb", str(tiny), "--json").stdout
    )
    assert [r["id"] for r in data["concluded_by"]] == ["KNE-001"]
    assert data["followed_by"][0]["rule"]["id"] == "KNE-101"
    assert data["followed_by"][0]["recommends"] == ["wall_sit"]


def test_show_unknown_id_exits_2_with_a_suggestion(tiny):
    result = invoke("kb", "show", "wall_sits", "--kb", str(tiny))
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown id 'wall_sits' (did you mean \"wall_sit\"?)\n"


def test_stats_prints_a_markdown_table_of_the_sizes(tiny):
    result = invoke("kb", "stats", "--kb", str(tiny))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "| knowledge base | count |",
        "| --- | ---: |",
        "| rules: red_flag | 0 |",
        "| rules: safety_net | 0 |",
        "| rules: finding | 1 |",
        "| rules: disposition | 0 |",
        "| rules: candidate | 1 |",
        "| rules: safety | 0 |",
        "| rules (all stages) | 2 |",
        "| exercises | 1 |",
        "| findings | 1 |",
        "| sources | 1 |",
        "| questions | 2 |",
    ]


def test_stats_json_matches_the_shipped_knowledge_base(shipped):
    kb = shipped
    data = json.loads(invoke("kb", "stats", "--json").stdout)
    assert data["rules"] == len(kb.rules) == sum(data["rules_by_stage"].values())
    assert (data["exercises"], data["findings"], data["sources"], data["questions"]) == (
        len(kb.exercises),
        len(kb.findings),
        len(kb.sources),
        len(kb.questions),
    )


@pytest.mark.parametrize("command", [["list"], ["show", "KNE-001"], ["stats"]])
def test_commands_other_than_lint_exit_3_when_the_kb_fails_to_load(tiny, command):
    (tiny / "findings.yaml").write_text("- id: [unclosed\n")
    result = invoke("kb", *command, "--kb", str(tiny))
    assert result.exit_code == 3
    assert result.stderr.startswith("Knowledge base error: ")
    assert "findings.yaml: not valid YAML" in result.stderr
