"""The small ones: argument errors in one line, --debug keeps the exit code, a comment naming
many areas is triaged, a coach's own template is bounded in time and size."""

from __future__ import annotations

import subprocess
import sys

from hostile_cli import run_cli, write

MAIN = "from stridewise.cli.app import main; main()"


def test_an_argument_error_is_one_line_on_stderr_with_exit_2():
    result = subprocess.run(
        [sys.executable, "-c", MAIN, "triage", "--bogus"], capture_output=True, text=True
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "--bogus" in lines[0]
    assert "╭" not in result.stderr


def test_debug_shows_the_traceback_and_keeps_exit_2(tmp_path):
    path = write(tmp_path, "a.yaml", "complaints: [{region: elbow}]")
    result = subprocess.run(
        [sys.executable, "-c", MAIN, "--debug", "triage", "--answers", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" in result.stderr and "InvalidInput" in result.stderr


AREAS = ["foot", "heel", "ankle", "achilles", "calf", "shin", "knee", "hamstring", "groin"]
AREAS += ["hip flexor", "glute", "lower back", "quad", "outer hip"]


def test_a_comment_naming_more_than_ten_areas_is_triaged_not_refused(tmp_path):
    text = "I have chest pain when I run. " + " ".join(f"My {a} hurts." for a in AREAS)
    result = run_cli("reply", "--json", str(write(tmp_path, "c.txt", text)))
    assert result.exit_code == 0, result.stderr
    assert '"emergency"' in result.output


def test_a_coach_template_that_loops_forever_is_stopped(tmp_path, examples_dir):
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    write(tmp_path, "slow.j2", loop)
    coach = write(tmp_path, "coach.yaml", "name: Ann\ntemplate: slow.j2\n")
    comment = examples_dir / "comments" / "charlie_achilles.txt"
    result = run_cli("reply", str(comment), "--coach", str(coach))
    assert result.exit_code == 2
    assert "took longer than" in result.stderr


def test_a_coach_template_that_builds_a_huge_text_is_refused(tmp_path, examples_dir):
    write(tmp_path, "big.j2", "{{ 'x' * 100000000 }}{{ 'y' * 10 ** 10 }}")
    coach = write(tmp_path, "coach.yaml", "name: Ann\ntemplate: big.j2\n")
    comment = examples_dir / "comments" / "charlie_achilles.txt"
    result = run_cli("reply", str(comment), "--coach", str(coach))
    assert result.exit_code == 2
    assert "big.j2" in result.stderr
