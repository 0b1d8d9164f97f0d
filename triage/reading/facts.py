"""From lexicon matches to answers: which complaint each fact is about, and the numbers it holds.

Pure Python over the matcher's output (no spaCy here). Facts the reader did not affirm are kept
with their context but never become answers; nothing the comment leaves unsaid is filled in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .lexicon import TIME_UNITS, Lexicon
from .nlp import ContextName, MatchedComment, Mention
from .placing import (
    Fact,
    fold_bare_neighbours,
    fold_downstream_signs,
    fold_unplaced_region,
    fold_vague_regions,
    generic_path,
    place_unplaced,
)
from .stories import close_stories_that_are_over

REGION_FIELD = "complaints[].region"
WARNING_FIELD = "health.warning_signs"
# A danger concept said, or said as a worry, raises its warning sign for the safety net.
_RAISES_WARNING = {"affirmed", "uncertain"}
# Injury words that name the topic rather than a pain the reader feels.
_TOPIC_INJURY_WORDS = {"injury", "injured", "injuries"}
# Words that make a comment a request for advice.
_ASKING = {"?", "should", "help", "what", "advice", "how", "worried", "worrying", "concerned"}
# The topic of a reader saying how they are themselves ("no symptoms", "I feel great").
_OWN_HEALTH = "own_health"
# "We're a mile from the car": the writer is with the person now, writing on their behalf.
_WITH_THEM = {"we", "we're", "us", "our", "we've"}
# "A man collapsed, he's not breathing properly. Help?": a writer at the scene asking for help
# now hands over what is happening to a stranger in front of them. An ambulance counts only
# when someone is calling one ("should I call an ambulance"), not in a story told days later
# ("she was taken off in an ambulance").
_CALLING_FOR_HELP = {"help", "rn", "cpr", "999", "911", "112", "ringing", "defib", "aed"}
_CALLING = {"call", "calling", "called", "ring", "ringing", "phone", "phoning", "dial", "get"}
# Whose facts a comment about someone else hands over as theirs: all of them (it asks for
# advice, or the writer is with them), only what is happening now (it says nothing of the
# writer's own health or body: "son came in white as a sheet"; "my dad had a stent put in last
# year" stays his history), or none (the writer says how they or their own body are).
OnBehalf = Literal["everything", "current", "nothing"]
# The reader speaking of themselves; a comment without these is about someone else's body.
_FIRST_PERSON = {"i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "mine", "myself"}
_MY_OWN = {"own", "myself", "mine"}  # the reader setting themselves apart from the person named
_THEIR = {"his", "her", "their"}  # a possessive that makes a body part someone else's
_AGE_WORDS = {"yo", "y/o", "year", "years", "yr", "yrs", "month", "months"}
# "my mum", "my son": a possessive before a person names whom the comment is about, and is
# not the reader speaking of themselves.
_PEOPLE = {
    "wife", "husband", "partner", "son", "daughter", "friend", "mum", "mom", "mother", "dad",
    "father", "brother", "sister", "girlfriend", "boyfriend", "client", "athlete", "colleague",
    "teammate", "clubmate", "buddy", "cousin", "uncle", "aunt", "grandad", "grandma", "kid",
    "kids", "child", "children", "boy", "girl", "lad", "dog", "cat", "pet", "mate", "mates",
    "pal", "runner", "runners", "student", "students", "patient", "niece", "nephew", "hubby",
    "fiance", "fiancé", "fiancee", "spouse", "stepson", "stepdaughter", "grandson", "granddaughter",
}  # fmt: skip
# Mentions that say something about a person (not topics or injury words); a number said of
# them counts too ("he's been hot tonight, 38.9").
_ABOUT_SOMEONE = {"region", "term", "frame", "measure"}
_COMPLAINT = "complaints[]."
# Words that may stand between two regions named together ("my low back and knee").
_CONNECTORS = {"and", "or", ",", "&", "/", "my", "the", "both", "plus", "also", "left", "right"}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "couple": 2,
    "three": 3,
    "few": 3,
    "several": 3,
    "many": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_LIMITS = {"weeks": 520.0, "score": 10.0, "percent": 1000.0, "hours": 200.0, "years": 110.0}
_NUMBER_WITH_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)(?:/10)?°?([a-z]*)\.?$")
# Body temperatures: a number in this range is °C, in the second °F (converted to °C).
_CELSIUS = (34.0, 44.0)
_FAHRENHEIT = (93.0, 111.0)


@dataclass(frozen=True)
class Found:
    """Everything read from one comment, before it becomes an Intake."""

    facts: tuple[Fact, ...]
    topics: tuple[str, ...]
    injury_words: bool


def collect(matched: MatchedComment, lexicon: Lexicon) -> Found:
    """Turn matches into facts attached to complaints, topics, and whether pain is mentioned."""
    words = set(matched.tokens)
    for_self = _speaks_for_self(matched)
    # "My clubmate collapsed ... I'm 40, no symptoms: should I get screened?" is about the reader.
    # Said of someone else ("she keeps saying 'I'm fine'"), it is not the reader's own health.
    own_health = for_self and any(
        m.kind == "topic"
        and lexicon.topics[m.entry].topic == _OWN_HEALTH
        and m.context != "other_person"
        for m in matched.mentions
    )
    # "My wife's knee hurts ...; my own legs are fine": the reader speaks of their own body.
    own_body = for_self and (
        bool(_MY_OWN & words)
        or any(
            m.kind == "region"
            and m.context in ("affirmed", "negated")
            and _near_first_person(m, matched.tokens)
            for m in matched.mentions
        )
    )
    on_behalf = _hands_over(own_health, own_body, for_self, words)
    mentions = _as_read(
        matched.mentions,
        on_behalf=on_behalf,
        speaks_for_self=for_self,
        tokens=matched.tokens,
        at_the_scene=bool(_CALLING_FOR_HELP & words) or _calling_an_ambulance(matched.tokens),
    )
    mentions = close_stories_that_are_over(matched, mentions, lexicon)
    complaints = _complaint_order(mentions, lexicon)
    groups = _region_groups(mentions, matched.tokens, lexicon)
    # A landmark region only places the pain; facts near it belong to the region it places.
    regions = [m for m in mentions if m.kind == "region" and m.context != "landmark"]
    facts: list[Fact] = []
    topics: list[str] = []
    injury = False
    for m in mentions:
        if m.kind == "topic":
            topics.append(lexicon.topics[m.entry].topic)
            continue
        if m.kind == "injury":
            injury = injury or m.context == "affirmed"
            continue
        field, value, context = _answer(m, lexicon)
        if value is None:
            continue
        warning = _warning(m, lexicon)
        if warning and context in _RAISES_WARNING:
            facts.append(Fact(WARNING_FIELD, warning, m.text, m.start, m.end, "affirmed"))
        if m.kind == "region":
            target = [complaints[value]] if context == "affirmed" else []
        elif field.startswith(_COMPLAINT):
            target = _attach(
                m, regions, groups, complaints, lexicon, nearest_only=field.endswith(".side")
            )
        else:
            facts.append(Fact(field, value, m.text, m.start, m.end, context))
            continue
        name = field.removeprefix(_COMPLAINT)
        paths = [f"complaints[{i}].{name}" for i in target] or [field]
        facts.extend(Fact(p, value, m.text, m.start, m.end, context) for p in paths)
    facts = _drop_reopened(facts, mentions, lexicon)
    facts = fold_bare_neighbours(facts, complaints, lexicon)
    facts = fold_vague_regions(facts, lexicon)
    facts = fold_downstream_signs(facts, lexicon)
    facts = fold_unplaced_region(facts)
    facts = place_unplaced(facts, _said_in_pain(mentions))
    return Found(tuple(facts), tuple(dict.fromkeys(topics)), injury)


def _said_in_pain(mentions: Sequence[Mention]) -> set[tuple[int, int]]:
    """Spans of the mentions in a sentence where the reader affirms a pain of their own
    ("it hurts when I hop"); "injury" alone names a topic, not a pain."""
    sentences = {
        m.sentence
        for m in mentions
        if m.kind == "injury"
        and m.context == "affirmed"
        and m.text.lower() not in _TOPIC_INJURY_WORDS
    }
    return {(m.start, m.end) for m in mentions if m.sentence in sentences}


def _speaks_for_self(matched: MatchedComment) -> bool:
    """Whether the reader speaks of themselves: a first-person word other than "my" before a
    person ("my mum has a swollen calf" is about the mother, "my 6 yo" about the child)."""
    return any(_first_person_at(matched.tokens, i) for i in range(len(matched.tokens)))


def _first_person_at(tokens: Sequence[str], i: int) -> bool:
    """Whether the reader speaks of themselves at token i: "I", "me", or a "my" that is not
    before a person ("my kid")."""
    token = tokens[i]
    return token in _FIRST_PERSON and not (token == "my" and _names_a_person(tokens[i + 1 : i + 3]))


def _names_a_person(words: Sequence[str]) -> bool:
    """ "mum", or an age said as a person ("6 yo", "13 year old")."""
    if not words:
        return False
    if words[0] in _PEOPLE:
        return True
    return words[0].isdigit() and len(words) > 1 and words[1] in _AGE_WORDS


def _answer(m: Mention, lexicon: Lexicon) -> tuple[str, str | None, ContextName]:
    if m.kind == "measure":
        measure = lexicon.measures[m.entry]
        value = read_number(m.words, measure.unit)
        if value is not None and measure.yes_from is not None:
            value = "yes" if float(value) >= measure.yes_from else None
        return measure.field, value, m.context
    term = lexicon.frames[m.entry] if m.kind == "frame" else lexicon.terms[m.entry]
    context = m.context
    if term.history_counts and context == "historical":
        context = "affirmed"
    if term.suspicion_counts and context == "uncertain":
        context = "affirmed"
    return term.field, term.value, context


def _hands_over(own_health: bool, own_body: bool, for_self: bool, words: set[str]) -> OnBehalf:
    """Which of someone else's facts the comment hands over as theirs (see OnBehalf)."""
    if not own_health and (_ASKING & words or (not for_self and _WITH_THEM & words)):
        return "everything"
    # "He has asked me the same question five times": a reader who says nothing of their own
    # health or body still hands over what is happening to the person now.
    return "nothing" if own_health or own_body else "current"


