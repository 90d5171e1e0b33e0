"""Quotations and who said them.

Two steps. :func:`quote_spans` finds quoted passages from the characters alone
(straight and curly marks, single marks used as quotes, a quote running over
paragraphs), so that an odd number of marks costs at most the broken quote.
:func:`extract_quotes` then reads the parse around each passage for its cue verb
and speaker — a name, a pronoun resolved through the discourse, a role ("the
foreign minister"), an institution, a transcript label — and adds reported
speech ("X warned that ...").
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

import numpy
from spacy.attrs import IDX, LEMMA, LOWER, ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from analysis.actors import ArticleActors, read_word_list
from analysis.countries import CountryIndex
from analysis.interactions import DATELINE
from analysis.models import ArticleActor, Quote
from analysis.names import clean_surface, name_parts, refers_to
from analysis.nlp import doc_text, lemmas_among
from analysis.settings import DATA_DIR

T = TypeVar("T")

OPENING_DOUBLE = "“„«"
#: Marks that may open a quotation, for trimming around one.
OPENING_MARKS = "\"“„‘'«"
CLOSING_DOUBLE = "”»"
TRANSCRIPT_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z.'’ -]{1,40}[A-Z.]):\s+(?=\S)", re.MULTILINE)
#: The same label at the start of a quotation.
QUOTED_LABEL = re.compile(r"(?P<label>[A-Z][A-Z.'’ -]{1,40}[A-Z.]):\s+(?=\S)")
MIXED_CASE_LABEL = re.compile(
    r"^(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+(?=\S)", re.MULTILINE
)
#: A label giving the office, then the name in brackets: "Official Spokesperson
#: (Shri Arindam Bagchi): ...".
BRACKETED_LABEL = re.compile(
    r"^[A-Z][\w.'’ -]{1,40} \((?P<label>[A-Z][\w.'’ -]{1,40})\):\s+(?=\S)", re.MULTILINE
)
NOT_SPEAKER_LABELS = frozenset(
    {"QUESTION", "Q", "MODERATOR", "OPERATOR", "PARTICIPANT", "STAFF", "REPORTER", "NOTE", "UPDATE"}
    | {"PREVIOUSLY", "CORRECTION", "CLARIFICATION", "RELATED", "WATCH", "EDITOR'S", "EDITOR’S"}
    | {"VIDEO", "AUDIO", "TRANSCRIPT", "INTERPRETER", "TRANSLATOR", "TRANSLATION"}
)
#: Words that end a label naming an office rather than a person, besides titles:
#: "SENIOR ADMINISTRATION OFFICIAL", numbered "ONE", "TWO" when there are several.
OFFICE_WORDS = frozenset({"official", "officials", "officer", "aide", "diplomat"})
NUMBER_WORDS = frozenset("one two three four five six 1 2 3 4 5 6 #1 #2 #3".split())
#: Words of someone speaking for themselves or to others, which a writer's
#: paragraph of news seldom holds.
SPEAKING_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|you|You|my|My|our|Our|us)\b")
#: A paragraph that is only a bracketed stage direction: "(CROSSTALK)", "[BEGIN CLIP]".
STAGE_DIRECTION = re.compile(r"^[(\[][^()\[\]]*[)\]][.]?$")
PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": "p", "i": "i", "we": "p"}
MIN_UNCUED_WORDS = 4
#: Words a reported clause may run on past a quotation it opens with and still be
#: no more than that quotation ('said "..." on Sunday').
MAX_TRAILING_WORDS = 3
#: A dateline is read only this far into the text.
DATELINE_REACH = 80
#: The longest aside between a name and its verb ('X, the minority leader, said').
MAX_ASIDE_TOKENS = 12
#: Past this many words, an unnamed source's description drops its clauses.
MAX_DESCRIPTION_WORDS = 12
#: Verbs that report an appeal: "urged X to ...", "called on X to ...".
DIRECTIVE_VERBS = frozenset({"urge", "call", "ask", "tell", "press", "warn"})
#: ("Let me say that ...": "me" stands for the one who speaks.)
FIRST_AND_SECOND_PERSON = frozenset({"i", "we", "you", "me", "us"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "mx"})
#: Dependencies of the words that lead in to a clause without saying anything of it
#: ("But", "So", a comma).
LEADING_DEPS = frozenset({"cc", "punct", "advmod", "intj"})
#: Verbs of judgement whose object and predicate are what was said: 'called the
#: plan "reckless"', 'described the talks as "useful"'. "Call", "term" and
#: "describe" report speech with an unquoted predicate too ("termed the move
#: illegal", "described the talks as useful"); with the others ("praised the deal
#: as a historic step") an unquoted predicate is the writer's summary.
PREDICATE_VERBS = frozenset(
    {"call", "term", "describe", "praise", "brand", "label", "dismiss", "hail"}
)
REPORTING_PREDICATE_VERBS = frozenset({"call", "term", "describe"})
#: Speech verbs whose noun object is itself what was said ("noted the rise in prices",
#: "announced new sanctions", "reported a rise in crossings").
OBJECT_REPORTING_VERBS = frozenset(
    {"note", "mention", "recall", "announce", "report", "describe", "explain"}
)
#: Speech verbs whose noun object is what was said when someone who can speak says
#: it: asked for ("Khan urged restraint"), as "called for" is, insisted on ("Blinken
#: stressed the importance of ...") or claimed ("the group claimed responsibility");
#: not when a thing does ("the crisis demands action", "the findings underscore the
#: scale of ...", "the storm claimed two lives"). A stance reaffirmed ("the
#: Secretary reaffirmed the commitment ...") is the writer's summary.
PEOPLE_OBJECT_VERBS = frozenset(
    {
        "propose",
        "urge",
        "demand",
        "stress",
        "emphasize",
        "emphasise",
        "underscore",
        "reiterate",
        "claim",
    }
)
#: Speech verbs that commit to a deed: "vowed to veto the bill" reports the vow.
COMMISSIVE_VERBS = frozenset({"pledge", "promise", "vow", "threaten", "swear"})
#: Words that make an office a lesser one: a "vice-president" is not "the president".
SECOND_RANKS = frozenset({"vice", "deputy", "assistant", "under", "lieutenant"})
#: Tags of relative pronouns ("who", "which", "that").
RELATIVE_TAGS = frozenset({"WP", "WDT"})
#: Nouns of documents whose author is the speaker: "the statement said".
DOCUMENT_WORDS = frozenset(
    """statement communique communiqué readout release report letter memo speech remarks
    interview tweet editorial column""".split()
)
#: Verbs that make their agent a document's author: "a statement issued by X".
AUTHORING_VERBS = frozenset({"issue", "release", "send", "sign", "put", "circulate", "write"})
#: Verbs whose subject passes a document on or comes by it, not its author: "a
#: statement the agency carried", "a letter the Post obtained".
CARRYING_VERBS = frozenset(
    {
        "carry",
        "publish",
        "broadcast",
        "air",
        "run",
        "print",
        "obtain",
        "see",
        "receive",
        "review",
        "quote",
        "cite",
        "report",
        "translate",
        "leak",
    }
)
#: Verbs of speaking that introduce no quotation of their own: "X, who spoke at
#: the summit, ..." makes X the one speaking.
SPEAKING_VERBS = frozenset({"speak", "talk"})
#: Offices that "the leader" may stand for.
LEADER_WORDS = frozenset(
    {"leader", "president", "prime", "premier", "chancellor", "king", "emir", "sultan"}
)


@dataclass(frozen=True)
class QuoteLexicon:
    """Speech verbs (those that also introduce reported speech), channel words, titles."""

    cue_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    channels: dict[str, str]
    title_words: frozenset[str]
    institution_words: frozenset[str] = frozenset()
    cue_forms: frozenset[str] = frozenset()
    countries: CountryIndex | None = None
    #: Names that are never a person: platforms, news agencies and broadcasters.
    not_persons: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=4)
def load_quote_lexicon(data_dir: Path = DATA_DIR) -> QuoteLexicon:
    """Read ``speech_verbs.txt``, ``channels.csv``, ``titles.txt``, ``org_words.txt``,
    ``countries.csv`` and ``not_persons.txt`` from ``data_dir``."""
    entries = read_word_list(data_dir / "speech_verbs.txt")
    reporting = frozenset(e.rstrip("*") for e in entries if e.endswith("*"))
    with (data_dir / "channels.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        channels = {row["word"].strip(): row["channel"].strip() for row in rows}
    titles = read_word_list(data_dir / "titles.txt")
    return QuoteLexicon(
        cue_verbs=frozenset(e.rstrip("*") for e in entries),
        reporting_verbs=reporting,
        channels=channels,
        title_words=frozenset(w for t in titles for w in t.split()),
        institution_words=read_word_list(data_dir / "org_words.txt"),
        cue_forms=_past_forms(e.rstrip("*") for e in entries),
        countries=CountryIndex.from_csv(data_dir / "countries.csv"),
        not_persons=read_word_list(data_dir / "not_persons.txt"),
    )


def _past_forms(lemmas) -> frozenset[str]:
    """Past and third-person forms of speech verbs: said, says, told, joked, tweeted."""
    irregular = {"say": ("said", "says"), "tell": ("told", "tells"), "write": ("wrote", "writes")}
    forms = set()
    for lemma in lemmas:
        if lemma in irregular:
            forms.update(irregular[lemma])
            continue
        if lemma.endswith("e"):
            forms.add(lemma + "d")
        elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            forms.add(lemma[:-1] + "ied")
        else:
            forms.add(lemma + "ed")
        forms.add(lemma + ("es" if lemma.endswith(("s", "sh", "ch")) else "s"))
    return frozenset(forms)


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted passage: ``start``/``end`` bound the words inside the marks.

    ``open_at``/``close_at`` are the marks' positions (``close_at`` is None when the
    quote runs on into the next paragraph or was never closed).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraph: int
    continues: bool = False
    broken: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            bounds.append((position, position + len(line)))
        position += len(line) + 1
    return bounds


def _is_open(text: str, i: int, lo: int) -> bool:
    before = text[i - 1] if i > lo else " "
    return before.isspace() or before in "([{—–-/:;,“‘" or i == lo


def _is_close(text: str, i: int, hi: int) -> bool:
    after = text[i + 1] if i + 1 < hi else " "
    return after.isspace() or after in ".,;:!?)]}—–-…”’'\"" or i + 1 == hi


#: Any double quotation mark; any single one (or apostrophe).
_DOUBLE_MARK = re.compile("[" + re.escape(OPENING_DOUBLE + CLOSING_DOUBLE) + '"]')
_SINGLE_MARK = re.compile("[‘’']")


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Positions of double quotation marks in text[lo:hi], each read as 'open' or 'close'."""
    marks = []
    for match in _DOUBLE_MARK.finditer(text, lo, hi):
        i, c = match.start(), match.group()
        if c == "“" and marks and text[marks[-1][0]] == "„" and _is_close(text, i, hi):
            marks.append((i, "close"))  # „...“: the German pair closes with a high mark
        elif c in OPENING_DOUBLE:
            marks.append((i, "open"))
        elif c in CLOSING_DOUBLE:
            # Some texts use the closing mark for both; read it by its neighbours.
            kind = "open" if _is_open(text, i, lo) and not _is_close(text, i, hi) else "close"
            if i > lo and text[i - 1] in ",;":
                kind = "close"  # 'audiences,”Katie Packer said': a space left out
            marks.append((i, kind))
        elif c == '"':
            opens, closes = _is_open(text, i, lo), _is_close(text, i, hi)
            if i > lo and text[i - 1] in ",;":
                # 'he said,"We will' or 'audiences,"Katie Packer said': a space left
                # out on one side or the other; the marks around tell which.
                opens = closes = True
            marks.append(
                (
                    i,
                    "open"
                    if opens and not closes
                    else "close"
                    if closes and not opens
                    else "either",
                )
            )
    return marks


def _single_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Single marks that can only be quotation marks, not apostrophes."""
    marks = []
    for match in _SINGLE_MARK.finditer(text, lo, hi):
        i, c = match.start(), match.group()
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if (c in "‘'") and (before.isspace() or before in '([{—–“"' or i == lo) and after.isalnum():
            marks.append((i, "open"))
        elif (c in "’'") and (before.isalnum() or before in ".,!?") and not after.isalnum():
            marks.append((i, "close"))
    return marks


def _pair(marks: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], int | None]:
    """Pair marks into (open, close) positions; also the position of an unclosed opening."""
    pairs = []
    open_at = None
    for position, kind in marks:
        if open_at is None:
            if kind in {"open", "either"}:
                open_at = position
        elif kind in {"close", "either"}:
            pairs.append((open_at, position))
            open_at = None
        else:
            # Two openings in a row: the first was never closed. Lose it, not the rest.
            open_at = position
    return pairs, open_at


def _pair_nested(
    text: str, marks: list[tuple[int, str]]
) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the double marks of a paragraph (see :func:`_pair`). When straight and
    curly marks each pair up on their own, one style quotes inside the other ('"...
    the question: “...?” Forty-three, yes."'): the outer quotation is the quote."""
    straight = [m for m in marks if text[m[0]] == '"']
    curly = [m for m in marks if text[m[0]] != '"']
    if straight and curly:
        straight_pairs, straight_open = _pair(straight)
        curly_pairs, curly_open = _pair(curly)
        if (
            straight_open is None
            and curly_open is None
            and 2 * len(straight_pairs) == len(straight)
            and 2 * len(curly_pairs) == len(curly)
        ):
            both = straight_pairs + curly_pairs
            outer = [(o, c) for o, c in both if not any(a < o and c < b for a, b in both)]
            # '"“...,” Rubio responded ..."': a paragraph wrapped in marks of its own,
            # with the quotation it starts with; read as before.
            opens = {o for o, _ in both}
            if not any(o + 1 in opens for o, _ in outer):
                return sorted(outer), None
    nested = _balanced_nesting(marks)
    return (nested, None) if nested is not None else _pair(marks)


def _balanced_nesting(marks: list[tuple[int, str]]) -> list[tuple[int, int]] | None:
    """The outer quotations of curly marks that nest one style inside itself and
    balance ('“... what she calls “a trap” than stay ...”'), or None when the marks
    do not nest or do not balance: an opening never closed is then the broken
    quotation :func:`_pair` loses."""
    if any(kind == "either" for _, kind in marks):
        return None
    stack: list[int] = []
    outer = []
    nested = False
    for position, kind in marks:
        if kind == "open":
            stack.append(position)
        elif not stack:
            return None
        else:
            opened = stack.pop()
            if stack:
                nested = True  # closed inside another quotation
            else:
                outer.append((opened, position))
    if stack or not nested:
        return None
    opens = {position for position, kind in marks if kind == "open"}
    if any(o + 1 in opens for o, _ in outer):
        return None  # '““...,” Rubio responded ...”': a paragraph wrapped in marks
    return outer


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


_DOUBLED_MARK = re.compile(r"''|``")


def _single_width_marks(text: str) -> str:
    """The text with doubled marks ('' and ``, as some archives write quotation
    marks) turned into one mark and a space, so that offsets stay the same."""

    def one_mark(match: re.Match) -> str:
        end = match.end()
        opening = match.group() == "``" or (end < len(text) and not text[end].isspace())
        before = text[match.start() - 1] if match.start() else " "
        if opening and not (before.isalnum() and match.group() == "''"):
            return '" '
        return ' "'

    return _DOUBLED_MARK.sub(one_mark, text)


def quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted passage of ``text``, in order; never raises on unbalanced marks.

    A paragraph whose quotation is not closed and whose next paragraph opens with a
    mark continues into it (the newspaper convention); any other unclosed quotation
    is kept only when it runs to the end of its paragraph with a few words.
    """
    text = _single_width_marks(text) if "''" in text or "``" in text else text
    paragraphs = _paragraphs(text)
    found: list[QuoteSpan] = []
    for number, (lo, hi) in enumerate(paragraphs):
        pairs, unclosed = _pair_nested(text, _double_marks(text, lo, hi))
        spans = [(o, c) for o, c in pairs]
        inside = [(o, c) for o, c in pairs]
        single_pairs, single_unclosed = _pair(
            [m for m in _single_marks(text, lo, hi) if not any(o < m[0] < c for o, c in inside)]
        )
        # British style: a double-marked quotation inside a single-marked one is the
        # speaker quoting someone ('‘... what they call a “final offer”,’ she
        # said'), part of the outer quotation, not a quote of its own.
        spans = [(o, c) for o, c in spans if not any(a < o and c < b for a, b in single_pairs)]
        spans.extend(single_pairs)
        if unclosed is None and single_unclosed is not None:
            # British style: a quotation in single marks running on into the next
            # paragraph, which opens with the mark again.
            next_lo = paragraphs[number + 1][0] if number + 1 < len(paragraphs) else None
            if next_lo is not None and text[next_lo] in "‘'":
                unclosed = single_unclosed
        for open_at, close_at in sorted(spans):
            if open_at > 0 and text[open_at - 1] == "=":
                continue  # a markup attribute's value (<tweet author="...">), not speech
            start, end = _trimmed(text, open_at + 1, close_at)
            if end > start:
                found.append(QuoteSpan(start, end, open_at, close_at, number))
        if unclosed is not None:
            start, end = _trimmed(text, unclosed + 1, hi)
            next_opens = (
                number + 1 < len(paragraphs) and text[paragraphs[number + 1][0]] in OPENING_MARKS
            )
            if end > start and (next_opens or len(text[start:end].split()) >= MIN_UNCUED_WORDS):
                found.append(
                    QuoteSpan(
                        start,
                        end,
                        unclosed,
                        None,
                        number,
                        continues=next_opens,
                        broken=not next_opens,
                    )
                )
    found.sort(key=lambda q: q.start)
    return found


class _ByPosition(Generic[T]):
    """Items kept in the order of one position, to find those in a range of
    positions without reading them all."""

    def __init__(self, items: Iterable[T], position: Callable[[T], int]) -> None:
        self.items = sorted(items, key=position)
        self.at = [position(item) for item in self.items]

    def between(self, lo: int, hi: int) -> list[T]:
        """The items whose position is at least ``lo`` and less than ``hi``."""
        return self.items[bisect.bisect_left(self.at, lo) : bisect.bisect_left(self.at, hi)]


@dataclass
class _Attribution:
    speaker_key: str | None = None
    speaker: str | None = None
    speaker_type: str | None = None
    cue: str | None = None
    confidence: float = 0.3
    channel: str | None = None


@dataclass
class _Context:
    doc: Doc
    actors: ArticleActors
    lexicon: QuoteLexicon
    spans: list[QuoteSpan]
    by_key: dict[str, ArticleActor]
    org_at_token: dict[int, str] = field(default_factory=dict)
    quoted: list[bool] = field(default_factory=list)
    text: str = ""
    sentence_ends: list[int] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    person_mentions: list[tuple[int, str]] = field(default_factory=list)
    #: How many people the mentions name.
    people: int = 0
    extra: dict[str, ArticleActor] = field(default_factory=dict)
    speakers: list[str] = field(default_factory=list)
    #: The closed quotations by the place of their opening and of their closing mark.
    by_opening: _ByPosition[QuoteSpan] | None = None
    by_closing: _ByPosition[QuoteSpan] | None = None

    def in_quote(self, token: Token) -> bool:
        return self.quoted[token.i]


def extract_quotes(
    doc: Doc, actors: ArticleActors, lexicon: QuoteLexicon
) -> tuple[list[Quote], list[ArticleActor]]:
    """Direct quotations and reported speech of ``doc`` with their speakers.

    Returns the quotes in text order and any actors the quotes added (speakers
    known only from a transcript label). Offsets are into ``doc.text``.
    """
    text = doc_text(doc)
    spans = quote_spans(text)
    # A transcript quoted whole, each turn in marks ('"WALLACE: ..."'): the label
    # names the speaker and is no part of the quote.
    turns = {i: m for i, q in enumerate(spans) if (m := QUOTED_LABEL.match(text, q.start))}
    if len(turns) < 2:
        turns = {}
    spans = [replace(q, start=turns[i].end()) if i in turns else q for i, q in enumerate(spans)]
    by_key = {a.key: a for a in actors.actors}
    ctx = _Context(doc=doc, actors=actors, lexicon=lexicon, spans=spans, by_key=by_key, text=text)
    ctx.quoted = [False] * len(doc)
    for q in spans:
        lo = q.open_at
        hi = q.close_at + 1 if q.close_at is not None else q.end
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                ctx.quoted[i] = True
    closed = [q for q in spans if q.close_at is not None]
    ctx.by_opening = _ByPosition(closed, lambda q: q.open_at)
    ctx.by_closing = _ByPosition(closed, lambda q: q.close_at)
    ctx.sentence_starts = [sent.start_char for sent in doc.sents]
    ctx.paragraphs = _paragraphs(text)
    ctx.person_mentions = sorted(
        (m.start, m.actor_key) for m in actors.mentions if m.actor_key.startswith("PERSON:")
    )
    ctx.people = len({key for _, key in ctx.person_mentions})
    words = doc.to_array([ORTH, IDX])
    stops = numpy.isin(words[:, 0], _SENTENCE_STOPS) & ~numpy.array(ctx.quoted, dtype=bool)
    ctx.sentence_ends = words[stops, 1].tolist()
    for mention in actors.mentions:
        if not mention.actor_key.startswith("PERSON:"):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                for tok in span:
                    ctx.org_at_token[tok.i] = mention.actor_key

    quotes: list[Quote] = []
    attributions = []
    for index in range(len(spans)):
        attribution = _quoted_turn(ctx, turns[index]) if index in turns else _attribute(ctx, index)
        attributions.append(attribution)
        if attribution.speaker_key and attribution.speaker_type == "PERSON":
            ctx.speakers.append(attribution.speaker_key)
    _carry_over(ctx, attributions)
    _floating_speakers(ctx, attributions)
    # The quotation just kept, with its attribution, when it runs on into the next
    # paragraph.
    run_on: tuple[QuoteSpan, _Attribution] | None = None
    for q, attribution in zip(spans, attributions, strict=True):
        previous, run_on = run_on, None
        words = len(text[q.start : q.end].split())
        if attribution.cue is None and attribution.speaker is None and words < MIN_UNCUED_WORDS:
            continue  # a scare quote, not speech
        if STAGE_DIRECTION.match(text[q.start : q.end]):
            continue  # "(CROSSTALK.)" between quoted turns
        # A headline capitalises every word: "Pompeo: ‘We Will Not Back Down’" is speech.
        headline_speech = attribution.cue == "colon" and attribution.speaker_type == "PERSON"
        title = _looks_like_title(text[q.start : q.end]) and not headline_speech
        if title or _names_something(ctx, q):
            continue  # the name of a book, show, law or person
        attribution = replace(
            attribution, confidence=round(attribution.confidence * (0.7 if q.broken else 1.0), 2)
        )
        if (
            previous is not None
            and attribution.cue != "transcript"
            and _runs_on(ctx, previous[0], q)
        ):
            # The paragraphs of one quotation, its mark repeated at each: one quote,
            # said by whoever the first paragraph names, else the last.
            quotes.pop()
            q = replace(q, start=previous[0].start)
            if previous[1].speaker is not None or attribution.speaker is None:
                attribution = previous[1]
        quotes.append(_quote(ctx, q.start, q.end, attribution))
        if q.continues and attribution.cue != "transcript":
            run_on = (q, attribution)
    transcript = _transcript_quotes(ctx)
    # A quotation inside a turn that no one else is named for is the turn's
    # speaker's own words ('As a saying goes, "..."'), part of the turn.
    quotes = [
        q
        for q in quotes
        if q.speaker is not None
        or not any(t.start <= q.start and q.end <= t.end for t in transcript)
    ]
    quotes.extend(transcript)
    reported, absorbed, whole = _reported_speech(ctx, quotes)
    quotes = [
        q
        for q in quotes
        if q.kind != "direct"
        or (q.start not in absorbed and (q.start in whole or not _woven_into_sentence(ctx, q)))
    ] + reported
    headline = _headline_report(ctx)
    if headline is not None and not any(
        q.start < headline.end and headline.start < q.end for q in quotes
    ):
        quotes.append(headline)
    # Added last: a statement's paragraphs hold reported speech of their own.
    quotes.extend(_attributed_statements(ctx))
    quotes.sort(key=lambda q: q.start)
    return quotes, list(ctx.extra.values())


#: A headline reporting what someone says: "Varga says reopen crossings to cut
#: prices", "Port Chief Says Levy Poses A Risk".
HEADLINE_REPORT = re.compile(
    r"^(?P<who>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s+"
    r"(?i:says|claims|insists|argues|predicts|admits|suggests|declares)\s+"
    r"(?P<what>\S.*?)[\s.!?…]*$"
)
#: Headlines are short: a longer first paragraph is the lead, read like the rest.
HEADLINE_WORDS = 20


def _headline_report(ctx: _Context) -> Quote | None:
    """What a headline says someone says ("Varga says reopen crossings, lower
    levies to cut prices"), which its capitals and missing articles leave the
    parser no clause to find: the words after the verb, said by the person or
    organisation the headline opens with."""
    if not ctx.paragraphs:
        return None
    lo, hi = ctx.paragraphs[0]
    line = ctx.text[lo:hi]
    if "\n" in line.strip() or len(line.split()) > HEADLINE_WORDS:
        return None
    match = HEADLINE_REPORT.match(line.strip())
    if match is None or len(match.group("what").split()) < 2:
        return None
    offset = lo + len(line) - len(line.lstrip())
    who_end = offset + match.end("who")
    key = next(
        (m.actor_key for m in ctx.actors.mentions if offset <= m.start and m.end <= who_end),
        None,
    )
    if key is None:
        return None
    start, end = offset + match.start("what"), offset + match.end("what")
    attribution = _named(ctx, key, 0.5)
    attribution.cue = ctx.text[who_end:start].strip().lower()[:-1]  # "says" -> "say"
    return _quote(ctx, start, end, attribution, kind="indirect")


#: "The below is attributable to Spokesperson Ned Price:", closing its paragraph.
ATTRIBUTABLE = re.compile(
    r"\battributable to\s+(?P<source>[^\n:]{2,80}?)\s*:[\s\u200e]*$", re.IGNORECASE
)


def _attributed_statements(ctx: _Context) -> list[Quote]:
    """The paragraphs after "The below is attributable to Spokesperson Ned Price:" (a
    readout), each a quote of that source, up to the next paragraph that introduces
    something else (one ending in a colon) or a transcript turn."""
    text, paragraphs = ctx.text, ctx.paragraphs
    quotes = []
    for number, (lo, hi) in enumerate(paragraphs):
        match = ATTRIBUTABLE.search(text, lo, hi)
        if match is None:
            continue
        source = ctx.doc.char_span(*match.span("source"), alignment_mode="expand")
        key = next(
            (
                ctx.actors.person_at_token[t.i]
                for t in source or ()
                if t.i in ctx.actors.person_at_token
            ),
            None,
        )
        attribution = (
            _named(ctx, key, 0.9)
            if key
            else _Attribution(speaker=clean_surface(match.group("source")), confidence=0.6)
        )
        attribution.cue, attribution.channel = "attributable", "statement"
        for start, end in paragraphs[number + 1 :]:
            start, end = _trimmed(text, start, end)
            paragraph = text[start:end]
            if paragraph.rstrip("\u200e ").endswith(":") or TRANSCRIPT_LABEL.match(paragraph):
                break
            quoted = sum(max(0, min(end, q.end) - max(start, q.start)) for q in ctx.spans)
            if quoted > 0.5 * (end - start) or len(paragraph.split()) < MIN_UNCUED_WORDS:
                continue
            quotes.append(_quote(ctx, start, end, attribution))
    return quotes


def _quote(
    ctx: _Context, start: int, end: int, attribution: _Attribution, kind: str = "direct"
) -> Quote:
    """The quote of ``ctx.text[start:end]`` with the speaker, cue, channel and
    confidence of ``attribution``."""
    return Quote(
        text=ctx.text[start:end],
        start=start,
        end=end,
        speaker_key=attribution.speaker_key,
        speaker=attribution.speaker,
        speaker_type=attribution.speaker_type,
        kind=kind,
        cue=attribution.cue,
        channel=attribution.channel,
        confidence=attribution.confidence,
        sentence=_sentence_of(ctx, start),
    )


def _runs_on(ctx: _Context, previous: QuoteSpan, q: QuoteSpan) -> bool:
    """``q`` opens the paragraph after the one ``previous`` left unclosed."""
    if q.paragraph != previous.paragraph + 1:
        return False
    lo, _ = ctx.paragraphs[q.paragraph]
    return not ctx.text[lo : q.open_at].strip()


_WOVEN = re.compile(r"[A-Za-z]\s*(?:[\"“‘']|''|``)\s*$")


def _woven_into_sentence(ctx: _Context, quote: Quote) -> bool:
    """A fragment quoted inside the writer's own sentence ('called the move
    "reckless" and left'): it opens in lower case right after a word, one that is
    not a speech verb ('said "anti-Semitic images have no place ..."' is what was
    said, in lower case because the sentence runs on into it)."""
    text = ctx.text
    if not quote.text[:1].islower():
        return False
    if _WOVEN.search(text, max(0, quote.start - 5), quote.start) is None:
        return False
    mark = ctx.doc.char_span(quote.start - 1, quote.start, alignment_mode="expand")
    if mark is None or mark.start == 0:
        return True
    verb = ctx.doc[mark.start - 1]
    return not (verb.lemma_.lower() in ctx.lexicon.reporting_verbs and verb.tag_ in SPOKEN_TAGS)


_MINOR_WORDS = frozenset(
    "a an the of and or in on at to for with by from as is are but nor".split()
)


def _looks_like_title(content: str) -> bool:
    """Two to twelve words, every major word capitalised, no clause punctuation."""
    words = content.rstrip(".!?").split()
    if not 2 <= len(words) <= 12 or any(c in content for c in ",;"):
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(major) and all(w[:1].isupper() or not w[:1].isalpha() for w in major)


#: Words after which quotation marks hold a name, not speech: 'known as "X"',
#: 'a report titled "X"'.
NAMING_WORDS = frozenset(
    "titled entitled nicknamed so-called labeled labelled named dubbed branded".split()
)
#: Participles that name when they modify a noun ('a class called "X"'), and
#: report speech as a finite verb ('she called the plan "reckless"').
NAMING_PARTICIPLES = frozenset({"call", "dub", "brand", "label", "name", "title"})


def _names_something(ctx: _Context, q: QuoteSpan) -> bool:
    """Quotation marks around a name rather than speech: after "known as",
    "titled", "so-called" or a participle modifying a noun ('a box labeled
    "X"'); a capitalised title after a possessive ('the network's "Hannity"'); a
    short quotation standing as a modifier before a noun ('the "Avatar" star');
    a nickname between a first name and a surname."""
    doc, text = ctx.doc, ctx.text
    close = q.close_at if q.close_at is not None else q.end
    before = doc.char_span(q.open_at, q.open_at + 1, alignment_mode="expand")
    after = doc.char_span(close, close + 1, alignment_mode="expand")
    if before is None or after is None:
        return False
    prev = doc[before.start - 1] if before.start > 0 else None
    following = doc[after.end] if after.end < len(doc) else None
    if prev is None:
        return False
    if prev.lower_ in NAMING_WORDS and prev.lemma_.lower() not in NAMING_PARTICIPLES:
        return True
    if prev.lower_ == "as" and prev.i > 0 and doc[prev.i - 1].lower_ == "known":
        return True
    if prev.lemma_.lower() in NAMING_PARTICIPLES and prev.tag_ == "VBN" and prev.dep_ == "acl":
        return True
    content = text[q.start : q.end]
    words = content.split()
    if prev.tag_ == "POS" and content[:1].isupper() and len(words) <= 4:
        return True
    adjoining = following is not None and following.idx == close + 1 + (
        1 if text[close + 1 : close + 2] == " " else 0
    )
    if (
        adjoining
        and following.pos_ == "NOUN"
        and prev.tag_ in {"DT", "POS", "PRP$"}
        and len(words) <= 6
    ):
        return True
    return (
        len(words) <= 2
        and content[:1].isupper()
        and prev.text[:1].isupper()
        and prev.is_alpha
        and following is not None
        and following.text[:1].isupper()
        and following.is_alpha
        and following.idx == close + 2
        and prev.ent_type_ == "PERSON"
    )


def _sentence_of(ctx: _Context, char: int) -> int:
    """The index of the sentence holding character ``char``."""
    return max(0, bisect.bisect_right(ctx.sentence_starts, char) - 1)


def _sentence_window(ctx: _Context, q: QuoteSpan, lo: int, hi: int) -> tuple[int, int]:
    """The stretch of the quote's sentence outside the quote: back to the previous
    sentence end and forward to the next one, skipping over other quotes.

    Sentence ends are the tokenizer's final punctuation outside quotes ("Mr." and
    "U.S." are single tokens, so they end nothing). A quote that ends with its own
    full stop ('... ties." X said.') takes the tail after it too.
    """
    ends = ctx.sentence_ends
    start = lo
    last = bisect.bisect_left(ends, q.open_at) - 1
    if last >= 0 and ends[last] >= lo:
        start = ends[last] + 1
    end = hi
    after = (q.close_at + 1) if q.close_at is not None else q.end
    first = bisect.bisect_left(ends, after)
    if first < len(ends) and ends[first] < hi:
        end = ends[first] + 1
    return start, end


def _attribute(ctx: _Context, index: int) -> _Attribution:
    doc, q = ctx.doc, ctx.spans[index]
    paragraphs = ctx.paragraphs
    lo, hi = paragraphs[q.paragraph]
    start, end = _sentence_window(ctx, q, lo, hi)
    window = doc.char_span(start, end, alignment_mode="expand")
    if window is None:
        return _Attribution()
    quote_tokens = doc.char_span(q.start, q.end, alignment_mode="expand")
    closing = _verb_closing_after_quote(ctx, q)
    if closing is not None:
        verb, subject = closing
        found = _speaker_of_phrase(ctx, subject, q)
        if found is not None:
            found.cue = _cue_name(ctx.lexicon, verb)
            found.channel = _channel(ctx, window, quote_tokens)
            return found
    cue = _cue_verb(ctx, window, quote_tokens)
    if (
        cue is not None
        and any(c.dep_ == "nsubj" and c.lower_ == "you" for c in cue.children)
        and len(ctx.text[q.start : q.end].split()) < MIN_UNCUED_WORDS
    ):
        # 'as you put it, “more stable”': a phrase quoted back to the one addressed,
        # who is not named here; no more speech than a scare quote.
        return _Attribution()
    if cue is None and q.paragraph > 0 and not ctx.text[lo : q.open_at].strip():
        # 'X said in a statement:' closing the paragraph before a block quotation.
        before_lo, before_hi = paragraphs[q.paragraph - 1]
        if ctx.text[before_lo:before_hi].rstrip().endswith(":"):
            tail = [e for e in ctx.sentence_ends if before_lo <= e < before_hi - 1]
            intro = doc.char_span(
                tail[-1] + 1 if tail else before_lo, before_hi, alignment_mode="expand"
            )
            if intro is not None:
                window = intro
                cue = _cue_verb(ctx, intro, None)
    if cue is None:
        colon_subject = _subject_before_colon(ctx, window, q)
        if colon_subject is not None:
            found = _speaker_of_phrase(ctx, colon_subject, q)
            if found is None and not _can_speak(colon_subject):
                # "The result does not surprise pollster Daron Shaw: “...”": no one
                # speaks as the subject; the person named last before the colon does.
                found = _person_before_colon(ctx, window, q)
            if found is not None:
                found.cue = "colon"
                found.channel = _channel(ctx, window, quote_tokens)
                return found
    attribution = _Attribution()
    if cue is not None:
        attribution.cue = _cue_name(ctx.lexicon, cue)
        speaker = _speaker_of_verb(ctx, cue, q)
        if speaker is None:
            subject = _subject_of(cue, ctx.lexicon.reporting_verbs)
            if subject is not None and ctx.in_quote(subject):
                subject = None
            # A person in a subject phrase that does not denote them is not the
            # speaker: "Lind's old campaign adviser said" is the adviser.
            inside = _phrase_proper(subject) if subject is not None else set()
            # '"...," Gene Sperling, a Clinton adviser, said': the name the words
            # after the quotation open with, before any named in its description.
            speaker = _person_after_quote(ctx, q, cue) if subject is None else None
            if speaker is None:
                speaker = _person_beside(ctx, cue, [t for t in window if t.i not in inside])
            if speaker is None and subject is None:
                # 'Col. Jonas R. Lind, an army spokesman in the capital, said, "..."'
                # with the name hung elsewhere: the name before the asides.
                speaker = _person_just_before(ctx, cue)
            if speaker is None and subject is not None:
                speaker = _described(ctx, subject, cue)
        if speaker is not None:
            attribution = speaker
            attribution.cue = _cue_name(ctx.lexicon, cue)
    else:
        according = _according_to(ctx, window) or _dash_credit(ctx, q)
        if according is not None:
            attribution = according
    attribution.channel = _channel(ctx, window, quote_tokens)
    return attribution


def _phrase_proper(head: Token) -> set[int]:
    """The tokens of a noun phrase without the clauses hung on it: "a trader
    who said he was never paid" -> "a trader"."""
    clauses = {t.i for c in head.children if c.dep_ in {"relcl", "acl", "advcl"} for t in c.subtree}
    return {t.i for t in head.subtree if t.i not in clauses}


def _subject_of_clause_before(ctx: _Context, tokens: list[Token]) -> Token | None:
    """The subject of the main clause among ``tokens``, else the last subject that
    is not one of a relative clause ("The statement, which the agency published
    ..., read:" is the statement's). A document the parser made the root of a
    verbless sentence is its subject."""
    subjects = [
        t
        for t in tokens
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ != "relcl" and not ctx.in_quote(t)
    ]
    if subjects:
        return next((t for t in subjects if t.head.dep_ == "ROOT"), subjects[-1])
    return next(
        (t for t in tokens if t.dep_ == "ROOT" and t.lower_ in DOCUMENT_WORDS),
        None,
    )


def _subject_before_colon(ctx: _Context, window: Span, q: QuoteSpan) -> Token | None:
    """The subject of a clause that introduces the quote with a colon:
    'Dr Jaishankar struck a measured tone on Twitter: "..."'."""
    if not ctx.text[window.start_char : q.open_at].rstrip().endswith(":"):
        return None
    before = [t for t in window if t.idx < q.open_at]
    words = [t for t in before if not t.is_punct and not t.is_space]
    clause = next(
        (t for t in [*words[-1:], *(words[-1].ancestors if words else ())] if t.dep_ == "relcl"),
        None,
    )
    if clause is not None and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ == "WDT" for c in clause.children
    ):
        # "... the Convention, which is inspired by its core tenet: '...'": the
        # colon ends a clause about a thing, and what it introduces is the thing's.
        return None
    return _subject_of_clause_before(ctx, before) or _name_as_label(ctx, before)


def _person_before_colon(ctx: _Context, window: Span, q: QuoteSpan) -> _Attribution | None:
    """The person whose name ends just before the colon that opens the quote."""
    words = [t for t in window if t.idx < q.open_at and not t.is_space]
    if len(words) < 2 or words[-1].text != ":" or ctx.in_quote(words[-2]):
        return None
    key = ctx.actors.person_at_token.get(words[-2].i)
    return _named(ctx, key, 0.6) if key else None


def _name_as_label(ctx: _Context, before: list[Token]) -> Token | None:
    """A person's name alone before the colon, at the start of the sentence or after a
    dash: a headline's 'Kasich: ‘...’', a digest's '- Philip Bump: “...”'."""
    words = [t for t in before if not t.is_space]
    if len(words) < 2 or words[-1].text != ":":
        return None
    name = words[:-1]
    key = ctx.actors.person_at_token.get(name[-1].i)
    if key is None or ctx.in_quote(name[-1]):
        return None
    first = len(name) - 1
    while first > 0 and ctx.actors.person_at_token.get(name[first - 1].i) == key:
        first -= 1
    if first > 0 and name[first - 1].text not in DASHES:
        return None
    return name[-1]


