"""Which complaint each fact ends up on, once every mention is attached: a complaint that is
only a neighbour or a downstream sign of another folds into it, and a pain whose place the
comment never names is kept as a complaint of an unplaced region rather than dropped.

Pure Python over facts; reading the words is `facts.py`'s job.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from ..engine.intake import Region
from .lexicon import Lexicon
from .nlp import ContextName

_COMPLAINT = "complaints[]."
UNKNOWN_REGION = "unknown"  # the region of a pain the comment does not place
# Facts that make an unplaced pain a complaint: what it does, not only what set it off. Having
# to stop a run says nothing of a pain on its own: a stitch, a cramp or the loo stops one too.
_NOT_ENOUGH_FOR_A_COMPLAINT = {"region", "side", "triggers", "duration_weeks", "stops_the_run"}


@dataclass(frozen=True)
class Fact:
    """One answer found in the words: `field` is concrete (complaints[0].X) once attached."""

    field: str
    value: str
    text: str
    start: int
    end: int
    context: ContextName


_PLACE_ONLY = {"region", "side"}  # answers that say where, not what


def fold_bare_neighbours(
    facts: list[Fact], complaints: dict[str, int], lexicon: Lexicon
) -> list[Fact]:
    """A complaint the comment says nothing about but where it is, named beside a neighbouring
    complaint it does describe ("plantar fasciitis ... the arch of my foot"), is that same
    pain: its words stay as landmarks and the complaints after it move up one place."""
    said = {
        index_of(f.field)
        for f in facts
        if f.field.startswith("complaints[")
        and f.field.rpartition(".")[2] not in _PLACE_ONLY
        and f.context == "affirmed"
    } - {-1}  # a description attached to no complaint describes none of them
    region_of = {index: value for value, index in complaints.items()}
    bare = {
        i
        for i, value in region_of.items()
        if i not in said and any(lexicon.next_to(value, region_of[j]) for j in said)
    }
    return _fold(facts, dict.fromkeys(bare))


def fold_vague_regions(facts: list[Fact], lexicon: Lexicon) -> list[Fact]:
    """ "My right hip was agony. The pain is on the very outside of my hip" tells of one pain:
    a complaint placed only by a rough word (`vague_words`) joins the one complaint the comment
    places more exactly (`refined_by`) on a side that does not differ. With two exact places
    to choose from, it is left as it is."""
    regions: dict[int, str] = {}
    vague: set[int] = set()
    exact_words: set[int] = set()
    sides: dict[int, str] = {}
    for index, name, f in _placed_affirmed(facts):
        if name == "region":
            regions.setdefault(index, f.value)
            words = lexicon.vague_words.get(f.value, ())  # type: ignore[call-overload]
            (vague if f.text.lower() in words else exact_words).add(index)
        elif name == "side" and f.value != "unspecified":
            sides.setdefault(index, f.value)
    into: dict[int, int] = {}
    for index in sorted(vague - exact_words):
        exact = lexicon.refined_by.get(regions[index], ())  # type: ignore[call-overload]
        hosts = [
            i
            for i, region in sorted(regions.items())
            if region in exact and _same_side(sides.get(i), sides.get(index))
        ]
        if len(hosts) == 1:
            into[index] = hosts[0]
    return _fold(facts, into)


def fold_downstream_signs(facts: list[Fact], lexicon: Lexicon) -> list[Fact]:
    """Pins and needles or a cold foot below an injured shin or calf are signs of that injury
    (compartment syndrome, a damaged artery), and swelling or bruising on the outer foot below
    a rolled ankle is the sprain's: not a second complaint. A complaint described only by such
    signs joins the first complaint above it that is described otherwise."""
    facts = _fold_signs(facts, lexicon.downstream, set(lexicon.downstream_signs))
    return _fold_signs(facts, lexicon.spread_from, set(lexicon.spread_signs))


def _fold_signs(
    facts: list[Fact], above_of: Mapping[Region, tuple[Region, ...]], signs: set[str]
) -> list[Fact]:
    regions: dict[int, str] = {}
    described: dict[int, set[str]] = {}
    for index, name, f in _placed_affirmed(facts):
        if name == "region":
            regions.setdefault(index, f.value)
        elif name != "side":
            described.setdefault(index, set()).add(name)
    into: dict[int, int] = {}
    for index, region in regions.items():
        said = described.get(index, set())
        above = above_of.get(region, ())  # type: ignore[call-overload]
        if not said or not said <= signs:
            continue
        hosts = [
            i
            for i, r in sorted(regions.items())
            if r in above and not described.get(i, set()) <= signs
        ]
        if hosts:
            into[index] = hosts[0]
    return _fold(facts, into)


def _same_side(a: str | None, b: str | None) -> bool:
    """Two sides that do not differ: the same, or one of them not said."""
    return a is None or b is None or a == b


def _placed_affirmed(facts: list[Fact]) -> Iterator[tuple[int, str, Fact]]:
    """(complaint index, answer name, fact) for each affirmed fact attached to a complaint."""
    for f in facts:
        if f.field.startswith("complaints[") and f.context == "affirmed":
            index = index_of(f.field)
            if index != -1:
                yield index, f.field.rpartition(".")[2], f


def _fold(facts: list[Fact], into: dict[int, int | None]) -> list[Fact]:
    """Complaints in `into` are no longer complaints of their own: their region words stay as
    landmarks, their other facts move to the complaint given (or become landmarks when none
    is), and the complaints after them move up."""
    if not into:
        return facts
    indices = {index_of(f.field) for f in facts if f.field.startswith("complaints[")} - {-1}
    moved = {i: i - sum(j < i for j in into) for i in indices if i not in into}
    folded = []
    for f in facts:
        index = index_of(f.field) if f.field.startswith("complaints[") else -1
        name = f.field.rpartition(".")[2]
        host = into.get(index, index)
        if index == -1:
            folded.append(f)
        elif host is None or (index in into and name == "region"):
            folded.append(replace(f, field=f"{_COMPLAINT}{name}", context="landmark"))
        else:
            target = moved[host]
            folded.append(replace(f, field=f.field.replace(f"[{index}]", f"[{target}]", 1)))
    return folded


def index_of(field: str) -> int:
    """2 for 'complaints[2].pain'; -1 for an unattached 'complaints[].pain'."""
    inside = field[len("complaints[") : field.index("]")]
    return int(inside) if inside else -1


def generic_path(field: str) -> tuple[str, int]:
    """'complaints[2].pain' -> ('complaints[].pain', 2), 'complaints[].pain' -> (same, -1);
    other paths unchanged, with index 0."""
    if field.startswith("complaints["):
        return f"complaints[]{field[field.index(']') + 1 :]}", index_of(field)
    return field, 0


def fold_unplaced_region(facts: list[Fact]) -> list[Fact]:
    """ "My whole leg" beside a named place is that place's pain, not a second complaint: an
    unknown-region complaint joins the first complaint that has a named region."""
    regions = {
        index_of(f.field): f.value
        for f in facts
        if f.field.startswith("complaints[")
        and f.field.endswith(".region")
        and f.context == "affirmed"
        and index_of(f.field) >= 0
    }
    named = sorted(i for i, region in regions.items() if region != UNKNOWN_REGION)
    unknown = [i for i, region in regions.items() if region == UNKNOWN_REGION]
    if not named or not unknown:
        return facts
    return _fold(facts, {i: named[0] for i in unknown})


def place_unplaced(facts: list[Fact], in_pain: set[tuple[int, int]]) -> list[Fact]:
    """A pain described ("it hurts when I hop") but never placed becomes one complaint of an
    unknown region, so what was said about it is triaged and the reply asks where it is.

    Only when the comment has no complaint at all, and says what the pain does (not only what
    set it off or how long ago) in a sentence where the reader affirms a pain (`in_pain`
    holds those spans): a mileage increase, or stairs named beside "injury", is no complaint.
    """
    if any(f.field.startswith("complaints[") and index_of(f.field) >= 0 for f in facts):
        return facts
    loose = [
        f
        for f in facts
        if f.field.startswith(_COMPLAINT) and f.context not in ("other_person", "landmark")
    ]
    describing = [
        f
        for f in loose
        if f.context == "affirmed"
        and (f.start, f.end) in in_pain
        and f.field.removeprefix(_COMPLAINT) not in _NOT_ENOUGH_FOR_A_COMPLAINT
    ]
    if not describing:
        return facts
    first = describing[0]
    region = Fact(
        "complaints[0].region", UNKNOWN_REGION, first.text, first.start, first.end, "affirmed"
    )
    moved = {id(f) for f in loose}
    placed = [
        replace(f, field=f.field.replace(_COMPLAINT, "complaints[0].", 1)) if id(f) in moved else f
        for f in facts
    ]
    return [region, *placed]
