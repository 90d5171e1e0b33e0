"""Actors of one article: people, countries and organisations, with their mentions and roles.

spaCy's small model finds the names but often mislabels them ("Qureshi" as ORG
in one sentence and PERSON in the next, "Morgan Ortagus" as ORG), cuts names
short ("Shah Mehmood" + "Qureshi") and keeps titles inside them ("Secretary
Pompeo"). :func:`extract_actors` repairs those spans, merges the name variants of
each person within the article, maps places and demonyms to countries, and reads
the role words that stand before a name or in apposition to it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_TITLE, IS_UPPER, LOWER, POS, SENT_START
from spacy.strings import hash_string
from spacy.symbols import ADP, CCONJ, DET, PART, PROPN, SCONJ
from spacy.tokens import Doc, Span, Token

from analysis.countries import Country, CountryIndex
from analysis.models import ArticleActor, Mention
from analysis.names import (
    NameLexicon,
    clean_surface,
    full_names_match,
    given_name_gender,
    is_short_form_of,
    name_parts,
    split_title,
)
from analysis.nlp import doc_text
from analysis.settings import DATA_DIR

HANDLE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{2,15})\b")
#: A wire's credit line, read at the start of a line: "(Reporting by ...; Editing
#: by ...)", "Additional reporting by ...".
CREDIT_LINE = re.compile(
    r"[ \t]*\(?[ \t]*(?:additional |further )?(?:reporting|writing|editing|compiled"
    r"|produced|research|translation) by\b[^\n]*",
    re.I,
)
#: A byline, a line of its own: "By Ana Vos and Tomas Berger".
BYLINE = re.compile(
    r"[ \t]*By [A-Z][\w.'\u2019-]*(?:,?[ \t]+(?:(?:and|&)[ \t]+)?[A-Z][\w.'\u2019-]*){0,7}"
    r"[ \t]*(?=\n|$)"
)
#: A credit line in parentheses at the end of a paragraph.
CREDIT_ASIDE = re.compile(r"\((?:additional )?(?:reporting|writing|editing) by\b[^)\n]*\)?", re.I)
#: A credit line's end: "Associated Press writer ... contributed to this report."
CONTRIBUTED = re.compile(r"contributed (?:reporting|to this (?:report|story|article))\b", re.I)
#: The longest credit line that ends in "contributed to this report".
MAX_CREDIT_CHARS = 300
#: How far into a credit line its "by" may come ("Additional reporting by").
MAX_CREDIT_LEAD = 40


def credit_lines(text: str) -> list[tuple[int, int]]:
    """The character ranges of ``text``'s bylines and credit lines, in order."""
    spans = [m.span() for m in CREDIT_ASIDE.finditer(text)]
    # A line can only be a credit with "by" near its start: look there alone.
    starts = set()
    for word in ("by ", "By ", "BY "):
        for at in _occurrences(text, word):
            start = text.rfind("\n", max(0, at - MAX_CREDIT_LEAD - 1), at) + 1
            if start > 0 or at <= MAX_CREDIT_LEAD:
                starts.add(start)
    for start in starts:
        line = CREDIT_LINE.match(text, start) or BYLINE.match(text, start)
        if line is not None:
            spans.append(line.span())
    for at in _occurrences(text, "contributed "):
        start = text.rfind("\n", max(0, at - MAX_CREDIT_CHARS - 1), at) + 1
        credit = CONTRIBUTED.match(text, at)
        if credit is not None and (start > 0 or at <= MAX_CREDIT_CHARS):
            end = text.find("\n", credit.end())
            spans.append((start, len(text) if end < 0 else end))
    return sorted(spans)


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


@dataclass(frozen=True)
class ActorLexicon:
    """The word lists actor extraction reads: names, organisation words, countries."""

    names: NameLexicon
    org_words: frozenset[str]
    countries: CountryIndex
    not_persons: frozenset[str] = frozenset()
    #: Names of neither a person nor an organisation: "COVID-19", "(Laughter.)".
    not_actors: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    #: Lemmas of speech verbs: a name that speaks is no place.
    speech_verbs: frozenset[str] = frozenset()


def read_word_list(path: Path) -> frozenset[str]:
    """A data file of one entry a line, lower-cased; '#' starts a comment."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(words)


@dataclass
class PersonCluster:
    """The mentions of one person within an article."""

    forms: list[str] = field(default_factory=list)
    full_names: list[tuple[str, ...]] = field(default_factory=list)
    spans: list[tuple[int, int, str, int]] = field(
        default_factory=list
    )  # start, end, surface, token
    roles: set[str] = field(default_factory=set)
    gender: str | None = None
    #: The full name a seeded nickname stands for, when the text gives none.
    seed_name: str | None = None
    #: Some mention carries a title or office ("Mr X", "Foreign Minister X").
    titled: bool = False

    @property
    def canonical(self) -> str:
        full = [f for f in self.forms if name_parts(f) in self.full_names]
        full = full or [f for f in self.forms if len(name_parts(f)) >= 2 and not f.startswith("@")]
        if not full and self.seed_name:
            return self.seed_name
        pool = full or [f for f in self.forms if not f.startswith("@")] or self.forms
        counts = Counter(pool)
        best = max(pool, key=lambda f: (counts[f], -pool.index(f)))
        # A word before a given name that the article more often leaves out is an
        # epithet or the end of a title ("Crooked Hillary Clinton", "Miss Universe
        # Alicia Machado"), not the person's first name.
        parts = name_parts(best)
        if len(parts) >= 3 and given_name_gender(parts[0]) is None:
            shorter = [f for f in self.forms if name_parts(f) == parts[1:]]
            if shorter and given_name_gender(parts[1]) and len(shorter) > counts[best]:
                return shorter[0]
        return best


@dataclass
class ArticleActors:
    """Actors of one article and every mention, plus the person clusters for quote attribution."""

    actors: list[ArticleActor]
    mentions: list[Mention]
    person_at_token: dict[int, str]
    genders: dict[str, str | None]


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.is_alpha


def _person_span(
    span: Span, lexicon: NameLexicon, org_words: frozenset[str] = frozenset()
) -> Span | None:
    """The span of a person's name: titles dropped, a cut-off surname restored."""
    doc = span.doc
    start, end = span.start, span.end
    # Extend over a directly following capitalised proper noun the model left out,
    # and over a hyphenated part cut off ("Moon Jae" + "-in").
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        if doc[end].whitespace_ or not doc[end + 1].is_alpha:
            break
        end += 2
    while end < len(doc) and end - start < 5 and doc[end - 1].tag_ != "POS":
        nxt = doc[end]
        if not _is_name_token(nxt) or nxt.is_sent_start or nxt.text.lower() in lexicon.title_words:
            break
        if (
            nxt.ent_type_
            and nxt.ent_type_ != "PERSON"
            and (nxt.ent_iob_ == "B" and _ent_len(nxt) > 1)
        ):
            break
        end += 1
    # Extend back over a given name or initial left out ("Imran" + "Khan", "S" + "Jaishankar"),
    # not past a title the name starts with ("Ministry" + "Spokesperson Hua Chunying").
    starts_with_title = doc[start].text.lower().strip(".") in lexicon.title_words
    while not starts_with_title and start > 0 and span.start - start < 3:
        prev = doc[start - 1]
        initial = len(prev.text.rstrip(".")) == 1 and prev.text[:1].isupper()
        if (
            not (initial or _is_name_token(prev))
            or prev.text.lower().strip(".") in lexicon.title_words
            or _singular(prev.text).lower() in lexicon.title_words
        ):
            break
        if prev.ent_type_ not in {"", "PERSON"} or prev.whitespace_ == "":
            break
        start -= 1
    while start < end - 1 and (
        doc[start].text.lower().strip(".") in lexicon.title_words
        or _singular(doc[start].text).lower() in lexicon.title_words
    ):
        start += 1
    # "Biden's Indo-Pacific": a name ends at its possessive.
    inner = next((i for i in range(start + 1, end - 1) if doc[i].tag_ == "POS"), None)
    if inner is not None and doc[end - 1].lower_ not in org_words:
        end = inner
    # A headline's words the model took into the name ("Obama Says ...", "Obama To Asians").
    end = next((i for i in range(start + 1, end) if _ends_a_headline_name(doc[i])), end)
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return None
    return doc[start:end]