def _person_beside(ctx: _Context, verb: Token, window: Span | list[Token]) -> _Attribution | None:
    """When the parse gives the cue verb no usable subject, the person named closest
    to it outside quotes, a few words away at most ("... ," Chief Jordan said Monday),
    and not one the verb's words are about or addressed to."""
    best = None
    # "says of Clinton", "spoke to Lind about Vos": whom the words are about or for.
    spoken_of = {
        t.i
        for c in verb.children
        if c.dep_ in {"prep", "dative"} and c.i > verb.i
        for t in c.subtree
    }
    for token in window:
        key = ctx.actors.person_at_token.get(token.i)
        if key is None or ctx.in_quote(token) or token.i in spoken_of:
            continue
        if token.i < verb.i and _subject_of_another(ctx, token, verb):
            continue  # "The Herald's Ana Vos reported, her editor told her"
        if (
            token.i < verb.i
            and _object_of_preposition(token)
            and any(t.text == "," for t in ctx.doc[token.i : verb.i])
        ):
            continue  # "Trump, asked about journalists under Putin, had said": an aside's
        distance = abs(token.i - verb.i)
        if distance <= 6 and (best is None or distance < best[0]):
            best = (distance, key)
    return _named(ctx, best[1], 0.7) if best else None


def _subject_of_another(ctx: _Context, token: Token, verb: Token) -> bool:
    """Whether the name ``token`` is part of is the subject of another speech verb
    than ``verb``: that verb's speaker, not this one's. (After the verb, a name
    is often its subject misparsed: "said Ana Vos, half in jest".)"""
    token = _name_head(token)
    other = token.head
    return (
        token.dep_ in {"nsubj", "nsubjpass"}
        and other.i != verb.i
        and other.lemma_.lower() in ctx.lexicon.cue_verbs
    )


#: What a verb closing the sentence after a quotation may have besides its subject:
#: "..., an angry Hollande retaliated on Sunday."
CLOSING_VERB_DEPS = frozenset({"nsubj", "advmod", "npadvmod", "prep", "punct", "aux", "neg"})


def _verb_closing_after_quote(ctx: _Context, q: QuoteSpan) -> tuple[Token, Token] | None:
    """'"The pier stays ours," an angry Varga retorted.': a verb that
    no word list holds but that stands where a speech verb does, after the quotation
    and its speaker, closing the sentence with nothing reported of its own. The
    verb and its subject."""
    if q.close_at is None:
        return None
    doc = ctx.doc
    # (a few words are enough to find the first one after the closing mark)
    after = doc.char_span(
        q.close_at + 1, min(len(ctx.text), q.close_at + 40), alignment_mode="expand"
    )
    if after is None or not len(after):
        return None
    first = after[0] if after[0].text != "," else (after[1] if len(after) > 1 else None)
    if first is None or ctx.in_quote(first) or first.is_punct:
        return None
    mark = ctx.text[q.end : first.idx]
    if "," not in mark and not (("!" in mark or "?" in mark) and not first.is_sent_start):
        return None  # '"We will win." The crowd cheered.': a sentence of its own
    opening = doc.char_span(q.open_at, q.open_at + 1, alignment_mode="expand")
    if opening is None or any(
        t.idx < q.open_at and not t.is_punct and not ctx.in_quote(t) for t in opening[0].sent
    ):
        return None  # 'In "Hail, Caesar!," Brolin gets into the spirit': a title
    verb = first.sent.root
    if verb.pos_ != "VERB" or verb.tag_ not in {"VBD", "VBZ"} or verb.i <= first.i:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if (
        subject is None
        or subject.left_edge.i != first.i
        or subject.right_edge.i != verb.i - 1
        or any(c.dep_ not in CLOSING_VERB_DEPS for c in verb.children if not ctx.in_quote(c))
        or any(c.dep_ == "prep" and c.i < verb.i for c in verb.children)
    ):
        return None
    return verb, subject


def _person_after_quote(ctx: _Context, q: QuoteSpan, verb: Token) -> _Attribution | None:
    """ "...," harbour pilot Jonas Lind, holding his cap, said: the person
    named in the first words after the quotation, when the verb after them has no
    subject of its own."""
    if q.close_at is None or verb.idx < q.close_at:
        return None
    first = verb.i
    while first > 0 and ctx.doc[first - 1].idx > q.close_at:
        first -= 1
    words = 0
    for token in ctx.doc[first : verb.i]:
        key = ctx.actors.person_at_token.get(token.i)
        if key is not None:
            return _named(ctx, key, 0.6)
        if not token.is_punct:
            words += 1
            if words > 3:
                return None
    return None


def _person_just_before(ctx: _Context, verb: Token) -> _Attribution | None:
    """The person named in the three words before ``verb``, outside quotes, or in
    the three words before a comma that opens what is set off between the name
    and the verb: one aside or two ('Harry Reid, the minority leader, said';
    'Sanders, meanwhile, who has no such endorsements, said'), commas within an
    aside included ('Jonas Lind, a Split, Croatia, pilot, said')."""
    doc, end = ctx.doc, verb.i
    while end > 0 and doc[end - 1].dep_ in {"aux", "auxpass", "neg"} and doc[end - 1].head == verb:
        end -= 1  # "Berger, asked about Lind, had said": the aside ends before "had"
    key = _person_in_words_before(ctx, end)
    aside = end > 0 and doc[end - 1].text == ","
    if key is not None and aside and _object_of_preposition(doc[end - 2]):
        # "Kim Yo-jong, the sister of leader Kim Jong Un, accused ...": the name
        # ending the aside belongs to it.
        key = None
    if key is not None or not aside:
        return _named(ctx, key, 0.6) if key else None
    for i in range(end - 2, max(-1, end - 2 - 2 * MAX_ASIDE_TOKENS), -1):
        if ctx.in_quote(doc[i]) or doc[i].text in FULL_STOPS:
            return None
        if doc[i].text == ",":
            key = _person_in_words_before(ctx, i)
            if key is not None:
                return _named(ctx, key, 0.6)
    return None


def _object_of_preposition(token: Token) -> bool:
    """Whether ``token`` is a word of the object of a preposition ("of leader Kim
    Jong Un")."""
    return _name_head(token).dep_ == "pobj"


def _name_head(token: Token) -> Token:
    """The last word of the name ``token`` is part of ("Kim" in "Kim Jong Un" ->
    "Un"): the parse hangs a name's other words on it as compounds."""
    while token.dep_ in {"compound", "flat"} and token.head.i > token.i:
        token = token.head
    return token


def _person_in_words_before(ctx: _Context, end: int) -> str | None:
    """The person named in the three words before token ``end``, outside quotes."""
    for token in reversed(ctx.doc[max(0, end - 3) : end]):
        key = ctx.actors.person_at_token.get(token.i)
        if key and not ctx.in_quote(token):
            return key
    return None


DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2015", "\u2022"})
_DASH_CREDIT = re.compile(r"\s*[―—–]\s*")


def _dash_credit(ctx: _Context, q: QuoteSpan) -> _Attribution | None:
    """A quotation credited after a dash: '"...." ― Karen Bobadilla'."""
    if q.close_at is None:
        return None
    match = _DASH_CREDIT.match(ctx.text, q.close_at + 1)
    if match is None:
        return None
    span = ctx.doc.char_span(
        match.end(), min(len(ctx.text), match.end() + 60), alignment_mode="expand"
    )
    if span is None:
        return None
    for token in span:
        key = ctx.actors.person_at_token.get(token.i) or ctx.org_at_token.get(token.i)
        if key:
            return _named(ctx, key, 0.8)
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            head = token
            while head.i + 1 < len(ctx.doc) and ctx.doc[head.i + 1].pos_ == "PROPN":
                head = ctx.doc[head.i + 1]
            return _unlisted_speaker(ctx, head)
        if not token.is_space:
            return None
    return None


VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBN", "VBG", "VB"})
#: A verb that tells of words spoken, not of words one might speak ('allowed them
#: to tell ...').
SPOKEN_TAGS = VERB_TAGS - {"VB"}


def _is_cue(lexicon: QuoteLexicon, token: Token) -> bool:
    """A speech verb: by its lemma when tagged as a verb, or by its inflected form
    when the tagger took it for something else ("Mr Trump joked" as a name)."""
    if token.lemma_.lower() in lexicon.cue_verbs and (
        token.pos_ in {"VERB", "AUX"} or token.tag_ in VERB_TAGS
    ):
        return True
    if _phrasal_cue(token) is not None or _gerund_read_as_noun(lexicon, token) is not None:
        return True
    return token.text.islower() and token.text in lexicon.cue_forms


def _gerund_read_as_noun(lexicon: QuoteLexicon, token: Token) -> str | None:
    """The speech verb of an "-ing" form the tagger took for a noun, with the name
    before it as its compound ("footage of Trump saying, ..."), if it is one."""
    if token.tag_ != "NN" or not token.lower_.endswith("ing"):
        return None
    if not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children):
        return None
    stem = token.lower_[:-3]
    return next((verb for verb in (stem, stem + "e") if verb in lexicon.cue_verbs), None)


#: Verbs that speak with the word right after them, and the cue each records:
#: '"...," Trump went on' continues; 'Clinton shot back, "..."' answers in kind;
#: 'as Rosenthal put it, "..."'.
PHRASAL_CUES = {
    ("go", "on"): "continue",
    ("shoot", "back"): "shoot back",
    ("fire", "back"): "fire back",
    ("hit", "back"): "hit back",
    ("put", "it"): "put it",
}


def _phrasal_cue(token: Token) -> str | None:
    """The cue of a verb and the particle or "it" right after it ("went on", "shot
    back", "put it"), if they speak; "went on to say" is the "say"."""
    lemma = token.lemma_.lower()
    if lemma not in {verb for verb, _ in PHRASAL_CUES}:
        return None
    word = next(
        (c for c in token.children if c.i == token.i + 1 and c.dep_ in {"prt", "advmod", "dobj"}),
        None,
    )
    if word is None or any(
        c.dep_ == "xcomp" or (c.dep_ == "dobj" and c.i != word.i) for c in token.children
    ):
        return None
    return PHRASAL_CUES.get((lemma, word.lower_))


def _cue_name(lexicon: QuoteLexicon, token: Token) -> str:
    """The cue recorded for a speech verb: its lemma, or its phrasal cue."""
    return _phrasal_cue(token) or _gerund_read_as_noun(lexicon, token) or token.lemma_.lower()


def _cue_verb(ctx: _Context, window: Span, quote_tokens: Span | None) -> Token | None:
    """The speech verb outside quotes that governs or stands beside this quote."""
    quote_ids = (
        set(range(quote_tokens.start, quote_tokens.end)) if quote_tokens is not None else set()
    )
    best: tuple[tuple[int, int], Token] | None = None
    for token in window:
        if ctx.in_quote(token) or not _is_cue(ctx.lexicon, token):
            continue
        governs = any(t.i in quote_ids for t in token.subtree)
        distance = min((abs(token.i - i) for i in quote_ids), default=99)
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
        # On a tie the innermost verb wins: in 'praised those who left but said,
        # "..."' the quotation is what was said.
        score = (
            distance - (20 if governs else 0) - (5 if has_subject else 0),
            token.right_edge.i - token.left_edge.i,
        )
        if best is None or score < best[0]:
            best = (score, token)
    return best[1] if best else None


def _subject_of(verb: Token, cues: frozenset[str] = frozenset()) -> Token | None:
    """The subject of a cue verb; ``cues`` lets a coordinated cue that the parser
    hung inside another cue's reported clause find the speaker of that cue."""
    if verb.lemma_.lower() in ADDRESSEE_VERBS and any(c.dep_ == "nsubjpass" for c in verb.children):
        # "Vos was asked by the host, Ana Lind, ...": the one asking speaks; "the
        # department was told that ...", "residents were warned": those spoken to
        # are no speakers, and no one else is named.
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    if verb.tag_ == "NN" and verb.lower_.endswith("ing"):
        # "Trump saying", the participle read as a noun: the name compounded with it.
        named = next((c for c in verb.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        if named is not None:
            return named
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        # "Large majorities of voters going to the polls said ...", the participle
        # read as a clause standing for the subject: the noun it was hung on.
        subjects = [
            s
            for c in verb.children
            if c.dep_ == "csubj" and c.tag_ == "VBG"
            for s in c.children
            if s.dep_ == "nsubj" and s.i < c.i
        ]
    shown = _shown_speaking(verb) if not subjects else None
    if shown is not None:
        return shown
    if subjects:
        # A misparse can hang a second subject on the verb (a heading run into
        # the sentence): the one nearest the verb is its own; a name right after
        # it first ("The talks, said Ines Varga, would resume").
        inverted = [t for t in subjects if t.left_edge.i == verb.i + 1 and t.ent_type_ == "PERSON"]
        subject = inverted[0] if len(subjects) > 1 and inverted else None
        subject = subject or min(subjects, key=lambda t: abs(t.i - verb.i))
        if subject.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl" and verb.head.i != verb.i:
            # "Narendra Modi, who said ...": the noun the clause is hung on; "X is a
            # veteran diplomat who said ...": the subject that noun describes.
            noun = verb.head
            while noun.dep_ == "conj" and noun.head.i != noun.i:
                noun = noun.head
            if noun.dep_ == "attr" and noun.head.lemma_ == "be" and not noun.ent_type_:
                described = _subject_of(noun.head)
                if _can_speak(described):
                    return described
            return verb.head
        return subject
    if (
        verb.dep_ == "conj"
        and verb.tag_ in {"VBD", "VBZ"}
        and verb.head.tag_ == "VB"
        and verb.head.dep_ == "xcomp"
    ):
        # "urged Washington to act and called for ...": a finite verb is no part of
        # the infinitive it is joined to; its subject is that of the verb above.
        return _subject_of(verb.head.head, cues)
    if verb.dep_ == "xcomp":
        # "forced the banker to admit that ...": the object speaks, not the subject.
        controller = next(
            (c for c in verb.head.children if c.dep_ in {"dobj", "dative"} and c.i < verb.i), None
        )
        if controller is not None:
            return controller
    if (
        verb.dep_ == "conj"
        and cues
        and (verb.head.lemma_.lower() not in cues or _under_a_modal(verb))
        # "said the king had spoken to X and had assured him": the auxiliary keeps
        # the second verb inside the reported clause.
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    ):
        # "X said (that) Y would act and warned that ...": the parse joins "warned"
        # to the reported verb; the speaker is the subject of the cue that reports
        # the nearest clause above ("said the delay showed that X had not
        # planned ..., and accused ...").
        child = verb.head
        while child.head.i != child.i and not (
            child.dep_ == "ccomp" and child.head.lemma_.lower() in cues
        ):
            child = child.head
        if child.dep_ == "ccomp" and child.head.lemma_.lower() in cues:
            return _subject_of(child.head, cues)
    # "Narendra Modi, addressing a rally, said ...": the subject hung on the
    # participle set off between it and the verb.
    aside = next(
        (
            c
            for c in verb.children
            if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in {"VBG", "VBN"}
        ),
        None,
    )
    if aside is not None:
        subject = next((c for c in aside.children if c.dep_ == "nsubj" and c.i < aside.i), None)
        if subject is not None:
            return subject
    clause = verb.head
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.lemma_.lower() in GOING_ON_VERBS
        and verb.i > clause.i
        and clause.dep_ == "ccomp"
        and clause.head.lemma_.lower() in cues
    ):
        # "Vos told the Herald that Lind had a reckless plan, adding, ...": the
        # speaker goes on; the parse hangs the participle on the reported clause.
        return _subject_of(clause.head, cues)
    # "... ," Qureshi said in a later tweet, with the verb parsed under another clause.
    if verb.dep_ in {"conj", "xcomp", "advcl"}:
        subject = _subject_of(verb.head)
        if verb.dep_ == "advcl" and verb.i > verb.head.i and not _can_speak(subject):
            # "The war began when Abiy sent troops, accusing the TPLF of ...": the
            # participle is the act of whoever acts in the adverbial clause before it.
            nearer = [
                t
                for t in verb.doc[verb.head.i + 1 : verb.i]
                if t.dep_ == "nsubj" and _can_speak(t) and _tells_when(t.head, verb.head)
            ]
            if nearer:
                return nearer[-1]
        return subject
    # "Mitt Romney, the 2012 nominee, tweeted in response: ..." with the verb read
    # as a participle on the name: the name is its subject.
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.lemma_.lower() not in ADDRESSEE_VERBS
        and not any(c.dep_ == "agent" for c in verb.children)
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and _can_speak(verb.head)
    ):
        return verb.head
    # "issued a statement saying that ...": the statement's author, or whoever
    # issued it.
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        noun = verb.head
        author = next((c for c in noun.children if c.dep_ == "poss"), None)
        if author is not None:
            return author
        holder = noun.head.head if noun.dep_ == "pobj" else noun.head
        if noun.dep_ in {"dobj", "pobj"} and holder.pos_ in {"VERB", "AUX"}:
            return _subject_of(holder)
    # "responded by saying that ...": the subject of the verb the phrase modifies;
    # but "quoted Xi as saying" is Xi's.
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        modified = verb.head.head
        quoted = next((c for c in modified.children if c.dep_ == "dobj"), None)
        if verb.head.lower_ == "as" and quoted is not None:
            return quoted
        return _subject_of(modified)
    # "About 4 in 10 say ...": a share of those asked, parsed as a number on the verb.
    return next(
        (c for c in verb.children if c.dep_ == "nummod" and c.i < verb.i and c.like_num), None
    )


#: People named by how they stand to someone or something, not as speaking for it.
RELATION_NOUNS = frozenset(
    {
        "supporter",
        "critic",
        "opponent",
        "detractor",
        "backer",
        "fan",
        "ally",
        "rival",
        "friend",
        "enemy",
        "customer",
        "user",
        "voter",
        "admirer",
    }
)

#: Speech verbs whose object is the one spoken to: in the passive, the agent speaks.
ADDRESSEE_VERBS = frozenset(
    {"ask", "tell", "question", "press", "urge", "warn", "remind", "assure", "advise"}
)

#: Participles by which a speaker goes on after a reported clause ("..., adding").
GOING_ON_VERBS = frozenset({"add", "say", "note", "continue", "explain"})


#: Verbs of showing or perceiving, whose object a participle after it may have
#: speaking: "the ad shows Trump saying ...".
SHOWING_VERBS = frozenset({"show", "feature", "capture", "see", "hear", "catch", "film", "record"})


