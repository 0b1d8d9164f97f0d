"""Reads a reader's comment into an Intake, keeping the exact words behind every answer.

Public API for comment reading. Only affirmed facts become answers; negated, past, supposed and
other people's facts are kept with their context but never answered for the reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.answer_paths import apply_answer, is_list_field
from ..engine.files import validate_model
from ..engine.intake import Intake
from ..engine.kb_models import KnowledgeBase
from ..engine.pipeline import default_knowledge_base, triage
from ..engine.report import Report
from ..engine.signals import Evidence
from ..errors import InvalidInput
from .facts import Fact, Found, collect
from .lexicon import Lexicon, parse_lexicon
from .nlp import matcher_for
from .placing import generic_path
from .sanitize import collapse_runs

_FROZEN = ConfigDict(extra="forbid", frozen=True)
# A longer text is not a blog comment; the matcher reads long comments in pieces (nlp.py), so
# reading time grows linearly with length: at this limit, natural prose takes 0.35-0.6 s of CPU
# on the quiet two-core machine, 0.6-0.75 s at load 2 (`python -m benchmarks.hostile_text`).
MAX_COMMENT_CHARS = 20_000
_FACT_PATH = r"^(complaints\[\d*\]|health|training)\.[a-z0-9_]+$"
# Answers where the larger of two mentions is the safer one to keep.
_KEEP_LARGEST = {"pain"}
# Answers a cause said anywhere explains away ("wee was pinky-red ... then I remembered the
# beetroot juice"): the explanation wins in either order, unless the sign outlasts what the
# cause could do (beetroot colours urine for a day or two, not "still pink every time").
# Pain "down the back of my thigh but never past the knee" is told as not reaching below it.
_EXPLAINED = {"visible_blood_in_urine": "no", "radiates_down_leg": "no"}
_OUTLASTS_EXPLANATION = {"visible_blood_in_urine": "blood_in_urine_persists"}
# Answers that tell a story in order ("it wasn't going away ... it did go away in the end";
# "it went away before ... tonight it's been going for 20 mins"; "cleared, nothing since ... it
# happened again today"): the last one said holds. So for weight bearing: Ottawa's criterion is
# a leg that takes no weight both at the time and when examined, so "couldn't put weight on it
# for two minutes, then walked normally" takes weight, and "walked home, this morning I can't
# put it down" does not.
_LATEST_WINS = {"symptoms_settled", "cleared_nothing_since", "able_to_bear_weight"}
MAX_COMPLAINTS = Intake.model_fields["complaints"].metadata[0].max_length


class ExtractedFact(BaseModel):
    """One answer found in a comment, with the words it came from and how they were said."""

    model_config = _FROZEN
    fact: str = Field(
        pattern=_FACT_PATH,
        description="Answer field path, such as complaints[0].hurts_when; complaints[].X when "
        "no affirmed body region was named to attach it to.",
    )
    value: str = Field(description='The answer as text, such as "night", "yes" or "9".')
    text: str = Field(description="The exact words it came from.")
    start: int = Field(ge=0, description="Character offset where the words start.")
    end: int = Field(ge=0, description="Character offset where the words end.")
    context: Literal[
        "affirmed", "negated", "historical", "hypothetical", "uncertain", "other_person", "landmark"
    ] = Field(
        description="How the reader said it; only affirmed facts become answers. A landmark is "
        "a body part named to place the pain on another ('just in front of the ankle')."
    )


class CommentReading(BaseModel):
    """What a comment says, as an Intake for triage plus every fact with its provenance."""

    model_config = _FROZEN
    text: str = Field(description="The comment as read.")
    intake: Intake = Field(description="The affirmed facts as answers.")
    extracted: tuple[ExtractedFact, ...] = Field(description="Every fact found, in text order.")
    quotes: dict[str, tuple[Evidence, ...]] = Field(
        description="Answer path to the words behind it, for triage(..., quotes=...)."
    )
    is_injury_report: bool = Field(description="The reader describes pain or an injury.")
    topics: tuple[str, ...] = Field(description="Other things the comment is about.")


_LEXICONS: dict[str, Lexicon] = {}


def comment_lexicon(kb: KnowledgeBase) -> Lexicon:
    """The knowledge base's comment lexicon, validated once per knowledge base and process
    (validating it took longer than reading a short comment)."""
    if kb.sha256 not in _LEXICONS:
        _LEXICONS[kb.sha256] = parse_lexicon(kb.extras.get("lexicon"))
    return _LEXICONS[kb.sha256]


def read_comment(text: str, kb: KnowledgeBase | None = None) -> CommentReading:
    """Read one comment; the first call in a process builds the language pipeline."""
    return next(read_comments([text], kb))


def read_comments(
    texts: Iterable[str], kb: KnowledgeBase | None = None
) -> Iterator[CommentReading]:
    """Read many comments as a stream, sharing one pipeline (for a whole inbox)."""
    kb = kb or default_knowledge_base()
    lexicon = comment_lexicon(kb)
    matcher = matcher_for(lexicon, kb.sha256)
    texts = list(texts) if not isinstance(texts, list) else texts
    for text in texts:
        if len(text) > MAX_COMMENT_CHARS:
            raise InvalidInput(
                f"comment: {len(text):,} characters; expected at most {MAX_COMMENT_CHARS:,} "
                "(split a longer text, or answer the questionnaire with `stridewise ask`)"
            )
    texts = [collapse_runs(text) for text in texts]
    for text, matched in zip(texts, matcher.read_many(texts), strict=True):
        yield _reading(text, collect(matched, lexicon))


def triage_comment(text: str, kb: KnowledgeBase | None = None) -> tuple[CommentReading, Report]:
    """Read a comment and triage what it affirms, quoting the reader's words as evidence."""
    kb = kb or default_knowledge_base()
    reading = read_comment(text, kb)
    return reading, triage(reading.intake, kb, quotes=reading.quotes)


