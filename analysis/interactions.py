"""Who met, called or visited whom: encounters read from the parse, with date and place.

"A met B", "A met with B", "A held talks with B", "A and B spoke by phone",
"A visited B", "A flew to B": the verbs are data (``data/interaction_verbs.csv``).
The parse also gives passives ("A was received by B"), nouns of encounter ("in her
talks with B", "a call between A and B", "during his visit to C"), meetings of
several people (every pair), plural pronouns for two people just named ("when they
spoke by phone") and role-only phrases for the one person holding the role ("the
Pakistani foreign minister"). Encounters only planned or denied are left out.
Relative dates ("on Friday", "yesterday", "last Friday") are resolved against the
publication date; vague ones ("last week") give no date.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import hash_string
from spacy.symbols import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from analysis.actors import ArticleActors
from analysis.countries import CountryIndex
from analysis.models import Interaction
from analysis.nlp import doc_text, lemmas_among
from analysis.settings import DATA_DIR

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
#: Verbs whose plural subject is both parties: "A and B met".
MUTUAL_VERBS = frozenset({"meet", "talk", "speak", "confer", "negotiate", "sign"})
#: Adverbs that make any act of a plural subject a joint appearance.
JOINT_ADVERBS = frozenset({"together", "jointly"})
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
    countries: CountryIndex | None = None


@functools.lru_cache(maxsize=4)
def load_interaction_lexicon(data_dir: Path = DATA_DIR) -> InteractionLexicon:
    """Read ``interaction_verbs.csv`` from ``data_dir``."""
    verbs: dict[str, dict[str, str]] = {}
    with (data_dir / "interaction_verbs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            verbs.setdefault(row["lemma"].strip(), {})[row["preposition"].strip()] = row[
                "type"
            ].strip()
    return InteractionLexicon(
        verbs=verbs, countries=CountryIndex.from_csv(data_dir / "countries.csv")
    )


def resolve_date(expression: str, published: dt.date | None) -> dt.date | None:
    """A date expression as a calendar date, relative ones against ``published``.

    "Friday" is the last Friday on or before publication; "yesterday", "today";
    "17 January 2020", "January 17" (year of publication, not after it). Vague
    expressions ("last week", "earlier this month") give None.
    """
    text = expression.lower().strip()
    last = text.startswith("last ")
    text = re.sub(r"^(on|last|this|earlier|late|early)\s+", "", text)
    if published is not None:
        if text in {"today", "this morning", "tonight", "this afternoon", "this evening"}:
            return published
        if text in {"yesterday", "last night"}:
            return published - dt.timedelta(days=1)
        for number, day in enumerate(WEEKDAYS):
            if text == day:
                delta = (published.weekday() - number) % 7
                if last and delta == 0:
                    delta = 7  # "last Friday" written on a Friday is a week ago
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
    if not found and verb.dep_ == "acl":
        # "Macron spoke at the palace, flanked by X": the noun it hangs on, or else
        # the subject of the clause around it.
        clause = verb.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head
        return [verb.head, *(_subjects(clause) if clause.pos_ in {"VERB", "AUX"} else [])]
    if found or verb.dep_ not in {"advcl", "conj", "xcomp", "pcomp", "relcl"}:
        return found
    if verb.dep_ == "relcl":
        # "Pompeo, who flew in ...": the relative pronoun stands for the noun it hangs on.
        return [verb.head] if verb.head.pos_ in {"PROPN", "NOUN"} else []
    if verb.head.i == verb.i:
        return found
    return _subjects(verb.head)


def _pronoun_antecedent(
    token: Token, keys_at: dict[int, str], genders: dict[str, str | None] | None = None
) -> str | None:
    """For "he"/"she"/"his"/"her"/"who": the last person before it who was a subject,
    in its own sentence or the one before ("Pompeo, who flew in after a stop in
    Islamabad, where he met Imran Khan")."""
    if token.lower_ not in {"he", "she", "his", "her", "who"}:
        return None
    sent = token.sent
    start = sent.start
    if start > 0:
        start = token.doc[start - 1].sent.start
    for i in range(token.i - 1, start - 1, -1):
        t = token.doc[i]
        key = keys_at.get(i)
        if key and key.startswith("PERSON:") and _in_subject(t):
            if _gender_clash(token, (genders or {}).get(key)):
                continue
            return key
    return None


def _gender_clash(pronoun: Token, gender: str | None) -> bool:
    """ "she" cannot be a man known as one, nor "he" a woman."""
    if not gender:
        return False
    if pronoun.lower_ in {"she", "her"}:
        return gender.startswith("m")
    if pronoun.lower_ in {"he", "his", "him"}:
        return gender.startswith("f")
    return False


#: Plural subjects that stand for the two people just named: "when they spoke by phone".
PLURAL_PARTIES = frozenset({"they", "both", "two", "leaders", "ministers", "presidents", "men"})


def _two_named_before(token: Token, keys_at: dict[int, str]) -> list[str]:
    """The two people named before ``token`` in its sentence (or else the one before),
    when exactly two are; a subject of the same verb is not one of them ("X welcomed
    the two leaders")."""
    sent = token.sent
    own = {keys_at.get(t.i) for s in _subjects(token.head) for t in s.subtree}
    before = token.doc[max(0, sent.start - 1)].sent.start
    for start, end in ((sent.start, token.i), (before, sent.start)):
        people = list(
            dict.fromkeys(
                keys_at[i]
                for i in range(start, end)
                if keys_at.get(i, "").startswith("PERSON:")
                and keys_at[i] not in own
                # In the sentence before, only its subjects, and only for a pronoun:
                # "A and B met. They ..."
                and (end == token.i or (token.pos_ == "PRON" and _in_subject(token.doc[i])))
            )
        )
        if len(people) == 2:
            return people
        if people:
            return []
    return []


#: Office nouns a role-only phrase may rest on ("the Pakistani foreign minister").
OFFICE_NOUNS = frozenset(
    {"minister", "president", "secretary", "premier", "chancellor", "envoy", "ambassador",
     "spokesman", "spokeswoman", "spokesperson", "king", "queen", "emir", "prince", "leader",
     "counterpart", "representative", "commissioner", "adviser", "advisor"}
)  # fmt: skip


def _role_holder(noun: Token, people: list, countries: CountryIndex | None) -> str | None:
    """The one person of the article whose recorded role a role-only phrase names:
    "the Pakistani foreign minister" for the person introduced as "Pakistan's Foreign
    Minister Shah Mehmood Qureshi". The country word, when given, must agree."""
    if noun.lower_ not in OFFICE_NOUNS or noun.lower_ == "counterpart":
        return None
    words = [t for t in noun.subtree if t.i <= noun.i and t.dep_ not in {"det", "punct"}]
    country = None
    for word in words:
        found = countries.lookup(word.text) if countries is not None else None
        country = found.name if found is not None else country
    plain = {w.lower_ for w in words} - {"the", "'s", "’s"}
    candidates = []
    for actor in people:
        if actor.type != "PERSON" or not actor.roles:
            continue
        role_words = {
            w.lower().strip(",.") for r in actor.roles for w in r.replace("-", " ").split()
        }
        if noun.lower_ not in role_words:
            continue
        if country is not None and actor.country not in {None, country}:
            continue
        if country is not None and actor.country is None:
            continue
        others = (
            plain
            - {noun.lower_}
            - {w.lower_ for w in words if countries and countries.lookup(w.text)}
        )
        if others - role_words:
            continue  # "the foreign minister" is not the defence minister
        candidates.append(actor.key)
    return candidates[0] if len(candidates) == 1 else None


def _in_subject(token: Token) -> bool:
    """Whether ``token`` is part of its clause's subject ("A and B" in "A and B met")."""
    node = token
    for _ in range(6):
        if node.dep_ in {"nsubj", "nsubjpass"}:
            return True
        if node.dep_ not in {"compound", "conj", "appos", "flat", "cc"} or node.head.i == node.i:
            return False
        node = node.head
    return False


#: Links that keep to the party itself: "the head of the WHO, Tedros" (appos), "A and B"
#: (conj), a name the parser hung as a modifier of the next one (nmod).
CHAIN_DEPS = frozenset({"conj", "appos", "nmod", "compound"})


def _name_chain(token: Token, keys_at: dict[int, str]) -> list[Token]:
    """``token`` and the words standing for the same or a coordinated party: its
    conjuncts, and for a word that names no one ("the head of the WHO") its
    appositions and the names the parser attached to it as modifiers."""
    found = [token]
    stack = [token]
    while stack:
        node = stack.pop()
        key = keys_at.get(node.i)
        for child in node.children:
            if key is not None and child.dep_ != "conj":
                # A named party keeps its appositions ("Yemane, the minister") to
                # itself; only another name the parser hung on it is a second party.
                other = keys_at.get(child.i)
                if child.dep_ not in {"nmod", "compound", "appos"} or other in {None, key}:
                    continue
            if key is None and node.pos_ != "PROPN" and child.dep_ not in {"appos", "conj"}:
                continue  # "Biden's framework initiative" is not Biden
            if child.dep_ in CHAIN_DEPS and child not in found:
                found.append(child)
                stack.append(child)
    return found


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _objects_of(prep: Token) -> list[Token]:
    return [p for c in prep.children if c.dep_ == "pobj" for p in _with_conjuncts(c)]


#: Words that make an encounter one only spoken of, not one that took place.
PLANNED_AUX = frozenset(
    {"will", "would", "shall", "'ll", "may", "might", "could", "should", "must"}
)
PLANNED_HEADS = frozenset(
    {"plan", "expect", "hope", "want", "intend", "due", "schedule", "seek", "try", "aim",
     "propose", "offer", "invite", "refuse", "decline", "set", "wish", "prepare", "ask",
     "consider"}
)  # fmt: skip


def _is_planned(token: Token) -> bool:
    """ "will meet", "is due to meet", "plans to visit", "declined to meet", "a meeting
    that is going to be held", "a meeting ... is under consideration": not an encounter
    that took place."""
    if token.pos_ in {"NOUN", "PROPN"}:
        for clause in (c for c in token.children if c.dep_ in {"relcl", "acl"}):
            if _is_planned(clause):
                return True
        if token.dep_ in {"nsubj", "nsubjpass"} and _is_planned(token.head):
            return True
        if token.dep_ in {"nsubj", "nsubjpass"} and any(
            c.lower_ in {"consideration", "discussion", "preparation"}
            for c in token.head.subtree
            if c.dep_ == "pobj"
        ):
            return True
    node = token
    for _ in range(4):
        if node.lower_ == "going" and any(c.dep_ == "xcomp" for c in node.children):
            return True  # "that is going to be on Wednesday"
        if any(
            c.dep_ in {"aux", "neg"} and c.lower_ in PLANNED_AUX | {"not", "n't", "never"}
            for c in node.children
        ):
            return True
        if node.dep_ not in {"xcomp", "ccomp", "acomp", "dobj", "pobj", "prep", "advcl"}:
            return False
        if node.dep_ == "xcomp" and (
            node.head.lemma_.lower() in PLANNED_HEADS or node.head.lower_ == "going"
        ):
            return True
        if node.dep_ == "ccomp" or (
            node.dep_ == "advcl"
            and not any(
                c.dep_ == "mark" and c.lower_ in {"as", "when", "while"} for c in node.children
            )
        ):
            return False  # "said he met X": the clause says what took place
        node = node.head  # "will stress, as he makes his trip": as planned as its head
    return False


@dataclass
class _Frame:
    """One reported encounter before its parties are resolved to actors."""

    kind: str
    anchor: Token
    parties: list[Token]
    others: list[Token]
    places: list[Token]
    #: The parties met one another too ("A and B met C": A met B).
    mutual: bool = False


#: Nouns of a journey: "his visit to Ankara", "a trip to India".
VISIT_NOUNS = frozenset({"visit", "trip", "tour", "journey"})
#: Light verbs whose object noun is the encounter: "held talks", "had a call",
#: "signed an agreement with", "struck a deal with".
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "begin", "open", "start", "conclude", "wrap",
                         "attend", "join", "chair", "make", "pay", "host",
                         "sign", "reach", "strike", "seal"})  # fmt: skip
