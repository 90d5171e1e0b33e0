"""Actors of one article: people, countries and organisations, with their mentions and roles.

spaCy's small model finds the names but often mislabels them ("Qureshi" as ORG
in one sentence and PERSON in the next, "Morgan Ortagus" as ORG), cuts names
short ("Shah Mehmood" + "Qureshi") and keeps titles inside them ("Secretary
Pompeo"). :func:`extract_actors` repairs those spans, merges the name variants of
each person within the article, maps places and demonyms to countries, and reads
the role words that stand before a name or in apposition to it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
from analysis.settings import DATA_DIR

HANDLE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{2,15})\b")


@dataclass(frozen=True)
class ActorLexicon:
    """The word lists actor extraction reads: names, organisation words, countries."""

    names: NameLexicon
    org_words: frozenset[str]
    countries: CountryIndex
    not_persons: frozenset[str] = frozenset()


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

    @property
    def canonical(self) -> str:
        full = [f for f in self.forms if len(name_parts(f)) >= 2 and not f.startswith("@")]
        pool = full or [f for f in self.forms if not f.startswith("@")] or self.forms
        counts = Counter(pool)
        return max(pool, key=lambda f: (counts[f], -pool.index(f)))


@dataclass
class ArticleActors:
    """Actors of one article and every mention, plus the person clusters for quote attribution."""

    actors: list[ArticleActor]
    mentions: list[Mention]
    person_at_token: dict[int, str]
    genders: dict[str, str | None]


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.is_alpha


def _person_span(span: Span, lexicon: NameLexicon) -> Span | None:
    """The span of a person's name: titles dropped, a cut-off surname restored."""
    doc = span.doc
    start, end = span.start, span.end
    # Extend over a directly following capitalised proper noun the model left out,
    # and over a hyphenated part cut off ("Moon Jae" + "-in").
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        if doc[end].whitespace_ or not doc[end + 1].is_alpha:
            break
        end += 2
    while end < len(doc) and end - start < 5:
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
    # Extend back over a given name or initial left out ("Imran" + "Khan", "S" + "Jaishankar").
    while start > 0 and span.start - start < 3:
        prev = doc[start - 1]
        initial = len(prev.text.rstrip(".")) == 1 and prev.text[:1].isupper()
        if (
            not (initial or _is_name_token(prev))
            or prev.text.lower().strip(".") in lexicon.title_words
        ):
            break
        if prev.ent_type_ not in {"", "PERSON"} or prev.whitespace_ == "":
            break
        start -= 1
    while start < end - 1 and doc[start].text.lower().strip(".") in lexicon.title_words:
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return None
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
    text = clean_surface(span.text)
    if text in places or lexicon.countries.lookup(text) or lexicon.countries.lookup_seat(text):
        return True
    root = span.root
    after_locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE
    return after_locative and len(span) <= 2 and given_name_gender(span[0].text) is None


def _has_a_name(span: Span, lexicon: ActorLexicon) -> bool:
    """Not only office and organisation words ("Department Spokesperson")."""
    words = [t.text.lower().strip(".") for t in span if t.is_alpha]
    plain = [w for w in words if w not in lexicon.names.title_words and w not in lexicon.org_words]
    return bool(plain)