#: Modals that are also names ("Theresa May", "Will Hurd"): in a headline, a modal
#: when a verb follows ("Vos May Not Have Known", "Lind Will Win").
NAME_MODALS = frozenset({"may", "will", "can", "must", "might", "should", "would", "could"})


def _ends_a_headline_name(token: Token) -> bool:
    """Whether ``token`` cannot be part of a name: a verb, a modal, an adverb, a
    capitalised "To"; a modal spelt like a name when a verb follows it and no given
    name comes before it."""
    tag = token.tag_
    if tag.startswith("VB") or tag in {"MD", "TO", "RB"} or (tag == "IN" and token.text.istitle()):
        return True
    if token.lower_ not in NAME_MODALS or token.i + 1 >= len(token.doc) or token.i == 0:
        return False
    after, before = token.doc[token.i + 1], token.doc[token.i - 1]
    return (after.lower_ in {"not", "never"} or after.tag_ == "VB") and (
        given_name_gender(before.text) is None
    )


#: Parts of speech a title-case line leaves in lower case: articles, conjunctions,
#: prepositions, "to".
TITLE_LOWER_POS = numpy.array([ADP, CCONJ, DET, PART, SCONJ], dtype="uint64")


def _title_case_lines(doc: Doc, sent_of: list[int]) -> set[int]:
    """Numbers of the sentences whose words are capitalised, as a headline's are:
    nearly all of them, and none in lower case but the small words a title leaves
    so. A sentence that names many people has its verbs in lower case ("Foreign
    Minister Shah Mehmood Qureshi met President Ashraf Ghani in Kabul").

    Read from the token attribute arrays: this runs on every article.
    """
    if not len(doc):
        return set()
    alpha, title, upper = doc.to_array([IS_ALPHA, IS_TITLE, IS_UPPER]).T.astype(bool)
    sentence = numpy.asarray(sent_of)
    words = numpy.bincount(sentence[alpha], minlength=sentence[-1] + 1)
    capitalised = numpy.bincount(sentence[alpha & (title | upper)], minlength=len(words))
    found = (words >= 3) & (capitalised >= 0.8 * words)
    if not found.any():
        return set()
    small, pos = doc.to_array([IS_LOWER, POS]).T
    lower = alpha & small.astype(bool) & ~numpy.isin(pos, TITLE_LOWER_POS)
    found &= numpy.bincount(sentence[lower], minlength=len(words)) == 0
    return {int(n) for n in numpy.flatnonzero(found)}


def _body_names(doc: Doc, headlines: set[int], sent_of: list[int]) -> set[str]:
    """The proper nouns written outside the title-case lines (none without such lines)."""
    if not headlines:
        return set()
    propn = numpy.flatnonzero(doc.to_array(POS) == PROPN)
    return {doc[int(i)].text for i in propn if sent_of[i] not in headlines}


def _headline_name(
    span: Span,
    headlines: set[int],
    sent_of: list[int],
    body_parts: set[str],
    body_people: set[tuple[str, ...]],
) -> Span:
    """``span`` without the headline words around a name the body uses ("Ted Cruz
    Refuses" -> "Ted Cruz", "Disavow Lindsey Graham" -> "Lindsey Graham").

    A word goes when the article's other sentences have it in no proper noun and it
    is no given name; a name is not cut down to a given name, nor, from the front,
    to one word. Words before a full name the body gives a person (``body_people``)
    all go ("Harbour Pilots Rebuke Ana Vos", the body having "Harbour" in a
    guild's name).
    """
    if len(span) < 2 or sent_of[span.start] not in headlines:
        return span
    doc = span.doc

    def headline_word(token: Token) -> bool:
        parts = name_parts(token.text)
        return not set(parts) & body_parts and not any(map(given_name_gender, parts))

    start, end = span.start, span.end
    while end > start and headline_word(doc[end - 1]):
        end -= 1
    if end <= start:
        return span
    if end < span.end and given_name_gender(doc[end - 1].text) is not None:
        end = span.end
    for i in range(start + 1, end - 1):
        if any(given_name_gender(t.text) for t in doc[start:i]):
            break  # "Jean-Yves Le Drian" is not cut to the body's "LE DRIAN"
        if name_parts(clean_surface(doc[i:end].text)) in body_people:
            start = i
            break
    # Words before a name go only while two of its words stay: a given name the
    # list does not know ("Subrahmanyam Jaishankar") is not cut off.
    while end - start > 2 and headline_word(doc[start]):
        start += 1
    return doc[start:end]


