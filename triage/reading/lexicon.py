"""The comment lexicon (knowledge_base/lexicon.yaml) as pydantic models, and its phrase syntax.

Turns each phrase into spaCy token patterns; it does not import spaCy (the caller passes a
tokenizer), so loading and checking the lexicon stays cheap.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..engine.answer_paths import split_path
from ..engine.files import describe_validation_error
from ..engine.intake import Region
from ..engine.integrity import register_extra_check
from ..errors import KnowledgeBaseError

_FROZEN = ConfigDict(extra="forbid", frozen=True)

# Token slots with a meaning of their own in a phrase; every other word is matched literally.
TIME_UNITS = {
    "day": 1 / 7,
    "days": 1 / 7,
    "week": 1.0,
    "weeks": 1.0,
    "wk": 1.0,
    "wks": 1.0,
    "month": 4.345,
    "months": 4.345,
    "mth": 4.345,
    "mths": 4.345,
    "year": 52.0,
    "years": 52.0,
    "yr": 52.0,
    "yrs": 52.0,
}
MAX_GAP = 6  # tokens a `...` slot may skip, within one sentence
FUZZY_MIN_LENGTH = 6  # shorter words are too easily confused with other words


class Term(BaseModel):
    """Phrases that state one answer: `field` (an answer path) takes `value`."""

    model_config = _FROZEN
    field: str = Field(description="Answer path: complaints[].X, health.X or training.X.")
    value: str = Field(description="The answer the phrases give, as text.")
    phrases: tuple[str, ...] = Field(min_length=1, description="Phrases in the lexicon syntax.")
    warning: str | None = Field(
        None, description="Danger concept (health.warning_signs) raised when said or worried about."
    )
    examples: tuple[str, ...] = Field((), description="Sentences that must give this answer.")
    silent: tuple[str, ...] = Field((), description="Sentences that must not give it.")
    fuzzy: bool = Field(False, description="Also match words one or two typing slips away.")
    nested: bool = Field(False, description="Kept even inside a longer match (side words).")
    history_counts: bool = Field(
        False, description="A past mention still answers yes (such as a history of cancer)."
    )
    suspicion_counts: bool = Field(
        False,
        description="A suspicion still answers yes, for questions that ask 'known or suspected' "
        "(a suspected navicular stress fracture).",
    )


class Measure(BaseModel):
    """Phrases holding a number (NUM, UNIT slots) that becomes the answer of `field`."""

    model_config = _FROZEN
    field: str
    unit: Literal["weeks", "score", "percent", "celsius", "hours", "years"] = Field(
        description="weeks: NUM UNIT as weeks; score: NUM out of 10; percent: NUM; celsius: a "
        "body temperature in °C or °F, as °C; hours: NUM hours; years: an age."
    )
    phrases: tuple[str, ...] = Field(min_length=1)
    yes_from: float | None = Field(
        None,
        description="When set, the answer is 'yes' for a number at least this large "
        "(a yes/no field), and nothing below it.",
    )
    examples: tuple[str, ...] = Field((), description="Sentences that must give an answer.")


class Concept(BaseModel):
    """A named vocabulary (a body site, a discomfort word, a colour) that frames combine."""

    model_config = _FROZEN
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    phrases: tuple[str, ...] = Field(min_length=1)


class Frame(BaseModel):
    """Concepts said together in one clause (or, where the frame allows, across a comma or into
    the next sentence), in any order, that state one answer."""

    model_config = _FROZEN
    field: str
    value: str
    all: tuple[str, ...] = Field(min_length=2, description="Concept ids, all in one clause.")
    unless: tuple[str, ...] = Field(
        (),
        description="Concept ids that, said in the frame's sentence and within its window, "
        "explain its words as something else, so the frame gives nothing ('wheezy and coughy "
        "afterwards, chest feels tight': the asthma's tight chest, not a heart's chest pain).",
    )
    window: int = Field(10, ge=2, le=50, description="Most tokens the whole frame may span.")
    crosses_commas: bool = Field(
        False,
        description="A comma does not end the clause for this frame ('the knobbly bone, very "
        "tender when I press it'); other clause breaks still do.",
    )
    crosses_sentences: bool = Field(
        False,
        description="The concepts may stand anywhere in one sentence or in it and the next, "
        "past any clause break ('Did the exercises for six weeks. Still aches.', 'dark, but "
        "pale again once I drank'): for a story told in two steps.",
    )
    strict: bool = Field(
        False,
        description="Any denial or 'still', or another part of the body, among the frame's words "
        "(outside its own concepts' words, so 'no symptoms since' can be one) stops it ('drank loads but it hasn't gone back to normal'; 'chest pain on the run, my "
        "calf is tender to touch'): for a frame that lowers a referral, which must never be read "
        "from a denied story or from words said of somewhere else.",
    )
    reopened_by_later: tuple[str, ...] = Field(
        (),
        description="Answers (such as health.warning_signs, a danger sign) that, read after the "
        "frame's words, tell of a new episode the frame does not cover, so the frame gives "
        "nothing ('cleared by the cardiologist, nothing since. This morning I fainted').",
    )
    warning: str | None = None
    history_counts: bool = False
    suspicion_counts: bool = False
    examples: tuple[str, ...] = Field(min_length=1, description="Sentences that must read so.")
    silent: tuple[str, ...] = Field((), description="Sentences that must not give it.")

    @property
    def reaches_past_a_clause(self) -> bool:
        """Whether its words may stand past a comma or in the next sentence."""
        return self.crosses_commas or self.crosses_sentences


class Topic(BaseModel):
    """Phrases that show what a comment is about when it is not (only) an injury report."""

    model_config = _FROZEN
    topic: str
    phrases: tuple[str, ...] = Field(min_length=1)


TARGET_KINDS = ("region", "term", "measure")


class ContextTrigger(BaseModel):
    """A ConText trigger: words that negate, date, suppose or hand a finding to someone else."""

    model_config = _FROZEN
    category: Literal[
        "NEGATED_EXISTENCE",
        "HISTORICAL",
        "HYPOTHETICAL",
        "FAMILY",
        "BYSTANDER",
        "LANDMARK",
        "ATTACHMENT",
        "CHECKED_PLACE",
        "MOVED_PART",
        "POSSIBLE_EXISTENCE",
        "TERMINATE",
        "PSEUDO",
    ]
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    phrases: tuple[str, ...] = Field(min_length=1)
    max_scope: int | None = Field(None, ge=1, description="Tokens the trigger reaches.")
    not_for: tuple[str, ...] = Field(
        (),
        description="Targets this trigger never modifies: a kind (region, term, measure) or the "
        "field of the terms it spares, such as a capability whose phrase holds its own verdict "
        "('can walk on it fine').",
    )
    only_for: tuple[str, ...] = Field(
        (),
        description="The only targets this trigger modifies (same names as `not_for`): a cue "
        "that denies one finding and nothing else ('clicks free' unlocks a knee).",
    )
    prefers_following: bool = Field(
        False,
        description="BIDIRECTIONAL only: when findings follow the trigger it modifies those and "
        "nothing before it ('my achilles is fine while I run' denies the run, not the achilles); "
        "otherwise only the words just before it ('my knees are fine').",
    )


class Lexicon(BaseModel):
    """Everything comment reading knows about words; see the header of lexicon.yaml."""

    model_config = _FROZEN
    terms: tuple[Term, ...]
    measures: tuple[Measure, ...] = ()
    topics: tuple[Topic, ...] = ()
    injury_words: tuple[str, ...] = Field(
        (), description="Words that make a comment an injury report even without a region."
    )
    not_findings: tuple[str, ...] = Field(
        (), description="Phrases that hide the words inside them, such as 'glute bridge'."
    )
    ordinary_words: tuple[str, ...] = Field(
        (),
        description="Everyday words one typing slip from a fuzzy body word ('gluten' from "
        "'glutes'): never spelling-corrected into it.",
    )
    context: tuple[ContextTrigger, ...] = ()
    concepts: tuple[Concept, ...] = ()
    frames: tuple[Frame, ...] = ()
    neighbours: dict[Region, tuple[Region, ...]] = Field(
        {},
        description="Regions runners name side by side for one pain (heel and arch): a region "
        "the comment says nothing else about, beside a neighbour it does, is the same complaint.",
    )

    vague_words: dict[Region, tuple[str, ...]] = Field(
        {},
        description="Words that name a region only roughly ('my hip'): a complaint placed by "
        "them alone is the same pain as one the comment places more exactly (`refined_by`).",
    )
    refined_by: dict[Region, tuple[Region, ...]] = Field(
        {},
        description="The exact places a vaguely named region may turn out to be ('the outside "
        "of my hip' for 'my hip').",
    )
    downstream: dict[Region, tuple[Region, ...]] = Field(
        {},
        description="Where an injury higher up the leg makes itself felt (the foot for a shin or "
        "calf): a region described only by `downstream_signs` is a sign of that injury.",
    )
    downstream_signs: tuple[str, ...] = Field(
        (),
        description="Complaint answers (tingling, numbness, a cold foot) that an injury above "
        "can cause below it.",
    )
    spread_from: dict[Region, tuple[Region, ...]] = Field(
        {},
        description="Where a sprain's swelling and bruising spread (the outer foot below a "
        "rolled ankle): a region described only by `spread_signs` is that injury's.",
    )
    spread_signs: tuple[str, ...] = Field(
        (),
        description="Complaint answers (swelling, bruising) that spread below an injury.",
    )

    def next_to(self, a: Region, b: Region) -> bool:
        """Whether two regions are neighbours, in either direction."""
        return b in self.neighbours.get(a, ()) or a in self.neighbours.get(b, ())


def parse_lexicon(data: Any, name: str = "lexicon.yaml") -> Lexicon:
    """Validate raw lexicon data; KnowledgeBaseError lists every problem with its place."""
    try:
        lexicon = Lexicon.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeBaseError(describe_validation_error(name, exc)) from None
    problems = []
    for index, item in enumerate((*lexicon.terms, *lexicon.measures, *lexicon.frames)):
        try:
            split_path(item.field)
        except Exception as exc:  # InvalidInput names the field
            problems.append(f"{name}: entry {index}: {exc}")
    spared = {
        *TARGET_KINDS,
        *(item.field for item in (*lexicon.terms, *lexicon.measures, *lexicon.frames)),
    }
    for index, trigger in enumerate(lexicon.context):
        for key, targets in (("not_for", trigger.not_for), ("only_for", trigger.only_for)):
            problems += [
                f"{name}: context[{index}]: {key} {target!r} is neither a kind "
                f"({', '.join(TARGET_KINDS)}) nor the field of a term, measure or frame"
                for target in targets
                if target not in spared
            ]
    concepts = {c.id for c in lexicon.concepts}
    seen: set[str] = set()
    for index, concept in enumerate(lexicon.concepts):
        if concept.id in seen:  # a frame would take the later one's words for the earlier's
            problems.append(f"{name}: concepts[{index}]: {concept.id!r} is already a concept id")
        seen.add(concept.id)
    for index, frame in enumerate(lexicon.frames):
        for concept in (*frame.all, *frame.unless):
            if concept not in concepts:
                problems.append(
                    f"{name}: frames[{index}] ({frame.field}): unknown concept {concept}"
                )
        for field in frame.reopened_by_later:
            try:
                split_path(field)
            except Exception as exc:  # InvalidInput names the field
                problems.append(f"{name}: frames[{index}] ({frame.field}): reopened_by_later {exc}")
    if problems:
        raise KnowledgeBaseError(problems)
    return lexicon


Tokenize = Callable[[str], Sequence[str]]
Pattern = list[dict[str, Any]]


def compile_phrase(phrase: str, norms: Tokenize, fuzzy: Iterable[str] = ()) -> list[Pattern]:
    """Token patterns (on NORM) for one phrase in the lexicon syntax.

    Words are separated by spaces; `a|b` offers alternatives, `(a b|c)` alternatives of
    several words, a trailing `?` makes a slot optional, `word*` matches every word that
    starts with `word` (tight, tightness, tightening), NUM is a number, UNIT a unit of time,
    `...` skips up to six tokens of the same sentence, `re:X` is a token matching the regular
    expression X and a leading `^` ties a word to the start of a sentence.
    """
    slots: list[list[Pattern]] = []
    for word in split_slots(phrase):
        optional = word.endswith("?") and len(word) > 1
        word = word[:-1] if optional else word
        slots.append(_slot(word, optional, norms))
    return [list(itertools.chain.from_iterable(v)) for v in itertools.product(*slots)]


def _slot(word: str, optional: bool, norms: Tokenize) -> list[Pattern]:
    op = {"OP": "?"} if optional else {}
    if word == "...":
        return [[{"IS_SENT_START": False, "OP": f"{{0,{MAX_GAP}}}"}]]
    if word == "NUM":
        return [[{"LIKE_NUM": True, **op}]]
    if word == "UNIT":
        return _slot("|".join(sorted(TIME_UNITS)), optional, norms)
    if word.startswith("re:"):
        return [[{"LOWER": {"REGEX": word[3:]}, **op}]]
    if word.startswith("(") and word.endswith(")") and len(word) > 2:
        return _slot(word[1:-1], optional, norms)
    if word.startswith("^") and len(word) > 1:
        return [
            [{**variant[0], "IS_SENT_START": True}, *variant[1:]]
            for variant in _slot(word[1:], optional, norms)
            if variant
        ]
    alternatives = split_alternatives(word)
    if word in alternatives and "(" in word and split_slots(word) == [word]:
        # Only unbalanced brackets get here, as from a `re:` with a bracket inside a group:
        # compiling the word would call this again with the same word for ever.
        raise KnowledgeBaseError(
            f"lexicon.yaml: the group {word!r} has unbalanced brackets; write a regular "
            "expression that holds a bracket as a phrase of its own, outside any group"
        )
    variants: list[Pattern] = [
        pattern
        for alternative in alternatives
        for pattern in (
            compile_phrase(alternative, norms)
            if "(" in alternative
            else [_words(alternative, norms)]
        )
    ]
    # Single-word alternatives share one token with an IN set: one alternative per pattern
    # multiplies the patterns of a phrase, and spaCy's matcher then keeps a state alive for
    # each of them at every token where the phrase could start.
    # (A `re:` alternative tests LOWER, not NORM, and keeps a pattern of its own.)
    single = [v[0]["NORM"] for v in variants if len(v) == 1 and isinstance(v[0].get("NORM"), str)]
    if len(single) > 1:
        rest = [v for v in variants if not (len(v) == 1 and isinstance(v[0].get("NORM"), str))]
        variants = [[{"NORM": {"IN": sorted(set(single))}, **op}], *rest]
        if optional:
            return [*variants, []] if rest else variants
    return [*variants, []] if optional else variants


def _words(alternative: str, norms: Tokenize) -> Pattern:
    if alternative.endswith("*") and len(alternative) > 2 and " " not in alternative:
        stem = re.escape(alternative[:-1].lower())
        return [{"NORM": {"REGEX": f"^{stem}"}}]
    return [{"NORM": token} for token in norms(alternative)]


def split_slots(phrase: str) -> list[str]:
    """The slots of a phrase: words, with a parenthesised group of words kept as one slot."""
    slots: list[str] = []
    depth = 0
    for word in phrase.split(" "):
        if not word:
            continue
        if depth:
            slots[-1] += " " + word
        else:
            slots.append(word)
        if not word.startswith("re:"):
            depth += word.count("(") - word.count(")")
    return slots


def split_alternatives(group: str) -> list[str]:
    """The `|` alternatives of a group's inside, each of which may hold a group of its own:
    "do what i (ask|tell it)|respond" is "do what i (ask|tell it)" or "respond"."""
    alternatives = [""]
    depth = 0
    for char in group:
        if char == "|" and depth == 0:
            alternatives.append("")
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        alternatives[-1] += char
    return alternatives


def phrase_variants(phrase: str) -> list[list[str]]:
    """Every word sequence a phrase spells out (alternatives expanded; optional words and
    skips left out), so a lint can see what its author's `|` really joins."""
    choices: list[list[str]] = []
    for word in split_slots(phrase):
        optional = word.endswith("?") and len(word) > 1
        word = word[:-1] if optional else word
        if word == "..." or word.startswith("re:"):
            continue
        if word.startswith("(") and word.endswith(")"):
            word = word[1:-1]
        word = word.removeprefix("^")
        alternatives = split_alternatives(word)
        if word in alternatives and "(" in word and split_slots(word) == [word]:
            # A group with words stuck to it ("(up|down)stairs"): spelling it out would recurse
            # for ever.
            raise ValueError(f"the group {word!r} must stand as a word of its own")
        options = [
            variant
            for alternative in alternatives
            for variant in (
                phrase_variants(alternative) if "(" in alternative else [alternative.split()]
            )
        ]
        choices.append([*options, []] if optional else options)
    return [list(itertools.chain.from_iterable(p)) for p in itertools.product(*choices)]


def closest_word(word: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary word `word` is one typing slip from (two for words of nine letters or
    more), or None."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    allowed = 1 if len(word) < 9 else 2
    found = process.extractOne(word, vocabulary, scorer=Levenshtein.distance, score_cutoff=allowed)
    return found[0] if found else None


def fuzzy_words(lexicon: Lexicon, norms: Tokenize) -> set[str]:
    """Words of fuzzy terms long enough to be matched despite a typing slip."""
    words = set()
    for term in lexicon.terms:
        if term.fuzzy:
            for phrase in term.phrases:
                for word in phrase.replace("|", " ").split():
                    for token in norms(word.rstrip("?")):
                        if token.isalpha() and len(token) >= FUZZY_MIN_LENGTH:
                            words.add(token)
    return words


register_extra_check(
    "lexicon.yaml", lambda kb, root: parse_lexicon(kb.extras.get("lexicon")), only_with="lexicon"
)
