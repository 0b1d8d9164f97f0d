"""Start-up stays light: importing the CLI and `stridewise --help` load no heavy optional library.

Each probe runs in a fresh interpreter, because this test process has imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("spacy", "medspacy", "jinja2", "jsonschema", "hypothesis")
MARK = "LOADED-HEAVY:"


def _heavy_loaded_after(code: str) -> set[str]:
    probe = (
        f"{code}\nimport json as _j, sys as _s\n"
        f"print({MARK!r} + _j.dumps([m for m in {HEAVY!r} if m in _s.modules]), file=_s.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith(MARK)]
    assert lines, result.stderr
    return set(json.loads(lines[-1].removeprefix(MARK)))


def test_the_probe_sees_a_heavy_library_when_one_is_imported():
    assert _heavy_loaded_after("import hypothesis") == {"hypothesis"}


def test_importing_the_cli_loads_no_heavy_library():
    assert _heavy_loaded_after("import stridewise.cli.app") == set()


def test_stridewise_help_loads_no_heavy_library():
    code = (
        "import sys\n"
        "sys.argv = ['stridewise', '--help']\n"
        "from stridewise.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    assert _heavy_loaded_after(code) == set()


def test_triage_from_an_answers_file_loads_no_heavy_library(examples_dir):
    answers = examples_dir / "achilles_night_ache.yaml"
    code = (
        "import sys\n"
        f"sys.argv = ['stridewise', 'triage', '--answers', {str(answers)!r}]\n"
        "from stridewise.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )
    assert _heavy_loaded_after(code) == set()
