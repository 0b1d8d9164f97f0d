"""The benchmark command: `python -m benchmarks`, run from the repository root.

Prints a Markdown report for BENCHMARKS.md and, with --json, writes every figure to a file.
Exits 1 if the engine and the baseline disagree on any intake.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from stridewise.triage import default_knowledge_base, load_knowledge_base

from . import comments, engines, machine
from .generate import distinct_intakes
from .report import SERVER_REPLY, engine_markdown, markdown
from .server import running_server
from .timing import cold_start, stridewise_command, timed
from .triage_bench import engine_build, scaling, warm_triage

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "achilles_night_ache.yaml"
COMMENT = REPO / "examples" / "comments" / "charlie_achilles.txt"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--intakes", type=int, default=1000, help="distinct generated intakes")
    parser.add_argument("--scaling-intakes", type=int, default=300, help="intakes per rules x n")
    parser.add_argument("--comments", type=int, default=10_000, help="distinct generated comments")
    parser.add_argument("--cold-runs", type=int, default=10, help="timed runs per cold start")
    parser.add_argument("--builds", type=int, default=10, help="timed engine builds")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--kb",
        type=Path,
        help="knowledge base folder for the in-process figures (default: shipped)",
    )
    parser.add_argument(
        "--engine-intakes", type=int, default=300, help="intakes per rules x n, engines compared"
    )
    parser.add_argument(
        "--engines-only",
        action="store_true",
        help="only the side-by-side engine comparison (experta before/after, CLIPS, baseline)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.intakes, args.scaling_intakes, args.comments = 100, 50, 500
        args.engine_intakes = 30
        args.cold_runs, args.builds = 3, 3
    return args


def measure(args: argparse.Namespace) -> dict[str, object]:
    results: dict[str, object] = {"machine": machine.describe(REPO), "settings": vars(args).copy()}
    results["settings"].update(
        json=str(args.json) if args.json else None, kb=str(args.kb) if args.kb else "shipped"
    )
    if args.engines_only:
        return {**results, "engines": _engines(args)}
    command = stridewise_command()
    cold_commands = {
        "stridewise --help": [*command, "--help"],
        "stridewise triage --answers examples/achilles_night_ache.yaml": [
            *command,
            "triage",
            "--answers",
            str(EXAMPLE),
        ],
        "stridewise reply examples/comments/charlie_achilles.txt": [
            *command,
            "reply",
            str(COMMENT),
        ],
    }
    with (
        tempfile.TemporaryDirectory(prefix="stridewise-pycache-") as pycache,
        running_server(command) as address,
    ):
        cold_commands[SERVER_REPLY] = [*command, "reply", "--server", address, str(COMMENT)]
        results["cold"] = {
            name: {
                "as_run": cold_start(argv, args.cold_runs),
                "bytecode_cached": cold_start(argv, args.cold_runs, Path(pycache)),
            }
            for name, argv in cold_commands.items()
        }
    load_seconds, _, kb = timed(
        lambda: load_knowledge_base(args.kb) if args.kb else default_knowledge_base()
    )
    results["kb_load_ms"] = load_seconds * 1000
    results["rules"] = len(kb.rules)
    results["engine_build"] = engine_build(kb, args.builds)
    intakes = distinct_intakes(args.intakes, args.seed)
    warm = warm_triage(kb, intakes)
    warm.pop("answers")
    results["warm"] = warm
    results["scaling"] = scaling(kb, intakes[: args.scaling_intakes], [1, 2, 4], args.builds // 2)
    results["comments"] = comments.measure(args.comments, args.seed, command)
    results["engines"] = _engines(args, kb)
    return results


def _engines(args: argparse.Namespace, kb=None) -> list[dict]:
    """experta before/after its hot path, CLIPS and the baseline at x1, x2, x4, x8 rules."""
    if kb is None:
        kb = load_knowledge_base(args.kb) if args.kb else default_knowledge_base()
    intakes = distinct_intakes(args.engine_intakes, args.seed)
    return engines.measure(kb, intakes, [1, 2, 4, 8])


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    results = measure(args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if args.engines_only:
        sys.stdout.write(engine_markdown(results))
        return 0 if all(r["agreed"] == r["intakes"] for r in results["engines"]) else 1
    sys.stdout.write(markdown(results) + "\n" + engine_markdown(results))
    disagreements = [results["warm"], *results["scaling"]]
    engines_agree = all(r["agreed"] == r["intakes"] for r in results["engines"])
    return 1 if any(r["disagreements"] for r in disagreements) or not engines_agree else 0
