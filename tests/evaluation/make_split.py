"""Splits a raw case set once into `dev` (60%) and `test` (40%), stratified by disposition.

Run once per set when it is written; the split is then fixed in git. The seed and the order
(cases sorted by id, then shuffled within each disposition) make it reproducible:

    python tests/evaluation/make_split.py RAW.yaml [RAW.yaml ...] --out tests/evaluation/blind

blind3, written as a few cases per presentation, was split with `--by-source`.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

SEED = 20261202
DEV_SHARE = 0.6
HEADERS = {
    "dev": (
        "# DEV split: read its misses freely while tuning the lexicon, reader and rules.\n"
        "# Cases written blind (without reading knowledge_base/, triage/ or tests/); see\n"
        "# docs/evaluation.md. Never copy a phrasing from here into the lexicon: fix the class.\n"
    ),
    "test": (
        "# TEST split: scored on every run, NEVER read for tuning. Whoever changes the lexicon,\n"
        "# the comment reader or the rules looks only at dev misses. Figures go to ACCURACY.md.\n"
    ),
}


def split(cases: list[dict], seed: int = SEED, by_source: bool = False) -> dict[str, list[dict]]:
    """Stratified by disposition; with `by_source` also by the guidance cited, so a set written
    as a few cases per presentation keeps each presentation in both splits."""
    rng = random.Random(seed)
    parts: dict[str, list[dict]] = {"dev": [], "test": []}

    def stratum(case: dict) -> tuple[str, str]:
        return case["disposition"], case["source"] if by_source else ""

    for key in sorted({stratum(c) for c in cases}):
        group = sorted((c for c in cases if stratum(c) == key), key=lambda c: c["id"])
        rng.shuffle(group)
        cut = round(len(group) * DEV_SHARE)
        parts["dev"] += group[:cut]
        parts["test"] += group[cut:]
    return {name: sorted(group, key=lambda c: c["id"]) for name, group in parts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--by-source", action="store_true", help="stratify by the source cited as well"
    )
    args = parser.parse_args()
    cases = [c for path in args.raw for c in yaml.safe_load(path.read_text(encoding="utf-8"))]
    args.out.mkdir(parents=True, exist_ok=True)
    for name, group in split(cases, by_source=args.by_source).items():
        body = yaml.safe_dump(group, sort_keys=False, allow_unicode=True, width=100)
        (args.out / f"{name}.yaml").write_text(HEADERS[name] + body, encoding="utf-8")
        print(f"{args.out / name}.yaml: {len(group)} cases")


if __name__ == "__main__":
    main()
