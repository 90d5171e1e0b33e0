"""Who met, called or visited whom: encounters read from the parse, with date and place.

"A met B", "A met with B", "A held talks with B", "A and B spoke by phone",
"A visited B": the verbs are data (``data/interaction_verbs.csv``). Relative
dates ("on Friday", "yesterday") are resolved against the publication date.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from analysis.actors import ArticleActors
from analysis.models import Interaction
from analysis.settings import DATA_DIR

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
#: Verbs whose plural subject is both parties: "A and B met".
MUTUAL_VERBS = frozenset({"meet", "talk", "speak", "confer", "negotiate"})
NOUN_TYPES = {
    "talk": "talks",
    "talks": "talks",
    "meeting": "meeting",
    "call": "call",
    "summit": "summit",
    "conversation": "call",
    "discussion": "talks",
    "negotiation": "talks",
    "agreement": "agreement",
    "deal": "agreement",
}


@dataclass(frozen=True)
class InteractionLexicon:
    """Encounter verbs: lemma -> {preposition or "": type}."""

    verbs: dict[str, dict[str, str]]


@functools.lru_cache(maxsize=4)
def load_interaction_lexicon(data_dir: Path = DATA_DIR) -> InteractionLexicon:
    """Read ``interaction_verbs.csv`` from ``data_dir``."""
    verbs: dict[str, dict[str, str]] = {}
    with (data_dir / "interaction_verbs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            verbs.setdefault(row["lemma"].strip(), {})[row["preposition"].strip()] = row[
                "type"
            ].strip()
    return InteractionLexicon(verbs=verbs)


def resolve_date(expression: str, published: dt.date | None) -> dt.date | None:
    """A date expression as a calendar date, relative ones against ``published``.

    "Friday" is the last Friday on or before publication; "yesterday", "today";
    "17 January 2020", "January 17" (year of publication, not after it). Vague
    expressions ("last week", "earlier this month") give None.
    """
    text = expression.lower().strip()
    text = re.sub(r"^(on|last|this|earlier|late|early)\s+", "", text)
    if published is not None:
        if text in {"today", "this morning", "tonight", "this afternoon", "this evening"}:
            return published
        if text in {"yesterday", "last night"}:
            return published - dt.timedelta(days=1)
        for number, day in enumerate(WEEKDAYS):
            if text == day:
                delta = (published.weekday() - number) % 7
                return published - dt.timedelta(days=delta)
    match = re.fullmatch(
        r"(\d{1,2})\s+([a-z]+)(?:,?\s+(\d{4}))?|([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?",
        text,
    )
    if not match:
        return None
    day_s, month_s, year_s = (
        (match.group(1), match.group(2), match.group(3))
        if match.group(1)
        else (
            match.group(5),
            match.group(4),
            match.group(6),
        )
    )
    if month_s not in MONTHS:
        return None
    year = int(year_s) if year_s else (published.year if published else None)
    if year is None:
        return None
    try:
        date = dt.date(year, MONTHS.index(month_s) + 1, int(day_s))
    except ValueError:
        return None
    if not year_s and published is not None and date > published:
        date = date.replace(year=year - 1)
    return date


def _actor_at(token: Token, keys_at: dict[int, str]) -> str | None:
    """The actor a party phrase names: its head word, or a name compounded with it."""
    if token.i in keys_at:
        return keys_at[token.i]
    if token.pos_ != "PROPN":
        return None  # "the top US diplomat" is a role, not the United States
    for t in (c for c in token.children if c.dep_ in {"compound", "appos"}):
        key = keys_at.get(t.i)
        if key:
            return key
    return None


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects; a verb without one ("after speaking by phone with X",
    "flew to Ankara and met X") takes those of the clause it hangs on."""
    found = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if found or verb.dep_ not in {"advcl", "conj", "xcomp", "pcomp"} or verb.head.i == verb.i:
        return found
    return _subjects(verb.head)