def _as_read(
    mentions: Sequence[Mention],
    on_behalf: OnBehalf,
    speaks_for_self: bool,
    tokens: Sequence[str],
    at_the_scene: bool = False,
) -> tuple[Mention, ...]:
    """Contexts as the whole comment settles them.

    A region named only to place the pain on another ("the midfoot, just in front of the
    ankle", or inside one phrase such as "where my Achilles meets the heel bone") is not a
    complaint of its own, unless it is the only place the sentence names.
    A comment that asks a question, names no body region of the reader's and speaks of someone
    else's is written on their behalf ("my son is 13 and can't put weight on his leg, is it
    growing pains?"), and so is one from someone with them now that never speaks of the reader
    ("my mate went over on his knee, we're an hour from the road"): their facts are the ones
    to triage. One that never speaks of the reader at all hands over only what is happening
    to the person now, not their history. A region counts as the reader's only when the
    reader speaks in the first person near it ("11 y/o daughter, aching groin and she's
    limping" is all hers, and so is "the knee itself looks normal" in a parent's comment). A
    worry the reader goes on to rule out ("worried it was a fracture, but no swelling"), or has
    just ruled out ("no swelling, both calves the same. Should I worry about a clot?"), reads
    as denied. A stranger's facts are never handed over, except what is happening now when
    the writer is at the scene calling for help ("a man collapsed, he's not breathing. Help?").
    """
    own = speaks_for_self and any(
        m.context == "affirmed" and m.kind == "region" and _near_first_person(m, tokens)
        for m in mentions
    )

    def handed_over(m: Mention) -> bool:
        return not m.stranger or (at_the_scene and not m.past)

    other = any(
        m.context == "other_person" and m.kind in _ABOUT_SOMEONE and handed_over(m)
        for m in mentions
    )
    read = []
    for m in mentions:
        context = m.context
        if context == "affirmed" and _placed_within_a_phrase(m, mentions):
            context = "landmark"
        if (
            context == "landmark"
            and not any(
                _region_named_before(m, mentions, whose) for whose in ("affirmed", "other_person")
            )
            and not (m.moved and _another_region_of_the_reader(m, mentions))
        ):
            context = "affirmed"  # the only place named is where it hurts
        if context == "other_person" and _said_as_mine(m, tokens):
            # "collided with another runner and went down on my knee"; a hedge still holds
            # ("my colleague says I've probably torn everything").
            context = _as_said(m, past=False)
        elif (
            context == "other_person"
            and (on_behalf == "everything" or (on_behalf == "current" and not m.past))
            and other
            and not own
            and handed_over(m)
        ):
            # Their history stays history ("ruptured his Achilles years ago"), a hedge a hedge,
            # and a place named to locate their pain stays a landmark ("her shin, a hand's
            # width above the ankle").
            context = _as_said(m, past=m.past)
            if context == "affirmed" and m.placed and _region_named_before(m, mentions, m.context):
                context = "landmark"
        elif context == "uncertain" and any(
            o.context == "negated"
            and o.kind != "measure"  # "they can't see me for a week" rules nothing out
            and (o.start >= m.end or o.sentence >= m.sentence - 1)
            for o in mentions
        ):
            context = "negated"
        read.append(replace(m, context=context) if context != m.context else m)
    return tuple(read)