def _reading(text: str, found: Found) -> CommentReading:
    # Intake holds at most MAX_COMPLAINTS areas: later ones are still extracted, not answered.
    answerable = [
        f for f in found.facts if "[]" not in f.field and generic_path(f.field)[1] < MAX_COMPLAINTS
    ]
    affirmed = [f for f in answerable if f.context == "affirmed"]
    # A danger sign said as a worry or a guess is answered "not sure", as in the questionnaire.
    affirmed += [
        replace(f, value="not_sure")
        for f in answerable
        if f.context == "uncertain" and f.value == "yes"
    ]
    intake = _intake(affirmed)
    quotes: dict[str, list[Evidence]] = {}
    for fact in affirmed:
        value = _answer_text(intake, fact)
        quotes.setdefault(fact.field, []).append(
            Evidence(field=fact.field, value=value, text=fact.text, start=fact.start, end=fact.end)
        )
    health_said = any(f.field.startswith("health.") for f in affirmed)
    return CommentReading(
        text=text,
        intake=intake,
        extracted=tuple(
            ExtractedFact(
                fact=f.field,
                value=f.value,
                text=f.text,
                start=f.start,
                end=f.end,
                context=f.context,
            )
            for f in found.facts
        ),
        quotes={path: tuple(dict.fromkeys(items)) for path, items in quotes.items()},
        is_injury_report=bool(intake.complaints) or health_said or found.injury_words,
        topics=found.topics,
    )


def _intake(facts: list[Fact]) -> Intake:
    data: dict = {}
    for fact in facts:
        generic, index = generic_path(fact.field)
        target = _section(data, fact.field, index)
        name = generic.rpartition(".")[2]
        if is_list_field(generic) or name not in target:
            apply_answer(data, generic, fact.value, complaint=index)
        elif _replaces(name, fact.value, target[name]):
            target[name] = fact.value
    health = data.get("health", {})
    for name, outlasting in _OUTLASTS_EXPLANATION.items():
        if health.get(name) == _EXPLAINED[name] and health.get(outlasting) == "yes":
            health[name] = "yes"
    return validate_model(Intake, data, "comment", InvalidInput)


def _replaces(name: str, value: str, kept: str) -> bool:
    """A later mention wins when it is the larger pain score, an explanation of the sign, or
    the later state of a story told in order."""
    if name in _KEEP_LARGEST:
        return float(value) > float(kept)
    if _EXPLAINED.get(name) == kept:
        return False
    return name in _LATEST_WINS or value == _EXPLAINED.get(name)


def _section(data: dict, field: str, index: int) -> Mapping:
    if field.startswith("complaints["):
        complaints = data.get("complaints", [])
        return complaints[index] if index < len(complaints) else {}
    return data.get(field.partition(".")[0], {})


def _answer_text(intake: Intake, fact: Fact) -> str:
    """The answer as derive_signals will print it, so quotes line up with signals."""
    generic, index = generic_path(fact.field)
    if is_list_field(generic):
        return fact.value
    section, _, name = fact.field.rpartition(".")
    owner = (
        intake.complaints[index] if section.startswith("complaints") else getattr(intake, section)
    )
    value = getattr(owner, name)
    return str(getattr(value, "value", value))