#: Titles of address, not roles.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor"})
LOCATIVE = frozenset(
    {"in", "at", "near", "from", "into", "across", "outside", "inside", "around", "to"}
)


def _is_place(span: Span, places: set[str], lexicon: ActorLexicon) -> bool:
    """A PERSON span that names a place: a country or capital, a name tagged as a
    place elsewhere in the text, or a short name after a locative preposition
    whose first word is no given name ("talks in Taiz")."""
    if _has_role_before(span, lexicon.names):
        return False  # "Foreign Minister Lavrov", "Sheikh Hasina"
    text = clean_surface(span.text)
    if lexicon.countries.lookup(text) or lexicon.countries.lookup_seat(text):
        return True
    root = span.root
    if text in places:
        # Tagged a place elsewhere; but a name that speaks here ("Blinken told
        # reporters") is a person.
        return not _speaks(root, text, lexicon)
    after_locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE
    return after_locative and len(span) <= 2 and given_name_gender(span[0].text) is None


def _speaks(root: Token, name: str, lexicon: ActorLexicon) -> bool:
    """The name is the subject of a speech verb ("Blinken told reporters") and no
    country or capital, the only places that speak ("Beijing said")."""
    return (
        root.dep_ == "nsubj"
        and root.head.lemma_.lower() in lexicon.speech_verbs
        and not (lexicon.countries.lookup(name) or lexicon.countries.lookup_seat(name))
    )


def _has_a_name(span: Span, lexicon: ActorLexicon) -> bool:
    """Not only office and organisation words ("Department Spokesperson")."""
    words = [t.text.lower().strip(".") for t in span if t.is_alpha]
    plain = [w for w in words if w not in lexicon.names.title_words and w not in lexicon.org_words]
    return bool(plain)


def _is_wire_credit(span: Span) -> bool:
    """ "SPLIT, Croatia (Reuters) -": the agency that filed the report, named in
    its dateline, is its source, not an actor in it."""
    doc = span.doc
    if not (
        span.start > 0
        and span.end + 1 < len(doc)
        and doc[span.start - 1].text == "("
        and doc[span.end].text == ")"
        and doc[span.end + 1].text in {"-", "--", "\u2014", "\u2013"}
    ):
        return False
    start = span.start - 1
    while start > 0 and "\n" not in doc[start - 1].text_with_ws and span.start - start <= 8:
        start -= 1
    at_line_start = start == 0 or "\n" in doc[start - 1].text_with_ws
    return at_line_start and doc[start].is_upper


def _is_dateline(span: Span) -> bool:
    """ "ISTANBUL (Wire) —" or "WASHINGTON —": where a report was filed, not an actor."""
    doc = span.doc
    start = span.start
    # "DERA BABA NANAK —" when the model tags only part of the place.
    while start > 0 and doc[start - 1].is_upper and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    at_start = start == 0 or "\n" in doc[start - 1].text_with_ws
    following = doc[span.end].text if span.end < len(doc) else ""
    return (
        at_start
        and span.text.isupper()
        and len(span.text) > 3
        and following in {"—", "–", "-", "(", ":", ","}
    )


def _ent_len(token: Token) -> int:
    """Length of the entity that begins at ``token`` (read from the IOB tags, since
    Doc.ents is rebuilt on every read)."""
    if token.ent_iob_ != "B":
        return 0
    doc, end = token.doc, token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end - token.i


def _looks_like_person(span: Span, lexicon: ActorLexicon) -> bool:
    """An ORG-tagged span such as "Morgan Ortagus": two or three capitalised words,
    the first a known given name, none of them an organisation word."""
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 3 or not all(t.text[:1].isupper() and t.is_alpha for t in words):
        return False
    if any(t.text.lower() in lexicon.org_words for t in words):
        return False
    if lexicon.countries.lookup(words[0].text) or lexicon.countries.lookup(span.text):
        return False
    return given_name_gender(words[0].text) in {"m", "f", "m?", "f?"}


def role_before(span: Span, lexicon: NameLexicon, countries: CountryIndex) -> str | None:
    """The role words standing right before a name: "US Secretary of State" (Mike Pompeo)."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= 0:
        tok = doc[i]
        low = tok.text.lower()
        if tok.is_sent_end and i != span.start - 1:
            break
        if low in lexicon.title_words or (
            tok.text[:1].isupper() and tok.is_alpha and tok.pos_ in {"PROPN", "NOUN", "ADJ"}
        ):
            words.append(tok)
        elif low == "of" and words:
            words.append(tok)
        elif (
            tok.text in {"-", "‐"}
            and words
            and not tok.whitespace_
            and i > 0
            and not doc[i - 1].whitespace_
            and doc[i - 1].text[:1].isupper()
        ):
            words.append(tok)  # "Vice-President"
        elif tok.tag_ == "POS" and i > 0 and countries.lookup(doc[i - 1].text):
            words.append(tok)
        else:
            break
        i -= 1
    words.reverse()
    while words and words[0].text.lower() == "of":
        words.pop(0)
    if not words or not any(w.text.lower() in lexicon.title_words for w in words):
        return None
    text = re.sub(r"\s*['’]s\b", "", doc[words[0].i : words[-1].i + 1].text).strip()
    *rest, last = text.split()
    if last.lower() not in lexicon.title_words and _singular(last).lower() in lexicon.title_words:
        # "Foreign Ministers X and Y": each holds the office in the singular.
        text = " ".join([*rest, _singular(last)])
    return text


def role_in_apposition(head: Token, lexicon: NameLexicon) -> str | None:
    """A role given in apposition: "Morgan Ortagus, a State Department spokesperson, said"."""
    for child in head.children:
        if child.dep_ != "appos":
            continue
        tokens = [t for t in child.subtree if t.dep_ not in {"det", "punct"} and t.i > head.i]
        if not tokens or len(tokens) > 8:
            continue
        # Only a parenthetical set off by commas: "Ortagus, a spokesperson, said".
        after = child.right_edge.i + 1
        if after < len(child.doc) and not child.doc[after].is_punct:
            continue
        if any(t.text.lower() in lexicon.title_words for t in tokens):
            return child.doc[tokens[0].i : tokens[-1].i + 1].text
    return None


def role_of_head(span: Span, lexicon: NameLexicon) -> str | None:
    """The role a name stands in apposition to: "China's climate envoy, Xie Zhenhua"
    -> "China climate envoy", "the Supreme Leader, Ayatollah Ali Khamenei"."""
    root = span.root
    head = root.head
    if root.dep_ != "appos" or head.i > root.i or head.lower_ not in lexicon.title_words:
        return None
    if head.i in range(span.start, span.end) or head.ent_type_ == "PERSON":
        return None
    lefts = [t for t in head.lefts if t.dep_ in {"amod", "compound", "poss", "nmod"}]
    start = min((t.left_edge.i for t in lefts), default=head.i)
    text = head.doc[start : head.i + 1].text
    return re.sub(r"\s*['’]s\b", "", text).strip()


def _singular(word: str) -> str:
    """ "Presidents" -> "President", "Secretaries" -> "Secretary"."""
    if word.lower().endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.lower().endswith("s") and not word.lower().endswith("ss") else word


def role_of_list(span: Span, lexicon: NameLexicon) -> str | None:
    """The role a plural title gives every name of the list it heads: "Presidents
    Joe Biden and Vladimir Putin" -> "President" for each, "Foreign Ministers Wang
    Yi and Sergei Lavrov" -> "Foreign Minister"."""
    doc = span.doc
    first = span.root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.i != span.root.i and first.ent_type_ != "PERSON":
        return None  # "Presidents Biden and the Senate": the list is not of names
    i = span.start if first.i == span.root.i else first.i
    while i > 0 and doc[i - 1].ent_type_ == "PERSON" and doc[i].ent_iob_ == "I":
        i -= 1
    i -= 1
    words: list[Token] = []
    while i >= 0 and doc[i].text[:1].isupper() and doc[i].is_alpha and len(words) < 4:
        words.append(doc[i])
        i -= 1
    words.reverse()
    if not words or (words[-1].tag_ not in {"NNS", "NNPS"} and not words[-1].text.endswith("s")):
        return None
    last = _singular(words[-1].text)
    if last.lower() not in lexicon.title_words or last == words[-1].text:
        return None
    # Only the title words: "GENEVA — Presidents" starts at "Presidents".
    while words[:-1] and words[0].lower_ not in lexicon.title_words:
        words.pop(0)
    return " ".join([*(w.text for w in words[:-1]), last])


