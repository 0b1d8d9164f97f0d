"""The benchmark results as Markdown, with each figure next to its target."""

from __future__ import annotations

SERVER_REPLY = "stridewise reply --server URL examples/comments/charlie_achilles.txt"
TARGETS_MS = {
    "stridewise --help": 300,
    "stridewise triage --answers examples/achilles_night_ache.yaml": 600,
    "stridewise reply examples/comments/charlie_achilles.txt": 1000,
    SERVER_REPLY: 1000,  # with a `stridewise serve` already running
}
WARM_MEDIAN_TARGET_MS = 5
BATCH_TARGET_PER_S = 300
HOT_PATH_SPEEDUP_TARGET = 1.4  # experta after / before, at x1 and x4
CLIPS_OVER_BARE_TARGET = 2.0
CLIPS_GROWTH_TARGET = 4.0  # x1 to x8


def _ok(value: float, limit: float, higher_is_better: bool = False) -> str:
    met = value >= limit if higher_is_better else value < limit
    return "met" if met else "**missed**"


def _verdict(wall: float, cpu: float, limit: float) -> str:
    """Met on the wall clock; or met on CPU time only, when waiting for a core made the
    difference on a shared machine; or missed."""
    if wall < limit:
        return "met"
    return "met on CPU time only" if cpu < limit else "**missed**"


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
        "## Cold start (whole process, after one untimed warm-up run)",
        "",
        "Wall is the median elapsed time; CPU is the median user + system time of the process "
        "(the time it ran, without waiting for a core). *As run* keeps this environment's "
        "PYTHONDONTWRITEBYTECODE=1 (our modules recompiled at every start); *bytecode cached* "
        "reuses compiled modules, as an installed package does.",
        "",
        "| command | bytecode | wall median | wall min | CPU median | target | |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, variants in r["cold"].items():
        target = TARGETS_MS[name]
        for variant, t in variants.items():
            label = variant.replace("_", " ")
            if "error" in t:
                lines.append(f"| `{name}` | {label} | failed: {t['error']} | | | < {target} ms | |")
                continue
            cpu = t["cpu"]["median_ms"]
            lines.append(
                f"| `{name}` | {label} | {t['median_ms']:.0f} ms | {t['min_ms']:.0f} ms "
                f"| {cpu:.0f} ms | < {target} ms | {_verdict(t['median_ms'], cpu, target)} |"
            )
    w = r["warm"]
    tc = w["triage_cpu"]
    b = r["engine_build"]
    lines += [
        "",
        f"## In a warm process ({s['kb']} knowledge base, {r['rules']} rules)",
        "",
        "| measure | median | p99 | target | |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| load the knowledge base (once per process) | {r['kb_load_ms']:.1f} ms | | | |",
        f"| engine build: compile rules + instantiate, wall | {b['median_ms']:.1f} ms "
        f"| {b['p99_ms']:.1f} ms | | |",
        f"| engine build, CPU time | {b['cpu']['median_ms']:.1f} ms | {b['cpu']['p99_ms']:.1f} ms "
        "| | |",
        f"| `triage()` per intake ({w['triage']['n']} distinct intakes), wall "
        f"| {w['triage']['median_ms']:.2f} ms | {w['triage']['p99_ms']:.2f} ms "
        f"| < {WARM_MEDIAN_TARGET_MS} ms median "
        f"| {_verdict(w['triage']['median_ms'], tc['median_ms'], WARM_MEDIAN_TARGET_MS)} |",
        f"| `triage()` per intake, CPU time | {tc['median_ms']:.2f} ms | {tc['p99_ms']:.2f} ms "
        "| | |",
        f"| engine run only (signals in, firings out), wall | {w['engine_run']['median_ms']:.3f} ms "
        f"| {w['engine_run']['p99_ms']:.3f} ms | | |",
        f"| engine run only, CPU time | {w['engine_run_cpu']['median_ms']:.3f} ms "
        f"| {w['engine_run_cpu']['p99_ms']:.3f} ms | | |",
        f"| baseline: same rules in plain Python, wall | {w['baseline_run']['median_ms']:.3f} ms "
        f"| {w['baseline_run']['p99_ms']:.3f} ms | | |",
        "",
        f"Engine overhead over the baseline: **{w['engine_over_baseline']:.1f}x** (median engine "
        f"run / median baseline run). Engine and baseline agreed on {w['agreed']} of "
        f"{w['triage']['n']} intakes (dispositions, findings, recommendations, blocks and the "
        "order of firings).",
        "",
        "## Cost as the number of rules grows (clones with their own findings)",
        "",
        "Medians; build is wall / CPU time; `triage()` is wall (median, p99) and CPU time.",
        "",
        "| rules | engine build | `triage()` median | p99 | CPU | engine run | baseline | "
        "engine / baseline | agreed | same answers as x1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in r["scaling"]:
        n = row["triage"]["n"]
        lines.append(
            f"| x{row['factor']} ({row['rules']}) | {row['build']['median_ms']:.0f} / "
            f"{row['build']['cpu']['median_ms']:.0f} ms "
            f"| {row['triage']['median_ms']:.2f} ms | {row['triage']['p99_ms']:.2f} ms "
            f"| {row['triage_cpu']['median_ms']:.2f} ms | {row['engine_run']['median_ms']:.3f} ms | {row['baseline_run']['median_ms']:.3f} ms "
            f"| {row['engine_over_baseline']:.1f}x | {row['agreed']}/{n} "
            f"| {row['same_answers_as_x1']}/{n} |"
        )
    lines += ["", "## Comments", ""]
    lines += _comment_lines(r["comments"])
    return "\n".join(lines) + "\n"


def _comment_lines(c: dict) -> list[str]:
    e = c["extraction"]
    lines = [
        "| measure | wall median | wall p99 | CPU median | CPU p99 |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| first comment in a process (builds the language pipeline) | {e['first_call_ms']:.0f} ms "
        "| | | |",
    ]
    for key, label in (
        ("read", f"`read_comment()` per comment ({e['read']['n']} distinct, warm)"),
        ("read_and_triage", "`triage_comment()`: read + triage"),
    ):
        wall, cpu = e[key], e[f"{key}_cpu"]
        lines.append(
            f"| {label} | {wall['median_ms']:.2f} ms | {wall['p99_ms']:.2f} ms "
            f"| {cpu['median_ms']:.2f} ms | {cpu['p99_ms']:.2f} ms |"
        )
    lines.append("")
    b = c["batch"]
    if "error" in b:
        return [*lines, f"`reply --batch` failed: {b['error']} (target >= {BATCH_TARGET_PER_S}/s)"]
    rate = b["comments_per_s"]
    per_comment = b["cpu_s"] / b["comments"] * 1000
    return [
        *lines,
        f"`stridewise reply --batch` over {b['comments']:,} distinct comments (JSON Lines in, "
        f"JSON Lines out, whole process): **{rate:.0f} comments/s** "
        f"(target >= {BATCH_TARGET_PER_S}/s: {_ok(rate, BATCH_TARGET_PER_S, higher_is_better=True)}); "
        f"{b['wall_s']:.1f} s wall, {b['cpu_s']:.1f} s CPU, so {b['cores_busy']:.2f} cores busy "
        f"on average; {b['drafts']:,} drafts written. That is {per_comment:.1f} ms of CPU per "
        f"comment, worker start-up included: with both cores free the run could reach at most "
        f"about {2000 / per_comment:.0f} comments/s.",
    ]


def engine_markdown(r: dict) -> str:
    """The side-by-side engine table (CPU time) and the issue's targets, met or missed."""
    rows = r["engines"]
    m = r["machine"]
    names = list(rows[0]["cpu"])
    lines = [
        "## Engines side by side (CPU time per intake, one process)",
        "",
        f"Measured {m['date']} at commit {m['commit']}, load average at start "
        f"{', '.join(map(str, m['load_average_1_5_15']))}; {rows[0]['intakes']} distinct "
        "intakes per scale, every variant on every intake, in a shuffled order. *Before* is "
        "experta's own code paths (`use_hot_path(False)`), *after* the hot path; bare CLIPS is "
        "the CLIPS run alone (reset, assert, run, collect), without reading the trace back or "
        "building the report. Median / p95 in ms.",
        "",
        "| rules | " + " | ".join(names) + " | after vs before | CLIPS / bare | agreed |",
        "| --- |" + " ---: |" * (len(names) + 3),
    ]
    for row in rows:
        cells = [f"{row['cpu'][n]['median_ms']:.2f} / {row['cpu'][n]['p95_ms']:.2f}" for n in names]
        lines.append(
            f"| x{row['factor']} ({row['rules']}) | "
            + " | ".join(cells)
            + f" | {row['speedup_after']:.2f}x faster | {row['clips_over_bare']:.2f}x "
            f"| {row['agreed']}/{row['intakes']} |"
        )
    last = rows[-1]
    lines += [
        "",
        f"Growth x1 to x{last['factor']} (median CPU): "
        + ", ".join(f"{n} {last['growth'][n]:.1f}x" for n in names)
        + ". experta after / CLIPS (`triage()`, paired): "
        + ", ".join(f"x{row['factor']} {row['after_over_clips']:.1f}x" for row in rows)
        + ".",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
    ]
    by_factor = {row["factor"]: row for row in rows}
    for factor in (1, 4):
        if factor in by_factor:
            speedup = by_factor[factor]["speedup_after"]
            lines.append(
                f"| experta `triage()` >= {HOT_PATH_SPEEDUP_TARGET}x faster at x{factor} "
                f"| {speedup:.2f}x | {_ok(speedup, HOT_PATH_SPEEDUP_TARGET, True)} |"
            )
    worst = max(rows, key=lambda row: row["clips_over_bare"])
    lines.append(
        f"| CLIPS `triage()` within {CLIPS_OVER_BARE_TARGET:.0f}x of bare CLIPS "
        f"| {worst['clips_over_bare']:.2f}x at worst (x{worst['factor']}) "
        f"| {_ok(worst['clips_over_bare'], CLIPS_OVER_BARE_TARGET)} |"
    )
    growth = last["growth"][names[2]]
    lines.append(
        f"| CLIPS `triage()` growth x1 to x{last['factor']} at most {CLIPS_GROWTH_TARGET:.0f}x "
        f"| {growth:.1f}x | {_ok(growth, CLIPS_GROWTH_TARGET)} |"
    )
    return "\n".join(lines) + "\n"