def _shown_speaking(verb: Token) -> Token | None:
    """The name right before a participle, when it is the object of "of" or of a
    verb of showing: the one speaking in "a clip of Trump saying he would ...",
    "the ad shows Obama saying ...", whatever the participle was hung on."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    name = verb.doc[verb.i - 1]
    if name.pos_ != "PROPN" or name.ent_type_ in {"NORP", "GPE"}:
        return None  # "38 percent of Chilean Americans saying ...": a share speaks
    if (name.dep_ == "pobj" and name.head.lower_ == "of") or (
        name.dep_ == "dobj" and name.head.lemma_.lower() in SHOWING_VERBS
    ):
        return name
    return None


def _under_a_modal(verb: Token) -> bool:
    """Whether ``verb``, a finite verb, is joined to a bare one under a modal ("said
    the country would declare ... and suggested ..."): the modal does not reach it,
    so it is no part of that clause."""
    head = verb.head
    return (
        verb.tag_ in {"VBD", "VBZ"}
        and head.tag_ == "VB"
        and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
    )


def _tells_when(clause: Token, main: Token) -> bool:
    """Whether ``clause`` is an adverbial clause of ``main``, or a clause saying when
    ("in November 2020 when Abiy sent troops")."""
    if clause.dep_ == "advcl":
        return clause.head.i == main.i
    return clause.dep_ == "relcl" and any(
        c.dep_ == "advmod" and c.lower_ in {"when", "as", "after", "before"}
        for c in clause.children
    )


def _can_speak(subject: Token | None) -> bool:
    """Whether ``subject`` names someone: a name, a group or a personal pronoun."""
    return subject is not None and (
        subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        or subject.pos_ == "PROPN"
        or subject.lower_ in {"he", "she", "they", "we", "i", "you"}
    )


def _speaker_of_verb(ctx: _Context, verb: Token, q: QuoteSpan) -> _Attribution | None:
    subject = _subject_of(verb, ctx.lexicon.reporting_verbs)
    if (subject is None or ctx.in_quote(subject)) and ctx.in_quote(verb.head):
        # "Clinton took the stage, telling the crowd, “...”": the parser hung the
        # participle on the quoted clause; it belongs to the clause before the marks.
        head = verb.head
        while ctx.in_quote(head) and head.head.i != head.i:
            head = head.head
        if not ctx.in_quote(head):
            subject = _subject_of(head, ctx.lexicon.reporting_verbs)
    if (subject is None or ctx.in_quote(subject)) and verb.tag_ == "VBG":
        # "Ms. Vos did little to settle the question, ... insisting, “...”", the parse
        # lost in the quotations: the participle is the act of the main clause's
        # subject, the nearest before it.
        subject = next(
            (
                t
                for t in reversed(ctx.doc[verb.sent.start : verb.i])
                if t.dep_ == "nsubj"
                and not ctx.in_quote(t)
                and not ctx.in_quote(t.head)
                and t.head.tag_ in {"VBD", "VBZ", "VBP"}
                and t.head.dep_ not in {"advcl", "relcl", "acl"}
            ),
            None,
        )
    if subject is None or ctx.in_quote(subject):
        return None
    return _speaker_of_phrase(ctx, subject, q)


def _speaker_of_phrase(
    ctx: _Context, head: Token, q: QuoteSpan, depth: int = 0
) -> _Attribution | None:
    """Who a subject phrase denotes: a named person, an institution, a pronoun or a role."""
    tokens = [t for t in head.subtree if not ctx.in_quote(t)]
    if head.lower_ in DOCUMENT_WORDS and head.i not in ctx.actors.person_at_token and depth < 2:
        # "the statement said": whoever issued the statement.
        author = _document_author(ctx, head)
        if author is not None:
            found = _speaker_of_phrase(ctx, author, q, depth + 1)
            if found is not None:
                return found
    if head.lower_ in ctx.lexicon.institution_words and head.i not in ctx.actors.person_at_token:
        # "the prime minister's office said", "the office of the prime minister
        # said": the office speaks, not its owner.
        owner = _owner_of(head)
        if owner is not None and any(t.i in ctx.actors.person_at_token for t in owner.subtree):
            institution = _institution(ctx, head, tokens, owner)
            if institution is not None:
                return institution
    # A name in the phrase itself wins: "State Department spokesperson Morgan Ortagus".
    key = _person_in_phrase(ctx, head, tokens)
    if key:
        return _named(ctx, key, 0.9)
    pronoun = head.lower_
    if head.pos_ == "PRON" and pronoun in PRONOUNS:
        return _resolve_pronoun(ctx, head, q)
    if head.pos_ == "PRON" and pronoun == "it" and depth == 0:
        return _institution_before(ctx, head, q)
    named = _name_in_apposition(ctx, head)
    if named is not None:
        return named
    role = _resolve_role(ctx, head, tokens)
    if role is not None:
        return role
    institution = _institution(ctx, head, tokens)
    if institution is not None:
        return institution
    for token in [head, *tokens]:
        key = ctx.org_at_token.get(token.i)
        if key and not _describes_only(ctx, head, token, key):
            return _named(ctx, key, 0.8)
    if head.text[:1].isupper() and head.pos_ in {"PROPN", "NOUN"}:
        return _unlisted_speaker(ctx, head)
    return None


#: Entity types of words that are no person's name.
NOT_PERSON_ENTITIES = frozenset({"GPE", "LOC", "NORP", "ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART"})


def _name_in_apposition(ctx: _Context, head: Token) -> _Attribution | None:
    """A name the entity recogniser missed, set beside a role: "North Korea's first
    vice foreign minister, Choe Son Hui, said". Two proper nouns or more, none a
    place, group or organisation ("the capital, Astana", "a registered
    Republican")."""
    if head.pos_ != "NOUN" or head.lower_ in ctx.lexicon.institution_words:
        return None  # "a harbour lobby group, Pier Watch": an organisation's name
    for child in head.rights:
        if child.dep_ != "appos" or ctx.in_quote(child):
            continue
        name = [t for t in child.lefts if t.dep_ == "compound"] + [child]
        if (
            len(name) >= 2
            and all(t.tag_ == "NNP" and t.text[:1].isupper() for t in name)
            and not any(t.ent_type_ in NOT_PERSON_ENTITIES for t in name)
            and not any(t.i in ctx.org_at_token for t in name)
        ):
            return _unlisted_speaker(ctx, child)
    return None


def _institution_before(ctx: _Context, pronoun: Token, q: QuoteSpan) -> _Attribution | None:
    """What "it" speaks for: the nearest subject of the sentences just before that is
    an institution ("The Chinese foreign ministry gave its own account. It said ...")."""
    count = bisect.bisect_left(ctx.sentence_ends, pronoun.idx)
    lo = ctx.sentence_ends[count - 3] + 1 if count >= 3 else 0
    span = ctx.doc.char_span(lo, pronoun.idx, alignment_mode="contract")
    for token in reversed(list(span) if span is not None else []):
        if token.dep_ != "nsubj" or ctx.in_quote(token) or token.pos_ == "PRON":
            continue
        found = _speaker_of_phrase(ctx, token, q, depth=1)
        if found is not None and found.speaker_type == "ORG":
            found.confidence = 0.6
            return found
    return None


def _described(ctx: _Context, head: Token, cue: Token | None = None) -> _Attribution | None:
    """A source the article describes but does not name ("Police officials", "the
    Indiana governor", "a senior aide"): its phrase as the speaker, with no actor;
    without the clause of the ``cue`` itself ("European allies who argued that ...")."""
    if head.pos_ not in {"NOUN", "PROPN", "NUM"}:
        return None
    # The parse may run the phrase over a line break (a time stamp or a heading
    # before it): only the head's own line describes the source.
    line_start = ctx.text.rfind("\n", 0, head.idx) + 1
    line_end = ctx.text.find("\n", head.idx)
    line_end = len(ctx.text) if line_end < 0 else line_end
    words = [t for t in head.subtree if line_start <= t.idx < line_end]
    if cue is not None and cue.dep_ in {"relcl", "acl"} and cue.head.i == head.i:
        clause = range(cue.left_edge.i, cue.right_edge.i + 1)
        words = [t for t in words if t.i not in clause]
    if len(words) > MAX_DESCRIPTION_WORDS:
        # "a senator who has long opposed the plan": the clause says what the
        # source did, not who it is.
        clauses = {t.i for c in head.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
        words = [t for t in words if t.i not in clauses]
    if (
        not words
        or len(words) > MAX_DESCRIPTION_WORDS
        or any(ctx.in_quote(t) for t in ctx.doc[words[0].i : words[-1].i + 1])
    ):
        return None
    while words and (words[-1].is_punct or words[-1].is_space):
        words.pop()
    while words and (words[0].is_punct or words[0].is_space):
        words.pop(0)
    if not words:
        return None
    return _Attribution(
        speaker=ctx.text[words[0].idx : words[-1].idx + len(words[-1])], confidence=0.4
    )


def _owner_of(noun: Token) -> Token | None:
    """Whose a noun is: "X's office", "the office of X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > noun.i:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _person_in_phrase(ctx: _Context, head: Token, tokens: list[Token]) -> str | None:
    """The person a subject phrase names: its head, or a name in it that is not
    only the owner of a thing or a helper ("Abiy's chief of staff, Fitsum Arega"
    is Fitsum Arega; "Pagliano's lawyer" is not Pagliano)."""
    people = ctx.actors.person_at_token
    if head.i in people:
        return _name_beside_verb(ctx, head) or people[head.i]
    # "a statement from the Royal Cabinet, Mohammed VI told ...": a name the parse
    # hangs on an organisation in apposition is no part of it.
    organisation = (
        ctx.org_at_token.get(head.i, "").startswith("ORG:")
        or head.lower_ in ctx.lexicon.institution_words
    )
    for token in tokens:
        key = people.get(token.i)
        if key is None:
            continue
        path = token
        aside = False
        while path.i != head.i and path.head.i != path.i:
            aside = aside or (organisation and path.dep_ == "appos" and path.head.i == head.i)
            if path.dep_ == "poss" and path.head.pos_ == "NOUN" and path.head.i not in people:
                aside = True
            # "the ad that urges voters to punish X": X is spoken of, not speaking.
            aside = aside or path.dep_ in {"relcl", "advcl"}
            path = path.head
        if not aside:
            return key
    return None


def _name_beside_verb(ctx: _Context, subject: Token) -> str | None:
    """The person named between a subject that names another and its verb: "To
    know the real Lincoln, Senator Ana Vos said": two people in
    apposition, one name, a comma, the other name, the verb, are a misparse, the
    first name belonging to the clause before."""
    people, doc = ctx.actors.person_at_token, subject.doc
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.i < subject.i:
        return None
    for c in subject.rights:
        key = people.get(c.i)
        if c.dep_ != "appos" or key is None or key == people[subject.i]:
            continue
        comma = c.left_edge.i - 1
        if doc[comma].text == "," and comma - 1 == subject.i:
            if all(t.is_punct for t in doc[c.right_edge.i + 1 : verb.i]):
                return key
    return None


def _describes_only(ctx: _Context, head: Token, token: Token, key: str) -> bool:
    """A country that only describes a person or a thing: "the American president",
    "a British medical journal" speak, not the United States nor Britain ("Russian
    officials said" is still Russia's); and an organisation or country whose
    supporters, critics or allies speak ("Obamacare's supporters argue", "America's
    allies said"), who do not speak for it."""
    owner = token.dep_ == "poss" or any(c.tag_ == "POS" for c in token.children)
    if owner and token.head.i == head.i and head.lemma_.lower() in RELATION_NOUNS:
        return True
    if not key.startswith("COUNTRY:") or token.i == head.i or head.i in ctx.org_at_token:
        return False
    if head.lower_ in ctx.lexicon.title_words:
        return True
    return head.pos_ == "NOUN" and head.tag_ == "NN"


def _document_author(ctx: _Context, noun: Token) -> Token | None:
    """The author of a document a subject names: its owner or issuer in the phrase
    ("the ministry's statement", "a statement issued by the presidency"), else the
    author of the same kind of document last spoken of ("X said in a statement
    ... the statement said")."""
    author = _author_in_phrase(noun)
    if author is not None:
        return author
    if any(c.dep_ == "compound" for c in noun.children):
        return None  # "the KCNA report": the compound names it
    for token in reversed(ctx.doc[: noun.i]):
        if token.lower_ != noun.lower_ or ctx.in_quote(token):
            continue
        author = _author_in_phrase(token) or _author_of_mention(token)
        return author
    return None


def _author_in_phrase(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ != "PRP$":
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            source = next((c for c in child.children if c.dep_ == "pobj"), None)
            if source is not None:
                return source
        if child.dep_ == "relcl" and child.i > noun.i:
            signed = _name_signed(child)
            if signed is not None:
                return signed  # "which the agency published under the name of X"
            if child.lemma_.lower() in CARRYING_VERBS:
                continue  # "a letter the Post obtained", "a statement KCNA carried"
            # "a speech Ms. Vos delivered", "the letter that X wrote"
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.tag_ not in RELATIVE_TAGS:
                return subject
        if child.dep_ == "acl" and child.lemma_.lower() in AUTHORING_VERBS:
            for by in child.children:
                if by.dep_ == "agent" or (by.dep_ == "prep" and by.lower_ == "by"):
                    source = next((c for c in by.children if c.dep_ == "pobj"), None)
                    if source is not None:
                        return source
    return None


def _name_signed(verb: Token) -> Token | None:
    """X in "... under the name of X" or "... in the name of X" hung on ``verb``."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"under", "in"}:
            continue
        name = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if name is None or name.lower_ != "name":
            continue
        of = next((c for c in name.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            return next((c for c in of.children if c.dep_ == "pobj"), None)
    return None


def _author_of_mention(noun: Token) -> Token | None:
    """ "X said in a statement", "X issued a statement": X."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "in":
        verb = verb.head
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in AUTHORING_VERBS:
        return None
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    return _subject_of(verb)


def _institution(
    ctx: _Context, head: Token, tokens: list[Token], owner: Token | None = None
) -> _Attribution | None:
    """An institution named by a common noun: "the ministry said", "India's foreign
    ministry said" — the organisation of the article it names, else the phrase,
    with a country's possessive as its adjective ("the Indian foreign ministry")."""
    if head.lower_ not in ctx.lexicon.institution_words:
        return None
    tagged = ctx.org_at_token.get(head.i, "")
    if (
        tagged.startswith("ORG:")
        and head.i + 1 < len(ctx.doc)
        and ctx.org_at_token.get(head.i + 1) == tagged
        and ctx.doc[head.i + 1].tag_ != "POS"
    ):
        # "India's Ministry of External Affairs": the organisation the model found,
        # whose name goes on after the noun (not "India's Ministry").
        return _named(ctx, tagged, 0.8)
    if owner is not None and owner.i > head.i:
        # "the office of Prime Minister X" is "Prime Minister X's office".
        words = [t for t in owner.subtree if t.dep_ not in {"det", "punct"}]
        if not words:
            return None
        owner_name = clean_surface(ctx.doc[words[0].i : words[-1].i + 1].text)
        return _extra_org(ctx, f"{owner_name}'s {head.text}")
    words = [t for t in tokens if t.dep_ not in {"det", "punct"} and t.i <= head.i]
    if owner is None or len(words) < 2:
        # A person's office or campaign is that person's, whatever other office the
        # article names; "the PM Office" is not the Foreign Office, nor "the Clinton
        # campaign" the Trump campaign, but "the U.S. State Department" is the State
        # Department.
        said = {t.lower_ for t in words}
        for actor in [*ctx.actors.actors, *reversed(ctx.extra.values())]:
            named = set(actor.name.lower().split())
            if actor.type == "ORG" and head.lower_ in named and (said <= named or named <= said):
                return _named(ctx, actor.key, 0.7)
    if len(words) < 2:
        return _institution_named_before(ctx, head)
    if words[0].tag_ == "PRP$":
        # "his campaign", "their office": a source described, not an organisation
        # to list under that name.
        return _described(ctx, head)
    return _extra_org(ctx, _demonym_form(ctx, words, head))


def _demonym_form(ctx: _Context, words: list[Token], head: Token) -> str:
    """An institution's phrase with a country's possessive written as its adjective:
    "Ukraine's military" -> "Ukrainian military", so both spellings are one speaker."""
    countries = ctx.lexicon.countries
    first = words[0]
    if (
        countries is not None
        and first.dep_ == "poss"
        and first.head.i == head.i
        and first.i + 1 < len(ctx.doc)
        and ctx.doc[first.i + 1].tag_ == "POS"
    ):
        country = countries.lookup(first.text)
        if country is not None and country.demonyms:
            rest = ctx.doc[first.i + 2 : head.i + 1].text
            return clean_surface(f"{country.demonyms[0]} {rest}")
    return clean_surface(ctx.doc[first.i : head.i + 1].text)


def _institution_named_before(ctx: _Context, head: Token) -> _Attribution | None:
    """ "the ministry said" after "the Chinese foreign ministry gave its account":
    the institution last named in full with that noun."""
    for token in reversed(ctx.doc[: head.i]):
        if token.lower_ != head.lower_ or ctx.in_quote(token):
            continue
        words = [t for t in token.lefts if t.dep_ in {"amod", "compound", "poss"}]
        if not words:
            continue
        start = min(t.left_edge.i for t in words)
        phrase = [t for t in ctx.doc[start : token.i + 1] if t.dep_ not in {"det", "punct"}]
        if phrase:
            return _extra_org(ctx, _demonym_form(ctx, phrase, token))
    return None


def _extra_org(ctx: _Context, name: str) -> _Attribution:
    """An organisation speaker the entity recogniser did not list."""
    key = "ORG:" + " ".join(name_parts(name))
    actor = ctx.extra.setdefault(key, ArticleActor(key=key, name=name, type="ORG"))
    actor.aliases.add(name)
    actor.mentions += 1
    ctx.by_key[key] = actor
    return _named(ctx, key, 0.6)


def _unlisted_speaker(ctx: _Context, head: Token) -> _Attribution | None:
    """A speaker the entity recogniser missed ("Said Ellis:"): the proper-noun phrase
    of the subject, joined to a person of the article with that surname if any."""
    words = [
        t
        for t in head.subtree
        if t.pos_ in {"PROPN", "NOUN"} and t.i <= head.i and t.text[:1].isupper()
    ]
    honorific = head.i > 0 and ctx.doc[head.i - 1].lower_.rstrip(".") in HONORIFICS
    # After "Mr." a surname that is also a title ("Mr. King") is the surname.
    words = [
        t
        for t in words
        if t.lower_.rstrip(".") not in ctx.lexicon.title_words or (honorific and t.i == head.i)
    ]
    if not words or words[-1].i != head.i:
        return None
    words = [t for t in words if t.i >= words[-1].i - 3]
    name = clean_surface(ctx.doc[words[0].i : head.i + 1].text)
    parts = name_parts(name)
    if not parts:
        return None
    for actor in ctx.actors.actors:
        if actor.type == "PERSON" and refers_to(parts, name_parts(actor.name)):
            return _named(ctx, actor.key, 0.8)
    if head.pos_ != "PROPN" or (name.isupper() and len(name) > 3):
        return None  # a capitalised common noun, or a dateline ("LONDON —")
    key = "PERSON:" + " ".join(parts)
    actor = ctx.extra.setdefault(key, ArticleActor(key=key, name=name, type="PERSON"))
    actor.aliases.add(name)
    actor.mentions += 1
    ctx.by_key[key] = actor
    return _named(ctx, key, 0.7)


def _named(ctx: _Context, key: str, confidence: float) -> _Attribution:
    actor = ctx.by_key.get(key)
    name = actor.name if actor else key.split(":", 1)[1]
    kind = "PERSON" if key.startswith("PERSON:") else "ORG"
    return _Attribution(speaker_key=key, speaker=name, speaker_type=kind, confidence=confidence)


def _people_before(ctx: _Context, char: int, limit: int | None = None) -> list[str]:
    """The people mentioned before ``char``, each once, latest mention first; the
    first ``limit`` of them."""
    mentions = ctx.person_mentions
    seen: dict[str, None] = {}
    for at in range(bisect.bisect_left(mentions, (char, "")) - 1, -1, -1):
        seen.setdefault(mentions[at][1], None)
        if len(seen) in {limit, ctx.people}:
            break  # no need to read a long article back to its start
    return list(seen)


def _gender_fits(pronoun: str, gender: str | None) -> float:
    """How well a pronoun agrees with a gender: 2 agrees, 1.5 unknown (many names
    are unknown to the name list, which says nothing against them), 0.5 the name
    mostly belongs to the other sex, 0 cannot; 1 for every person when the pronoun
    has no gender."""
    want = PRONOUNS[pronoun]
    if want in {"p", "i"}:
        return 1
    if gender is None:
        return 1.5
    if gender.rstrip("?") == want:
        return 2
    return 0.5 if gender.endswith("?") else 0


def _person_in_subject(ctx: _Context, subject: Token) -> str | None:
    """The person a subject phrase names, in its head or an apposition ("the
    Supreme Leader, Ayatollah Ali Khamenei,"), not in a clause hung on it."""
    key = ctx.actors.person_at_token.get(subject.i)
    if key:
        return key
    for token in subject.subtree:
        key = ctx.actors.person_at_token.get(token.i)
        if key is None or ctx.in_quote(token):
            continue
        path = token
        while path.i != subject.i and path.dep_ not in {"relcl", "acl", "prep", "advcl"}:
            path = path.head
        if path.i == subject.i:
            return key
    return None


def _subjects_before(ctx: _Context, before: int, pronouns: bool = False) -> list[str]:
    """People who were grammatical subjects outside quotes in the two sentences
    before ``before`` (and in the part of its own sentence before it): subjects of
    main clauses first, each group latest first. With ``pronouns``, a "he"/"she"
    subject counts as the person it refers to."""
    count = bisect.bisect_left(ctx.sentence_ends, before)
    lo = ctx.sentence_ends[count - 3] + 1 if count >= 3 else 0
    span = ctx.doc.char_span(lo, before, alignment_mode="contract")
    main: list[str] = []
    other: list[str] = []
    for token in reversed(list(span) if span is not None else []):
        if (
            token.dep_ == "ROOT"
            and token.pos_ == "VERB"
            and token.lemma_.lower() in ctx.lexicon.cue_verbs
            and not ctx.in_quote(token)
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
        ):
            # "Speaking in Qom, the Supreme Leader, Ayatollah Ali Khamenei, said ...",
            # parsed with no subject: the person named just before the verb.
            found = _person_just_before(ctx, token)
            if found is not None and found.speaker_key:
                main.append(found.speaker_key)
            continue
        if token.dep_ not in {"nsubj", "nsubjpass"} or ctx.in_quote(token):
            continue
        key = _person_in_subject(ctx, token)
        if (
            key is None
            and token.tag_ == "WP"
            and token.head.dep_ == "relcl"
            and token.head.lemma_.lower() in ctx.lexicon.cue_verbs | SPEAKING_VERBS
        ):
            # "... came from Alberto Fernández, who spoke as ...": the person a
            # relative clause has speaking is its subject ("who died" is not).
            key = _person_in_subject(ctx, token.head.head)
        if key is None and pronouns and token.lower_ in {"he", "she"}:
            at = token.idx
            resolved = _resolve_pronoun(ctx, token, QuoteSpan(at, at, at, at, 0))
            key = resolved.speaker_key if resolved else None
        if key is None and token.lower_ in ctx.lexicon.title_words:
            role = _resolve_role(ctx, token, [t for t in token.subtree if not ctx.in_quote(t)])
            key = role.speaker_key if role else None
        if key:
            # The subject of a main clause is the centre of attention, more than
            # one in a clause hung on it ("while Wang Yi was abroad").
            (main if token.head.dep_ == "ROOT" else other).append(key)
    return list(dict.fromkeys(main + other))


def _resolve_pronoun(ctx: _Context, pronoun: Token, q: QuoteSpan) -> _Attribution | None:
    """The person a "he"/"she" speaker refers to.

    Candidates are the people mentioned before, latest first, that agree in
    gender. The subject of the sentences just before and the last named speaker
    are preferred over a person merely mentioned; a person the quote itself speaks
    of in the third person is not its speaker.
    """
    if PRONOUNS[pronoun.lower_] in {"p", "i"}:
        return None
    mentions = ctx.person_mentions
    quote_text_keys = {
        key
        for _, key in mentions[
            bisect.bisect_left(mentions, (q.start, "")) : bisect.bisect_left(mentions, (q.end, ""))
        ]
    }
    listeners = _listeners(ctx, pronoun.head) if pronoun.dep_ == "nsubj" else set()
    seen = _people_before(ctx, q.open_at, limit=8)
    subjects = _subjects_before(ctx, q.open_at)
    last_speaker = ctx.speakers[-1] if ctx.speakers else None
    scored = []
    for rank, key in enumerate(seen):
        fit = _gender_fits(pronoun.lower_, ctx.actors.genders.get(key))
        if fit == 0:
            continue
        if key in subjects:
            # A subject named by a role ("the Turkish leader said") is as recent
            # as the sentence it stands in, whatever its last mention by name.
            rank = min(rank, subjects.index(key))
        score = fit * 2 - rank
        if key in quote_text_keys or key in listeners:
            score -= 10
        if subjects and key == subjects[0]:
            score += 2.5
        elif key in subjects:
            score += 1
        if key == last_speaker:
            score += 1.5
        scored.append((score, -rank, key))
    if not scored:
        return None
    scored.sort(reverse=True)
    attribution = _named(ctx, scored[0][2], 0.7)
    return attribution


def _listeners(ctx: _Context, verb: Token) -> set[str]:
    """The people a cue verb is spoken to ("told the secretary", "said to Lavrov"):
    none of them is its speaker."""
    heard = []
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"} and child.i > verb.i:
            heard.append(child)
        elif child.dep_ == "prep" and child.lower_ == "to" and child.i > verb.i:
            heard.extend(c for c in child.children if c.dep_ == "pobj")
    keys = set()
    for head in heard:
        key = _person_in_subject(ctx, head)
        if key is None:
            role = _resolve_role(ctx, head, [t for t in head.subtree if not ctx.in_quote(t)])
            key = role.speaker_key if role else None
        if key is not None:
            keys.add(key)
    return keys


def _resolve_role(ctx: _Context, head: Token, tokens: list[Token]) -> _Attribution | None:
    """A role standing for a person named before: "the Pakistani Foreign Minister
    said", "the American president said", "the Turkish leader said".

    Among the people mentioned before the phrase, one whose recorded roles hold
    the head word, or whose country the phrase names, is the referent; the more
    of the phrase's words the roles share the better, then the latest mentioned.
    """
    if head.lower_ not in ctx.lexicon.title_words:
        return None
    countries = {
        ctx.by_key[key].name
        for t in tokens
        if (key := ctx.org_at_token.get(t.i)) and key.startswith("COUNTRY:") and key in ctx.by_key
    }
    words = {t.lower_ for t in tokens if t.pos_ in {"PROPN", "ADJ", "NOUN"}}
    seen = _people_before(ctx, head.idx)
    best = None
    for rank, key in enumerate(seen):
        actor = ctx.by_key.get(key)
        if actor is None:
            continue
        role_words = {
            w.lower()
            for role in actor.roles
            for w in role.replace("'s", "").replace("-", " ").split()
        }
        # "the leader" may be a president or a king, but "the president" is not
        # whoever was called a leader ("the opposition leader"), nor the vice-president.
        same_office = head.lower_ in role_words or (
            head.lower_ == "leader" and bool(role_words & LEADER_WORDS)
        )
        if (role_words & SECOND_RANKS) - words:
            continue
        score = 2 * same_office + 2 * (actor.country in countries)
        if score < 2 or (countries and actor.country and actor.country not in countries):
            continue
        score += len(words & role_words)
        if best is None or score > best[0]:
            best = (score, -rank, key)
    if best is None:
        return None
    attribution = _named(ctx, best[2], 0.7)
    return attribution


def _according_to(ctx: _Context, window: Span) -> _Attribution | None:
    for token in window:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(ctx.doc)
            and ctx.doc[token.i + 1].lower_ == "to"
        ):
            for obj in ctx.doc[token.i + 1].children:
                if obj.dep_ == "pobj":
                    found = _speaker_of_phrase(ctx, obj, QuoteSpan(0, 0, 0, None, 0))
                    if found is not None:
                        found.cue = "according to"
                        return found
    return None


def _channel(ctx: _Context, window: Span, quote_tokens: Span | None) -> str | None:
    text = " ".join(t.lower_ for t in window if not ctx.in_quote(t))
    for word, channel in ctx.lexicon.channels.items():
        if re.search(rf"\b{re.escape(word)}\b", text):
            return channel
    return None


def _carry_over(ctx: _Context, attributions: list[_Attribution]) -> None:
    """Give speakerless quotes the speaker of the quote they continue.

    A quote continues the one before when it opens its paragraph right after a
    paragraph that ended inside a quote, or follows it in the same paragraph. The
    speaker found anywhere in a chain of such quotes serves the whole chain.
    """
    spans = ctx.spans
    chains: list[list[int]] = []
    for i, q in enumerate(spans):
        if i == 0:
            chains.append([i])
            continue
        previous = spans[i - 1]
        lo, _ = ctx.paragraphs[q.paragraph]
        opens_paragraph = not ctx.text[lo : q.open_at].strip()
        same_paragraph = previous.paragraph == q.paragraph
        next_paragraph = previous.paragraph == q.paragraph - 1 and opens_paragraph
        if same_paragraph or (
            next_paragraph and (previous.continues or attributions[i].speaker is None)
        ):
            chains[-1].append(i)
        else:
            chains.append([i])
    for chain in chains:
        named = [attributions[i] for i in chain if attributions[i].speaker is not None]
        if not named:
            continue
        for position, i in enumerate(chain):
            if attributions[i].speaker is not None or attributions[i].cue == "transcript":
                continue  # a labelled turn ("VIDEO: ...") is no one's when not named
            before = [
                attributions[j] for j in chain[:position] if attributions[j].speaker is not None
            ]
            after = [
                attributions[j]
                for j in chain[position + 1 :]
                if attributions[j].speaker is not None
            ]
            source = before[-1] if before else after[0]
            attributions[i] = _Attribution(
                speaker_key=source.speaker_key,
                speaker=source.speaker,
                speaker_type=source.speaker_type,
                cue=attributions[i].cue or source.cue,
                confidence=0.6,
                channel=attributions[i].channel or source.channel,
            )


def _floating_speakers(ctx: _Context, attributions: list[_Attribution]) -> None:
    """Give a quotation that stands as a sentence of its own, with no cue and no
    speaker, the person who was the subject just before it ("He turned to
    Kashmir. "Peace cannot be built on a curfew."")."""
    for index, (q, attribution) in enumerate(zip(ctx.spans, attributions, strict=True)):
        if attribution.speaker is not None or attribution.cue is not None:
            continue
        content = ctx.text[q.start : q.end]
        if not content[:1].isupper() or len(content.split()) < MIN_UNCUED_WORDS:
            continue
        lo, hi = ctx.paragraphs[q.paragraph]
        start, _ = _sentence_window(ctx, q, lo, hi)
        if ctx.text[start : q.open_at].strip():
            continue  # part of the writer's sentence
        subjects = _subjects_before(ctx, q.open_at, pronouns=True)
        if subjects:
            found = _named(ctx, subjects[0], 0.5)
            found.channel = attribution.channel
            attributions[index] = found


def _transcript_quotes(ctx: _Context) -> list[Quote]:
    """Turns of a transcript ("SECRETARY BLINKEN: ...") as quotes of the labelled speaker.

    Only for texts with at least two labelled turns, so that a dateline such as
    "WASHINGTON: ..." is not read as a speaker.
    """
    text = ctx.text
    all_labels = sorted(
        [*TRANSCRIPT_LABEL.finditer(text), *BRACKETED_LABEL.finditer(text), *_named_labels(ctx)],
        key=lambda m: m.start(),
    )
    labels = [m for m in all_labels if _label_name(m.group("label"), ctx)]
    if len(all_labels) < 2:
        return []
    extra = ctx.extra
    quotes = []
    # Any label ends the turn before it, a speaker's or not ("Note: ...").
    boundaries = sorted(
        {m.start() for m in all_labels}
        | {m.start() for m in MIXED_CASE_LABEL.finditer(text)}
        | {len(text)}
    )
    # Quotations never leave their paragraph: count a paragraph's quoted
    # characters from its own.
    quoted_in: dict[int, list[QuoteSpan]] = {}
    for q in ctx.spans:
        quoted_in.setdefault(q.paragraph, []).append(q)
    paragraph_ends = [hi for _, hi in ctx.paragraphs]
    paragraph_starts = [lo for lo, _ in ctx.paragraphs]
    # A transcript whose turns each take one paragraph, quoted as an excerpt
    # ("Partial transcript as follows:"): after its last turn the writer may go on.
    turn_ends = {
        m.start(): boundaries[bisect.bisect_right(boundaries, m.start())] for m in all_labels
    }
    one_paragraph_turns = len(turn_ends) >= 3 and all(
        bisect.bisect_right(paragraph_starts, a) == bisect.bisect_left(paragraph_starts, b)
        for a, b in list(turn_ends.items())[:-1]
    )
    for m in labels:
        turn_end = turn_ends[m.start()]
        last_of_excerpt = one_paragraph_turns and turn_end == len(text)
        speaker_key, speaker_name, speaker_type = _label_speaker(ctx, m, extra)
        # An office ("Senior State Department Official") has no name to be spoken
        # of by: "the Secretary of State" in a turn is no sign the turn has ended.
        own_words = _third_person_words(speaker_name if speaker_key else "")
        for number in range(bisect.bisect_right(paragraph_ends, m.end()), len(ctx.paragraphs)):
            lo, hi = ctx.paragraphs[number]
            first = lo <= m.start() < hi
            lo = max(lo, m.end())
            if lo >= turn_end:
                break
            hi = min(hi, turn_end)
            start, end = _trimmed(text, lo, hi)
            if not first and own_words.search(text, start, end):
                # A paragraph that speaks of the speaker in the third person is the
                # writer's again ("The Secretary then travelled to Cairo."): the turn
                # has ended.
                break
            if not first and last_of_excerpt and not SPEAKING_PERSON.search(text, start, end):
                # After the last turn of an excerpt, a paragraph in which no one says
                # "I", "we" or "you" is the writer's.
                break
            if STAGE_DIRECTION.match(text[start:end]):
                continue
            if len(re.findall(r"[A-Za-z]{2,}", text[start:end])) < 2:
                if first:
                    break  # a tally, not a turn ("Clinton: 1,769."), nor what follows it
                continue
            quoted = sum(
                max(0, min(end, q.end) - max(start, q.start)) for q in quoted_in.get(number, ())
            )
            if end <= start or quoted > 0.5 * (end - start):
                # A turn that is mostly a quotation is that quotation's, found above.
                continue
            turn = _Attribution(
                speaker_key, speaker_name, speaker_type, "transcript", 0.9, "transcript"
            )
            quotes.append(_quote(ctx, start, end, turn))
    return quotes


def _quoted_turn(ctx: _Context, label: re.Match) -> _Attribution:
    """The speaker of a transcript turn quoted in marks, by its label."""
    if _label_name(label.group("label"), ctx) is None:
        return _Attribution(cue="transcript", channel="transcript")  # "QUESTION:"
    key, name, kind = _label_speaker(ctx, label, ctx.extra)
    return _Attribution(key, name, kind, "transcript", 0.9, "transcript")


def _third_person_words(name: str) -> re.Pattern:
    """The speaker's names of four letters or more, as a speaker would not use
    them of themselves (a title would: "I thank the Secretary-General")."""
    words = {w.capitalize() for w in re.findall(r"[A-Za-z]{4,}", name)}
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")


def _named_labels(ctx: _Context) -> list[re.Match]:
    """Turn labels written in ordinary case ("Hua Chunying: ...", "Q: ..."): only
    "Q" and the names of the article's people count, so "Note: ..." is no speaker."""
    found = []
    people = [name_parts(a.name) for a in ctx.actors.actors if a.type == "PERSON"]
    for match in MIXED_CASE_LABEL.finditer(ctx.text):
        label = match.group("label")
        if label.isupper() and len(label) >= 3:
            continue  # TRANSCRIPT_LABEL has it
        parts = name_parts(label)
        if label == "Q" or any(refers_to(parts, p) or parts == p for p in people):
            found.append(match)
    return found


def _label_name(label: str, ctx: _Context) -> str | None:
    words = [w for w in re.split(r"[\s.]+", label) if w]
    if not words or {" ".join(words).upper(), words[0].upper()} & NOT_SPEAKER_LABELS:
        return None
    name_words = [w for w in words if w.lower() not in ctx.lexicon.title_words]
    return " ".join(w.capitalize() for w in name_words) or None


def _label_speaker(
    ctx: _Context, match: re.Match, extra: dict[str, ArticleActor]
) -> tuple[str | None, str, str | None]:
    label = match.group("label")
    name = _label_name(label, ctx) or label.title()
    parts = name_parts(name)
    for actor in ctx.actors.actors:
        if actor.type != "PERSON":
            continue
        actor_parts = name_parts(actor.name)
        if actor_parts and parts and (actor_parts == parts or actor_parts[-1] == parts[-1]):
            return actor.key, actor.name, "PERSON"
    office = [w.lower().strip(".") for w in label.split() if w.lower() not in NUMBER_WORDS]
    if office and (office[-1] in ctx.lexicon.title_words or office[-1] in OFFICE_WORDS):
        # "SENIOR STATE DEPARTMENT OFFICIAL ONE:", "THE PRESIDENT:": an office that
        # names no one of the article, shown as written, with no actor.
        return None, clean_surface(label.title()), None
    words = ctx.doc.char_span(match.start("label"), match.end("label"), alignment_mode="expand")
    if label.lower() in ctx.lexicon.not_persons or (
        words is not None and all(t.ent_type_ == "ORG" for t in words)
    ):
        # A questioner from a news organisation ("CCTV: ...", "AFP: ..." at a briefing).
        return _extra_org(ctx, label).speaker_key, label, "ORG"
    key = "PERSON:" + " ".join(parts)
    actor = extra.setdefault(key, ArticleActor(key=key, name=clean_surface(name), type="PERSON"))
    actor.aliases.add(label)
    actor.mentions += 1
    return key, actor.name, "PERSON"


def _reported_content(
    ctx: _Context, token: Token, lemma: str
) -> tuple[Span, str, Token | None] | None:
    """The reported clause a cue introduces, the cue's name and the speaker phrase.

    "X said (that) CLAUSE", "X called for THING", "CLAUSE, X said, CLAUSE" (a
    parenthetical attribution, kept whole with the clause around it) and
    "according to X, CLAUSE".
    """
    doc = ctx.doc
    if token.lower_ == "according" and (token.dep_ != "prep" or token.head.i == token.i):
        return _according_to_misparsed(token)
    if token.lower_ == "according" and token.dep_ == "prep":
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        head = token.head
        while head.pos_ in {"NOUN", "PROPN", "PRON", "NUM"} and head.dep_ in {
            "nsubj",
            "nsubjpass",
            "dobj",
            "attr",
        }:
            # "Other gaps, according to the survey, include age": hung on a
            # subject or object, it tells the source of the whole clause.
            head = head.head
        if (
            token.i == token.sent.start
            and head.pos_ in {"VERB", "AUX"}
            and head.lemma_.lower() not in ctx.lexicon.reporting_verbs
            and not any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in head.children)
        ):
            # "According to the court filing, Lind and an aide asked ...": the
            # subject run into the source as more of it; the source ends at its comma
            # (but "According to X, writing for Y, ..." goes on past it).
            misparsed = _according_to_misparsed(token)
            if misparsed is not None and misparsed[0][0].tag_ not in {"VBG", "VBN"}:
                return misparsed
        if source is None or head.i == token.i or head.lemma_.lower() in ctx.lexicon.cue_verbs:
            return None  # "she said, according to X": she is the speaker, X the source
        if any(
            a.dep_ == "ccomp" and a.head.lemma_.lower() in ctx.lexicon.reporting_verbs
            for a in [head, *head.ancestors]
        ) or any(
            c.dep_ == "parataxis"
            and c.lemma_.lower() in ctx.lexicon.reporting_verbs
            and not _says_nothing(c)
            for c in head.children
        ):
            # "Wang said the move broke the norms, according to a statement" or "The
            # move, Wang said, broke the norms, according to ...": hung inside the
            # clause Wang reported, X is where his words were found.
            return None
        inside = range(token.left_edge.i, token.right_edge.i + 1)
        tokens = [t for t in head.subtree if t.i not in inside]
        sentence = token.sent
        if (
            tokens
            and inside.start > tokens[0].i > sentence.start
            and all(t.is_punct for t in doc[inside.stop : sentence.end])
        ):
            # "X wrote to the board, threatening a lawsuit, according to the Post",
            # "A, and B, according to X", or a subject misparsed: the source closing
            # the sentence tells all of it.
            tokens = [t for t in sentence if t.i < inside.start]
        if all(t.dep_ in LEADING_DEPS for t in tokens if t.i < inside.start):
            # "But according to the report, CLAUSE": what leads in to the source
            # goes with it, and the clause begins after its comma.
            tokens = [t for t in tokens if t.i >= inside.stop]
            while tokens and tokens[0].is_punct:
                tokens.pop(0)
        # "The talks will resume, according to X.": the source after the clause is
        # no part of it; its full stop, hung on the clause, does not take it in.
        while tokens and tokens[-1].is_punct and tokens[-1].i >= inside.stop:
            tokens.pop()
        if not tokens:
            return None
        return doc[tokens[0].i : tokens[-1].i + 1], "according to", source
    if token.pos_ == "NOUN" and lemma in ctx.lexicon.reporting_verbs:
        return _nominal_cue(token)
    if token.pos_ != "VERB" or (lemma in ctx.lexicon.cue_verbs and _says_nothing(token)):
        return None
    if _gapped(token):
        return None
    if lemma == "appeal":
        return _appeal(token, _subject_of(token, ctx.lexicon.reporting_verbs))
    if lemma == "call":
        content = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        # "called for X to do Y": what X is to do belongs with X, however parsed.
        task = _infinitive_after(token, token.i)
        if content is None and task is not None and task.left_edge.lower_ == "for":
            return (
                doc[task.left_edge.i + 1 : task.right_edge.i + 1],
                "call for",
                _subject_of(token, ctx.lexicon.reporting_verbs),
            )
        named = content is not None and any(
            c.dep_ in {"dobj", "oprd"} and not c.is_punct and c.i < content.i
            for c in token.children
        )
        if content is not None and content.right_edge.i > content.i and not named:
            # ("what she calls the 'old guard' for blocking ...": calling something a
            # name, the "for" tells why, and asks for nothing)
            end = content.right_edge.i
            if task is not None and task.left_edge.i == end + 1:
                end = task.right_edge.i
            return (
                doc[content.i + 1 : end + 1],
                "call for",
                _subject_of(token, ctx.lexicon.reporting_verbs),
            )
    if lemma == "ask":
        # "X asked (Y) whether ...": the question is X's; one asked of someone
        # ("when asked whether ...", "she was asked if ...") has no speaker to show.
        question = _embedded_question(token)
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None and token.dep_ == "conj" and token.tag_ in {"VBD", "VBZ", "VBP"}:
            # "She shook hands and asked the crew whether ...": the subject of the verb
            # the question is joined to.
            subject = _subject_of(token, ctx.lexicon.reporting_verbs)
        if question is not None and (
            token.tag_ == "VBN" or (subject is None and token.dep_ == "advcl")
        ):
            # (so is "when asked how ...", its participle read as a past tense)
            # "was asked by the moderator whether ...": the asker, when named.
            by = next((c for c in token.children if c.dep_ == "agent"), None)
            asker = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
            return question, "ask", asker
        if question is not None and subject is not None:
            return question, "ask", subject
    if lemma == "accuse":
        # "X accused Y of Z": the charge, with whom it is against.
        accused = next((c for c in token.children if c.dep_ == "dobj" and c.i > token.i), None)
        of = next(
            (
                c
                for c in [*token.children, *(accused.children if accused is not None else ())]
                if c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i > c.i
            ),
            None,
        )
        if accused is not None and of is not None and of.i > accused.i:
            return (
                doc[accused.left_edge.i : of.right_edge.i + 1],
                "accuse",
                _subject_of(token, ctx.lexicon.reporting_verbs),
            )
    if lemma in ctx.lexicon.reporting_verbs and lemma in COMMISSIVE_VERBS:
        pledge = next(
            (
                c
                for c in token.children
                if c.dep_ in {"xcomp", "advcl"} and c.i > token.i and c.tag_ == "VB"
            ),
            None,
        )
        # "promised Sunday to ...": a day read as the object is none.
        has_object = any(
            c.dep_ in {"dobj", "dative"} and c.ent_type_ not in {"DATE", "TIME"}
            for c in token.children
        )
        if (
            pledge is not None
            and not has_object
            and any(c.lower_ == "to" for c in pledge.children)
            and not _object_left_out(token, pledge)
        ):
            return (
                doc[pledge.left_edge.i : _deeds_end(token, pledge.right_edge.i) + 1],
                lemma,
                _subject_of(token, ctx.lexicon.reporting_verbs),
            )
    if lemma == "express":
        # "expressed the hope / concern / confidence that ...": the clause of the
        # feeling voiced.
        feeling = next((c for c in token.children if c.dep_ == "dobj"), None)
        voiced = _nominal_cue(feeling) if feeling is not None else None
        if voiced is not None:
            return voiced[0], lemma, _subject_of(token, ctx.lexicon.reporting_verbs)
    if lemma in PREDICATE_VERBS:
        judged = _object_and_predicate(token, ctx)
        if judged is not None:
            return judged[0], lemma, _subject_of(token, ctx.lexicon.reporting_verbs)
    if lemma not in ctx.lexicon.reporting_verbs:
        directive = _directive(token)
        return (
            (directive, lemma, _subject_of(token, ctx.lexicon.reporting_verbs))
            if directive is not None
            else None
        )
    if (
        token.dep_ == "advcl"
        and token.i < token.head.i
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)
        and not any(c.dep_ in {"ccomp", "dobj", "xcomp"} for c in token.children)
    ):
        # "As the Post reported, the talks had stalled": the clause the cue stands
        # before, without it; "The embassy, as the ministry said, has closed": the
        # clause the cue interrupts, whole.
        if any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.i < token.left_edge.i
            for c in token.head.children
        ):
            return (
                doc[token.head.left_edge.i : token.head.right_edge.i + 1],
                lemma,
                _subject_of(token, ctx.lexicon.reporting_verbs),
            )
        after = token.right_edge.i + 1
        while after < token.head.right_edge.i and doc[after].is_punct:
            after += 1
        if after < token.head.right_edge.i:
            return (
                doc[after : token.head.right_edge.i + 1],
                lemma,
                _subject_of(token, ctx.lexicon.reporting_verbs),
            )
    if token.dep_ == "parataxis" and token.head.i != token.i:
        head = token.head
        # "The difference now, he said, is that ...": hung on the subject, the
        # cue still interrupts the whole clause.
        while (
            head.pos_ not in {"VERB", "AUX"} or head.dep_ in {"aux", "auxpass"}
        ) and head.head.i != head.i:
            if _is_cue(ctx.lexicon, head.head):
                # "X said that ... — much the same, she said, as ...": the phrase
                # the cue interrupts, not the sentence of another cue.
                break
            head = head.head  # "Even so, she said, she's found ...": hung on "'s"
        end = head.right_edge.i
        aside = next(
            (
                c
                for c in head.children
                if c.dep_ == "advcl"
                and c.left_edge.i > token.right_edge.i
                and doc[c.left_edge.i - 1].text == ","
                and c.left_edge.lower_ in WRITERS_CONCESSIONS
            ),
            None,
        )
        if aside is not None:
            # "The pier will reopen, he said, though he gave no date": the writer's.
            end = aside.left_edge.i - 2
        return (
            doc[head.left_edge.i : end + 1],
            lemma,
            _subject_of(token, ctx.lexicon.reporting_verbs),
        )
    clause = _complement_clause(token)
    if (
        clause is not None
        and clause.i < token.i
        and _infinitive_after(token, token.i) is not None
        and _directive(token) is not None
    ):
        # "Only last week, would you believe, she urged the board to sell ...":
        # what she urged follows her; the clause before her is the writer's.
        clause = None
    inverted = _inverted_aside(token, clause) if clause is not None else None
    if inverted is not None:
        return inverted
    aside = _attribution_set_off(ctx, token) if clause is None else None
    if aside is not None:
        return aside, lemma, _subject_of(token, ctx.lexicon.reporting_verbs)
    content = None
    if clause is not None:
        start = _fronted_start(token, clause)
        content = doc[start : _complement_end(ctx, token, clause) + 1]
    if content is None:
        content = _that_clause_below(token)
    if content is None:
        content = _clause_read_as_gerund(token)
    if content is None:
        content = _clause_read_as_head(ctx, token)
    if content is None:
        content = _paragraph_after_colon(ctx, token)
    if content is not None:
        return content, lemma, _subject_of(token, ctx.lexicon.reporting_verbs)
    directive = _directive(token)
    if directive is not None:
        return directive, lemma, _subject_of(token, ctx.lexicon.reporting_verbs)
    deed = _gerund_reported(ctx, token)
    if deed is not None:
        return deed, lemma, _subject_of(token, ctx.lexicon.reporting_verbs)
    if lemma in OBJECT_REPORTING_VERBS or lemma in PEOPLE_OBJECT_VERBS:
        # "noted the rise in prices", "mentioned the talks in Oslo", "urged restraint":
        # the thing pointed out or asked for is what was said.
        thing = next((c for c in token.children if c.dep_ == "dobj" and c.i > token.i), None)
        subject = _subject_of(token, ctx.lexicon.reporting_verbs)
        if lemma in PEOPLE_OBJECT_VERBS and not _names_someone(ctx, subject):
            return None
        # ... or a deed named by its gerund ("proposed dropping the tax break").
        deed = next(
            (c for c in token.children if c.dep_ == "xcomp" and c.i > token.i and c.tag_ == "VBG"),
            None,
        )
        if thing is None and deed is not None and deed.right_edge.i > deed.i:
            thing = None if _object_left_out(token, deed) else deed
        if lemma == "recall" and thing is not None and _is_posted(ctx, thing):
            return None  # "France recalled its ambassador": withdrawn, not remembered
        if thing is not None and thing.pos_ in {"NOUN", "VERB"} and not _bare_reference(thing):
            return (doc[thing.left_edge.i : _phrases_after(token, thing) + 1], lemma, subject)
    return None


#: Prepositions of a phrase that goes on with what a verb's object says: "announced
#: a concert in support of the campaign", "proposed a levy on freight". Not those of
#: how or when it was said ("with some pride", "after the vote").
OBJECT_PREPOSITIONS = frozenset(
    {"of", "for", "in", "on", "to", "against", "about", "from", "at", "over", "into"}
    | {"toward", "towards", "between", "among", "under", "as"}
)


def _phrases_after(verb: Token, thing: Token) -> int:
    """The index of the last word of ``thing`` and of the verb's phrases that follow
    it word for word and tell of it, the parser having hung them on the verb: a
    phrase with one of the prepositions above, an infinitive ("demanded a vote to
    decide ..."). Not one that tells when ("on Monday")."""
    end = thing.right_edge.i
    for child in verb.children:
        if child.i <= end or child.left_edge.i != end + 1:
            continue
        if child.dep_ == "xcomp" or (
            child.dep_ == "prep"
            and child.lower_ in OBJECT_PREPOSITIONS
            and not any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)
        ):
            end = child.right_edge.i
    while end > thing.right_edge.i and verb.doc[end].is_punct:
        end -= 1
    return end


def _object_left_out(verb: Token, deed: Token) -> bool:
    """Whether the deed ``verb`` tells of lacks its object, which the relative
    clause the verb heads leaves out: "the fees she reported earning", "the sum the
    board pledged to raise" tell of the fees and the sum. Not "groups, which
    reported spending heavily", nor a deed with an object of its own."""
    return (
        verb.dep_ == "relcl"
        and not any(c.dep_ == "nsubj" and c.tag_ in RELATIVE_TAGS for c in verb.children)
        and not any(c.dep_ == "dobj" for c in deed.children)
    )


def _bare_reference(noun: Token) -> bool:
    """A noun phrase that only points back to what the article told already: "the
    move", "that decision", a noun alone. Words after the noun ("the rise in
    prices") or before it besides a definite article ("his resignation", "6,000
    layoffs", "a summit") say what was said."""
    if noun.right_edge.i > noun.i:
        return False
    return all(t.lower_ in POINTING_BACK for t in noun.doc[noun.left_edge.i : noun.i])


#: Determiners of a noun that points back to something already told.
POINTING_BACK = frozenset({"the", "this", "that", "these", "those"})

#: Those a government recalls from a post besides the titled ("its ambassador").
POSTED_WORDS = frozenset({"diplomat", "delegation", "consul", "troops", "forces", "personnel"})


def _is_posted(ctx: _Context, noun: Token) -> bool:
    """Whether ``noun`` names people holding a post: an envoy, diplomats, troops,
    "dozens of diplomats"."""
    nouns = [noun] + [
        c for of in noun.children if of.lower_ == "of" for c in of.children if c.dep_ == "pobj"
    ]
    return any(
        n.lemma_.lower() in ctx.lexicon.title_words or n.lemma_.lower() in POSTED_WORDS
        for n in nouns
    )


def _gerund_right_after(verb: Token) -> Token | None:
    """The "-ing" word right after ``verb`` that the parser hung on it as its
    complement ("denied taking", "said dredging it ...")."""
    return next(
        (c for c in verb.children if c.dep_ == "xcomp" and c.i == verb.i + 1 and c.tag_ == "VBG"),
        None,
    )


def _gerund_reported(ctx: _Context, verb: Token) -> Span | None:
    """A deed told as a gerund right after the speech verb, when someone who can
    speak tells it: "denied taking the money", "reported raising $9 million",
    "acknowledged making the remark". Not when the verb is denied ("has not denied
    planning it") or tells of a thing named before it ("the fees he reported
    receiving")."""
    if verb.dep_ == "relcl" or any(c.dep_ == "neg" for c in verb.children):
        return None
    gerund = _gerund_right_after(verb)
    if gerund is None or gerund.right_edge.i == gerund.i:
        return None
    if not _names_someone(ctx, _subject_of(verb, ctx.lexicon.reporting_verbs)):
        return None
    return verb.doc[gerund.i : gerund.right_edge.i + 1]


def _inverted_aside(verb: Token, clause: Token) -> tuple[Span, str, Token | None] | None:
    """ "Any fair reading of the deal, said Tomas Berger, an expert on ports, would
    see it as a retreat": the parser reads the name after the cue as the subject of
    the rest and the words before the cue as the cue's subject. The name set off by
    a comma is the speaker, and the sentence around the cue is what was said."""
    doc = verb.doc
    speaker = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    before = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if (
        speaker is None
        or before is None
        or before.i > verb.i
        or verb.i == 0
        or doc[verb.i - 1].text != ","
        or speaker.left_edge.i != verb.i + 1
        or speaker.pos_ != "PROPN"
        or speaker.ent_type_ != "PERSON"
    ):
        return None
    name_end = max(t.i for t in speaker.subtree if t.ent_type_ == "PERSON")
    if name_end + 1 >= len(doc) or doc[name_end + 1].text != ",":
        return None
    return doc[before.left_edge.i : clause.right_edge.i + 1], verb.lemma_.lower(), speaker


def _gapped(verb: Token) -> bool:
    """Whether a cue in a relative clause reports a clause whose missing object is
    the noun the relative clause hangs on: "the $2 million she says she raised",
    "the effect it said the levy would have". The cue has a subject of its own, and
    its clause a subject but no object: the clause alone says nothing. ("which she
    said were followed by ...", missing its subject, still reports what was
    said of the noun.)"""
    if verb.dep_ != "relcl":
        return False
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.tag_ in RELATIVE_TAGS:
        return False
    if any(
        c.tag_ == "WRB" or (c.dep_ == "prep" and any(g.tag_ in RELATIVE_TAGS for g in c.children))
        for c in verb.children
    ):
        return False  # "where he said ...", "at which he predicted ...": a whole clause
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    return (
        clause is not None
        and clause.i > verb.i
        and any(c.dep_ == "nsubj" and c.tag_ not in RELATIVE_TAGS for c in clause.children)
        and not any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp"} for c in clause.children)
    )


def _attribution_set_off(ctx: _Context, verb: Token) -> Span | None:
    """A cue set off by a comma that the parser hung as a complement on the clause
    it attributes: "If the ferry stops, Varga warned in a statement, the islands
    will be cut off" -> the clause around the cue, whether the condition hangs on
    the clause or the cue; "Varga warned in a statement, the islands ..." -> the
    clause after it. Not a cue with an object of its own ("announced her return,
    the port felt ..."), in the passive, or one that is itself reported by the
    verb above ("X has added a link, she noted")."""
    doc = verb.doc
    head, after = verb.head, verb.right_edge.i + 1
    if (
        verb.dep_ != "ccomp"
        or head.i <= after
        or doc[after].text != ","
        or head.lemma_.lower() in ctx.lexicon.cue_verbs
        or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        or _has_own_object(verb)
    ):
        return None
    if verb.left_edge.i > head.left_edge.i and doc[verb.left_edge.i - 1].text == ",":
        return doc[head.left_edge.i : head.right_edge.i + 1]
    if verb.left_edge.i == head.left_edge.i:
        if _words_before_were_said(verb):
            # "Though Pakistan wants peace, the minister said, it will ...": the
            # cue interrupts the whole sentence.
            return doc[head.left_edge.i : head.right_edge.i + 1]
        return doc[after + 1 : head.right_edge.i + 1]
    return None


def _paragraph_after_colon(ctx: _Context, verb: Token) -> Span | None:
    """The paragraph a cue introduces when its own paragraph ends with it and a
    colon ("The governor added:"), and that paragraph holds no quotation of its own:
    the words a page set apart, as a quotation or a post, without their marks."""
    doc = ctx.doc
    # "told reporters:", "said in a statement on Friday:"
    colon = next((t.i for t in doc[verb.i + 1 : verb.right_edge.i + 1] if t.text == ":"), None)
    if colon is None or doc[colon].head.i != verb.i:
        return None
    first = next((t for t in doc[colon + 1 :] if not t.is_space), None)
    if first is None or "\n" not in doc[colon : first.i].text:
        return None  # the words go on in the same paragraph (read by the parse)
    if not first.text[0].isupper():
        return None  # "The two sides affirm:" and a list of what they will do
    number = _paragraph_at(ctx, first.idx)
    lo, hi = ctx.paragraphs[number]
    if lo != first.idx or any(q.paragraph == number for q in ctx.spans):
        return None
    text = ctx.text[lo:hi]
    if TRANSCRIPT_LABEL.match(text):
        return None
    span = doc.char_span(lo, lo + len(text.rstrip()), alignment_mode="contract")
    if span is None or len(span) < MIN_UNCUED_WORDS:
        return None
    return span


def _fronted_start(verb: Token, clause: Token) -> int:
    """Where the clause a cue reports starts: at its own first word, or at the words
    before the cue when the cue is set off by commas inside the sentence (see
    :func:`_words_before_were_said`)."""
    doc = verb.doc
    start = first = clause.left_edge.i
    while first < clause.i and doc[first].is_punct:
        first += 1
    if (
        clause.i < verb.i
        or doc[first - 1].text != ","
        # "has claimed responsibility, leading ..."
        or _has_own_object(verb)
        or not _words_before_were_said(verb)
    ):
        return start
    return verb.left_edge.i


def _words_before_were_said(verb: Token) -> bool:
    """Whether the words the parse hung on a cue before its subject were said: the
    cue's subject set off by a comma, as in "Without a deal, officials told the BBC,
    the sanctions would stay" or "If the ferry stops, Varga warned, the islands
    will be cut off". Not when they tell when it was said or of the speaker
    ("On Tuesday, ...", "Speaking in Doha, ..."), nor when a conjunction joins
    clauses there ("The board had held out, but the losses had grown so large, Ms.
    Vos noted, that ...", "And yet, ..."): what comes before it is the writer's."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    return (
        subject is not None
        and verb.left_edge.i < subject.left_edge.i
        and doc[subject.left_edge.i - 1].text == ","
        and not any(_about_the_speaking(c) for c in verb.children if c.i < subject.i)
        and not any(
            t.pos_ == "CCONJ" and t.head.pos_ in {"VERB", "AUX"}
            for t in doc[verb.left_edge.i : subject.left_edge.i]
        )
    )


def _about_the_speaking(child: Token) -> bool:
    """Whether a word or phrase before a cue's subject tells of the speaker or of
    when the words were said, not what they said: "Asked about the talks, ...",
    "Speaking in Doha, ...", "On Friday, ...", "Last week, ..."."""
    if any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree):
        return True
    return (
        child.dep_ == "advcl"
        and child.tag_ in {"VBG", "VBN"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in child.children)
    )


def _has_own_object(verb: Token) -> bool:
    """Whether ``verb`` has an object that is what was said, or something else it
    acts on ("announced his return", "claimed responsibility"); not whom the words
    were for ("told CNN", "told reporters"), see :func:`_addressee`."""
    return any(c.dep_ == "dobj" and not _addressee(verb, c) for c in verb.children)


def _addressee(verb: Token, obj: Token) -> bool:
    """Whether ``obj``, the object of ``verb``, is whom the words were for: any
    object of "tell"; a name or a plural ("warned reporters") for "warn", "urge"
    and the like."""
    lemma = verb.lemma_.lower()
    return lemma in ADDRESSEE_VERBS and (lemma == "tell" or _can_speak(obj) or obj.tag_ == "NNS")


def _infinitive_after(verb: Token, position: int) -> Token | None:
    """The first clause of ``verb`` after ``position`` that is a "to" infinitive (what
    someone is called on, or appealed to, to do)."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in {"advcl", "xcomp"}
            and c.i > position
            and any(x.lower_ == "to" and x.dep_ == "aux" for x in c.children)
        ),
        None,
    )