def _pronoun_antecedent(token: Token, keys_at: dict[int, str]) -> str | None:
    """For "he"/"she": the last person before it who was a subject, in its own
    sentence or the one before ("Pompeo, who flew in after a stop in Islamabad,
    where he met Imran Khan")."""
    if token.lower_ not in {"he", "she"}:
        return None
    sent = token.sent
    start = sent.start
    if start > 0:
        start = token.doc[start - 1].sent.start
    for i in range(token.i - 1, start - 1, -1):
        t = token.doc[i]
        key = keys_at.get(i)
        if key and key.startswith("PERSON:") and t.dep_ in {"nsubj", "nsubjpass", "compound"}:
            return key
    return None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def extract_interactions(
    doc: Doc, actors: ArticleActors, published: dt.date | None, lexicon: InteractionLexicon
) -> list[Interaction]:
    """Encounters between two actors of ``doc``, one per pair and sentence."""
    keys_at: dict[int, str] = dict(actors.person_at_token)
    for mention in actors.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                keys_at.setdefault(tok.i, mention.actor_key)
    names = {a.key: a.name for a in actors.actors}
    found: dict[tuple[str, str, int], Interaction] = {}
    # Doc.ents is rebuilt on every read: index the entities by token once.
    ent_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    for verb in doc:
        frames = lexicon.verbs.get(verb.lemma_.lower())
        if not frames or verb.pos_ not in {"VERB", "AUX"}:
            continue
        subjects = _subjects(verb)
        if not subjects:
            continue
        kind = None
        others: list[Token] = []
        for child in verb.children:
            if child.dep_ == "dobj" and "" in frames:
                kind = frames[""]
                others.extend(_with_conjuncts(child))
            elif child.dep_ == "dobj" and child.lemma_.lower() in NOUN_TYPES:
                kind = NOUN_TYPES[child.lemma_.lower()]
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ == "with":
                        others.extend(
                            p for c in prep.children if c.dep_ == "pobj" for p in _with_conjuncts(c)
                        )
            elif child.dep_ == "prep" and child.lower_ in frames:
                kind = frames[child.lower_]
                others.extend(
                    p for c in child.children if c.dep_ == "pobj" for p in _with_conjuncts(c)
                )
        subject_tokens = [t for s in subjects for t in _with_conjuncts(s)]
        mutual = verb.lemma_.lower() in MUTUAL_VERBS
        if kind is None and len(subject_tokens) >= 2 and "with" in frames and mutual:
            # "A and B met": both parties are subjects.
            kind, others, subject_tokens = frames["with"], subject_tokens[1:], subject_tokens[:1]
        if kind is None:
            continue
        sentence = verb.sent
        anchors = {verb.i, *(t.i for t in others)}
        date = None
        place = None
        for token in verb.subtree:
            if token.ent_type_ == "DATE" and token.ent_iob_ == "B" and date is None:
                date = resolve_date(ent_at[token.i].text, published)
            in_verb = token.head.lower_ == "in" and token.head.head.i in anchors
            if token.dep_ == "pobj" and in_verb and token.ent_type_ in {"GPE", "LOC", "FAC"}:
                place = ent_at[token.i].text if token.i in ent_at else token.text
        for subject in subject_tokens:
            a = _actor_at(subject, keys_at) or _pronoun_antecedent(subject, keys_at)
            for other in others:
                b = _actor_at(other, keys_at)
                if not a or not b or a == b or not a.startswith("PERSON:"):
                    continue  # the one who acts is a person: countries "agree" in other ways
                if b.startswith("COUNTRY:") and kind != "visit":
                    continue
                evidence_key = (a, b, sentence.start)
                found.setdefault(
                    evidence_key,
                    Interaction(
                        a=names.get(a, a),
                        b=names.get(b, b),
                        type=kind,
                        date=date,
                        place=place,
                        evidence=sentence.text.strip().strip('"“”‘’').strip(),
                        a_key=a,
                        b_key=b,
                    ),
                )
    return list(found.values())