def _address_before(span: Span) -> str | None:
    """The form of address right before a name the model tagged without it ("Mr" of
    "Mr Moon", "Ms." of "Ms. Harris"), for the gender it tells."""
    if span.start == 0:
        return None
    prev = span.doc[span.start - 1]
    return prev.text if prev.lower_.rstrip(".") in _ADDRESS_FORMS else None


def _sentence_index(doc: Doc) -> list[int]:
    """The number of each token's sentence, as ``doc.sents`` counts them."""
    if not len(doc):
        return []
    starts = doc.to_array(SENT_START) == 1
    starts[0] = True
    return (numpy.cumsum(starts) - 1).tolist()


def extract_actors(doc: Doc, lexicon: ActorLexicon) -> ArticleActors:
    """People, countries and organisations of ``doc``, merged within the article.

    Returns the actors (canonical name, type, aliases, roles, mention count), every
    mention with its sentence and character offsets, the person key at each token of
    a person mention, and each person's gender when the name or the text tells it.
    """
    names = lexicon.names
    sent_of = _sentence_index(doc)
    # The journalists of a byline or a credit line are no actors, nor the places
    # they filed from.
    credits = credit_lines(doc_text(doc))
    credit_starts = [start for start, _ in credits]

    def credited(char: int) -> bool:
        k = bisect.bisect_right(credit_starts, char) - 1
        return k >= 0 and char < credits[k][1]

    ents = [e for e in doc.ents if not credited(e.start_char)]
    model_ents = tuple(ents)  # ents gains surnames the model left untagged below

    places = {e.text for e in ents if e.label_ in {"GPE", "LOC", "FAC"}}
    # Surnames and full names of well-formed PERSON spans: they correct mislabels.
    person_spans: list[Span] = []
    # Each entity's name span, worked out once for both passes below.
    person_span_of: dict[tuple[int, int], Span | None] = {}
    for ent in ents:
        if ent.label_ == "PERSON":
            span = person_span_of[ent.start, ent.end] = _person_span(ent, names, lexicon.org_words)
            if (
                span is not None
                and not _never_a_person(span, lexicon)
                and not _is_place(span, places, lexicon)
                and not _is_organisation(span, lexicon)
            ):
                person_spans.append(span)
    headlines = _title_case_lines(doc, sent_of)
    body_parts = {
        part for text in _body_names(doc, headlines, sent_of) for part in name_parts(text)
    }
    body_people = {
        name_parts(clean_surface(s.text)) for s in person_spans if sent_of[s.start] not in headlines
    }
    headline_name_of: dict[tuple[int, int], Span] = {}

    def without_headline(span: Span) -> Span:
        key = (span.start, span.end)
        if key not in headline_name_of:
            headline_name_of[key] = _headline_name(
                span, headlines, sent_of, body_parts, body_people
            )
        return headline_name_of[key]

    person_spans = [without_headline(s) for s in person_spans]
    known_parts = {name_parts(clean_surface(s.text)) for s in person_spans}
    surnames = {p[-1] for p in known_parts if len(p) >= 2}
    # A one-word name the text gives a title ("Mr. Khashoggi") is a surname too.
    surnames |= {
        name_parts(clean_surface(s.text))[0]
        for s in person_spans
        if len(name_parts(clean_surface(s.text))) == 1 and _has_role_before(s, names)
    }
    # Family names written first ("Wang Yi"): the first part when it is no given name.
    surnames |= {p[0] for p in known_parts if len(p) >= 2 and given_name_gender(p[0]) is None}

    candidates: list[tuple[Span, str]] = []
    covered: set[int] = set()
    tagged = {i for ent in ents for i in range(ent.start, ent.end)}
    # A surname of the article's people that the model left untagged ("Pompeo left.").
    # A nickname the data seeds for one person ("MBS", "Bibi"), whatever the tag.
    wanted = numpy.fromiter(
        (hash_string(word) for word in surnames | names.person_aliases.keys()), dtype=numpy.uint64
    )
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), wanted)):
        token = doc[int(i)]
        if token.i not in tagged and _is_name_token(token) and not credited(token.idx):
            ents.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    ents.sort(key=lambda e: e.start)
    for ent in ents:
        label = ent.label_
        if _is_dateline(ent) or _is_wire_credit(ent):
            continue
        if label == "PERSON":
            key = (ent.start, ent.end)
            if key in person_span_of:
                span = person_span_of[key]
            else:
                span = _person_span(ent, names, lexicon.org_words)
            if span is None or _never_a_person(span, lexicon):
                continue
            span = without_headline(span)
            if _is_place(span, places, lexicon):
                label = "GPE"  # "in Taiz", "Mali": a place the model took for a person
                if not set(name_parts(span.text)) & surnames:
                    places.add(span.text)
            elif _is_organisation(span, lexicon):
                candidates.append((span, "ORG"))
                continue
            elif not _has_a_name(span, lexicon):
                continue
            else:
                candidates.append((span, "PERSON"))
                continue
        if label not in {"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART"}:
            continue
        cleaned = clean_surface(ent.text)
        parts = name_parts(cleaned)
        if parts and (
            (len(parts) >= 2 and parts in known_parts)
            or (len(parts) == 1 and (parts[0] in surnames or parts[0] in names.person_aliases))
        ):
            if not (
                len(parts) == 1 and parts[0] not in surnames and lexicon.countries.lookup(cleaned)
            ):
                candidates.append((ent, "PERSON"))
                continue
        if label == "ORG":
            # "National Security Adviser Ajit Doval" tagged ORG: a title, then a person.
            start = ent.start
            while start < ent.end - 1 and doc[start].lower_.strip(".") in names.title_words:
                start += 1
            person = doc[start : ent.end]
            # ... or a title just before the entity: "spokesperson Raveesh Kumar".
            title_before = (
                ent.start > 0
                and len(person) >= 2
                and doc[ent.start - 1].lower_.strip(".") in names.title_words
            )
            titled = (
                (start > ent.start or title_before)
                and all(
                    t.text[:1].isupper()
                    and t.is_alpha
                    and t.lower_ not in lexicon.org_words
                    and t.lower_ not in names.title_words
                    for t in person
                )
                and not (ent.end < len(doc) and doc[ent.end].lower_ in names.title_words)
            )
            if titled or _looks_like_person(person, lexicon):
                candidates.append((person, "PERSON"))
                continue
        if label in {"ORG", "WORK_OF_ART"} and _named_with_a_role(ent, lexicon):
            # "Olusegun Obasanjo, the former Nigerian president": the apposition says who.
            candidates.append((ent, "PERSON"))
            continue
        if label == "WORK_OF_ART":
            continue
        candidates.append((ent, label))

    clusters: list[PersonCluster] = []
    mentions: list[tuple[str, int, int, str, int]] = []  # key, start, end, surface, token
    country_actors: dict[str, tuple[Country, set[str]]] = {}
    orgs: dict[str, tuple[str, set[str]]] = {}
    #: The organisation keys in the order they were first named.
    org_order: list[str] = []

    person_mentions: list[tuple[Span, str, str | None]] = []
    for span, label in candidates:
        if any(i in covered for i in range(span.start, span.end)):
            continue
        covered.update(range(span.start, span.end))
        if label == "PERSON":
            title, name = split_title(clean_surface(span.text), names)
            if name_parts(name):
                person_mentions.append((span, name, title or None))
            continue
        country_list = _countries_of(span, label, lexicon.countries)
        if country_list:
            for country in country_list:
                key = f"COUNTRY:{country.code}"
                country_actors.setdefault(key, (country, set()))[1].add(clean_surface(span.text))
                mentions.append((key, span.start_char, span.end_char, span.text, span.start))
            continue
        if label == "ORG":
            name = clean_surface(span.text)
            if (
                len(name) < 2
                or not any(c.isalpha() for c in name)
                or name.lower() in lexicon.not_actors
                or _is_part_of_title(span, names)
                or _capitalised_common_noun(span, lexicon)
            ):
                continue
            full, _, acronym = name.partition("(")
            name = clean_surface(full) or name
            parts = _org_key_parts(name_parts(name))
            if len(parts) == 1 and parts[0] in BARE_ORG_HEADS:
                # "the Department", "State": the organisation of that word named
                # last before, or none that can be told.
                key = next((k for k in reversed(org_order) if parts[0] in k[4:].split()), None)
                if key is not None:
                    mentions.append((key, span.start_char, span.end_char, span.text, span.start))
                continue
            key = "ORG:" + " ".join(parts)
            if key not in orgs:
                org_order.append(key)
            orgs.setdefault(key, (name, set()))[1].add(name)
            if acronym.strip(" )"):
                orgs[key][1].add(acronym.strip(" )"))
            mentions.append((key, span.start_char, span.end_char, span.text, span.start))

    # Longest names first, so that a shorter form can find the person it shortens.
    order = sorted(
        range(len(person_mentions)), key=lambda k: -len(name_parts(person_mentions[k][1]))
    )
    assigned: dict[int, PersonCluster] = {}
    # Where and how each person was named so far, for the surnames several people share.
    positions: dict[int, list[int]] = {}
    subject_at: dict[int, set[int]] = {}
    seen_parts: dict[int, set[tuple[str, ...]]] = {}
    title_gender: dict[int, str] = {}
    for k in order:
        span, name, title = person_mentions[k]
        parts = name_parts(name)
        target = None
        wanted = _gender_of_title(title or _address_before(span))
        if len(parts) >= 2:
            for cluster in clusters:
                if any(
                    full_names_match(parts, other, names) or parts == other
                    for other in cluster.full_names
                ):
                    target = cluster
                    break
            if target is None:
                # "Le Drian", "Bhutto Zardari": the compound surname of a full name.
                shortened = [
                    c
                    for c in clusters
                    if any(is_short_form_of(parts, other) for other in c.full_names)
                ]
                if len(shortened) == 1:
                    target = shortened[0]
        else:
            matches = _clusters_for_word(parts[0], clusters, names)
            if wanted and len(matches) > 1:
                compatible = [
                    c
                    for c in matches
                    if title_gender.get(id(c), _cluster_name_gender(c)) in {None, wanted}
                ]
                matches = compatible or matches
            if len(matches) > 1:
                matches = [_likeliest_referent(matches, span, positions, subject_at)]
            target = matches[0] if matches else None
            if target is None and parts[0] in names.person_aliases:
                # A nickname seeded in the data ("MBS"): the person it stands for.
                seed = name_parts(names.person_aliases[parts[0]])
                target = next(
                    (
                        c
                        for c in clusters
                        if any(
                            full_names_match(seed, other, names)
                            or seed == other
                            or is_short_form_of(other, seed)
                            or is_short_form_of(seed, other)
                            for other in (*c.full_names, *seen_parts.get(id(c), ()))
                        )
                    ),
                    None,
                )
        if target is None:
            target = PersonCluster()
            clusters.append(target)
        if len(parts) == 1 and parts[0] in names.person_aliases and not target.full_names:
            target.seed_name = target.seed_name or names.person_aliases[parts[0]]
        if len(parts) >= 2 and parts not in target.full_names:
            if not any(is_short_form_of(parts, other) for other in target.full_names):
                target.full_names.append(parts)
        if wanted:
            title_gender.setdefault(id(target), wanted)
        positions.setdefault(id(target), []).append(span.start)
        seen_parts.setdefault(id(target), set()).add(parts)
        root = span.root
        while root.dep_ == "conj" and root.head.i < root.i:
            root = root.head  # "X and Y were received": both are subjects
        if root.dep_ in {"nsubj", "nsubjpass"}:
            subject_at.setdefault(id(target), set()).add(span.start)
        target.titled = target.titled or bool(title) or _has_role_before(span, names)
        assigned[k] = target

    for k, (span, name, title) in enumerate(person_mentions):
        cluster = assigned[k]
        cluster.forms.append(name)
        cluster.spans.append((span.start_char, span.end_char, span.text, span.start))
        role = (
            role_before(span, names, lexicon.countries)
            or role_in_apposition(span.root, names)
            or role_of_list(span, names)
            or role_of_head(span, names)
        )
        role = role or title
        if role and role.lower().rstrip(".") not in HONORIFICS:
            cluster.roles.add(role)
        cluster.gender = cluster.gender or _gender_of_title(title or _address_before(span))

    elsewhere = {clean_surface(e.text).lower() for e in model_ents if e.label_ in _PLACE_LABELS}
    clusters = [c for c in clusters if not _names_no_person(c, doc, places, elsewhere, lexicon)]
    _attach_handles(doc, clusters)

    actors: list[ArticleActor] = []
    person_at_token: dict[int, str] = {}
    genders: dict[str, str | None] = {}
    told = _genders_told_by_pronouns(doc, clusters, sent_of)
    for cluster in clusters:
        canonical = cluster.canonical
        key = "PERSON:" + " ".join(name_parts(canonical))
        existing = next((a for a in actors if a.key == key), None)
        if existing is None:
            existing = ArticleActor(key=key, name=canonical, type="PERSON")
            actors.append(existing)
        existing.aliases.update(cluster.forms)
        existing.roles.update(cluster.roles)
        existing.country = existing.country or _country_of_roles(cluster.roles, lexicon.countries)
        full = cluster.full_names[0] if cluster.full_names else name_parts(canonical)
        given = given_name_gender(full[0]) if len(full) >= 2 else None
        # A role that has a sex ("the sister of ...") outweighs a guess from a name
        # that mostly belongs to one ("Kim").
        if given is None or given.endswith("?"):
            # ... and so do the article's own pronouns for the person.
            given = _gender_of_roles(cluster.roles) or told.get(id(cluster)) or given
        gender = cluster.gender or given
        # Clusters of one key (a bare surname named twice) share what any of them tells.
        genders[key] = genders.get(key) or gender
        for start, end, surface, token in cluster.spans:
            mentions.append((key, start, end, surface, token))
            span_tokens = doc.char_span(start, end, alignment_mode="expand")
            if span_tokens is not None:
                for tok in span_tokens:
                    person_at_token[tok.i] = key
    for key, (country, surfaces) in country_actors.items():
        actors.append(
            ArticleActor(
                key=key, name=country.name, type="COUNTRY", aliases=surfaces, country=country.name
            )
        )
    renamed = _acronyms_to_names(orgs)
    if renamed:
        mentions = [(renamed.get(m[0], m[0]), *m[1:]) for m in mentions]
    for key, (name, surfaces) in orgs.items():
        actors.append(ArticleActor(key=key, name=name, type="ORG", aliases=surfaces))

    counts = Counter(m[0] for m in mentions)
    for actor in actors:
        actor.mentions = counts[actor.key]
    mention_records = [
        Mention(
            actor_key=key,
            surface=surface,
            start=start,
            end=end,
            sentence=sent_of[token] if token < len(sent_of) else 0,
        )
        for key, start, end, surface, token in sorted(mentions, key=lambda m: m[1])
    ]
    return ArticleActors(
        actors=[a for a in actors if a.mentions],
        mentions=mention_records,
        person_at_token=person_at_token,
        genders=genders,
    )