#: Prepositions under which a noun of encounter is one the clause's subject took part in.
FRAME_PREPOSITIONS = frozenset({"for", "in", "during", "at", "after", "before", "on", "following"})


def _verb_frames(verb: Token, lexicon: InteractionLexicon) -> list[_Frame]:
    lemma = verb.lemma_.lower()
    frames = lexicon.verbs.get(lemma, {})
    if not frames:
        # Most verbs are no encounter; only "A and B unveiled the plan together" is.
        if any(c.lower_ in JOINT_ADVERBS for c in verb.children if c.dep_ == "advmod"):
            return [_Frame("other", verb, _subjects(verb), [], [])]
        return []
    result: list[_Frame] = []
    subjects = _subjects(verb)
    passive = any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children)
    if frames and passive:
        # "A and B were received by C": the agent is the other party.
        agents = [p for c in verb.children if c.dep_ == "agent" for p in _objects_of(c)]
        if agents:
            kind = frames.get("", next(iter(frames.values())))
            result.append(_Frame(kind, verb, subjects, agents, []))
            return result
    kind = None
    others: list[Token] = []
    places: list[Token] = []
    for child in verb.children:
        if child.dep_ == "dobj" and "" in frames and child.lemma_.lower() not in NOUN_TYPES:
            kind = frames[""]
            others.extend(_with_conjuncts(child))
            if kind == "visit":
                places.extend(_with_conjuncts(child))  # "visited Riyadh" or "visited the king"
        elif child.dep_ == "prep" and frames.get(child.lower_) == "visit":
            kind = kind or "visit"  # "flew to Washington", "arrived in Asmara"
            places.extend(_objects_of(child))
        elif child.dep_ == "prep" and child.lower_ in frames:
            kind = frames[child.lower_]
            others.extend(_objects_of(child))
        elif child.dep_ == "prep" and "with" in frames:
            # "met in a hotel near the venue with X": the parser hangs "with" on the
            # place; only a person found there counts (see the party check).
            for place in _objects_of(child):
                for prep in (c for c in place.subtree if c.dep_ == "prep" and c.lower_ == "with"):
                    kind = kind or frames["with"]
                    others.extend(p for p in _objects_of(prep) if p.pos_ == "PROPN")
    mutual = lemma in MUTUAL_VERBS
    if kind is not None:
        frame = _Frame(kind, verb, subjects, others, places if kind == "visit" else [], mutual)
        result.append(frame)
    elif places:
        result.append(_Frame("visit", verb, subjects, [], places))
    elif mutual and frames and _reports_an_exchange(verb):
        # "A and B met", "they spoke by phone", "A and B signed a memorandum".
        kind = frames.get("with", next(iter(frames.values())))
        result.append(_Frame(kind, verb, subjects, [], []))
    elif any(c.lower_ in JOINT_ADVERBS for c in verb.children if c.dep_ == "advmod"):
        # "A and B unveiled the plan together": a joint appearance.
        result.append(_Frame("other", verb, subjects, [], []))
    return result


