"""`kb lint` finds each kind of problem, names file and entry, and collects them all in one run."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from kb_copies import copy_shipped, edit, edit_entry, rule_file, write_tiny
from pydantic import ValidationError

from stridewise.triage.kb.lint import CODES, LintProblem, Severity, lint_folder
from stridewise.triage.kb.reach import lexicon_sources


def codes(report) -> set[tuple[str, str | None]]:
    return {(p.code, p.entry) for p in report.problems}


def only(report, code: str) -> LintProblem:
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, [p.line() for p in report.problems]
    return found[0]


@pytest.fixture
def tiny(tmp_path):
    return write_tiny(tmp_path)


@pytest.fixture
def shipped_copy(tmp_path):
    return copy_shipped(tmp_path)


def test_tiny_knowledge_base_lints_clean(tiny):
    report = lint_folder(tiny)
    assert report.loaded
    assert report.problems == ()


# Problems the loader finds become lint problems, each with a code, file and entry.


def test_unknown_id_is_a_problem_with_a_suggestion_not_a_crash(shipped_copy):
    path = rule_file(shipped_copy, "HIP-001")
    edit_entry(path, "HIP-001", lambda r: r["then"].update(findings=["hip_flexor_dominant_swng"]))
    report = lint_folder(shipped_copy)
    assert not report.loaded
    problem = next(p for p in report.problems if p.entry == "HIP-001")
    assert (problem.code, problem.file) == ("KB004", f"rules/{path.name}")
    assert problem.message == "unknown finding 'hip_flexor_dominant_swng'"
    assert problem.suggestion == "hip_flexor_dominant_swing"
    assert problem.line().endswith('(did you mean "hip_flexor_dominant_swing"?)')


def test_every_load_problem_is_collected_in_one_run(shipped_copy):
    edit(shipped_copy / "exercises.yaml", lambda d: d.append(dict(d[0])))
    edit_entry(rule_file(shipped_copy, "ACH-001"), "ACH-001", lambda r: r.pop("rationale"))
    edit_entry(rule_file(shipped_copy, "ACH-002"), "ACH-002", lambda r: r.pop("source"))
    report = lint_folder(shipped_copy)
    first_exercise = yaml.safe_load((shipped_copy / "exercises.yaml").read_text())[0]["id"]
    assert {("KB003", first_exercise), ("KB002", "ACH-001"), ("KB002", "ACH-002")} <= codes(report)
    assert "rationale: is required" in next(
        p.message for p in report.problems if p.entry == "ACH-001"
    )


def test_unreadable_yaml_names_the_file_relative_to_the_folder(shipped_copy):
    (shipped_copy / "findings.yaml").write_text("- id: [unclosed\n")
    problem = only(lint_folder(shipped_copy), "KB001")
    assert problem.file == "findings.yaml"
    assert problem.message.startswith("not valid YAML (line")


def test_red_flag_that_does_not_block_loading_advice_is_flagged(shipped_copy):
    edit_entry(rule_file(shipped_copy, "RF-001"), "RF-001", lambda r: r["then"].pop("block"))
    problem = only(lint_folder(shipped_copy), "KB007")
    assert problem.entry == "RF-001"
    assert problem.file == "rules/red_flags.yaml"


def test_rule_id_used_as_another_rules_alias_is_flagged(tiny):
    edit_entry(tiny / "rules/knee.yaml", "KNE-101", lambda r: r.update(aliases=["KNE-001"]))
    problem = only(lint_folder(tiny), "KB005")
    assert (problem.entry, problem.message) == ("KNE-101", "alias 'KNE-001' is already used")


def test_unenforced_contraindication_is_flagged(tiny):
    edit_entry(
        tiny / "exercises.yaml", "wall_sit", lambda e: e.update(contraindications=["swelling"])
    )
    assert only(lint_folder(tiny), "KB008").entry == "wall_sit"


def test_a_stage_contract_broken_is_flagged(tiny):
    disposition = {"level": "routine", "do_now": "Book a physiotherapist."}
    edit_entry(
        tiny / "rules/knee.yaml", "KNE-101", lambda r: r["then"].update(disposition=disposition)
    )
    problem = only(lint_folder(tiny), "KB006")
    assert (problem.entry, problem.message) == (
        "KNE-101",
        "a candidate rule may not set a disposition",
    )


def test_an_any_group_mixing_general_and_complaint_atoms_is_flagged(tiny):
    edit_entry(
        tiny / "rules/knee.yaml",
        "KNE-001",
        lambda r: r["when"].update(any=["pain_on_stairs", "fever"]),
    )
    assert only(lint_folder(tiny), "KB009").entry == "KNE-001"


# Checks that need a loaded knowledge base.


@pytest.mark.parametrize(
    "rationale", ["TODO: explain why this rule holds.", "Stairs load the kneecap a lot."]
)
def test_placeholder_or_too_short_rationale_is_flagged(tiny, rationale):
    edit_entry(tiny / "rules/knee.yaml", "KNE-001", lambda r: r.update(rationale=rationale))
    problem = only(lint_folder(tiny), "KB101")
    assert problem.entry == "KNE-001"
    assert problem.message.startswith("rationale ")


def test_placeholder_text_in_an_exercise_cue_is_flagged(tiny):
    edit_entry(tiny / "exercises.yaml", "wall_sit", lambda e: e.update(cues=["tbd"]))
    problem = only(lint_folder(tiny), "KB102")
    assert (problem.entry, problem.message) == ("wall_sit", "cues[0] is placeholder text ('tbd')")


def test_example_that_names_no_atom_is_flagged(tiny):
    edit_entry(tiny / "rules/knee.yaml", "KNE-001", lambda r: r["examples"].update(silent=[{}]))
    assert only(lint_folder(tiny), "KB103").message == "examples.silent[0] names no atom as true"


def test_rule_no_question_can_reach_is_flagged_with_the_missing_atoms(tiny):
    edit(tiny / "questions.yaml", lambda d: d.pop())  # drop the stairs question
    report = lint_folder(tiny)
    assert {(p.code, p.entry) for p in report.problems} == {
        ("KB104", "KNE-001"),
        ("KB104", "KNE-101"),
    }
    by_entry = {p.entry: p.message for p in report.problems}
    assert "'pain_on_stairs'" in by_entry["KNE-001"]
    assert "'knee_pain'" not in by_entry["KNE-001"]
    assert "concluded only by KNE-001, which cannot fire" in by_entry["KNE-101"]


def test_a_lexicon_term_counts_as_a_way_in(tiny):
    edit(tiny / "questions.yaml", lambda d: d.pop())
    term = {"field": "complaints[].hurts_when", "value": "stairs", "phrases": ["going downstairs"]}
    (tiny / "lexicon.yaml").write_text(yaml.safe_dump({"terms": [term]}))
    assert lint_folder(tiny).problems == ()


def test_number_questions_are_probed_across_thresholds(tiny):
    edit_entry(
        tiny / "rules/knee.yaml",
        "KNE-001",
        lambda r: r["when"].update(all=["knee_pain", "pain_over_5"]),
    )
    assert ("KB104", "KNE-001") in codes(lint_folder(tiny))
    edit(
        tiny / "questions.yaml",
        lambda d: d.append(
            {"id": "pain", "text": "How bad, 0-10?", "field": "complaints[].pain", "kind": "scale"}
        ),
    )
    assert lint_folder(tiny).problems == ()


def test_question_whose_answer_does_not_fit_the_intake_is_flagged(tiny):
    edit(
        tiny / "questions.yaml",
        lambda d: d.append(
            {"id": "colour", "text": "What colour is it?", "field": "complaints[].colour"}
        ),
    )
    problem = only(lint_folder(tiny), "KB501")
    assert (problem.file, problem.entry) == ("questions.yaml", "colour")
    assert "not an answer field" in problem.message


def test_two_regions_in_one_complaint_is_a_contradiction(tiny):
    edit_entry(
        tiny / "rules/knee.yaml",
        "KNE-001",
        lambda r: r["when"].update(all=["knee_pain", "achilles_pain", "pain_on_stairs"]),
    )
    problem = only(lint_folder(tiny), "KB105")
    assert "achilles_pain, knee_pain" in problem.message


def test_rule_id_off_its_files_prefix_is_a_warning(tiny):
    def add_rules(rules):
        rules.append({**rules[1], "id": "KNE-102", "aliases": []})
        rules.append({**rules[1], "id": "HIP-103", "aliases": []})

    edit(tiny / "rules/knee.yaml", add_rules)
    problem = only(lint_folder(tiny), "KB106")
    assert (problem.entry, problem.severity, problem.suggestion) == (
        "HIP-103",
        Severity.warning,
        "KNE",
    )


def test_exercise_no_rule_recommends_is_flagged(tiny):
    def add(exercises):
        exercises.append({**exercises[0], "id": "wall_sit_long", "name": "Long wall sit"})

    edit(tiny / "exercises.yaml", add)
    assert only(lint_folder(tiny), "KB201").entry == "wall_sit_long"


def test_finding_that_leads_nowhere_is_flagged_and_a_referral_is_enough(tiny):
    def drop_candidate(rules):
        rules.pop()

    edit(tiny / "rules/knee.yaml", drop_candidate)
    report = lint_folder(tiny)
    assert ("KB301", "possible_patellofemoral_pain") in codes(report)
    edit_entry(
        tiny / "rules/knee.yaml",
        "KNE-001",
        lambda r: r["then"]["disposition"].update(level="routine"),
    )
    assert ("KB301", "possible_patellofemoral_pain") not in codes(lint_folder(tiny))


def test_finding_no_rule_concludes_is_flagged(tiny):
    edit(tiny / "findings.yaml", lambda d: d.append({**d[0], "id": "possible_jumpers_knee"}))
    assert only(lint_folder(tiny), "KB302").entry == "possible_jumpers_knee"


def test_uncited_source_is_a_warning(tiny):
    edit(tiny / "sources.yaml", lambda d: d.append({**d[0], "id": "unused-paper"}))
    report = lint_folder(tiny)
    assert only(report, "KB401").severity == Severity.warning
    assert report.errors == []


def test_lexicon_walk_tolerates_absence_and_odd_shapes():
    assert list(lexicon_sources(None)) == []
    odd = {
        "notes": "free text",
        "groups": [["x", {"field": "health.fever", "value": ["yes", "not_sure"], "id": "fever"}]],
    }
    (source,) = lexicon_sources(odd)
    assert (source.entry, source.field, source.values) == (
        "fever",
        "health.fever",
        ("yes", "not_sure"),
    )


def test_a_lexicon_measure_without_a_value_is_probed_with_numbers(tiny):
    edit_entry(
        tiny / "rules/knee.yaml",
        "KNE-001",
        lambda r: r["when"].update(all=["knee_pain", "pain_over_5"]),
    )
    measure = {"field": "complaints[].pain", "unit": "score", "phrases": ["NUM out of 10"]}
    (tiny / "lexicon.yaml").write_text(yaml.safe_dump({"terms": [], "measures": [measure]}))
    assert lint_folder(tiny).problems == ()


def test_problems_are_frozen_records_with_known_codes(tiny):
    edit(tiny / "sources.yaml", lambda d: d.append({**d[0], "id": "unused-paper"}))
    problem = only(lint_folder(tiny), "KB401")
    with pytest.raises(ValidationError):
        problem.code = "KB999"
    assert (
        problem.line() == "sources.yaml: unused-paper: KB401 no rule, finding or exercise cites it"
    )
    assert all(code.startswith("KB") and len(code) == 5 for code in CODES)


def test_a_none_or_not_sure_choice_the_field_cannot_hold_is_fine_but_a_typo_is_not(tiny):
    onset = {"id": "onset", "text": "How did it start?", "field": "complaints[].onset"}
    edit(
        tiny / "questions.yaml",
        lambda d: d.append({**onset, "kind": "choice", "choices": ["sudden", "not_sure"]}),
    )
    assert lint_folder(tiny).problems == ()
    edit_entry(tiny / "questions.yaml", "onset", lambda q: q.update(choices=["sudenn", "gradual"]))
    problem = only(lint_folder(tiny), "KB501")
    assert problem.entry == "onset"
    assert problem.suggestion == "sudden"


def test_a_question_asked_only_for_other_areas_does_not_reach_a_rule(tiny):
    edit_entry(tiny / "questions.yaml", "stairs", lambda q: q.update(regions=["achilles"]))
    report = lint_folder(tiny)
    problem = next(p for p in report.problems if p.entry == "KNE-001")
    assert problem.code == "KB104"
    assert problem.message.endswith("for the knee area, nothing produces 'pain_on_stairs'")
    edit_entry(tiny / "questions.yaml", "stairs", lambda q: q.update(regions=["achilles", "knee"]))
    assert lint_folder(tiny).problems == ()


def test_an_unknown_area_in_a_questions_regions_is_flagged_with_a_suggestion(tiny):
    edit_entry(tiny / "questions.yaml", "stairs", lambda q: q.update(regions=["knee", "kne"]))
    problem = only(lint_folder(tiny), "KB501")
    assert (problem.entry, problem.suggestion) == ("stairs", "knee")


_YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["field", "value", "id", "phrases", "x"]), inner, max_size=4
        )
    ),
    max_leaves=20,
)


def _mappings_with_a_field(node) -> int:
    if isinstance(node, dict):
        own = isinstance(node.get("field"), str)
        return own + sum(_mappings_with_a_field(v) for v in node.values())
    if isinstance(node, list):
        return sum(_mappings_with_a_field(v) for v in node)
    return 0


@given(_YAMLISH)
def test_lexicon_walk_never_raises_and_finds_every_mapping_with_a_field(data):
    sources = list(lexicon_sources(data))
    assert len(sources) == _mappings_with_a_field(data)
    assert all(s.file == "lexicon.yaml" and isinstance(s.values, tuple) for s in sources)


def test_a_lexicon_term_that_does_not_fit_names_its_place_and_first_phrase(tiny):
    term = {"field": "complaints[].hurts_when", "value": "stairz", "phrases": ["going downstairs"]}
    (tiny / "lexicon.yaml").write_text(yaml.safe_dump({"terms": [term]}))
    problem = only(lint_folder(tiny), "KB501")
    assert (problem.file, problem.entry) == ("lexicon.yaml", "terms[0] 'going downstairs'")
    assert problem.suggestion == "stairs"


@pytest.mark.parametrize(
    "phrase",
    [
        "within hours|within an hour",
        "went after (about|NUM)",
        "(fades|goes) in NUM|minutes",
        "going (up|down)stairs",
    ],
)
def test_a_lexicon_phrase_that_cannot_match_as_written_is_flagged(tiny, phrase):
    term = {"field": "complaints[].hurts_when", "value": "stairs", "phrases": [phrase]}
    (tiny / "lexicon.yaml").write_text(yaml.safe_dump({"terms": [term]}))
    assert only(lint_folder(tiny), "KB601").entry.startswith("terms[0]")


@pytest.mark.parametrize(("word", "flagged"), [("gluten", False), ("banana", True)])
def test_an_ordinary_word_must_be_one_slip_from_a_fuzzy_word(tiny, word, flagged):
    term = {
        "field": "complaints[].region",
        "value": "buttock",
        "fuzzy": True,
        "phrases": ["(my|the) glutes"],
    }
    lexicon = {"terms": [term], "ordinary_words": [word]}
    (tiny / "lexicon.yaml").write_text(yaml.safe_dump(lexicon))
    assert ("KB604" in {p.code for p in lint_folder(tiny).problems}) is flagged


def test_a_number_slot_on_its_own_is_not_flagged(tiny):
    term = {
        "field": "complaints[].hurts_when",
        "value": "stairs",
        "phrases": ["NUM flights of stairs"],
    }
    (tiny / "lexicon.yaml").write_text(yaml.safe_dump({"terms": [term]}))
    assert "KB601" not in {p.code for p in lint_folder(tiny).problems}