def _according_to_misparsed(token: Token) -> tuple[Span, str, Token | None] | None:
    """ "According to X, CLAUSE" opening a sentence the parser got wrong ("the move
    reeks of ..." read as a noun phrase hung on X): the source up to the first
    comma, the rest of the sentence what it says."""
    doc, sentence = token.doc, token.sent
    if token.i != sentence.start or token.i + 2 >= sentence.end or doc[token.i + 1].lower_ != "to":
        return None
    comma = next((t.i for t in doc[token.i + 2 : sentence.end] if t.text == ","), None)
    if comma is None or comma == token.i + 2:
        return None
    end = sentence.end
    while end > comma + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - comma < 4:
        return None
    return doc[comma + 1 : end], "according to", doc[token.i + 2 : comma].root


def _appeal(verb: Token, subject: Token | None) -> tuple[Span, str, Token | None] | None:
    """What is appealed for ("appealed for calm"), or whom to do what ("appealed to
    both sides to protect civilians"); "appeals to voters" asks nothing."""
    doc = verb.doc
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.right_edge.i > c.i):
        if prep.lower_ == "for":
            return doc[prep.i + 1 : prep.right_edge.i + 1], "appeal for", subject
        task = _infinitive_after(verb, prep.i)
        if prep.lower_ == "to" and task is not None:
            return doc[prep.i + 1 : task.right_edge.i + 1], "appeal", subject
    return None


