"""The ratchet's git check, on a throwaway repository: a known miss may be added only by a
change that also adds or edits its case."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from evaluation.history import NoHistory, added_without_their_case_in_git


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def entry(id: str) -> dict:
    return {"id": id, "split": "blind/dev", "got": "none", "why": "not read"}


def case(id: str, disposition: str = "emergency") -> dict:
    return {"id": id, "text": "words", "disposition": disposition}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "t")
    return tmp_path


def write(repo: Path, cases: list[dict], known: list[dict], message: str | None) -> Path:
    evaluation = repo / "evaluation"
    (evaluation / "blind").mkdir(parents=True, exist_ok=True)
    (evaluation / "blind" / "dev.yaml").write_text(yaml.safe_dump(cases))
    (evaluation / "known_misses.yaml").write_text(yaml.safe_dump(known))
    if message:
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message)
    return evaluation


def test_the_commit_that_creates_the_list_is_the_baseline(repo):
    evaluation = write(repo, [case("a")], [entry("a")], "create")
    with pytest.raises(NoHistory, match="baseline"):
        added_without_their_case_in_git(evaluation)


def test_a_commit_listing_a_case_it_did_not_touch_is_reported(repo):
    write(repo, [case("a"), case("b")], [entry("a")], "create")
    evaluation = write(repo, [case("a"), case("b")], [entry("a"), entry("b")], "list b")
    assert added_without_their_case_in_git(evaluation) == ["b"]


def test_a_commit_that_adds_the_case_with_its_entry_passes(repo):
    write(repo, [case("a")], [entry("a")], "create")
    evaluation = write(repo, [case("a"), case("b")], [entry("a"), entry("b")], "add b")
    assert added_without_their_case_in_git(evaluation) == []


def test_an_uncommitted_entry_is_checked_against_head(repo):
    write(repo, [case("a"), case("b")], [entry("a")], "create")
    evaluation = write(repo, [case("a"), case("b", "urgent")], [entry("a"), entry("c")], None)
    (evaluation / "known_misses.yaml").write_text(yaml.safe_dump([entry("a"), entry("b")]))
    assert added_without_their_case_in_git(evaluation) == []
    (evaluation / "blind" / "dev.yaml").write_text(yaml.safe_dump([case("a"), case("b")]))
    assert added_without_their_case_in_git(evaluation) == ["b"]


def test_outside_a_git_checkout_the_check_says_why_it_cannot_run(tmp_path):
    evaluation = write(tmp_path, [case("a")], [entry("a")], None)
    with pytest.raises(NoHistory, match="not a git checkout"):
        added_without_their_case_in_git(evaluation)


def test_a_case_added_in_one_commit_and_listed_in_a_later_one_passes(repo):
    write(repo, [case("a")], [entry("a")], "create")
    write(repo, [case("a"), case("b")], [entry("a")], "add case b")
    evaluation = write(repo, [case("a"), case("b")], [entry("a"), entry("b")], "list b")
    assert added_without_their_case_in_git(evaluation) == []


def test_a_regression_may_be_listed_only_with_a_commit_that_came_in_since_the_list(repo):
    write(repo, [case("a"), case("b")], [entry("a")], "create")
    old = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    (repo / "engine.txt").write_text("a change that makes b miss")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "regress b")
    culprit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cases = [case("a"), case("b")]
    evaluation = write(repo, cases, [entry("a"), {**entry("b"), "regressed_by": culprit}], "list")
    assert added_without_their_case_in_git(evaluation) == []
    write(repo, cases, [entry("a"), {**entry("b"), "regressed_by": old[:9]}], "blame the past")
    assert added_without_their_case_in_git(evaluation) == []  # b was already listed
    write(repo, cases, [entry("a")], "drop b")
    write(repo, cases, [entry("a"), {**entry("b"), "regressed_by": old[:9]}], "blame the past")
    assert added_without_their_case_in_git(evaluation) == ["b"]