#: Words that make "A and B spoke" a conversation between them, not a speech.
MEDIA = frozenset({"phone", "telephone", "video", "videoconference", "link", "call"})


def _reports_an_exchange(verb: Token) -> bool:
    """Whether a verb of ``MUTUAL_VERBS`` with a plural subject says the subjects dealt
    with each other: "met", "signed a memorandum", "spoke by phone" — but not
    "spoke at the ceremony" or "speaking on the subject"."""
    lemma = verb.lemma_.lower()
    if lemma in {"speak", "talk"}:
        return any(t.lower_ in MEDIA for t in verb.subtree if t.i > verb.i)
    if lemma == "sign":
        return any(c.dep_ == "dobj" for c in verb.children)
    return True


def _governing_subjects(noun: Token) -> list[Token] | None:
    """The people who took part in an encounter named by a noun: the subject of the
    light verb it is the object of ("A held talks", "A held two hours of talks"), or
    of the clause it is set in by a preposition ("A was in Washington for talks",
    "flying to Washington for a day of meetings with B")."""
    node = noun
    for _ in range(3):
        if node.dep_ == "dobj" and node.head.lemma_.lower() in LIGHT_VERBS:
            return _subjects(node.head)
        if node.dep_ != "pobj":
            return None
        prep = node.head
        if prep.lower_ in FRAME_PREPOSITIONS and prep.head.pos_ in {"VERB", "AUX"}:
            return _subjects(prep.head)
        if prep.lower_ != "of" or prep.head.pos_ != "NOUN":
            return None
        node = prep.head  # "two hours of talks", "a day of meetings"
    return None