def _names_someone(ctx: _Context, subject: Token | None) -> bool:
    """Whether ``subject`` is someone who can speak: a name, a pronoun, an office."""
    return _can_speak(subject) or (
        subject is not None
        and (subject.lower_ in ctx.lexicon.title_words or subject.lower_ in OFFICE_WORDS)
    )


def _says_nothing(verb: Token) -> bool:
    """ "It goes without saying that ...", "needless to say", "suffice it to say",
    "it is fair to say", "let's say ...", "That said, ...", "all told", "one could
    say", "it should be noted that", "time will tell": a turn of phrase or the
    writer's own aside, no one's words."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    before = doc[verb.i - 1].lower_ if verb.i > 0 else ""
    if (
        lemma == "tell"
        and before == "all"
        and verb.i + 1 < len(doc)
        and doc[verb.i + 1].text == ","
    ):
        return True  # "All told, some 2,000 families could be affected"
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    if modal and any(s.lower_ == "one" and s.pos_ == "PRON" for s in subjects):
        return True  # "On some counts one could say ..."
    if (
        modal
        and verb.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in verb.children)
        and any(s.lower_ == "it" for s in subjects)
    ):
        return True  # "It should be noted that ..."
    if lemma == "add" and any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(
            o.dep_ == "pobj" and o.pos_ in {"NOUN", "PROPN"} and o.ent_type_ != "PERSON"
            for o in c.children
        )
        for c in verb.children
    ):
        return True  # "Azhar added to UN sanctions list", "adds to the risk": no words
    if lemma == "tell" and any(s.lower_ == "time" for s in subjects):
        return True  # "Only time will tell whether the truce holds"
    if lemma != "say":
        return False
    head = verb.head
    return (
        (
            before == "that"
            and doc[verb.i - 1].is_sent_start
            and verb.i + 1 < len(doc)
            and doc[verb.i + 1].text == ","
        )
        or (head.lower_ == "without" and verb.dep_ == "pcomp")
        or head.lemma_.lower() in WRITERS_HEDGES
        or any(c.dep_ == "acomp" and c.lemma_.lower() in WRITERS_HEDGES for c in head.children)
        or (head.lemma_.lower() == "let" and any(c.lemma_ == "us" for c in verb.children))
    )


#: Words that make "to say" the writer's hedge: "needless to say", "it is fair to say".
WRITERS_HEDGES = frozenset({"needless", "suffice", "fair", "safe", "accurate", "true"})


def _embedded_question(verb: Token) -> Span | None:
    """The question an "ask" reports: "asked (her) whether / if / how ..." -> the
    clause from its "whether" or question word."""
    for child in verb.children:
        if child.i < verb.i or child.dep_ not in {"ccomp", "advcl", "xcomp"}:
            continue
        first = child.left_edge
        if first.lower_ in {"if", "whether"} or first.tag_ in {"WRB", "WP", "WDT", "WP$"}:
            return verb.doc[first.i : child.right_edge.i + 1]
    return None


def _complement_clause(verb: Token) -> Token | None:
    """The head of the clause a speech verb reports: its complement after it
    before one before it ("It is unlikely; the team says she will go on" reports
    the second), or a clause with its own subject and no conjunction but "that"
    that the parser hung on as an adverbial ("said after the vote he would
    resign")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        return next((c for c in clauses if c.i > verb.i), clauses[0])
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "advcl"
            and c.i > verb.i
            and c.pos_ in {"VERB", "AUX"}
            and any(x.dep_ in {"nsubj", "nsubjpass"} and x.i < c.i for x in c.children)
            and not any(
                (x.dep_ == "mark" or x.tag_ in {"WRB", "WDT", "WP"}) and x.lower_ != "that"
                for x in c.children
            )
        ),
        None,
    )