def _as_said(m: Mention, past: bool) -> ContextName:
    """The context of a fact once it is known to be about the patient: their denials, ifs,
    history and hedges still hold ("she isn't limping", "if he gets a fever")."""
    if m.denied:
        return "negated"
    if m.conditional:
        return "hypothetical"
    if past:
        return "historical"
    return "uncertain" if m.supposed else "affirmed"


_FIRST_PERSON_REACH = (6, 4)  # tokens before and after a region that tie it to the reader


def _near_first_person(m: Mention, tokens: Sequence[str]) -> bool:
    """A region said with the reader's own "I" or "my" near it in its sentence ("my knee",
    "knee hurts when I run"), not one a parent names in passing ("the knee itself looks
    normal") or asks about before a question of their own ("a pulled groin? Should I ...")."""
    if m.token_start > 0 and tokens[m.token_start - 1] in _THEIR:
        return False  # "I think his knee is swollen"
    before, after = _FIRST_PERSON_REACH
    start = m.token_start
    while start > max(m.token_start - before, 0) and not _ends_a_sentence(tokens[start - 1]):
        start -= 1
    end = m.token_end
    while end < min(m.token_end + after, len(tokens)) and not _ends_a_sentence(tokens[end]):
        end += 1
    return any(_first_person_at(tokens, i) for i in range(start, end))