#: Nouns an encounter or a visit may be read from.
ENCOUNTER_NOUNS = frozenset(NOUN_TYPES) | VISIT_NOUNS
_JOINT = numpy.array([hash_string(word) for word in JOINT_ADVERBS], dtype=numpy.uint64)


def _anchors(doc: Doc, lexicon: InteractionLexicon) -> list[int]:
    """The indexes, in text order, of the words an encounter may be read from: the
    verbs of encounter and the verbs a "together" or "jointly" modifies, and the
    nouns of encounter or of a visit. Read from arrays, so that no Token is made
    for the other words of the article."""
    rows = doc.to_array([POS, LEMMA, LOWER])
    verbs = numpy.isin(rows[:, 0], [VERB, AUX]) & lemmas_among(doc, rows[:, 1], lexicon.verbs)
    nouns = numpy.isin(rows[:, 0], [NOUN, PROPN]) & lemmas_among(doc, rows[:, 1], ENCOUNTER_NOUNS)
    wanted = verbs | nouns
    found = set(numpy.flatnonzero(wanted).tolist())
    for index in numpy.flatnonzero(numpy.isin(rows[:, 2], _JOINT)).tolist():
        head = doc[index].head
        if head.pos_ in {"VERB", "AUX"}:
            found.add(head.i)
    return sorted(found)