#: Punctuation that ends a sentence.
FULL_STOPS = frozenset({".", "!", "?"})
#: Punctuation that ends a clause or sets the next one apart.
CLAUSE_BREAKS = FULL_STOPS | {";", ":", "-", "--", "\u2013", "\u2014"}


#: Conjunctions of a clause that goes on with the words a cue set in their midst
#: reports: "..., he said, because / if / unless ...". Not "though": "..., he said,
#: though he declined to say more" is the writer's.
GOING_ON_MARKS = frozenset({"because", "since", "unless", "if"})
#: Conjunctions of a clause after a cue that is the writer's, not the speaker's.
WRITERS_CONCESSIONS = frozenset({"though", "although"})


def _complement_end(ctx: _Context, verb: Token, clause: Token) -> int:
    """Where the complement ``clause`` of a speech verb ends. "say they do n't yet
    know ..." may be parsed as two clauses, 'do' and 'know': a complement beginning
    where the last one ends goes on with it, unless a full stop, a dash or a
    conjunction sets it apart ('... and quoted Reagan -- "..."') or it reports
    speech of its own ('..., adding, "..."'). A clause joined to the verb goes on
    with it too ("said that A, and that B"); a speech verb joined to the clause
    ends it ("said A and urged B")."""
    doc = ctx.doc
    end = clause.right_edge.i
    if not ctx.in_quote(clause):
        reason = next(
            (
                c
                for c in verb.children
                if c.dep_ == "advcl"
                and c.i > verb.i
                and (clause.i < verb.i or c.left_edge.i == end + 2)
                and doc[c.left_edge.i - 1].text == ","
                and any(m.dep_ == "mark" and m.lower_ in GOING_ON_MARKS for m in c.children)
                and any(s.dep_ in {"nsubj", "nsubjpass"} for s in c.children)
            ),
            None,
        )
        if reason is None and clause.i < verb.i and not any(c.dep_ == "neg" for c in verb.children):
            # "The northern pier lost 4 percent, the board said, and the southern one
            # lost 2 percent": a clause joined after the cue goes on too.
            reason = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ == "conj"
                    and c.pos_ in {"VERB", "AUX"}
                    and c.left_edge.i > verb.i
                    and doc[c.left_edge.i - 1].pos_ == "CCONJ"
                    and doc[c.left_edge.i - 2].text == ","
                    and not _is_cue(ctx.lexicon, c)
                    and any(s.dep_ in {"nsubj", "nsubjpass"} for s in c.children)
                ),
                None,
            )
        if reason is not None:
            # "She backs the levy, she said, because she values the pier", "said
            # the plan was reckless, because ...": the reason goes on with
            # what was said, though the parse hangs it on the cue.
            end = reason.right_edge.i
    for other in verb.children:
        gap = doc[end + 1 : other.left_edge.i]
        if (
            other.dep_ == "ccomp"
            and other.left_edge.i > end
            and all(t.dep_ == "neg" or t.norm_ in {"not", "n't"} for t in gap)
            and not any(
                t.pos_ == "CCONJ" or t.is_space or t.text in CLAUSE_BREAKS
                for t in (doc[end], other.left_edge)
            )
            and not (_is_cue(ctx.lexicon, other) and not ctx.in_quote(other))
            and not any(
                t.dep_ in {"advcl", "conj", "parataxis"}
                and _is_cue(ctx.lexicon, t)
                and not ctx.in_quote(t)
                for t in doc[clause.left_edge.i : other.i + 1]
            )
        ):
            end = other.right_edge.i
    for other in verb.children:
        if (
            other.dep_ == "conj"
            and other.left_edge.i > end
            and all(t.is_punct or t.pos_ == "CCONJ" for t in doc[end + 1 : other.left_edge.i])
            and not _is_cue(ctx.lexicon, other)
            and (_goes_on_reporting(other) or _tense_of_the_words(verb, other))
        ):
            # "said that A, and that B", "said she hoped A, and then would B", "said
            # she hopes A, but she knows B": the parse joins the second clause to
            # the verb; it is reported all the same.
            end = other.right_edge.i
    # "said the killing was a criminal act and urged all sides to ...": a speech
    # verb joined to the reported clause is the speaker's next act, reported on its
    # own, not part of what was said; but not when it may share the clause's past
    # perfect ("the minister had called them and said ...": all of it reported).
    shared = any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ == "VBD" for c in clause.children
    )
    for token in doc[clause.i + 1 : end + 1]:
        if (
            not shared
            and token.dep_ == "conj"
            and token.head.i == clause.i
            and token.tag_ in {"VBD", "VBZ"}
            and token.lemma_.lower() in ctx.lexicon.reporting_verbs
            and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in token.children)
        ):
            cut = token.left_edge.i
            while cut > clause.i and (doc[cut - 1].pos_ == "CCONJ" or doc[cut - 1].is_punct):
                cut -= 1
            return cut - 1
    return end


def _goes_on_reporting(clause: Token) -> bool:
    """Whether ``clause``, joined to a speech verb, goes on with what was said: it
    opens with "that", or has a modal and no subject of its own ("and would ...")."""
    children = list(clause.children)
    if any(c.dep_ == "mark" and c.lower_ == "that" and c.i == clause.left_edge.i for c in children):
        return True
    return not any(c.dep_ in {"nsubj", "nsubjpass"} for c in children) and any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in children
    )


def _tense_of_the_words(verb: Token, clause: Token) -> bool:
    """Whether ``clause``, joined to a speech verb in the past, is in the present or
    under a modal, as the words reported are and the writer's account of what
    happened is not, and has a pronoun for its subject, as the words reported go on
    speaking of what they spoke of: "said she hopes to win, but she knows ..."
    against "told the police she wanted none, but the police overruled her" or "said
    it is lowering its estimate, and the cut is weighing on markets"."""
    if verb.tag_ != "VBD":
        return False
    tags = {clause.tag_} | {c.tag_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    return bool(tags & {"VBZ", "VBP", "MD"}) and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ == "PRP" for c in clause.children
    )


def _nominal_cue(noun: Token) -> tuple[Span, str, Token | None] | None:
    """A speech noun with its "that" clause: "Trump's claim that ...", "made a
    promise that ..." -> the clause, the noun, and its owner or maker."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in {"acl", "ccomp", "relcl"}
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.dep_ == "dobj" and noun.head.pos_ in {"VERB", "AUX"}:
        owner = _subject_of(noun.head)
    content = noun.doc[clause.left_edge.i : clause.right_edge.i + 1]
    return content, noun.lemma_.lower(), owner


def _clause_read_as_gerund(verb: Token) -> Span | None:
    """A clause whose first word the parser read as a gerund complement, the rest
    of it hung below: "said dredging it could bring hundreds of jobs"."""
    gerund = _gerund_right_after(verb)
    if gerund is None or not any(c.dep_ == "ccomp" and c.i > gerund.i for c in gerund.children):
        return None
    return verb.doc[gerund.i : gerund.right_edge.i + 1]


def _clause_read_as_head(ctx: _Context, verb: Token) -> Span | None:
    """A reported clause the parser made the head of the sentence, with the cue
    hung below it: "with Vos telling reporters on Monday she saw the levy as
    ..." -> "she saw the levy as ...". The clause's subject follows the cue's last
    word directly, and its verb is no speech verb of its own."""
    doc = verb.doc
    after = verb.right_edge.i + 1
    if (
        after >= len(doc)
        or doc[after].dep_ not in {"nsubj", "nsubjpass"}
        or doc[after].tag_ in RELATIVE_TAGS
        # "While X promised it, though, that has yet to ...", "noted it, but it ..."
        or doc[after - 1].is_punct
        or doc[after - 1].pos_ == "CCONJ"
        or any(c.tag_ in RELATIVE_TAGS for c in verb.children)  # "what X said ..."
    ):
        return None
    clause = doc[after].head
    if (
        clause.i <= after
        or clause.tag_ not in {"VBD", "VBZ", "VBP", "MD"}
        or clause.lemma_.lower() in ctx.lexicon.cue_verbs
        or not any(a.i == clause.i for a in verb.ancestors)
    ):
        return None
    return doc[after : clause.right_edge.i + 1]


def _that_clause_below(verb: Token) -> Span | None:
    """A "that" clause the parser hung on the verb's object instead of the verb:
    "told the pilgrims that ...", "said in a statement that ...", or whose "that"
    it read as an object ("said that as a young man he ...")."""
    doc = verb.doc
    for child in verb.children:
        if child.i < verb.i or child.dep_ not in {"dobj", "prep", "dative", "npadvmod"}:
            continue
        if (
            child.dep_ == "dobj"
            and child.lower_ == "that"
            and (child.pos_ == "SCONJ" or child.n_lefts + child.n_rights == 0)
        ):
            if verb.right_edge.i > child.i + 1:
                return doc[child.i + 1 : verb.right_edge.i + 1]
        for token in child.subtree:
            if token.dep_ in {"acl", "relcl", "advcl", "ccomp"} and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in token.children
            ):
                return doc[token.left_edge.i : token.right_edge.i + 1]
            if token.dep_ == "relcl" and _complement_read_as_relative(token):
                return doc[token.left_edge.i : token.right_edge.i + 1]
    return None


def _with_subject_read_as_object(span: Span, verb: Token) -> Span:
    """A reported clause that begins with its verb, its subject read as the object
    of the speech verb just before it ("promised her entire program would be paid
    for", "argued his fight for schools is relevant"): the clause from its subject."""
    first = span[0]
    if first.tag_ not in {"MD", "VBZ", "VBP", "VBD"} or first.dep_ not in {"aux", "ROOT", "ccomp"}:
        return span
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in span.root.children):
        return span
    obj = next(
        (c for c in verb.children if c.dep_ == "dobj" and c.right_edge.i == span.start - 1), None
    )
    if obj is None or obj.pos_ == "PRON" or obj.tag_ in RELATIVE_TAGS:
        return span
    start = obj.left_edge.i
    if span.doc[start].lower_ == "that" and start == verb.i + 1:
        start += 1  # "emphasize that trade is ...": the conjunction read as a determiner
    return span.doc[start : span.end]


def _complement_read_as_relative(clause: Token) -> bool:
    """A clause parsed as relative whose "that" cannot be its object, for the verb
    has one already or takes none: "told reporters after the talks that Dhaka had
    raised the treaty" is what was told, not which talks; "said at a briefing that
    the ball was in their court" what was said."""
    that = next((c for c in clause.children if c.lower_ == "that" and c.dep_ == "dobj"), None)
    return that is not None and (
        clause.lemma_ == "be" or any(c.dep_ == "dobj" and c.i != that.i for c in clause.children)
    )


def _object_and_predicate(verb: Token, ctx: _Context) -> tuple[Span, int] | None:
    """What a verb of judgement says of its object: "called the charges baseless",
    "described the talks as useful" -> the object through its predicate, and the
    index of the predicate's first token."""
    target = next((c for c in verb.children if c.dep_ == "dobj"), None)
    # "called X Y" judges X with Y bare; "described X" wants an "as".
    naming = verb.lemma_.lower() in {"call", "term"}
    if target is None and not any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        # 'called Hillary Clinton "crazy"', 'called what she witnessed "terrible"':
        # the object read as a predicate of its own, or as a clause ("what's called
        # a buffer" names a thing).
        last = max((c.i for c in verb.children if c.dep_ == "oprd"), default=verb.i)
        target = next(
            (c for c in verb.children if c.dep_ in {"oprd", "ccomp"} and verb.i < c.i < last),
            None,
        )
        if (
            target is None
            and naming
            and last > verb.i
            and not ctx.in_quote(verb.doc[last])
            and _quoted_predicate(ctx, verb.doc[last], naming)
        ):
            # 'called the envoy a "liability"', 'called the city's plan "naive"': the
            # object read as the predicate, the quoted words hung on it or elsewhere.
            # (In 'called the "Pier of Hope" home' the quotation is the name.)
            target = verb.doc[last]
    if target is None or target.tag_ in {"WP", "WDT"}:
        return None  # "what both sides called a frank talk": the writer's words
    predicate = next(
        (
            c
            for c in verb.children
            if c.dep_ in {"oprd", "ccomp", "xcomp"}
            and c.i > target.i
            # "called Lind to learn more": an errand, no judgement of him
            and not any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
        ),
        None,
    )
    if predicate is None:
        as_phrase = [
            c
            for c in [*verb.children, *target.children]
            if c.dep_ == "prep" and c.lower_ == "as" and c.i > target.i
        ]
        predicate = (
            as_phrase[0] if as_phrase and as_phrase[0].right_edge.i > as_phrase[0].i else None
        )
    if predicate is None:
        quoted = _quoted_predicate(ctx, target, naming)
        if quoted is not None and verb.lemma_.lower() in REPORTING_PREDICATE_VERBS:
            end = max(quoted.end, target.right_edge.i + 1)
            return verb.doc[target.left_edge.i : end], quoted.start
        return None
    start = predicate.i + 1 if predicate.lower_ == "as" else predicate.left_edge.i
    return verb.doc[target.left_edge.i : predicate.right_edge.i + 1], start


def _quoted_predicate(ctx: _Context, target: Token, naming: bool = False) -> Span | None:
    """A quotation the parser read into the object of a verb of judgement ('called
    the use of emergency powers "quite dangerous"', the quoted words taken for a
    modifier of "use"): the quoted words, when the object's own words lead up to
    them. With ``naming`` (a verb that takes its predicate bare, "called X Y"), also
    a quotation that opens right after the object, wherever the parser hung it
    ('called the levy "beyond repair"')."""
    doc = ctx.doc
    inside = {t.i for t in target.subtree}
    start = target.i + 1
    while start in inside and (doc[start].is_punct or not ctx.in_quote(doc[start])):
        start += 1
    if start not in inside:
        if not naming:
            return None
        start = target.right_edge.i + 1
        if not _opens_quotation(ctx, start):
            return None
    end = start
    while end + 1 < len(doc) and ctx.in_quote(doc[end + 1]):
        end += 1
    return doc[start : end + 1]


def _opens_quotation(ctx: _Context, index: int) -> bool:
    """Whether token ``index`` is the opening mark of a quotation."""
    if index >= len(ctx.doc) or not ctx.in_quote(ctx.doc[index]):
        return False
    mark = ctx.doc[index]
    return mark.is_punct and bool(ctx.by_opening.between(mark.idx, mark.idx + len(mark)))


def _directive(verb: Token) -> Span | None:
    """What someone was urged or called on to do: "urged Washington to act" ->
    "Washington to act", "called on the UN to ..." -> "the UN to ..."."""
    if verb.lemma_.lower() not in DIRECTIVE_VERBS:
        return None
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if xcomp is None:
        return None
    target = next((c for c in verb.children if c.dep_ in {"dobj", "dative"}), None)
    if (
        target is not None
        and verb.lemma_.lower() == "call"
        and not any(c.lower_ == "on" and c.i < target.i for c in verb.children)
    ):
        # "called Lind to thank him": a telephone call, not an appeal
        # ("called on X to ...", its "on" at times parsed apart from X)
        return None
    if target is None:
        on = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"), None)
        target = next((c for c in on.children if c.dep_ == "pobj"), None) if on else None
    if target is None or target.i > xcomp.i:
        return None
    return verb.doc[target.left_edge.i : _deeds_end(verb, xcomp.right_edge.i) + 1]


