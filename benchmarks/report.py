"""The benchmark results as Markdown, with each figure next to its target."""

from __future__ import annotations

TARGETS_MS = {
    "stridewise --help": 300,
    "stridewise triage --answers examples/achilles_night_ache.yaml": 600,
}
WARM_MEDIAN_TARGET_MS = 5
BATCH_TARGET_PER_S = 300


def _ok(value: float, limit: float, higher_is_better: bool = False) -> str:
    met = value >= limit if higher_is_better else value < limit
    return "met" if met else "**missed**"


def markdown(r: dict) -> str:
    m = r["machine"]
    s = r["settings"]
    lines = [
        "## Machine and command",
        "",
        f"- Measured {m['date']} at commit {m['commit']}",
        f"- {m['nproc']} cores, {m['cpu']}; Python {m['python']}; {m['platform']}",
        f"- Load average at start (1, 5, 15 min): {', '.join(map(str, m['load_average_1_5_15']))}",
        f"- Command: `python -m benchmarks` (seed {s['seed']}, {s['intakes']} intakes, "
        f"{s['cold_runs']} cold runs each)",
        "",
        "## Cold start (whole process, median of runs after one warm-up)",
        "",
        "| command | median | min | max | target | |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, t in r["cold"].items():
        target = TARGETS_MS[name]
        if "error" in t:
            lines.append(f"| `{name}` | failed: {t['error']} | | | < {target} ms | **missed** |")
            continue
        lines.append(
            f"| `{name}` | {t['median_ms']:.0f} ms | {t['min_ms']:.0f} ms | {t['max_ms']:.0f} ms "
            f"| < {target} ms | {_ok(t['median_ms'], target)} |"
        )
    w = r["warm"]
    b = r["engine_build"]
    lines += [
        "",
        f"## In a warm process ({s['kb']} knowledge base, {r['rules']} rules)",
        "",
        "| measure | median | p99 | target | |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| load the knowledge base (once per process) | {r['kb_load_ms']:.1f} ms | | | |",
        f"| engine build: compile rules + instantiate | {b['median_ms']:.2f} ms "
        f"| {b['p99_ms']:.2f} ms | | |",
        f"| `triage()` per intake ({w['triage']['n']} distinct intakes) "
        f"| {w['triage']['median_ms']:.2f} ms | {w['triage']['p99_ms']:.2f} ms "
        f"| < {WARM_MEDIAN_TARGET_MS} ms median "
        f"| {_ok(w['triage']['median_ms'], WARM_MEDIAN_TARGET_MS)} |",
        f"| engine run only (signals in, firings out) | {w['engine_run']['median_ms']:.3f} ms "
        f"| {w['engine_run']['p99_ms']:.3f} ms | | |",
        f"| baseline: same rules in plain Python | {w['baseline_run']['median_ms']:.3f} ms "
        f"| {w['baseline_run']['p99_ms']:.3f} ms | | |",
        "",
        f"Engine overhead over the baseline: **{w['engine_over_baseline']:.1f}x** (median engine "
        f"run / median baseline run). Engine and baseline agreed on {w['agreed']} of "
        f"{w['triage']['n']} intakes (dispositions, findings, recommendations, blocks and the "
        "order of firings).",
        "",
        "## Cost as the number of rules grows (clones with their own findings)",
        "",
        "| rules | engine build | `triage()` median | p99 | engine run | baseline | "
        "engine / baseline | agreed | same answers as x1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in r["scaling"]:
        n = row["triage"]["n"]
        lines.append(
            f"| x{row['factor']} ({row['rules']}) | {row['build']['median_ms']:.1f} ms "
            f"| {row['triage']['median_ms']:.2f} ms | {row['triage']['p99_ms']:.2f} ms "
            f"| {row['engine_run']['median_ms']:.3f} ms | {row['baseline_run']['median_ms']:.3f} ms "
            f"| {row['engine_over_baseline']:.1f}x | {row['agreed']}/{n} "
            f"| {row['same_answers_as_x1']}/{n} |"
        )
    lines += ["", "## Comments", ""]
    c = r["comments"]
    if "status" in c:
        lines.append(c["status"])
    else:
        lines += _comment_lines(c)
    return "\n".join(lines) + "\n"


def _comment_lines(c: dict) -> list[str]:
    e = c["extraction"]
    lines = [
        "| measure | median | p99 | target | |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| first comment in a process (builds the language pipeline) | {e['first_call_ms']:.0f} ms "
        "| | | |",
        f"| `read_comment()` per comment ({e['read']['n']} distinct, warm) "
        f"| {e['read']['median_ms']:.2f} ms | {e['read']['p99_ms']:.2f} ms | | |",
        f"| `triage_comment()`: read + triage | {e['read_and_triage']['median_ms']:.2f} ms "
        f"| {e['read_and_triage']['p99_ms']:.2f} ms | | |",
        "",
    ]
    b = c["batch"]
    if "error" in b:
        return [*lines, f"`reply --batch` failed: {b['error']} (target >= {BATCH_TARGET_PER_S}/s)"]
    rate = b["comments_per_s"]
    return [
        *lines,
        f"`stridewise reply --batch` over {b['comments']:,} distinct comments (JSON Lines in, "
        f"JSON Lines out, whole process): **{rate:.0f} comments/s** "
        f"(target >= {BATCH_TARGET_PER_S}/s: {_ok(rate, BATCH_TARGET_PER_S, higher_is_better=True)}); "
        f"{b['wall_s']:.1f} s wall, {b['cpu_s']:.1f} s CPU, so {b['cores_busy']:.2f} cores busy "
        f"on average; {b['drafts']:,} drafts written.",
    ]