def _noun_frames(noun: Token) -> list[_Frame]:
    lemma = noun.lemma_.lower()
    if lemma not in NOUN_TYPES and lemma not in VISIT_NOUNS:
        return []
    owners = [c for c in noun.children if c.dep_ == "poss"]
    others: list[Token] = []
    places: list[Token] = []
    between: list[Token] = []
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        if prep.lower_ == "with":
            others.extend(_objects_of(prep))
        elif prep.lower_ == "between":
            between.extend(_objects_of(prep))
        elif prep.lower_ == "to" and lemma in VISIT_NOUNS:
            places.extend(_objects_of(prep))
    parties = [p for o in owners for p in _with_conjuncts(o)]
    governed = False
    if not parties:
        parties = _governing_subjects(noun) or []
        governed = bool(parties)
    if lemma in VISIT_NOUNS:
        return [_Frame("visit", noun, parties, [], places)] if places else []
    kind = NOUN_TYPES[lemma]
    if len(between) >= 2:
        return [_Frame(kind, noun, between, [], [])]
    if others:
        return [_Frame(kind, noun, parties, others, [])]
    if governed:
        # "A and B held talks", "A and B agreed ... at a summit": the subjects met.
        return [_Frame(kind, noun, parties, [], [])]
    return []


def extract_interactions(
    doc: Doc, actors: ArticleActors, published: dt.date | None, lexicon: InteractionLexicon
) -> list[Interaction]:
    """Encounters between two actors of ``doc``, one per pair and sentence.

    A meeting of several people gives every pair; a visit pairs a person with the
    country visited (a capital stands for its country). Encounters only planned
    ("will meet", "is due to visit") or denied are left out.
    """
    keys_at: dict[int, str] = dict(actors.person_at_token)
    for mention in actors.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                keys_at.setdefault(tok.i, mention.actor_key)
    names = {a.key: a.name for a in actors.actors}
    home = {a.key: a.country for a in actors.actors}
    found: dict[tuple[str, str, int], Interaction] = {}
    # Doc.ents is rebuilt on every read: index the entities by token once.
    ent_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}

    def party(token: Token) -> list[str]:
        chain = _name_chain(token, keys_at)
        keys = [
            k
            for t in chain
            if (k := _actor_at(t, keys_at) or _pronoun_antecedent(t, keys_at, actors.genders))
        ]
        if not keys and token.lower_ in PLURAL_PARTIES:
            # "they", "the two leaders", when nothing in the phrase names them.
            keys = _two_named_before(token, keys_at)
        if not keys and token.pos_ == "NOUN":
            holder = _role_holder(token, actors.actors, lexicon.countries)
            keys = [holder] if holder else []
        return list(dict.fromkeys(keys))

    def country_of_place(token: Token) -> tuple[str, str] | None:
        key = keys_at.get(token.i)
        if key and key.startswith("COUNTRY:"):
            return key, names.get(key, key)
        text = ent_at[token.i].text if token.i in ent_at else token.text
        country = lexicon.countries.lookup(text) if lexicon.countries else None
        if country is None and lexicon.countries is not None:
            country = lexicon.countries.lookup_seat(text.removeprefix("the ").strip())
        if country is None:
            return None
        return f"COUNTRY:{country.code}", country.name

    body = doc_text(doc)
    dateline = _dateline_country(body, lexicon.countries)
    lead_end = body.find("\n\n")
    lead_end = len(body) if lead_end < 0 else lead_end

    for index in _anchors(doc, lexicon):
        token = doc[index]
        if token.pos_ in {"VERB", "AUX"}:
            frames = _verb_frames(token, lexicon)
        else:
            frames = _noun_frames(token)
        for frame in frames:
            if _is_planned(frame.anchor):
                continue
            parties = list(dict.fromkeys(k for t in frame.parties for k in party(t)))
            parties = [k for k in parties if k.startswith("PERSON:")]
            if not parties:
                continue
            others = list(dict.fromkeys(k for t in frame.others for k in party(t)))
            pairs: list[tuple[str, str]] = []
            if others:
                pairs += [(a, b) for a in parties for b in others]
            unresolved = frame.others and not others  # met someone not named: no pair
            if (
                not unresolved
                and (not others or frame.mutual)
                and (frame.kind != "visit" or not frame.places)
            ):
                # Every subject met every other: "A, B and C met".
                pairs += [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]
            for place in frame.places:
                visited = country_of_place(place)
                if visited is None:
                    continue
                key, name = visited
                names.setdefault(key, name)
                pairs += [(a, key) for a in parties if home.get(a) != name]
            _record(found, frame, pairs, names, published, ent_at, doc)
            if frame.kind != "visit":
                # "A met B in Riyadh": a party whose country the article gives, and
                # which is not the one the meeting was held in, was visiting it.
                held_in = [v for p in _meeting_places(frame.anchor) if (v := country_of_place(p))]
                if (
                    not held_in
                    and dateline is not None
                    and frame.kind in IN_PERSON
                    and frame.anchor.idx < lead_end
                ):
                    # "RIYADH — Pompeo met King Salman ...": the lead reports what
                    # happened where the dateline puts it.
                    held_in = [dateline]
                visits = []
                for key, name in held_in:
                    names.setdefault(key, name)
                    visits += [
                        (a, key)
                        for a in dict.fromkeys(parties + others)
                        if home.get(a) not in {None, name}
                    ]
                visit = _Frame("visit", frame.anchor, frame.parties, [], [])
                _record(found, visit, visits, names, published, ent_at, doc)
    return list(found.values())