def _deeds_end(verb: Token, end: int) -> int:
    """Where the deeds a speech verb asks or promises end, the first ending at
    ``end``: "urged the governor to pay on time, make peace and build good will",
    "promised to reach and at some ports pass the targets". The parse may hang the
    deeds after the first on the speech verb itself."""
    doc = verb.doc
    for other in verb.children:
        if (
            other.dep_ == "conj"
            and other.tag_ in {"VB", "VBP"}
            and other.left_edge.i > end
            and all(t.is_punct or t.pos_ == "CCONJ" for t in doc[end + 1 : other.left_edge.i])
            and doc[end + 1 : other.left_edge.i].text.strip() not in {"", ".", ";"}
            and not any(c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in other.children)
        ):
            end = other.right_edge.i
    return end


#: Hashes of the marks that end a sentence outside quotes.
_SENTENCE_STOPS = numpy.array(
    [hash_string(mark) for mark in (".", "!", "?", "…", "...")], dtype=numpy.uint64
)
_ACCORDING = hash_string("according")


def _possible_cues(doc: Doc, lexicon: QuoteLexicon) -> list[int]:
    """The indexes of the words :func:`_reported_content` may find a cue in: the
    words whose lemma, in lower case, is a speech verb or one of the verbs it reads
    on its own terms, and "according". Read from arrays, so that no Token (nor a
    number per word) is made for the other words of the article."""
    rows = doc.to_array([LEMMA, LOWER])
    wanted = lemmas_among(doc, rows[:, 0], _cue_lemmas(lexicon.reporting_verbs))
    return numpy.flatnonzero(wanted | (rows[:, 1] == _ACCORDING)).tolist()


@functools.lru_cache(maxsize=4)
def _cue_lemmas(reporting_verbs: frozenset[str]) -> frozenset[str]:
    return reporting_verbs | PREDICATE_VERBS | DIRECTIVE_VERBS | {"appeal", "accuse", "express"}


def _paragraph_at(ctx: _Context, char: int) -> int:
    """The index in ``ctx.paragraphs`` of the last paragraph starting at or before
    ``char``; -1 before the first."""
    return bisect.bisect_right(ctx.paragraphs, (char, len(ctx.text) + 1)) - 1


def _within_paragraph(ctx: _Context, span: Span, cue: Token) -> Span:
    """The part of ``span`` in the cue's paragraph: the parser may run a sentence on
    over a paragraph break, what was said never does."""
    at = _paragraph_at(ctx, cue.idx)
    if at < 0:
        return span
    lo, hi = ctx.paragraphs[at]
    inside = [t for t in span if lo <= t.idx < hi]
    if len(inside) == len(span):
        return span
    if not inside:
        if ctx.text[lo:hi].rstrip().endswith(":") and not ctx.text[hi : span.start_char].strip():
            return span  # "The governor added:", and the paragraph it introduces
        return span[0:0]
    return ctx.doc[inside[0].i : inside[-1].i + 1]


def _quote_before_its_cue(
    ctx: _Context, span: Span, cue: Token, direct: _ByPosition[Quote]
) -> bool:
    """The cue follows a direct quotation closed just before it, with nothing
    between the closing mark and the verb but punctuation and the cue's own
    subject ('"...," Mr. Lee said', '"...," said Mr. Lee'), and the quotation
    opens the clause or follows a phrase set off by a comma ('As for the budget,
    "...," she said'). Words of the clause running into the opening mark ('The
    country "has changed," he said') make it a reported clause instead."""
    if not len(span) or span.end_char > cue.idx:
        return False
    before = [q for q in direct.between(span.start_char, cue.idx) if q.end <= cue.idx]
    if not before:
        return False
    first = min(before, key=lambda q: q.start)
    last = max(before, key=lambda q: q.end)
    lead = ctx.text[span.start_char : first.start].rstrip(" " + OPENING_MARKS)
    if lead and lead[-1] not in ",:;—–":
        return False
    clause = {t.i for t in span}
    between = [t for t in ctx.doc[span.start : cue.i] if t.idx >= last.end]
    return all(t.is_punct or t.is_space or ctx.in_quote(t) or t.i not in clause for t in between)


def _cue_of_quote_before(ctx: _Context, cue: Token, direct: _ByPosition[Quote]) -> bool:
    """Whether ``cue``, a finite verb, credits a direct quotation that opens its
    sentence and closes just before it, with nothing between but punctuation
    and the cue's subject, a name or a pronoun ('"...," said Ines Varga',
    '"...," spokesman Tomas Berger said')."""
    sentence = cue.sent
    if cue.tag_ not in {"VBD", "VBZ", "VBP"}:
        return False
    before = [q for q in direct.between(sentence.start_char, cue.idx) if q.end <= cue.idx]
    if not before:
        return False
    first = min(before, key=lambda q: q.start)
    if ctx.text[sentence.start_char : first.start].strip(" \n" + OPENING_MARKS):
        return False
    last = max(before, key=lambda q: q.end)
    subject = _subject_of(cue)
    if not _can_speak(subject) or subject.left_edge.idx < last.end:
        return False
    own = {t.i for t in subject.subtree}
    between = [t for t in ctx.doc[sentence.start : cue.i] if t.idx >= last.end]
    words = [t for t in between if not (t.is_punct or t.is_space)]
    if words and words[0].tag_ == "PRP" and words[0].is_title and last.text[-1:] in FULL_STOPS:
        return False  # '"... my mother?" She tells me ...': a sentence of its own
    return all(t.i in own for t in words)


def _through_colon(ctx: _Context, span: Span, cue: Token) -> Span:
    """``span`` run on over what a colon right after it opens, to the end of that
    sentence ('said it fails for one reason: the levy it keeps ...'), when
    that is unquoted, in the same paragraph and says nothing of its own."""
    doc = ctx.doc
    if span.end >= len(doc) or doc[span.end].text != ":":
        return span
    end = span.end + 1
    while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text):
        if doc[end].text in FULL_STOPS or ctx.in_quote(doc[end]):
            break
        if _is_cue(ctx.lexicon, doc[end]) and doc[end].i != cue.i:
            return span
        end += 1
    if end >= len(doc) or doc[end].text not in FULL_STOPS or end - span.end < 3:
        return span
    return doc[span.start : end]


def _quote_after_its_cue(
    ctx: _Context, span: Span, cue: Token, direct: _ByPosition[Quote]
) -> Quote | None:
    """The direct quotation opening right after the cue, nothing but a comma or a
    colon between them ('said "..."', 'said: "..."'), when the reported clause
    starts inside it and runs on past its closing mark by a few words at most ('on
    Sunday'). A clause going on ('said "it makes me angry" whenever she hears of
    ...') reports more than the quotation holds."""
    if not len(span) or cue.tag_ not in SPOKEN_TAGS:
        return None
    after = cue.idx + len(cue.text)
    for q in direct.between(after, after + 6):
        if (
            ctx.text[after : q.start].strip(" ,:" + OPENING_MARKS)
            or not after <= span.start_char < q.end
        ):
            continue
        beyond = [t for t in span if t.idx >= q.end and t.is_alpha and not ctx.in_quote(t)]
        return q if len(beyond) <= MAX_TRAILING_WORDS else None
    return None


def _with_marks(ctx: _Context, start: int, end: int) -> tuple[int, int]:
    """The bounds of a reported clause widened to the quotation marks of words it
    quotes at either end, so that its text shows them as quoted: 'the talks "a
    new chapter"' rather than 'the talks "a new chapter'."""
    text = ctx.text
    # Only spaces (and the first half of a doubled mark, '') may stand between an
    # opening mark and the clause, only punctuation between the clause and a
    # closing mark: look up the marks in those few characters.
    lo = start
    while lo > 0 and text[lo - 1] in " '`":
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] in ".,;:!? '":
        hi += 1
    opening = [q for q in ctx.by_opening.between(lo - 1, start) if q.close_at >= start]
    closing = [q for q in ctx.by_closing.between(end, hi + 1) if q.open_at < end]
    if opening:
        start = min(q.open_at for q in opening)
    if closing:
        end = max(q.close_at for q in closing) + 1
    return start, end


#: Punctuation that sets a quotation apart from the words before it.
SETTING_OFF = frozenset(",:;-(\u2013\u2014")


def _through_quotation(ctx: _Context, start: int, end: int) -> int:
    """The end of a reported clause carried on to the closing mark of a quotation
    that opens in it and runs past its end, within its paragraph: 'said he is "weak
    on immigration, you know that. Weak like a baby."' is all his. Not a quotation
    set off by a comma or a colon ('adding, "He lost ..."'): that one stands on its
    own."""
    running = [
        q
        for q in ctx.by_opening.between(start, end)
        if q.close_at >= end
        and ctx.text[max(0, q.open_at - 40) : q.open_at].rstrip()[-1:] not in SETTING_OFF
    ]
    if not running:
        return end
    _, hi = next((p for p in ctx.paragraphs if p[0] <= start < p[1]), (start, end))
    close = max(q.close_at for q in running)
    return close + 1 if close < hi else end


#: Words left hanging before a quotation they introduce: "..., adding, "...",
#: "including: "..."".
INTRODUCING_WORDS = frozenset({"including", "saying", "adding", "writing", "noting"})


def _before_set_off_quotation(ctx: _Context, span: Span, start: int, end: int) -> int | None:
    """Where a reported clause stops that runs into a quotation closing after it,
    one :func:`_through_quotation` did not take in (set apart by a comma or a
    colon, or closing in another paragraph): at the words before the mark, if they
    are a clause of their own ('the taxes were postponed, depriving it of $35
    billion, "which ..."'); at ``start`` (nothing reported) if they are not:
    'when he made the announcement, "we are ..."' or 'But, he noted, "while ..."'
    introduce the quotation, which stands as the direct one. None when the clause
    runs into no such quotation."""
    running = [q for q in ctx.by_opening.between(start, end) if q.close_at >= end]
    if not running:
        return None
    opening = min(q.open_at for q in running)
    words = [t for t in span if start <= t.idx and t.idx + len(t) <= opening]
    while words and (
        words[-1].is_punct
        or words[-1].is_space
        or words[-1].pos_ in {"CCONJ", "SCONJ"}
        or words[-1].lower_ in INTRODUCING_WORDS
        or _is_cue(ctx.lexicon, words[-1])
    ):
        if _is_cue(ctx.lexicon, words[-1]):
            # "..., in which Adelson said:": the cue of the quotation and its clause
            cut = words[-1].left_edge.i
            words = [t for t in words if t.i < cut]
        else:
            words = words[:-1]
    inside = {t.i for t in words}
    tops = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    if (
        sum(t.is_alpha for t in words) < 2
        or not tops
        or tops[0].pos_ not in {"VERB", "AUX"}
        or _is_cue(ctx.lexicon, tops[0])
        or any(
            c.i in inside and (c.dep_ == "mark" or c.tag_ == "WRB") and c.i < tops[0].i
            for c in tops[0].children
        )
        or not any(c.dep_ in {"nsubj", "nsubjpass"} and c.i in inside for c in tops[0].children)
    ):
        return start
    return _with_marks(ctx, start, words[-1].idx + len(words[-1]))[1]


def _joined(last: Token, following: Token) -> bool:
    """Whether ``following`` goes on the word ``last`` ends, across a hyphen the
    parser split it at: "de-escalate", "cease-fire"."""
    return not last.whitespace_ and (
        (following.text in HYPHENS and not following.whitespace_)
        or (last.text in HYPHENS and following.is_alpha)
    )


#: Hyphens that join the parts of a word.
HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _time_of_saying(span: Span, cue: Token) -> int:
    """How many words at the start of a reported clause tell when it was said, not
    what: "said on Monday the pier would close", "said Monday the pier ...", hung by
    the parser on the clause. Only right after the cue, and not a day that is part
    of the clause ("said Monday's vote was a farce")."""
    if not len(span) or span[0].i != cue.i + 1:
        return 0
    first = 1 if span[0].lower_ == "on" and span[0].dep_ == "prep" else 0
    day = first
    while day < len(span) and span[day].ent_type_ in {"DATE", "TIME"}:
        day += 1
    if day == first or any(t.dep_ in {"poss", "nsubj", "nsubjpass"} for t in span[first:day]):
        return 0
    if not first and not any(t.dep_ == "npadvmod" for t in span[:day]):
        return 0  # "recalled weekly breakfasts", "called Christmas a sham": no time
    if day < len(span) and (span[day].is_punct or span[day].tag_ == "POS"):
        return 0
    return day


def _reported_speech(ctx: _Context, direct: list[Quote]) -> tuple[list[Quote], set[int], set[int]]:
    """Reported speech: "X said (that) ...", "X warned that ...", "X called for ...",
    "X called the plan reckless", "X's claim that ...", "according to X, ...",
    "..., X said, ...". A source the article does not name ("officials said")
    gives a quote spoken by that phrase, with no actor; "we"/"I" only count inside a
    transcript turn.

    A direct quotation is only what its marks hold when they hold all that was
    reported: one that is part of a reported clause ('X said the move was
    "reckless"', 'X said that "..."', 'called the move "reckless"') is absorbed
    into it, the clause with its quoted words being the quote, its kind reported.
    A quotation that is a cue's whole complement ('X said: "..."', '"...," X
    said') stays direct. Returns the reported quotes, the starts of the absorbed
    direct ones, and the starts of the direct ones to keep.
    """
    doc = ctx.doc
    found = []
    absorbed: set[int] = set()
    whole: set[int] = set()
    # A clause never leaves its paragraph: look up the quotations in its range.
    quotes = _ByPosition(direct, lambda q: q.start)
    turns = [q for q in direct if q.cue == "transcript"]
    for index in _possible_cues(doc, ctx.lexicon):
        token = doc[index]
        if ctx.in_quote(token):
            continue
        content = _reported_content(ctx, token, token.lemma_.lower())
        if content is None:
            continue
        span, cue, subject = content
        span = _within_paragraph(ctx, span, token)
        if not len(span):
            continue
        if cue != "according to" and _quote_before_its_cue(ctx, span, token, quotes):
            # '"...," said X' / '"...," X said': the quotation is all that was
            # said; words before its opening mark are the writer's.
            whole.update(q.start for q in quotes.between(span.start_char, token.idx))
            continue
        opened = _quote_after_its_cue(ctx, span, token, quotes)
        if opened is not None:
            # 'X said "anti-Semitic images, they have no place ..." on Sunday': the
            # quotation is what was said, whatever the parser made of its words.
            whole.add(opened.start)
            continue
        if (
            token.dep_ == "parataxis"
            or (
                span.start > token.i
                and span[0].lower_ != "that"
                # "..., he said, adding that ...", the participle read into its clause
                and span[0].lemma_.lower() not in ctx.lexicon.reporting_verbs
            )
        ) and _cue_of_quote_before(ctx, token, quotes):
            # '"...," Berger said in a statement sent an hour before ...': the
            # verb has said its words; a clause after it is the writer's.
            continue
        # A parenthetical cue ("..., he said, ...") is not part of what was said.
        parenthetical = cue == "according to" or token.dep_ == "parataxis"
        own = range(token.left_edge.i, token.right_edge.i + 1) if parenthetical else range(0)
        if parenthetical and token.i < span.start < own.stop:
            own = range(own.start, span.start)  # a misparse hung the clause on the cue
        outside = [t for t in span if not ctx.in_quote(t) and t.is_alpha and t.i not in own]
        while len(span) and (
            (
                span[0].lower_ == "that"
                and (span[0].dep_ != "det" or span[0].i == token.i + 1)
                and not (
                    span[0].dep_ in {"nsubj", "nsubjpass"}
                    and span[0].i > token.i
                    and not ctx.in_quote(span[0])
                )
            )
            or span[0].is_punct
            or span[0].is_space
        ):
            # but "called for that inquiry to ..." keeps its "that", and so does
            # "can confirm that's correct", where it is the subject
            span = span[1:]
        span = span[_time_of_saying(span, token) :]
        if len(span) and span.start > token.i:
            span = _with_subject_read_as_object(span, token)
        if len(span) and token.dep_ == "relcl" and span.start > token.i:
            root = span.root
            if (root.head.i == token.i and root.dep_ == "ccomp") and not any(
                c.dep_ in {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
                for c in root.children
            ):
                # "a clause they say could shut out small ports": the clause's
                # subject is the noun the cue's clause hangs on; from the cue's
                # clause ("which they say left a gap"), not a bare verb.
                span = doc[token.left_edge.i : span.end]
        while len(span) and (span[-1].is_punct or span[-1].is_space or span[-1].pos_ == "CCONJ"):
            span = span[:-1]  # and a conjunction left hanging: "X is honest, and"
        judged = _object_and_predicate(token, ctx) if cue in PREDICATE_VERBS else None
        if judged is not None and len(span) and cue not in REPORTING_PREDICATE_VERBS:
            # 'described the talks as "useful"' reports speech only through the
            # quoted words; 'described the talks as useful' is the writer's account.
            predicate = [t for t in span if t.i >= judged[1]]
            if not any(ctx.in_quote(t) for t in predicate):
                continue
        if len(span) and not outside:
            # Nothing reported beyond a direct quotation, which stands alone as
            # the cue's whole complement: "called for "maximum restraint"".
            whole.update(
                q.start
                for q in quotes.between(span.start_char - 1, span.end_char + 1)
                if q.end <= span.end_char + 1
            )
            continue
        if sum(t.is_alpha for t in span) < 2:
            continue  # "what Heiko was saying that's": no words of a clause
        span = _through_colon(ctx, span, token)
        while span.end < len(doc) and _joined(doc[span.end - 1], doc[span.end]):
            span = doc[span.start : span.end + 1]  # "urged Putin to de-escalate", not "de"
        start, end = _with_marks(ctx, span.start_char, span.end_char)
        if any(q.open_at < start - 1 for q in ctx.by_closing.between(start, end)):
            # '"He's right. There's a disconnect ...," Flynn said': a clause that
            # starts inside a quotation and runs out of it is a misparse.
            continue
        end = _through_quotation(ctx, start, end)
        set_off = _before_set_off_quotation(ctx, span, start, end)
        if set_off is not None:
            if set_off <= start:
                continue  # what came before the quotation was the writer's
            end = set_off
        dateline = DATELINE.match(ctx.text[:end]) if start < DATELINE_REACH else None
        if dateline is not None and start <= dateline.end() < end:
            # "RIMBO, Sweden (Wire) — Yemen's warring parties agreed ..., Guterres
            # announced": the place and the agency are no part of what was said.
            start = dateline.end()
        if subject is not None and subject.lower_ in FIRST_AND_SECOND_PERSON:
            # "we said that ...", "let me say ...", "you said that ...": the speaker
            # of the transcript turn it is part of, if any; else the writer or a
            # questioner.
            turn = next((q for q in turns if q.start <= start < q.end), None)
            if turn is None or subject.lower_ == "you":
                continue
            attribution = _Attribution(
                speaker_key=turn.speaker_key,
                speaker=turn.speaker,
                speaker_type=turn.speaker_type,
                confidence=0.6,
            )
        elif subject is not None:
            attribution = _speaker_of_phrase(ctx, subject, QuoteSpan(start, end, start, end, 0))
        elif cue == "ask" and (
            token.tag_ == "VBN" or (token.tag_ == "VBD" and token.dep_ == "advcl")
        ):
            # A question put to someone: reported, by an asker the text leaves unnamed.
            attribution = _Attribution(confidence=0.4)
        elif token.dep_ == "ROOT" and start > token.idx:
            # A main verb without a subject is a misparse ("According to the palace,
            # King Abdullah told ..." read as an apposition): the person named just
            # before the verb, whose words follow it.
            attribution = _person_just_before(ctx, token)
            if attribution is None:
                continue
        else:
            continue
        if attribution is None:
            # "Officials said ...", "a source said ...": reported speech all the
            # same, from a speaker the article does not name, described by its phrase.
            attribution = _described(ctx, subject, token) if subject is not None else None
            attribution = attribution or _Attribution(confidence=0.4)
        absorbed.update(q.start for q in quotes.between(start, end + 1) if q.end <= end + 1)
        confidence = round(attribution.confidence * 0.8, 2)
        reported = replace(attribution, cue=cue, channel=None, confidence=confidence)
        found.append(_quote(ctx, start, end, reported, kind="indirect"))
    # Two cues over one clause ("responded by saying that ...") report it once.
    unique = {(q.start, q.end): q for q in reversed(found)}
    return sorted(unique.values(), key=lambda q: q.start), absorbed, whole