def _ends_a_sentence(token: str) -> bool:
    return bool(token) and all(ch in ".?!" for ch in token)


def _calling_an_ambulance(tokens: Sequence[str]) -> bool:
    """'Call an ambulance', 'should I ring for an ambulance': a calling verb just before it."""
    return any(
        token == "ambulance" and _CALLING & set(tokens[max(i - 3, 0) : i])
        for i, token in enumerate(tokens)
    )


def _said_as_mine(m: Mention, tokens: Sequence[str]) -> bool:
    """'My' inside the words or just before them makes them the reader's, whoever is near."""
    return "my" in m.words or (m.token_start > 0 and tokens[m.token_start - 1] == "my")


def _placed_within_a_phrase(m: Mention, mentions: Sequence[Mention]) -> bool:
    """A region inside a term or frame that names another region before it places that one."""
    if m.kind != "region":
        return False
    return any(
        t.kind in {"term", "frame"}
        and t.start <= m.start
        and m.end <= t.end
        and any(
            r.kind == "region" and r is not m and t.start <= r.start and r.end <= m.start
            for r in mentions
        )
        for t in mentions
    )


def _region_named_before(
    m: Mention, mentions: Sequence[Mention], whose: ContextName = "affirmed"
) -> bool:
    """Another region of the same person (the reader's unless `whose` says otherwise) named
    earlier in the sentence, which a landmark region helps place; for the bone an "it" joins,
    also in the sentence before ("pulled hammy?? felt it go where it joins the butt bone"); for
    a place a tenderness check lists, earlier anywhere in the comment."""
    return any(
        o.kind == "region"
        and o.context == whose
        and (o.sentence == m.sentence or m.checked or (m.attached and o.sentence == m.sentence - 1))
        and o.end <= m.start
        for o in mentions
    )


def _another_region_of_the_reader(m: Mention, mentions: Sequence[Mention]) -> bool:
    """A region of the reader's named anywhere else in the comment, which a part moved to
    bring the pain on ("the ankle ... hurts when I turn the foot inside") does not replace."""
    return any(
        o.kind == "region" and o.context == "affirmed" and not o.moved and o.start != m.start
        for o in mentions
    )


def _drop_reopened(facts: list[Fact], mentions: Sequence[Mention], lexicon: Lexicon) -> list[Fact]:
    """A frame that a later answer reopens gives nothing: "cleared by the cardiologist,
    nothing since. This morning I fainted" tells of a new episode the check did not cover."""
    reopened = set()
    for m in mentions:
        if m.kind != "frame" or not lexicon.frames[m.entry].reopened_by_later:
            continue
        reopening = set(lexicon.frames[m.entry].reopened_by_later)
        if any(f.start >= m.end and generic_path(f.field)[0] in reopening for f in facts):
            reopened.add((m.start, m.end))
    return [f for f in facts if (f.start, f.end) not in reopened]


def _warning(m: Mention, lexicon: Lexicon) -> str | None:
    if m.kind == "frame":
        return lexicon.frames[m.entry].warning
    if m.kind in {"term", "region"}:
        return lexicon.terms[m.entry].warning
    return None


