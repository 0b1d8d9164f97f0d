"""Runs spaCy and medspaCy over a comment: spelling slips, target matching and ConText.

The only module that imports spaCy or medspaCy, and it does so when the first comment is read,
so commands that never read text do not pay their start-up cost. It finds words; what they
mean for the intake is text_facts.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from .compiled import Kind, label, phrases, term_kind
from .compiled_cache import compiled_lexicon
from .lexicon import FUZZY_MIN_LENGTH, Lexicon, closest_word
from .targets import TargetFinder, medspacy_classes, route_fixed_triggers, skip_validation

ContextName = Literal[
    "affirmed", "negated", "historical", "hypothetical", "uncertain", "other_person", "landmark"
]
SPAN_GROUP = "stridewise"
# Categories that never compete for words with facts: they may overlap anything.
_ALWAYS_KEPT = {"topic", "injury", "concept", "frame"}
# Words a frame never reaches across: they start another clause ("chest fine but calf sore").
# Nor across a comma or a denial, which would hide the denial inside the frame.
_CLAUSE_BREAKS = {
    "but",
    ";",
    ",",
    "however",
    "although",
    "though",
    "whereas",
    "except",
    "no",
    "not",
}


@dataclass(frozen=True)
class Mention:
    """One lexicon match in a comment, with the ConText verdict on it."""

    kind: Kind
    entry: int  # index of the entry in its lexicon section
    start: int  # character span in the comment
    end: int
    text: str
    context: ContextName
    sentence: int
    token_start: int
    token_end: int
    words: tuple[str, ...]  # normalised tokens of the match, for reading numbers
    stranger: bool = False  # said of a bystander ("the guy next to me"), not a relation
    past: bool = False  # a history cue reaches it too ("had a stent put in last year")
    checked: bool = False  # a place a tenderness check lists ("pressed all the bony bits")
    placed: bool = False  # it places another region ("a hand's width above the ankle")
    attached: bool = False  # where "it" joins a bone ("at the top where it joins the butt bone")
    moved: bool = False  # the part moved to bring the pain on ("when I turn the foot inside")
    supposed: bool = False  # a hedge reaches it too ("my colleague says I've probably torn it")
    denied: bool = False  # a denial reaches it too ("she isn't limping")
    conditional: bool = False  # an if reaches it too ("if he gets a fever")


@dataclass(frozen=True)
class MatchedComment:
    """What the matcher found in one comment, and its normalised tokens."""

    mentions: tuple[Mention, ...]
    tokens: tuple[str, ...]
    sentences: tuple[int, ...] = ()  # the sentence of each token, numbered as in mentions


class CommentMatcher:
    """A lexicon compiled into spaCy's matchers and medspaCy's ConText, built once per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        import spacy

        ConText, ConTextRule = medspacy_classes()
        self.lexicon = lexicon
        self.nlp = spacy.blank("en")
        # "For ~3 months": runners write ~ for "about"; split it off the number and read it so.
        prefixes = [*self.nlp.Defaults.prefixes, "~"]
        self.nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
        self.nlp.vocab["~"].norm_ = "about"
        self._sentencizer = self.nlp.add_pipe("sentencizer")
        compiled = compiled_lexicon(lexicon, self.norms, f"spacy {spacy.__version__}")
        self._targets = TargetFinder(self.nlp, compiled)
        self._nested = {
            (term_kind(term.field), index)
            for index, term in enumerate(lexicon.terms)
            if term.nested
        }
        labels: dict[str, set[str]] = {}
        for kind, entry, _ in phrases(lexicon):
            labels.setdefault(kind, set()).add(label(kind, entry))
        labels.setdefault("term", set()).update(
            label("frame", i) for i in range(len(lexicon.frames))
        )
        for index, term in enumerate(lexicon.terms):  # `not_for` may name a term's field
            labels.setdefault(term.field, set()).add(label(term_kind(term.field), index))
        for index, frame in enumerate(lexicon.frames):  # ... or a frame's
            labels.setdefault(frame.field, set()).add(label("frame", index))
        for index, measure in enumerate(lexicon.measures):  # ... or a measure's
            labels.setdefault(measure.field, set()).add(label("measure", index))
        self._concept_index = {c.id: i for i, c in enumerate(lexicon.concepts)}
        self._context = ConText(
            self.nlp,
            rules=None,
            input_span_type="group",
            span_group_name=SPAN_GROUP,
            prune_on_target_overlap=True,
        )

        context_rules = []
        for index, phrase, pattern in compiled.triggers:
            trigger = lexicon.context[index]
            excluded = {name for k in trigger.not_for for name in labels.get(k, ())} or None
            allowed = {name for k in trigger.only_for for name in labels.get(k, ())} or None
            context_rules.append(
                ConTextRule(
                    phrase,
                    trigger.category,
                    pattern=pattern,
                    direction=trigger.direction,
                    max_scope=trigger.max_scope,
                    excluded_types=excluded,
                    allowed_types=allowed,
                    on_modifies=_prefer_following if trigger.prefers_following else None,
                )
            )
        skip_validation(self._context._ConText__matcher)
        self._context.add(context_rules)
        route_fixed_triggers(self._context, self.nlp)
        self._known = compiled.known
        self._stems = compiled.stems
        self._fuzzy = compiled.fuzzy

    def norms(self, text: str) -> list[str]:
        """The normalised tokens of `text`, as patterns are written against them."""
        return [token.norm_ for token in self.nlp.make_doc(text)]

    def read(self, text: str) -> MatchedComment:
        """Every kept match in `text`, in text order, with its context."""
        return next(self.read_many([text]))

    def read_many(self, texts: Iterable[str]) -> Iterator[MatchedComment]:
        """Like `read`, tokenizing the texts as a stream (faster for a whole inbox).

        ConText weighs every trigger against every finding, so a long comment is read in
        pieces that end at a sentence or line break: its time grows with its length, not with
        the square of it.
        """
        for text in texts:
            pieces = list(_pieces(unwrap(text)))
            if len(pieces) == 1:
                yield self._read(self.nlp.make_doc(pieces[0][1]))
                continue
            read = [(at, self._read(self.nlp.make_doc(piece))) for at, piece in pieces]
            yield _joined(read)

    def _read(self, doc: Any) -> MatchedComment:
        from spacy.tokens import SpanGroup

        self._sentencizer(doc)
        self._correct_spelling(doc)
        found = self._targets(doc)
        concepts = [s for s in found if s.label_.startswith("CONCEPT_")]
        spans = _keep_longest([s for s in found if s not in concepts], self._nested)
        # A not-a-finding phrase hides concept words too, so no frame is built from them.
        hidden = [(s.start, s.end) for s in spans if _entry_of(s)[0] == "ignore"]
        concepts = [c for c in concepts if not any(s <= c.start and c.end <= e for s, e in hidden)]
        regions = [s for s in spans if s.label_.startswith("REGION")]
        spans += self._frames(doc, concepts, regions)
        # Injury words ("hurt", "pain") stay out of ConText: as targets they would prune the
        # very triggers they sit in ("doesn't hurt", "pain free"), so nothing would be denied.
        injury = [s for s in spans if s.label_.startswith("INJURY_")]
        # A frame that reaches past a comma or into the next sentence would, as a target, prune
        # every trigger among its words, so "no hills" inside a story of rehab would lose its
        # "no". Such frames get their own ConText pass; everything else is read without them.
        reaching = [s for s in spans if self._reaches(s)]
        others = [s for s in spans if s not in injury and s not in reaching]
        for targets in (others, reaching) if reaching else (others,):
            doc.spans[SPAN_GROUP] = SpanGroup(doc, name=SPAN_GROUP, spans=targets)
            self._context(doc)
        doc.spans[SPAN_GROUP] = SpanGroup(doc, name=SPAN_GROUP, spans=others + reaching)
        sentence_of = {}
        for number, sentence in enumerate(doc.sents):
            for token in sentence:
                sentence_of[token.i] = number
        mentions = []
        for span in [*doc.spans[SPAN_GROUP], *injury]:
            kind, entry = _entry_of(span)
            if kind == "ignore":
                continue
            mentions.append(
                Mention(
                    kind=kind,
                    entry=entry,
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    context=_denied(span) if kind == "injury" else _context_of(span),
                    sentence=sentence_of[span.start],
                    token_start=span.start,
                    token_end=span.end,
                    words=tuple(token.norm_ for token in span),
                    stranger=kind != "injury" and _is_bystander(span),
                    past=kind != "injury" and span._.is_historical,
                    checked=kind == "region" and _is_checked_place(span),
                    moved=kind == "region" and _is_moved_part(span),
                    placed=kind == "region" and _places_another(span),
                    attached=kind == "region" and _is_attachment(span),
                    supposed=kind != "injury" and span._.is_uncertain,
                    denied=kind != "injury" and span._.is_negated,
                    conditional=kind != "injury" and span._.is_hypothetical,
                )
            )
        mentions.sort(key=lambda m: (m.start, m.end, m.kind, m.entry))
        return MatchedComment(
            tuple(mentions),
            tuple(token.norm_ for token in doc),
            tuple(sentence_of[token.i] for token in doc),
        )

    def _reaches(self, span: Any) -> bool:
        """Whether a span is a frame allowed past a comma or into the next sentence."""
        kind, entry = _entry_of(span)
        if kind != "frame":
            return False
        return self.lexicon.frames[entry].reaches_past_a_clause

    def _frames(self, doc: Any, concepts: list[Any], regions: list[Any]) -> list[Any]:
        """One span per frame whose concepts all stand in one clause, in any order.

        A strict frame is refused when a denial, "still" or a region of the body stands among
        its words (a denial inside one of its concepts, as in "no symptoms since", is that
        concept's own): it lowers a referral, so it is never read from a denied story or from words
        said of another part of the body."""
        from spacy.tokens import Span

        by_concept: dict[int, list[Any]] = {}
        for span in concepts:
            by_concept.setdefault(_entry_of(span)[1], []).append(span)
        made = []
        for index, frame in enumerate(self.lexicon.frames):
            parts = [by_concept.get(self._concept_index[c], []) for c in frame.all]
            if not all(parts):
                continue
            explained_by = [
                s for c in frame.unless for s in by_concept.get(self._concept_index[c], [])
            ]
            own_words = [span for part in parts for span in part]
            taken: list[tuple[int, int]] = []
            for anchor in parts[0]:
                chosen = [anchor]
                for others in parts[1:]:
                    near = [
                        o
                        for o in others
                        if abs(o.start - anchor.start) <= frame.window
                        and (
                            self._one_clause(doc, anchor, o, frame.crosses_commas)
                            or (frame.crosses_sentences and _same_or_next_sentence(anchor, o))
                        )
                    ]
                    if not near:
                        break
                    chosen.append(min(near, key=lambda o: abs(o.start - anchor.start)))
                else:
                    start = min(c.start for c in chosen)
                    end = max(c.end for c in chosen)
                    denied = any(_denied_just_before(doc, c) for c in chosen) or (
                        frame.strict
                        and (
                            any(_denies(t) for t in _between(doc, start, end, chosen))
                            or any(start <= r.start and r.end <= end for r in regions)
                        )
                    )
                    # Words inside one of the frame's own concepts are that concept's:
                    # "never on my runs" holds "on my runs" without being explained by it.
                    explained = any(
                        abs(s.start - anchor.start) <= frame.window
                        and s.sent.start == anchor.sent.start
                        and not any(c.start <= s.start and s.end <= c.end for c in own_words)
                        for s in explained_by
                    )
                    if (
                        end - start <= frame.window
                        and not denied
                        and not explained
                        and not any(s < end and start < e for s, e in taken)
                    ):
                        taken.append((start, end))
                        made.append(Span(doc, start, end, label=label("frame", index)))
        return made

    @staticmethod
    def _one_clause(doc: Any, a: Any, b: Any, crosses_commas: bool = False) -> bool:
        start, end = min(a.start, b.start), max(a.end, b.end)
        if doc[start].sent.start != doc[end - 1].sent.start:
            return False
        breaks = _CLAUSE_BREAKS - {","} if crosses_commas else _CLAUSE_BREAKS
        # Only the words between the two count: "can't feel" holds a "not" of its own.
        first, second = (a, b) if a.start <= b.start else (b, a)
        return not any(t.norm_ in breaks for t in doc[first.end : second.start])

    def _correct_spelling(self, doc: Any) -> None:
        """Give a misspelt word ('achillies', 'illiacus') the norm of the word it was meant to be."""
        for token in doc:
            word = token.lower_
            if word in self._known or len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
                continue
            if word.startswith(self._stems):
                continue
            match = _closest(word, self._fuzzy)
            if match:
                token.norm_ = match