def _is_dateline(span: Span) -> bool:
    """ "ISTANBUL (Wire) —" or "WASHINGTON —": where a report was filed, not an actor."""
    doc = span.doc
    at_start = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
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
    text = doc[words[0].i : words[-1].i + 1].text
    return re.sub(r"\s*['’]s\b", "", text).strip()


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


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def extract_actors(doc: Doc, lexicon: ActorLexicon) -> ArticleActors:
    """People, countries and organisations of ``doc``, merged within the article.

    Returns the actors (canonical name, type, aliases, roles, mention count), every
    mention with its sentence and character offsets, the person key at each token of
    a person mention, and each person's gender when the name or the text tells it.
    """
    names = lexicon.names
    sent_of = _sentence_index(doc)
    ents = list(doc.ents)

    # Surnames and full names of well-formed PERSON spans: they correct mislabels.
    person_spans: list[Span] = []
    for ent in ents:
        if ent.label_ == "PERSON":
            span = _person_span(ent, names)
            if span is not None and span.text.lower() not in lexicon.not_persons:
                person_spans.append(span)
    known_parts = {name_parts(clean_surface(s.text)) for s in person_spans}
    surnames = {p[-1] for p in known_parts if len(p) >= 2}
    # Family names written first ("Wang Yi"): the first part when it is no given name.
    surnames |= {p[0] for p in known_parts if len(p) >= 2 and given_name_gender(p[0]) is None}

    places = {e.text for e in ents if e.label_ in {"GPE", "LOC", "FAC"}}
    candidates: list[tuple[Span, str]] = []
    covered: set[int] = set()
    tagged = {i for ent in ents for i in range(ent.start, ent.end)}
    for token in doc:
        # A surname of the article's people that the model left untagged ("Pompeo left.").
        if token.i not in tagged and token.lower_ in surnames and _is_name_token(token):
            ents.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    ents.sort(key=lambda e: e.start)
    for ent in ents:
        label = ent.label_
        if _is_dateline(ent):
            continue
        if label == "PERSON":
            span = _person_span(ent, names)
            if span is None or span.text.lower() in lexicon.not_persons:
                continue
            if _is_place(span, places, lexicon):
                label = "GPE"  # "in Taiz", "Mali": a place the model took for a person
            elif not _has_a_name(span, lexicon):
                continue
            else:
                candidates.append((span, "PERSON"))
                continue
        if label not in {"ORG", "GPE", "NORP", "LOC", "FAC"}:
            continue
        cleaned = clean_surface(ent.text)
        parts = name_parts(cleaned)
        if parts and (parts in known_parts or (len(parts) == 1 and parts[0] in surnames)):
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
            titled = start > ent.start and all(
                t.text[:1].isupper() and t.is_alpha and t.lower_ not in lexicon.org_words
                for t in person
            )
            if titled or _looks_like_person(person, lexicon):
                candidates.append((person, "PERSON"))
                continue
        candidates.append((ent, label))

    clusters: list[PersonCluster] = []
    mentions: list[tuple[str, int, int, str, int]] = []  # key, start, end, surface, token
    country_actors: dict[str, tuple[Country, set[str]]] = {}
    orgs: dict[str, tuple[str, set[str]]] = {}

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
                or _is_part_of_title(span, names)
            ):
                continue
            full, _, acronym = name.partition("(")
            name = clean_surface(full) or name
            key = "ORG:" + " ".join(name_parts(name))
            orgs.setdefault(key, (name, set()))[1].add(name)
            if acronym.strip(" )"):
                orgs[key][1].add(acronym.strip(" )"))
            mentions.append((key, span.start_char, span.end_char, span.text, span.start))

    # Full names first, so that a bare surname can find the person it shortens.
    order = sorted(
        range(len(person_mentions)), key=lambda k: len(name_parts(person_mentions[k][1])) < 2
    )
    assigned: dict[int, PersonCluster] = {}
    for k in order:
        span, name, _title = person_mentions[k]
        parts = name_parts(name)
        target = None
        if len(parts) >= 2:
            for cluster in clusters:
                if any(
                    full_names_match(parts, other, names) or parts == other
                    for other in cluster.full_names
                ):
                    target = cluster
                    break
        else:
            matches = [
                c for c in clusters if any(is_short_form_of(parts, other) for other in c.full_names)
            ]
            if not matches:
                matches = [c for c in clusters if parts in {name_parts(f) for f in c.forms}]
            if not matches and given_name_gender(parts[0]) is None:
                # Family name first, as in "Yang Jiechi" ... "Yang said".
                matches = [
                    c for c in clusters if any(other[0] == parts[0] for other in c.full_names)
                ]
            if len(matches) > 1:
                matches = [_nearest_before(matches, span.start)]
            target = matches[0] if matches else None
        if target is None:
            target = PersonCluster()
            clusters.append(target)
        if len(parts) >= 2 and parts not in target.full_names:
            target.full_names.append(parts)
        assigned[k] = target

    for k, (span, name, title) in enumerate(person_mentions):
        cluster = assigned[k]
        cluster.forms.append(name)
        cluster.spans.append((span.start_char, span.end_char, span.text, span.start))
        role = role_before(span, names, lexicon.countries) or role_in_apposition(span.root, names)
        role = role or title
        if role and role.lower().rstrip(".") not in HONORIFICS:
            cluster.roles.add(role)
        if title and title.lower().rstrip(".") in {"mr", "sir", "lord", "king", "prince", "sheikh"}:
            cluster.gender = "m"
        elif title and title.lower().rstrip(".") in {
            "mrs",
            "ms",
            "miss",
            "dame",
            "lady",
            "queen",
            "princess",
        }:
            cluster.gender = "f"

    _attach_handles(doc, clusters)

    actors: list[ArticleActor] = []
    person_at_token: dict[int, str] = {}
    genders: dict[str, str | None] = {}
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
        gender = cluster.gender or (given_name_gender(full[0]) if len(full) >= 2 else None)
        gender = gender or _gender_of_roles(cluster.roles)
        genders[key] = gender
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


def _is_part_of_title(span: Span, lexicon: NameLexicon) -> bool:
    """ "State" in "Secretary of State": an office, not an organisation."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    return doc[span.start - 2].lower_ in lexicon.title_words


def _nearest_before(clusters: Sequence[PersonCluster], token: int) -> PersonCluster:
    def last_before(cluster: PersonCluster) -> int:
        before = [t for *_, t in cluster.spans if t < token]
        return max(before) if before else -1

    return max(clusters, key=last_before)


def _attach_handles(doc: Doc, clusters: list[PersonCluster]) -> None:
    """Tie a Twitter handle to the person whose surname it contains ("@SecPompeo")."""
    for match in HANDLE.finditer(doc.text):
        handle = match.group(1).lower()
        owners = [
            c for c in clusters if any(len(p[-1]) >= 4 and p[-1] in handle for p in c.full_names)
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


def _gender_of_roles(roles: set[str]) -> str | None:
    words = {w.lower() for role in roles for w in role.split()}
    if words & {"spokeswoman", "chairwoman", "congresswoman", "queen", "princess"}:
        return "f"
    if words & {"spokesman", "chairman", "congressman", "king", "prince"}:
        return "m"
    return None


def load_actor_lexicon(data_dir: Path = DATA_DIR) -> ActorLexicon:
    """The word lists under ``data_dir`` that actor extraction needs."""
    from analysis.countries import CountryIndex
    from analysis.names import load_name_lexicon

    return ActorLexicon(
        names=load_name_lexicon(data_dir),
        org_words=read_word_list(data_dir / "org_words.txt"),
        countries=CountryIndex.from_csv(data_dir / "countries.csv"),
        not_persons=read_word_list(data_dir / "not_persons.txt"),
    )