def _complaint_order(mentions: Sequence[Mention], lexicon: Lexicon) -> dict[str, int]:
    """Each region the reader affirms becomes one complaint, in order of first mention."""
    order: dict[str, int] = {}
    for m in mentions:
        if m.kind == "region" and m.context == "affirmed":
            order.setdefault(lexicon.terms[m.entry].value, len(order))
    return order


def _region_groups(
    mentions: Sequence[Mention], tokens: Sequence[str], lexicon: Lexicon
) -> list[list[Mention]]:
    """Affirmed region mentions, grouped when named together in one breath."""
    groups: list[list[Mention]] = []
    for m in mentions:
        if m.kind != "region" or m.context != "affirmed":
            continue
        last = groups[-1][-1] if groups else None
        between = tokens[last.token_end : m.token_start] if last else ()
        if last and last.sentence == m.sentence and all(t in _CONNECTORS for t in between):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _attach(
    m: Mention,
    regions: list[Mention],
    groups: list[list[Mention]],
    complaints: dict[str, int],
    lexicon: Lexicon,
    nearest_only: bool,
) -> list[int]:
    """The complaints a fact is about: the nearest regions in its sentence, else the last
    regions named before it, else the first named after it; none when the nearest region in
    its sentence is one the reader does not affirm. A frame that reaches past commas or into
    the next sentence is measured from its first words: "both shins get tight ... the tops of
    my feet go numb ... gone 10 minutes after stopping" is about the shins."""
    long_frame = m.kind == "frame" and lexicon.frames[m.entry].reaches_past_a_clause
    last = m.token_start + 1 if long_frame else m.token_end

    def gap(r: Mention) -> int:
        return max(r.token_start - last, m.token_start - r.token_end, 0)

    # A bystander's part the reader only tripped over or collided with ("tripped over another
    # kid's foot and landed awkwardly") does not claim the reader's own words.
    named = [
        r
        for r in regions
        if r.sentence == m.sentence
        and not (r.stranger and r.context == "other_person" and m.context == "affirmed")
    ]
    if named and min(named, key=gap).context != "affirmed":
        return []  # nearest to a region the reader does not affirm ("my wife's knee")
    same = [g for g in groups if g[0].sentence == m.sentence]
    before = [g for g in groups if g[0].sentence < m.sentence]
    after = [g for g in groups if g[0].sentence > m.sentence]
    if same:
        chosen = min(same, key=lambda g: min(gap(r) for r in g))
    elif before:
        chosen = before[-1]
    elif after:
        chosen = after[0]
    else:
        return []
    if nearest_only:
        chosen = [min(chosen, key=gap)]
    values = dict.fromkeys(lexicon.terms[r.entry].value for r in chosen)
    return [complaints[v] for v in values]


def read_number(words: Sequence[str], unit: str) -> str | None:
    """The number a measure phrase holds, as text ('9', '8.7'); None when it is out of range."""
    numbers: list[float] = []
    weeks_per = None
    plural_unit = False
    for index, word in enumerate(words):
        found = _NUMBER_WITH_SUFFIX.match(word)
        if found:
            after_of = index > 0 and words[index - 1] == "of"
            if not (unit == "score" and after_of and found.group(1) == "10"):
                numbers.append(float(found.group(1)))
            weeks_per = TIME_UNITS.get(found.group(2), weeks_per)
        elif word in _NUMBER_WORDS:
            if numbers and words[index - 1] in {"a", "an"}:
                numbers[-1] = float(_NUMBER_WORDS[word])  # "a couple", "a few"
            elif not numbers:
                numbers.append(float(_NUMBER_WORDS[word]))
        elif word in TIME_UNITS:
            weeks_per = TIME_UNITS[word]
            plural_unit = word.endswith("s")
    if not numbers and unit == "weeks" and plural_unit:
        numbers.append(2.0)  # "for years", "for months": at least two
    if not numbers:
        return None
    if unit == "celsius":
        return _celsius(numbers[0])
    if unit == "weeks":
        if weeks_per is None:
            return None
        value = round(numbers[0] * weeks_per, 1)
    elif unit == "score":
        value = float(math.ceil(max(numbers)))
    else:
        value = numbers[0]
    if not 0 <= value <= _LIMITS[unit]:
        return None
    return f"{value:g}"


def _celsius(number: float) -> str | None:
    """A body temperature as °C, whichever scale it was said in; None when it is not one."""
    if _CELSIUS[0] <= number <= _CELSIUS[1]:
        return f"{number:g}"
    if _FAHRENHEIT[0] <= number <= _FAHRENHEIT[1]:
        return f"{round((number - 32) * 5 / 9, 1):g}"
    return None