def _denies(token: Any) -> bool:
    return token.norm_ in _DENIALS or token.norm_ == "still"


def _denied_just_before(doc: Any, part: Any) -> bool:
    """A frame's concept denied by the word before it ("pregnant ... no fluid, no bleeding"):
    the frame, as a target, would hide that denial from ConText, so it is refused here."""
    return part.start > 0 and doc[part.start - 1].norm_ in _PART_DENIALS


def _between(doc: Any, start: int, end: int, parts: list[Any]) -> list[Any]:
    """The tokens of doc[start:end] that belong to none of the frame's concept spans."""
    own = {i for part in parts for i in range(part.start, part.end)}
    return [doc[i] for i in range(start, end) if i not in own]


def _same_or_next_sentence(a: Any, b: Any) -> bool:
    """Whether the later of two spans stands in the earlier's sentence or the one after it."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return first.sent.start == second.sent.start or first.sent.end == second.sent.start


_LINE_WRAP = re.compile(r"(?<![\n\r])\r?\n(?![\r\n])")


def unwrap(text: str) -> str:
    """A lone line break becomes a space (same length, so offsets hold): a comment wrapped
    mid-sentence still reads as one sentence; a blank line between paragraphs is kept."""
    return _LINE_WRAP.sub(lambda m: " " * len(m.group(0)), text)


PIECE_CHARS = 1_500  # a comment longer than this is read in pieces of about this size
_BREAK = re.compile(r"(?<=[.!?\n])\s+")


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `text`; pieces end at a sentence end or line break when one
    falls in the second half of the piece, else at a space, else at the size limit."""
    start = 0
    while len(text) - start > PIECE_CHARS:
        end = start + PIECE_CHARS
        window = text[start + PIECE_CHARS // 2 : end]
        breaks = list(_BREAK.finditer(window))
        if breaks:
            end = start + PIECE_CHARS // 2 + breaks[-1].end()
        elif " " in window:
            end = start + PIECE_CHARS // 2 + window.rindex(" ") + 1
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def _joined(read: list[tuple[int, MatchedComment]]) -> MatchedComment:
    """One comment's matches from its pieces, with offsets, tokens and sentences renumbered."""
    mentions: list[Mention] = []
    tokens: list[str] = []
    token_sentences: list[int] = []
    sentences = 0
    for at, matched in read:
        shift = len(tokens)
        mentions.extend(
            replace(
                m,
                start=m.start + at,
                end=m.end + at,
                token_start=m.token_start + shift,
                token_end=m.token_end + shift,
                sentence=m.sentence + sentences,
            )
            for m in matched.mentions
        )
        tokens.extend(matched.tokens)
        token_sentences.extend(s + sentences for s in matched.sentences)
        sentences += max((m.sentence for m in matched.mentions), default=0) + 1
    return MatchedComment(tuple(mentions), tuple(tokens), tuple(token_sentences))


# Spelling correction looks up the same few words again and again across a batch.
_closest = lru_cache(maxsize=50_000)(closest_word)


_JUST_BEFORE = 3  # tokens between a finding and a trigger that looks back at it


def _prefer_following(target: Any, modifier: Any, between: Any) -> bool:
    """ConText callback for `prefers_following` triggers (see ContextTrigger).

    The words between are counted from the spans: for a target before the trigger, medspaCy
    1.3 hands over a `between` that runs to the trigger's end, trigger included, so a
    three-word verdict ("are totally normal") reached only the word just before it ("bladder
    and bowels are totally normal" denied the bowels, not the bladder). A fact after a clause
    break does not draw the verdict forward: in "walking and jogging are fine, no pain at
    night" the verdict is the walking's."""
    doc = modifier.doc
    followed = any(
        0 <= span.start - modifier.end <= _JUST_BEFORE
        and not span.label_.startswith("REGION")
        and not any(t.is_punct or t.norm_ in _CLAUSE_BREAKS for t in doc[modifier.end : span.start])
        for span in doc.spans[SPAN_GROUP]
    )
    if target.start >= modifier.end:
        return followed and not target.label_.startswith("REGION")
    return not followed and modifier.start - target.end <= _JUST_BEFORE


def _entry_of(span: Any) -> tuple[Kind, int]:
    kind, _, entry = span.label_.rpartition("_")
    return kind.lower(), int(entry)  # type: ignore[return-value]


def _keep_longest(spans: list[Any], nested: set[tuple[Kind, int]]) -> list[Any]:
    """Longest matches win; a match identical in extent to a winner is kept beside it.

    Regions compete only with regions ("inner hip" over "hip") and other facts only with
    facts ("goes away when I walk" over "walk"), so "pulled my hammy" keeps its region.
    Side words (nested) and topic or injury words never compete for words with anything;
    a not-a-finding phrase ('glute bridge', 'like an 80 year old') hides the region, term and
    measure matches inside it.
    """
    hidden = [(s.start, s.end) for s in spans if _entry_of(s)[0] == "ignore"]
    kept: list[Any] = []
    taken: dict[str, list[tuple[int, int]]] = {"region": [], "fact": []}
    seen = set()
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        kind, entry = _entry_of(span)
        key = (kind, entry, span.start, span.end)
        if key in seen:
            continue
        free = (kind, entry) in nested or kind in _ALWAYS_KEPT or kind == "ignore"
        if kind in {"region", "term", "measure"} and any(
            s <= span.start and span.end <= e for s, e in hidden
        ):
            continue
        if not free:
            layer = "region" if kind == "region" else "fact"
            clash = any(
                s < span.end and span.start < e and (s, e) != (span.start, span.end)
                for s, e in taken[layer]
            )
            if clash:
                continue
            taken[layer].append((span.start, span.end))
        seen.add(key)
        kept.append(span)
    return kept


_DENIALS = {"no", "not", "without", "never", "free", "nothing", "none"}
_PART_DENIALS = {"no", "without", "never", "nor"}


def _denied(span: Any) -> ContextName:
    """An injury word's own context: denied by a denial just before it or "free" after it."""
    doc = span.doc
    before = {t.norm_ for t in doc[max(span.start - 3, 0) : span.start]}
    after = {t.norm_ for t in doc[span.end : span.end + 2]}
    return "negated" if before & _DENIALS or "free" in after else "affirmed"


# Cues that name a place to locate the pain elsewhere or to say where it was checked.
_PLACING = {"LANDMARK", "ATTACHMENT", "CHECKED_PLACE", "MOVED_PART"}


def _is_checked_place(span: Any) -> bool:
    return any(m.category == "CHECKED_PLACE" for m in span._.modifiers)


def _is_moved_part(span: Any) -> bool:
    return any(m.category == "MOVED_PART" for m in span._.modifiers)


def _is_attachment(span: Any) -> bool:
    return any(m.category == "ATTACHMENT" for m in span._.modifiers)


def _places_another(span: Any) -> bool:
    return any(m.category in _PLACING for m in span._.modifiers)


def _is_bystander(span: Any) -> bool:
    return any(m.category == "BYSTANDER" for m in span._.modifiers)


def _context_of(span: Any) -> ContextName:
    if span._.is_family or _is_bystander(span):
        return "other_person"
    if _places_another(span):
        return "landmark"
    if span._.is_hypothetical:
        return "hypothetical"
    if span._.is_negated:
        return "negated"
    if span._.is_uncertain:
        return "uncertain"
    if span._.is_historical:
        return "historical"
    return "affirmed"


_MATCHERS: dict[str, CommentMatcher] = {}


def matcher_for(lexicon: Lexicon, key: str) -> CommentMatcher:
    """The compiled matcher for a lexicon, built once per process for each knowledge base."""
    if key not in _MATCHERS:
        _MATCHERS[key] = CommentMatcher(lexicon)
    return _MATCHERS[key]
