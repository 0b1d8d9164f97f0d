"""Deterministic, valid, distinct inputs for the benchmarks, built from a seeded RNG.

Hypothesis is for finding bugs, not for sampling workloads: these generators give the same
inputs for the same seed on every machine, so figures stay comparable between runs.
"""

from __future__ import annotations

import random

from stridewise.triage.engine.intake import (
    Complaint,
    Diagnosis,
    GeneralHealth,
    Intake,
    Onset,
    Region,
    Side,
    StrengthWorkOutcome,
    Timing,
    Training,
    Trigger,
    tri_state_fields,
)

# Most questions go unanswered or answered "no"; red-flag answers stay rarer than everyday ones.
_TRI_STATES = (None, "no", "yes", "not_sure")
_COMPLAINT_WEIGHTS = (55, 33, 10, 2)
_HEALTH_WEIGHTS = (60, 37, 2, 1)


def _tri(rng: random.Random, weights: tuple[int, ...]) -> str | None:
    return rng.choices(_TRI_STATES, weights)[0]


def _some(rng: random.Random, values, most: int) -> tuple:
    return tuple(rng.sample(list(values), rng.randint(0, most)))


def _maybe(rng: random.Random, value, chance: float = 0.7):
    return value if rng.random() < chance else None


def complaint(rng: random.Random) -> Complaint:
    """One valid complaint with a random region, timings and answers."""
    return Complaint(
        region=rng.choice(list(Region)),
        side=rng.choice(list(Side)),
        onset=_maybe(rng, rng.choice(list(Onset))),
        triggers=_some(rng, Trigger, 2),
        duration_weeks=_maybe(rng, round(rng.uniform(0, 30), 1)),
        pain=_maybe(rng, rng.randint(0, 10)),
        hurts_when=_some(rng, Timing, 4),
        not_sure_when=_some(rng, Timing, 1) if rng.random() < 0.2 else (),
        diagnosis=_some(rng, Diagnosis, 1) if rng.random() < 0.2 else (),
        strength_work=_maybe(rng, rng.choice(list(StrengthWorkOutcome)), 0.3),
        **{name: _tri(rng, _COMPLAINT_WEIGHTS) for name in tri_state_fields(Complaint)},
    )


def intake(rng: random.Random) -> Intake:
    """One valid intake: zero to three complaints, health screen and training context."""
    health = {name: _tri(rng, _HEALTH_WEIGHTS) for name in tri_state_fields(GeneralHealth)}
    health["able_to_bear_weight"] = rng.choices(_TRI_STATES, (40, 5, 50, 5))[0]
    return Intake(
        complaints=tuple(
            complaint(rng) for _ in range(rng.choices((0, 1, 2, 3), (5, 60, 25, 10))[0])
        ),
        health=GeneralHealth(**health),
        training=Training(
            season=_maybe(rng, rng.choice(["in", "off"])),
            weekly_km=_maybe(rng, round(rng.uniform(5, 120), 1)),
            recent_increase_percent=_maybe(rng, round(rng.uniform(0, 40), 1)),
            weeks_off=_maybe(rng, rng.choice([0, 0, 1, 2, 4, 8]), 0.4),
            strength_sessions_per_week=_maybe(rng, rng.randint(0, 3)),
            hill_focus=_tri(rng, _COMPLAINT_WEIGHTS),
        ),
    )


def distinct_intakes(count: int, seed: int = 2026) -> list[Intake]:
    """`count` pairwise-different intakes, the same list for the same seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[Intake] = []
    while len(out) < count:
        candidate = intake(rng)
        key = candidate.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append(candidate)
    return out


# Reader comments: a pool of everyday phrasings (typos, negation, history, hypotheticals and
# other people's problems included), assembled at random.
_GREETINGS = (
    "Hi James,",
    "Hello coach!",
    "Hey,",
    "",
    "Great video as always.",
    "Thanks for these.",
)
_PLACES = (
    "achilles",
    "achillies",
    "left knee",
    "right knee",
    "inner hip",
    "groin",
    "glute",
    "buttock",
    "calf",
    "shin",
    "hamstring",
    "hammy",
    "heel",
    "lower back",
    "ITB",
    "illiacus",
    "hip flexor",
)
_WHEN = (
    "it wakes me overnight with a dull ache",
    "it hurts going up hills",
    "it aches after runs",
    "it is stiff first thing in the morning",
    "driving a car makes it uncomfortable",
    "it hurts when I hop on that leg",
    "stairs are sore",
    "not during a run but afterwards",
    "sitting for long sets it off",
    "it goes away when I walk about",
    "it hurts late in a long run",
)
_HOW_LONG = ("for {n} weeks", "for a couple of months", "for {n} days", "since last {season}")
_PAIN = ("It's about {n}/10.", "The pain is {n} out of 10.", "", "")
_EXTRAS = (
    "No numbness or tingling.",
    "I tore it two years ago.",
    "If it gets worse should I stop?",
    "My wife's knee is sore too.",
    "It swelled up within hours.",
    "I felt a pop.",
    "I have just increased my distance.",
    "I only run hills at the moment.",
    "I'm in the middle of the racing season.",
    "It eases once I warm up.",
    "",
    "A physio said it could be a nerve issue.",
    "I was told it's ITB syndrome.",
)
_OTHER = (
    "Thanks, great video!",
    "Could you run a workshop in {city}?",
    "How much strength training a week should we do?",
    "Love the channel, keep it up.",
    "What shoes do you recommend for {city} trails?",
)
_CITIES = ("Leeds", "Cork", "Bristol", "Perth", "Oslo", "Denver", "Cape Town", "Dunedin")
_NAMES = ("Charlie", "Dave", "Eva", "Sam", "Priya", "Tom", "Ana", "Kofi", "Mia", "Lars")


def comment(rng: random.Random) -> str:
    """One reader comment: mostly injury reports, some thanks and questions."""
    who = f"{rng.choice(_NAMES)} ({rng.randint(10, 120)} km a week)"
    sign_off = f"{rng.choice(('Cheers,', 'Thanks,', ''))} {who}".strip()
    if rng.random() < 0.15:
        body = rng.choice(_OTHER).format(city=rng.choice(_CITIES))
        return f"{rng.choice(_GREETINGS)} {body} {sign_off}".strip()
    how_long = rng.choice(_HOW_LONG).format(
        n=rng.randint(2, 12), season=rng.choice(("summer", "winter"))
    )
    parts = [
        rng.choice(_GREETINGS),
        f"I have been having trouble with my {rng.choice(_PLACES)} {how_long};",
        f"{rng.choice(_WHEN)}.",
        rng.choice(_PAIN).format(n=rng.randint(1, 9)),
        *rng.sample(_EXTRAS, 2),
        "Any thoughts would be appreciated.",
        sign_off,
    ]
    return " ".join(p for p in parts if p)


def distinct_comments(count: int, seed: int = 2026) -> list[str]:
    """`count` pairwise-different comments, the same list for the same seed."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(comment(rng), None)
    return list(seen)