#: Encounter types that bring the parties to one place (a call does not).
IN_PERSON = frozenset({"meeting", "talks", "summit"})
#: A dateline opening the text: "RIYADH —", "NEW DELHI (Wire) —", "RIMBO, Sweden —".
DATELINE = re.compile(
    r"\A\s*(?P<city>[A-Z][A-Z .'’-]*[A-Z])(?:, (?P<country>[A-Z][A-Za-z .'’-]+?))?"
    r"(?: \([^)\n]*\))? [—–] "
)


def _dateline_country(text: str, countries: CountryIndex | None) -> tuple[str, str] | None:
    """The country of the place the text's dateline names (a capital stands for
    its country), as (key, name); None without a dateline or a known place."""
    match = DATELINE.match(text)
    if match is None or countries is None:
        return None
    if match.group("country"):
        country = countries.lookup(match.group("country"))
    else:
        country = countries.lookup_seat(match.group("city").title())
    return (f"COUNTRY:{country.code}", country.name) if country else None


def _meeting_places(anchor: Token) -> list[Token]:
    """Places an encounter is said to be held in: "met X in Riyadh", "talks in Dhaka"."""
    clause = anchor
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    found = []
    for head in dict.fromkeys((anchor, clause)):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                found.extend(
                    p for p in _objects_of(prep) if p.ent_type_ in {"GPE"} and p.pos_ == "PROPN"
                )
    return found


def _record(
    found: dict[tuple[str, str, int], Interaction],
    frame: _Frame,
    pairs: list[tuple[str, str]],
    names: dict[str, str],
    published: dt.date | None,
    ent_at: dict,
    doc: Doc,
) -> None:
    sentence = frame.anchor.sent
    anchor = frame.anchor
    clause = anchor
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    date = None
    place = None
    anchors = {anchor.i, clause.i}
    for token in clause.subtree:
        if token.ent_type_ in {"DATE", "TIME"} and token.ent_iob_ == "B" and date is None:
            date = resolve_date(ent_at[token.i].text, published)
        in_clause = token.head.lower_ == "in" and token.head.head.i in anchors
        if token.dep_ == "pobj" and in_clause and token.ent_type_ in {"GPE", "LOC", "FAC"}:
            place = ent_at[token.i].text if token.i in ent_at else token.text
    for a, b in pairs:
        if a == b or not a.startswith("PERSON:"):
            continue  # the one who acts is a person: countries "agree" in other ways
        if b.startswith("COUNTRY:") and frame.kind != "visit":
            continue
        if not (b.startswith("PERSON:") or b.startswith("COUNTRY:")):
            continue
        found.setdefault(
            (a, b, sentence.start),
            Interaction(
                a=names.get(a, a),
                b=names.get(b, b),
                type=frame.kind,
                date=date,
                place=place if frame.kind != "visit" else (place or names.get(b)),
                evidence=sentence.text.strip().strip('"“”‘’').strip(),
                a_key=a,
                b_key=b,
            ),
        )
