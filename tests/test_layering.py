"""Imports inside `triage/` point down the flow (engine <- reading <- explain, kb <- coach,
questionnaire, evaluate <- render), with no circles; the checker itself is shown to fail."""

from __future__ import annotations

from pathlib import Path

from import_layers import LAYERS, cycles, graph, layer_violations

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "stridewise.triage"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_every_subpackage_of_triage_has_a_layer():
    subpackages = {p.name for p in (REPO / "triage").iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in (REPO / "triage").glob("*.py")} - {"__init__"}
    assert subpackages | modules <= set(LAYERS)


def test_triage_imports_only_point_down_the_flow():
    assert layer_violations(graph(REPO / "triage", PACKAGE)) == []


def test_triage_has_no_import_circles():
    assert cycles(graph(REPO / "triage", PACKAGE)) == []


def test_the_library_never_imports_the_cli():
    for path in (REPO / "triage").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "stridewise.cli" not in text, path


def test_the_checker_reports_an_upward_import_even_a_lazy_one(tmp_path):
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "engine/__init__.py": "",
            "engine/core.py": "def f():\n    from ..render.page import g\n",
            "render/__init__.py": "",
            "render/page.py": "from ..engine.core import f\n",
        },
    )
    problems = layer_violations(graph(root, PACKAGE))
    assert problems == ["engine.core -> render.page: imports upward or sideways"]


def test_the_checker_reports_a_sideways_import_and_a_circle(tmp_path):
    root = _tree(
        tmp_path,
        {
            "kb/__init__.py": "",
            "kb/lint.py": "from stridewise.triage.explain.why import x\n",
            "explain/__init__.py": "",
            "explain/why.py": "from .how import y\nx = 1\n",
            "explain/how.py": "from .why import x\ny = 2\n",
        },
    )
    edges = graph(root, PACKAGE)
    assert layer_violations(edges) == ["kb.lint -> explain.why: imports upward or sideways"]
    assert cycles(edges) == [["explain.how", "explain.why"]]