_MINOR = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})


#: Words that stand alone for an organisation named before, not as its name: "the
#: Department" for the State Department, "the Ministry", "State".
BARE_ORG_HEADS = frozenset(
    """department ministry agency administration alliance office commission committee
    council bureau secretariat directorate embassy state""".split()
)
#: Leading words of a United States department's name ("U.S. Department of State").
_US_PREFIXES = (("u", "s"), ("us",), ("united", "states"))


def _org_key_parts(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The words a government department is known by, whichever way it is written:
    "State Department", "Department of State", "the U.S. Department of State" are
    one, and so are "Treasury Department" and "Department of the Treasury"."""
    if "department" not in parts:
        return parts
    parts = tuple(p for p in parts if p != "the") or parts
    for prefix in _US_PREFIXES:
        if parts[: len(prefix)] == prefix and len(parts) > len(prefix):
            parts = parts[len(prefix) :]
            break
    if len(parts) >= 2 and parts[-1] == "department" and "of" not in parts:
        parts = ("department", "of", *parts[:-1])
    return parts


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _MINOR).upper()


def _acronyms_to_names(orgs: dict[str, tuple[str, set[str]]]) -> dict[str, str]:
    """Fold an acronym into the organisation it abbreviates in the same article
    ("WHO" into "World Health Organization"); returns old key -> new key."""
    renamed: dict[str, str] = {}
    for key, (name, surfaces) in list(orgs.items()):
        letters = name.replace(".", "")
        if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
            continue
        owners = [
            k
            for k, (n, _) in orgs.items()
            if k != key and len(n.split()) >= 2 and _initials(n) == letters
        ]
        if len(owners) != 1 or owners[0] not in orgs:
            continue
        orgs[owners[0]][1].update(surfaces)
        del orgs[key]
        renamed[key] = owners[0]
    return renamed


def _never_a_person(span: Span, lexicon: ActorLexicon) -> bool:
    """A name on the lists of those that are never a person ("Reuters", "COVID")."""
    text = span.text.lower()
    return text in lexicon.not_persons or text in lexicon.not_actors


def _is_part_of_title(span: Span, lexicon: NameLexicon) -> bool:
    """ "State" in "Secretary of State": an office, not an organisation."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    return doc[span.start - 2].lower_ in lexicon.title_words


def _likeliest_referent(
    clusters: Sequence[PersonCluster],
    span: Span,
    positions: dict[int, list[int]],
    subject_at: dict[int, set[int]],
) -> PersonCluster:
    """Which of several people sharing a surname a bare surname denotes: the one who
    was the subject of the sentence before ("Minister Kim Yeon-chul offered to resign.
    Mr Kim ..."), else the one the article named first among those it made the
    subject of a sentence, else the one it named first (a relative or namesake
    introduced later is named in full again)."""
    sentence = span.sent
    previous = span.doc[sentence.start - 1].sent.start if sentence.start > 0 else 0
    recent = [
        c for c in clusters if any(previous <= t < span.start for t in subject_at.get(id(c), ()))
    ]
    if len(recent) == 1:
        return recent[0]

    def first_named(cluster: PersonCluster) -> int:
        return min(positions.get(id(cluster), [len(span.doc)]))

    # One who was the subject of a sentence before is more in view than one named
    # only in passing ("the sister of the leader Kim Jong Un").
    subjects = [c for c in clusters if any(t < span.start for t in subject_at.get(id(c), ()))]
    return min(subjects or clusters, key=first_named)


def _has_role_before(span: Span, names: NameLexicon) -> bool:
    """A capitalised title word right before the name ("Foreign Minister Lavrov", "Mr.
    Khashoggi"); "of" in "Secretary of State" is a title word but says nothing here."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return prev.text[:1].isupper() and prev.lower_.strip(".") in names.title_words


_TITLE_GENDERS = {
    **dict.fromkeys(("mr", "sir", "lord", "king", "prince", "sheikh"), "m"),
    **dict.fromkeys(("mrs", "ms", "miss", "dame", "lady", "queen", "princess"), "f"),
}


#: Forms of address, never part of a name ("Sheikh Hasina" is hers).
_ADDRESS_FORMS = frozenset({"mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady"})


def _gender_of_title(title: str | None) -> str | None:
    """ "m" after "Mr", "King"; "f" after "Ms", "Queen"; else None."""
    if not title:
        return None
    return _TITLE_GENDERS.get(title.split()[0].lower().rstrip("."))


def _cluster_name_gender(cluster: PersonCluster) -> str | None:
    """The gender a cluster's given name surely has ("m"/"f", never a "mostly")."""
    for parts in cluster.full_names:
        gender = given_name_gender(parts[0])
        if gender in {"m", "f"}:
            return gender
    return None


def _clusters_for_word(
    word: str, clusters: Sequence[PersonCluster], names: NameLexicon
) -> list[PersonCluster]:
    """The people a one-word name may denote: those it is the surname of; else those
    named by it alone; else those whose first name it is ("Yang" for "Yang Jiechi",
    "Ned" for "Ned Price", "Bibi" for "Benjamin Netanyahu") when only one is."""
    short = (word,)
    matches = [c for c in clusters if any(is_short_form_of(short, o) for o in c.full_names)]
    if matches:
        return matches
    matches = [c for c in clusters if short in {name_parts(f) for f in c.forms}]
    if matches:
        return matches
    if given_name_gender(word) is None:
        matches = [c for c in clusters if any(o[0] == word for o in c.full_names)]
        if matches:
            return matches
    first = [
        c
        for c in clusters
        if any(o[0] == word or word in names.nickname_groups.get(o[0], ()) for o in c.full_names)
    ]
    return first if len(first) == 1 else []


def _capitalised_common_noun(span: Span, lexicon: ActorLexicon) -> bool:
    """An organisation word capitalised only because it starts a sentence, which
    the text also writes in lower case: "Party officials said ..." after "the
    party"."""
    if len(span) != 1 or not span[0].is_sent_start or span[0].lower_ not in lexicon.org_words:
        return False
    return re.search(rf"\b{re.escape(span[0].lower_)}\b", doc_text(span.doc)) is not None


def _is_organisation(span: Span, lexicon: ActorLexicon) -> bool:
    """A name the model tagged PERSON that ends in an organisation word
    ("Tigray People's Liberation Front", "Royal Marines")."""
    words = [t for t in span if t.is_alpha]
    return len(words) >= 2 and words[-1].lower_ in lexicon.org_words


def _named_with_a_role(span: Span, lexicon: ActorLexicon) -> bool:
    """A name of two or three capitalised words, tagged as something else, that an
    apposition presents as holding an office: "Yoon Do-han, the presidential secretary"."""
    # The parts after a hyphen ("Do-han") may be lower-case.
    words = [t for t in span if t.is_alpha and not (t.i > 0 and t.nbor(-1).text in {"-", "‐"})]
    if not 2 <= len(words) <= 4 or not all(t.is_alpha and t.text[:1].isupper() for t in words):
        return False
    if any(t.lower_ in lexicon.org_words or t.lower_ in lexicon.names.title_words for t in words):
        return False
    if lexicon.countries.lookup(span.text) or lexicon.countries.lookup(words[0].text):
        return False
    root = span.root
    return any(
        child.dep_ == "appos" and child.lower_ in lexicon.names.title_words
        for child in root.children
    )


#: Dependency heads that make a bare name a place ("the port of X" is not among them:
#: "the son of X" is as common).
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def _names_no_person(
    cluster: PersonCluster,
    doc: Doc,
    places: set[str],
    elsewhere: set[str],
    lexicon: ActorLexicon,
) -> bool:
    """A name whose uses read as a place or a group and never as a person: "in Tigray",
    "the Sahel", "Sanaa airport", "the port of Bandar Abbas", a word the model tags
    as a place elsewhere in the text. A one-word name never given in full needs one
    such use; a longer one that starts with no known given name needs every use to be
    one. A title ("Mr X", "Foreign Minister X") makes it a person. ``elsewhere``:
    the words the model tags as places or groups, cleaned and in lower case."""
    if cluster.seed_name or cluster.titled:
        return False
    if cluster.full_names and any(given_name_gender(p[0]) for p in cluster.full_names):
        return False
    place_votes = 0
    for start, end, _surface, _token in cluster.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        word = clean_surface(span.text).lower()
        if _speaks(root, word, lexicon):
            return False  # "Blinken told reporters"
        before = doc[span.start - 1] if span.start > 0 else None
        if (
            word in elsewhere
            or word + "s" in elsewhere
            or (
                root.dep_ == "pobj"
                and root.head.lower_ == "of"
                and root.head.head.lower_ in lexicon.place_words
            )
            or (root.dep_ == "compound" and root.head.lower_ in lexicon.place_words)
            or span.text in places
            or (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE)
            or (
                before is not None
                and before.lower_ == "the"
                and before.head.i in range(span.start, span.end)
            )
            or (root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.is_lower)
            or any(c.dep_ == "conj" and c.ent_type_ in _PLACE_LABELS for c in root.children)
            or (root.dep_ == "conj" and root.head.ent_type_ in _PLACE_LABELS)
        ):
            place_votes += 1
    if cluster.full_names:
        return place_votes == len(cluster.spans)
    return place_votes > 0


def _attach_handles(doc: Doc, clusters: list[PersonCluster]) -> None:
    """Tie a Twitter handle to the person whose surname it contains ("@SecPompeo"), or
    to the person named right before it in parentheses or after a comma ("Ned Price
    (@StateDeptSpox)")."""
    text = doc_text(doc)
    for match in HANDLE.finditer(text):
        handle = match.group(1).lower()
        owners = [
            c for c in clusters if any(len(p[-1]) >= 4 and p[-1] in handle for p in c.full_names)
        ]
        if not owners:
            owners = [
                c
                for c in clusters
                if any(
                    end <= match.start()
                    and text[end : match.start()].strip() in {"(", ","}
                    and not surface.startswith("@")
                    for _start, end, surface, _token in c.spans
                )
            ]
        if len(owners) == 1:
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            token = span.start if span is not None else 0
            owners[0].forms.append(match.group(0))
            owners[0].spans.append((match.start(), match.end(), match.group(0), token))


def _countries_of(span: Span, label: str, countries: CountryIndex) -> list[Country]:
    surface = clean_surface(span.text)
    country = countries.lookup(surface)
    if country is not None:
        return [country]
    parts = countries.split_compound(surface)
    if len(parts) > 1:
        found = [countries.lookup(p) for p in parts]
        return [c for c in found if c is not None]
    if label in {"GPE", "ORG", "FAC"}:
        seat = countries.lookup_seat(surface)
        if seat is not None and _acts_as_government(span):
            return [seat]
    return []


def _acts_as_government(span: Span) -> bool:
    """A capital that speaks or acts ("Washington warned", "Beijing's response"),
    not one that is a place ("talks in Washington")."""
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass"}:
        return True
    return root.dep_ == "poss"


def _country_of_roles(roles: set[str], countries: CountryIndex) -> str | None:
    for role in sorted(roles):
        for word in role.replace("-", " ").split():
            country = countries.lookup(word)
            if country is not None:
                return country.name
    return None


#: Third-person pronouns that have a sex.
_PRONOUN_SEX = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
#: Marks that open or close a quotation, inside which pronouns are the speaker's.
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``"})


def _genders_told_by_pronouns(
    doc: Doc, clusters: Sequence[PersonCluster], sent_of: list[int]
) -> dict[int, str]:
    """The sex the article's pronouns give each person (by the cluster's id):
    in a sentence naming one person only, a "he", "his" or "she" after the name
    and outside quotation marks is taken to be that person. Needs two such
    pronouns and no more than one in four of the other sex ("Bernie Sanders
    said ... his campaign", whose given name is mostly a woman's)."""
    named: dict[int, dict[int, int]] = {}  # sentence -> cluster id -> first token
    for cluster in clusters:
        for _, _, _, token in cluster.spans:
            first = named.setdefault(sent_of[token], {})
            first[id(cluster)] = min(first.get(id(cluster), token), token)
    told: dict[int, str] = {}
    votes: dict[int, Counter] = {}
    for index, first in named.items():
        if len(first) != 1:
            continue
        ((key, token),) = first.items()
        quoted = False
        sentence = doc[bisect.bisect_left(sent_of, index) : bisect.bisect_right(sent_of, index)]
        for tok in sentence:
            if tok.text in _QUOTE_MARKS:
                quoted = not quoted
            elif tok.i > token and not quoted and tok.lower_ in _PRONOUN_SEX:
                votes.setdefault(key, Counter())[_PRONOUN_SEX[tok.lower_]] += 1
    for key, counts in votes.items():
        (sex, n), *rest = counts.most_common()
        if n >= 2 and (not rest or rest[0][1] * 4 <= n):
            told[key] = sex
    return told


def _gender_of_roles(roles: set[str]) -> str | None:
    words = {w.lower() for role in roles for w in role.split()}
    if words & {"spokeswoman", "chairwoman", "congresswoman", "queen", "princess", "sister"}:
        return "f"
    if words & {"wife", "daughter", "mother", "widow"}:
        return "f"
    if words & {"spokesman", "chairman", "congressman", "king", "prince", "brother"}:
        return "m"
    if words & {"husband", "son", "father"}:
        return "m"
    return None


def load_actor_lexicon(data_dir: Path = DATA_DIR) -> ActorLexicon:
    """The word lists under ``data_dir`` that actor extraction needs."""
    from analysis.countries import CountryIndex
    from analysis.names import load_given_names, load_name_lexicon

    load_given_names()
    return ActorLexicon(
        names=load_name_lexicon(data_dir),
        org_words=read_word_list(data_dir / "org_words.txt"),
        countries=CountryIndex.from_csv(data_dir / "countries.csv"),
        not_persons=read_word_list(data_dir / "not_persons.txt"),
        not_actors=read_word_list(data_dir / "not_actors.txt"),
        place_words=read_word_list(data_dir / "place_words.txt"),
        speech_verbs=frozenset(
            w.rstrip("*") for w in read_word_list(data_dir / "speech_verbs.txt")
        ),
    )
