"""A deterministic synthetic corpus written straight into a Chancery database.

Usage (from the project root)::

    python -m benchmarks.synthetic_corpus --size 100000 [--seed 7] [--db URL]

It skips the NLP and fills the tables of :mod:`analysis.store` with rows shaped
like those an ingest of diplomatic news leaves behind, so that the dashboard can
be timed on 10,000 to 1,000,000 articles:

- **actors**: every country of ``data/countries.csv``, invented persons and
  organisations (their number grows as ``size ** 0.6``, as the vocabulary of a
  growing corpus does), each article drawing its actors from Zipf laws, so a few
  are everywhere and most are rare; persons carry one or two roles, every actor
  two or three aliases with the number of articles that used each;
- **articles**: five years of dates (growing volume, 1% undated), 20 sources of
  Zipf-distributed size, about 22 sentences, 50 mentions of 6 to 20 actors,
  3 quotes (direct or reported; 10% unattributed) and 0.4 interactions;
- **topics**: those of ``data/topics.yaml``; an article carries 0 to 4, drawn
  from a popularity that drifts from year to year, each matched by 1 to 4 of its
  sentences.

Texts are short sentences assembled from the names and a few stock phrases; the
offsets of mentions, quotes and sentences index them as a real ingest's do.
The same seed and size give the same database (with the same numpy version).
Rows are written in batches of ``--chunk`` articles with the DBAPI's
``executemany`` (SQLite) or ``COPY`` (PostgreSQL), the secondary indexes being
dropped before and rebuilt after, which is how a million articles fit in a few
minutes. The database must hold no article; the corpus's shape is recorded in
``meta`` under :data:`META_KEY`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from analysis import store, summaries  # noqa: E402
from analysis.topics import default_taxonomy_path, load_taxonomy  # noqa: E402

#: Bumped whenever the generator's output changes, so that a stored corpus is not reused.
GENERATOR_VERSION = 5
#: The ``meta`` row describing a generated corpus (JSON of :class:`CorpusShape`).
META_KEY = "synthetic_corpus"
COUNTRIES_CSV = ROOT / "data" / "countries.csv"

FIRST_DAY = dt.date(2018, 1, 1)
DAYS = (dt.date(2022, 12, 31) - FIRST_DAY).days + 1
INGESTED_AT = dt.datetime(2023, 1, 15, 12, 0, 0)

SOURCE_WORDS = (
    ["Northern", "Harbour", "Capital", "Coastal", "Evening", "Continental", "Morning", "Frontier",
     "Civic", "Meridian"],
    ["Ledger", "Wire", "Courier", "Herald", "Dispatch", "Observer", "Gazette", "Bulletin",
     "Review", "Record"],
)  # fmt: skip
GIVEN = ["Ad", "Bel", "Cor", "Dar", "El", "Fen", "Gal", "Har", "Is", "Jor", "Kai", "Lem", "Mar",
         "Nor", "Os", "Per", "Ras", "Sel", "Tam", "Ul", "Vin", "Yas", "Zor", "Ren"]  # fmt: skip
GIVEN_END = ["an", "ia", "o", "en", "ar", "ina", "us", "el", "a", "im"]
FAMILY = ["Vel", "Kor", "Mand", "Ost", "Bren", "Tal", "Quin", "Sar", "Dov", "Lan", "Mer", "Rok",
          "Hal", "Ferr", "Gast", "Pell", "Strom", "Wend", "Yar", "Zell"]  # fmt: skip
FAMILY_END = ["ovic", "ani", "berg", "ez", "ström", "ides", "escu", "o", "ari", "enko", "ford",
              "ul"]  # fmt: skip
ORG_KINDS = ["Council", "Agency", "Commission", "Forum", "Union", "Bank", "Institute", "Alliance",
             "Authority", "Secretariat"]  # fmt: skip
ORG_FIELDS = ["Trade", "Energy", "Maritime", "Security", "Development", "Water", "Health",
              "Migration", "Nuclear", "Climate", "Refugee", "Fisheries"]  # fmt: skip
ROLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "Ambassador",
         "Special Envoy", "Spokesperson", "Trade Minister", "Secretary of State",
         "National Security Adviser", "Deputy Foreign Minister", "Finance Minister"]  # fmt: skip
OPENINGS = ["Officials said", "On Monday", "In a statement", "Later", "Diplomats noted that",
            "According to aides", "Earlier this week", "In talks"]  # fmt: skip
CLOSINGS = ["discussed the situation", "met for talks", "reviewed the agreement",
            "spoke by phone", "raised concerns", "welcomed the progress", "signed a memorandum",
            "called for restraint"]  # fmt: skip
QUOTE_WORDS = (
    ["We", "Our government", "Both sides", "The region", "Everyone"],
    ["will keep working on", "cannot accept", "look forward to", "remain committed to",
     "are ready to discuss", "will not give up on"],
    ["a lasting settlement", "the new framework", "closer ties", "these proposals",
     "a fair solution", "the talks"],
)  # fmt: skip
CUES = ["say", "tell", "add", "state", "insist", "warn"]
CHANNELS = ["statement", "press conference", "interview", "tweet", "speech", None, None, None]
INTERACTION_TYPES = ["meeting", "call", "visit", "talks", "agreement"]


@dataclass(frozen=True)
class CorpusShape:
    """What a generated corpus holds; stored as JSON in ``meta``."""

    articles: int
    seed: int
    generator: int = GENERATOR_VERSION
    persons: int = 0
    organisations: int = 0
    countries: int = 0
    mentions_per_article: float = 50.0
    quotes_per_article: float = 3.0
    interactions_per_article: float = 0.4


@dataclass
class WriteReport:
    """Rows written per table and seconds spent."""

    rows: dict[str, int] = field(default_factory=dict)
    generate_s: float = 0.0
    write_s: float = 0.0
    index_s: float = 0.0  # indexes and monthly counts
    total_s: float = 0.0


def _zipf_cdf(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return np.cumsum(weights) / weights.sum()


def _draw(rng: np.random.Generator, cdf: np.ndarray, shape) -> np.ndarray:
    """Indexes drawn with the probabilities whose cumulative sums are ``cdf``."""
    return np.minimum(np.searchsorted(cdf, rng.random(shape), side="right"), len(cdf) - 1)


def _countries() -> list[tuple[str, str, str, str]]:
    """(code, name, short alias, capital) of each country of ``data/countries.csv``."""
    rows = []
    with COUNTRIES_CSV.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            aliases = [a for a in row["aliases"].split(";") if a]
            demonyms = [d for d in row["demonyms"].split(";") if d]
            seats = [s for s in row["seats"].split(";") if s]
            short = next((a for a in aliases if len(a) <= 5), None) or (
                demonyms[0] if demonyms else row["name"]
            )
            rows.append((row["code"], row["name"], short, seats[0] if seats else row["name"]))
    # The most covered countries of diplomatic news lead the Zipf law; the rest follow in
    # the file's order.
    leaders = ["US", "CN", "RU", "IR", "IN", "PK", "GB", "FR", "DE", "UA", "IL", "SA", "TR",
               "JP", "KP", "KR", "AF", "SY", "EG", "BR"]  # fmt: skip
    rank = {code: i for i, code in enumerate(leaders)}
    return sorted(rows, key=lambda r: rank.get(r[0], len(leaders)))


@dataclass
class Actor:
    key: str
    name: str
    type: str
    country: str | None
    surfaces: tuple[str, ...]
    roles: tuple[str, ...] = ()


def _actors(rng: np.random.Generator, persons: int, organisations: int) -> list[Actor]:
    """Countries first, then persons, then organisations (ids are positions + 1)."""
    countries = _countries()
    actors = [
        Actor(f"COUNTRY:{code}", name, "COUNTRY", name, (name, short) if short != name else (name,))
        for code, name, short, _ in countries
    ]
    seen: set[str] = set()
    weights = 1.0 / np.arange(1, len(countries) + 1) ** 0.7
    home = rng.choice(len(countries), size=persons + organisations, p=weights / weights.sum())
    for i in range(persons):
        while True:
            given = GIVEN[rng.integers(len(GIVEN))] + GIVEN_END[rng.integers(len(GIVEN_END))]
            family = FAMILY[rng.integers(len(FAMILY))] + FAMILY_END[rng.integers(len(FAMILY_END))]
            name = f"{given} {family}"
            if name not in seen:
                break
            family += FAMILY_END[rng.integers(len(FAMILY_END))]
            name = f"{given} {family}"
            if name not in seen:
                break
        seen.add(name)
        role_count = 1 + int(rng.random() < 0.3)
        roles = tuple(ROLES[j] for j in rng.choice(len(ROLES), size=role_count, replace=False))
        actors.append(
            Actor(
                f"PERSON:{name.lower()}",
                name,
                "PERSON",
                countries[home[i]][1],
                (name, family, f"{roles[0]} {family}"),
                roles,
            )
        )
    for i in range(organisations):
        country = countries[home[persons + i]]
        kind = ORG_KINDS[i % len(ORG_KINDS)]
        topic = ORG_FIELDS[(i // len(ORG_KINDS)) % len(ORG_FIELDS)]
        serial = i // (len(ORG_KINDS) * len(ORG_FIELDS))
        name = f"{country[1]} {topic} {kind}" + (f" {serial + 1}" if serial else "")
        acronym = "".join(w[0] for w in name.split() if w[0].isupper()) + (
            str(serial + 1) if serial else ""
        )
        actors.append(Actor(f"ORG:{name.lower()}", name, "ORG", None, (name, acronym)))
    return actors


def shape_for(size: int, seed: int) -> CorpusShape:
    """The shape of a corpus of ``size`` articles: actor counts grow as ``size ** 0.6``."""
    persons = max(200, round(1500 * (size / 10_000) ** 0.6))
    return CorpusShape(
        articles=size,
        seed=seed,
        persons=persons,
        organisations=persons // 3,
        countries=len(_countries()),
    )


class _Tables:
    """Row buffers for one chunk of articles, in each table's column order."""

    COLUMNS: ClassVar[dict[str, list[str]]] = {
        "articles": ["id", "identity", "title", "date", "source", "url", "origin", "text",
                     "text_offset", "ingested_at"],
        "sentences": ["article_id", "idx", "start", "end"],
        "article_actors": ["article_id", "actor_id", "mentions", "date"],
        "mentions": ["article_id", "actor_id", "sentence", "start", "end", "surface"],
        "quotes": ["article_id", "speaker_id", "text", "start", "end", "kind", "cue", "channel",
                   "confidence", "sentence"],
        "article_topics": ["article_id", "topic_id", "sentences", "date"],
        "sentence_topics": ["article_id", "sentence", "topic_id"],
        "interactions": ["article_id", "a_id", "b_id", "type", "date", "place", "evidence"],
    }  # fmt: skip

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {name: [] for name in self.COLUMNS}


@dataclass
class _ActorStats:
    """Per actor (index = id - 1): articles, first and last day offsets, alias use."""

    articles: np.ndarray
    first: np.ndarray
    last: np.ndarray
    alias_articles: np.ndarray

    @classmethod
    def empty(cls, n: int) -> _ActorStats:
        return cls(
            np.zeros(n, dtype=np.int64),
            np.full(n, DAYS, dtype=np.int64),
            np.full(n, -1, dtype=np.int64),
            np.zeros((n, 3), dtype=np.int64),
        )


class CorpusGenerator:
    """Yields the rows of a synthetic corpus chunk by chunk (see the module docstring)."""

    def __init__(self, shape: CorpusShape) -> None:
        self.shape = shape
        self.rng = np.random.default_rng(shape.seed)
        rng = self.rng
        self.actors = _actors(rng, shape.persons, shape.organisations)
        n_countries = shape.countries
        self.country_ids = np.arange(n_countries)
        self.person_ids = np.arange(n_countries, n_countries + shape.persons)
        self.org_ids = np.arange(n_countries + shape.persons, len(self.actors))
        self.country_cdf = _zipf_cdf(n_countries, 1.1)
        self.person_cdf = _zipf_cdf(shape.persons, 0.8)
        self.org_cdf = _zipf_cdf(shape.organisations, 0.8)
        self.capitals = [c[3] for c in _countries()]
        self.topics = load_taxonomy(default_taxonomy_path())
        n_topics = len(self.topics)
        base = 1.0 / np.arange(1, n_topics + 1) ** 0.8
        years = FIRST_DAY.year + np.arange(DAYS // 365 + 1)
        self.topic_log_weights = {
            int(year): np.log(base * rng.gamma(2.0, 0.5, size=n_topics)) for year in years
        }
        names = [f"{a} {b}" for a in SOURCE_WORDS[0] for b in SOURCE_WORDS[1]]
        picks = rng.choice(len(names), size=20, replace=False)
        self.sources = [names[i] for i in picks]
        self.source_cdf = _zipf_cdf(len(self.sources), 0.8)
        # Volume grows over the years: day offsets drawn from a rising ramp.
        ramp = np.linspace(0.6, 1.4, DAYS)
        self.day_cdf = np.cumsum(ramp) / ramp.sum()
        self.stats = _ActorStats.empty(len(self.actors))

    def topic_rows(self) -> list[dict]:
        return [
            {"id": t.id, "label": t.label, "description": t.description, "parent": t.parent}
            for t in self.topics
        ]

    def chunks(self, chunk: int) -> Iterator[_Tables]:
        """Row buffers for articles 1..size, ``chunk`` articles at a time."""
        for first in range(1, self.shape.articles + 1, chunk):
            count = min(chunk, self.shape.articles + 1 - first)
            yield self._chunk(first, count)

    def _chunk(self, first_id: int, n: int) -> _Tables:
        rng = self.rng
        days = _draw(rng, self.day_cdf, n)
        undated = rng.random(n) < 0.01
        sources = _draw(rng, self.source_cdf, n)
        n_sentences = 12 + rng.poisson(10, n)
        n_mentions = rng.poisson(self.shape.mentions_per_article, n)
        n_quotes = rng.poisson(self.shape.quotes_per_article, n)
        n_interactions = rng.poisson(self.shape.interactions_per_article, n)
        want_countries = 1 + rng.poisson(2, n)
        want_persons = 2 + rng.poisson(5, n)
        want_orgs = rng.poisson(1.5, n)
        countries = self.country_ids[_draw(rng, self.country_cdf, (n, 12))]
        persons = self.person_ids[_draw(rng, self.person_cdf, (n, 20))]
        orgs = self.org_ids[_draw(rng, self.org_cdf, (n, 8))]
        topic_counts = _draw(rng, np.cumsum([0.1, 0.4, 0.3, 0.15, 0.05]), n)
        gumbel = rng.gumbel(size=(n, len(self.topics)))
        tables = _Tables()
        for i in range(n):
            article_id = first_id + i
            day = int(days[i])
            date = None if undated[i] else FIRST_DAY + dt.timedelta(days=day)
            chosen = (
                list(dict.fromkeys(countries[i].tolist()))[: want_countries[i]]
                + list(dict.fromkeys(persons[i].tolist()))[: want_persons[i]]
                + list(dict.fromkeys(orgs[i].tolist()))[: want_orgs[i]]
            )
            year = (date or FIRST_DAY).year
            keys = self.topic_log_weights[year] + gumbel[i]
            topic_indexes = np.argsort(-keys)[: topic_counts[i]].tolist()
            self._article(
                tables,
                article_id,
                date,
                day,
                self.sources[sources[i]],
                chosen,
                int(n_sentences[i]),
                max(int(n_mentions[i]), len(chosen)),
                int(n_quotes[i]),
                int(n_interactions[i]),
                topic_indexes,
            )
        return tables

    def _article(
        self,
        tables: _Tables,
        article_id: int,
        date: dt.date | None,
        day: int,
        source: str,
        chosen: list[int],
        n_sentences: int,
        n_mentions: int,
        n_quotes: int,
        n_interactions: int,
        topic_indexes: list[int],
    ) -> None:
        rng = self.rng
        actors = self.actors
        rows = tables.rows
        mention_rows = rows["mentions"]
        persons = [a for a in chosen if actors[a].type == "PERSON"]
        quote_sentences = set(
            rng.choice(n_sentences, size=min(n_quotes, n_sentences // 3), replace=False).tolist()
        )
        speakers = {
            s: persons[int(rng.integers(len(persons)))] if persons and rng.random() >= 0.1 else None
            for s in sorted(quote_sentences)
        }
        # Mentions per actor: one each, the rest skewed towards the first drawn; a
        # speaker's mention in its quote's sentence counts among them.
        weights = 1.0 / np.arange(1, len(chosen) + 1)
        per_actor = rng.multinomial(n_mentions - len(chosen), weights / weights.sum()) + 1
        for speaker in speakers.values():
            if speaker is not None:
                per_actor[chosen.index(speaker)] -= 1
        plain = [s for s in range(n_sentences) if s not in quote_sentences]
        named: list[list[int]] = [[] for _ in range(n_sentences)]
        slots = rng.integers(len(plain), size=int(per_actor.clip(min=0).sum())).tolist()
        position = 0
        for actor, count in zip(chosen, per_actor.tolist(), strict=True):
            for _ in range(count):
                named[plain[slots[position]]].append(actor)
                position += 1
        topic_sentences: dict[int, list[int]] = {}
        for t in topic_indexes:
            hits = rng.choice(n_sentences, size=min(n_sentences, 1 + int(rng.integers(4))),
                              replace=False)  # fmt: skip
            topic_sentences[t] = sorted(hits.tolist())
        topic_of_sentence = {s: t for t, ss in topic_sentences.items() for s in ss}
        randoms = rng.random(n_mentions + n_sentences + 1).tolist()
        phrase = rng.integers(8, size=(n_sentences, 5)).tolist()

        pieces: list[str] = []
        offset = 0
        spans: list[tuple[int, int]] = []
        alias_used: set[tuple[int, int]] = set()
        mention_counts: dict[int, int] = {}
        pick = 0

        def add(text: str) -> int:
            nonlocal offset
            at = offset
            pieces.append(text)
            offset += len(text)
            return at

        def name(actor: int, sentence: int) -> None:
            nonlocal pick
            forms = actors[actor].surfaces
            r = randoms[pick % len(randoms)]
            pick += 1
            k = 0 if r < 0.6 or len(forms) == 1 else (1 if r < 0.9 or len(forms) == 2 else 2)
            alias_used.add((actor, k))
            mention_counts[actor] = mention_counts.get(actor, 0) + 1
            surface = forms[k]
            at = add(surface)
            mention_rows.append((article_id, actor + 1, sentence, at, at + len(surface), surface))

        for s in range(n_sentences):
            start = offset
            p = phrase[s]
            if s in quote_sentences:
                said = (
                    f"{QUOTE_WORDS[0][p[2] % 5]} {QUOTE_WORDS[1][p[3] % 6]} "
                    + QUOTE_WORDS[2][p[4] % 6]
                )
                speaker = speakers[s]
                direct = p[0] % 3 != 0
                if direct:
                    add("“")
                    quote_start = add(said)
                    add(",” ")
                    if speaker is None:
                        add("the statement said.")
                    else:
                        name(speaker, s)
                        add(" said.")
                else:
                    if speaker is None:
                        add("A spokesperson said that ")
                    else:
                        name(speaker, s)
                        add(" said that ")
                    quote_start = add(said)
                    add(".")
                rows["quotes"].append(
                    (
                        article_id,
                        None if speaker is None else speaker + 1,
                        said,
                        quote_start,
                        quote_start + len(said),
                        "direct" if direct else "indirect",
                        CUES[p[1] % len(CUES)],
                        CHANNELS[p[1]],
                        round(0.55 + 0.4 * randoms[-1], 3),
                        s,
                    )
                )
            else:
                add(OPENINGS[p[0]] + " ")
                who = named[s]
                for j, actor in enumerate(who):
                    if j:
                        add(" and " if j == len(who) - 1 else ", ")
                    name(actor, s)
                if not who:
                    add("the delegations")
                add(" " + CLOSINGS[p[1]])
                if s in topic_of_sentence:
                    add(" on " + self.topics[topic_of_sentence[s]].label)
                add(".")
            spans.append((start, offset))
            add(" " if s % 5 != 4 else "\n\n")
        text = "".join(pieces).rstrip()

        lead = [a for a in chosen if actors[a].type != "ORG"][:2] or chosen[:1]
        subject = " and ".join(actors[a].name for a in lead)
        label = self.topics[topic_indexes[0]].label.lower() if topic_indexes else "relations"
        title = f"{subject}: {CLOSINGS[phrase[0][1]]} on {label}"
        source_slug = source.lower().replace(" ", "-")
        rows["articles"].append(
            (
                article_id,
                f"synthetic-{self.shape.seed}-{article_id:09d}",
                title,
                date,
                source,
                f"https://example.org/{source_slug}/{article_id}",
                f"synthetic:{article_id}",
                text,
                0,
                INGESTED_AT,
            )
        )
        rows["sentences"].extend(
            (article_id, idx, start, end) for idx, (start, end) in enumerate(spans)
        )
        rows["article_actors"].extend(
            (article_id, actor + 1, count, date) for actor, count in mention_counts.items()
        )
        for t, hits in topic_sentences.items():
            topic_id = self.topics[t].id
            rows["article_topics"].append((article_id, topic_id, len(hits), date))
            rows["sentence_topics"].extend((article_id, s, topic_id) for s in hits)
        parties = [a for a in chosen if actors[a].type != "ORG"]
        for k in range(n_interactions if len(parties) >= 2 else 0):
            a, b = rng.choice(len(parties), size=2, replace=False).tolist()
            sentence = plain[int(rng.integers(len(plain)))]
            when = date if date is None or k % 3 else date - dt.timedelta(days=1)
            rows["interactions"].append(
                (
                    article_id,
                    parties[a] + 1,
                    parties[b] + 1,
                    INTERACTION_TYPES[(article_id + k) % len(INTERACTION_TYPES)],
                    when,
                    self.capitals[chosen[0]] if actors[chosen[0]].type == "COUNTRY" else None,
                    text[spans[sentence][0] : spans[sentence][1]],
                )
            )
        stats = self.stats
        present = np.fromiter(mention_counts, dtype=np.int64)
        stats.articles[present] += 1
        if date is not None:
            np.minimum.at(stats.first, present, day)
            np.maximum.at(stats.last, present, day)
        used = np.array(sorted(alias_used), dtype=np.int64)
        np.add.at(stats.alias_articles, (used[:, 0], used[:, 1]), 1)

    def actor_rows(self) -> dict[str, list[tuple]]:
        """Rows of ``actors``, ``aliases`` and ``roles``, from what the articles used."""
        stats = self.stats
        rows: dict[str, list[tuple]] = {"actors": [], "aliases": [], "roles": []}
        for index, actor in enumerate(self.actors):
            actor_id = index + 1
            rows["actors"].append((actor_id, actor.key, actor.name, actor.type, actor.country))
            for k, surface in enumerate(actor.surfaces):
                count = int(stats.alias_articles[index, k])
                if count:
                    rows["aliases"].append((actor_id, surface, count))
            seen = int(stats.articles[index])
            if not seen or not actor.roles:
                continue
            first = last = None
            if stats.last[index] >= 0:
                first = FIRST_DAY + dt.timedelta(days=int(stats.first[index]))
                last = FIRST_DAY + dt.timedelta(days=int(stats.last[index]))
            shares = [seen] if len(actor.roles) == 1 else [seen - seen // 3, seen // 3]
            for role, count in zip(actor.roles, shares, strict=True):
                if count:
                    rows["roles"].append((actor_id, role, first, last, count))
        return rows


ACTOR_COLUMNS = {
    "actors": ["id", "key", "name", "type", "country"],
    "aliases": ["actor_id", "alias", "count"],
    "roles": ["actor_id", "role", "first_seen", "last_seen", "count"],
}


# --------------------------------------------------------------------------- writing


class _Writer:
    """Bulk inserts into one open transaction: ``executemany`` on SQLite, ``COPY`` on
    PostgreSQL. The generated values hold no NUL and fit their columns, so the
    StoredString clean-up of :mod:`analysis.store` is not needed."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self.quote = conn.dialect.identifier_preparer.quote

    def write(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(self.quote(c) for c in columns)
        if self.dialect.name == "postgresql":
            raw = self.conn.connection.dbapi_connection
            statement = f"COPY {self.quote(table)} ({names}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" if self.dialect.paramstyle == "qmark" else "%s" for _ in columns)
        self.conn.exec_driver_sql(
            f"INSERT INTO {self.quote(table)} ({names}) VALUES ({marks})", rows
        )


def _secondary_indexes() -> list[sa.Index]:
    return [index for table in store.metadata.sorted_tables for index in table.indexes]


def _drop_indexes(conn: Connection) -> None:
    for index in _secondary_indexes():
        index.drop(conn, checkfirst=True)


def _create_indexes(conn: Connection) -> None:
    for index in _secondary_indexes():
        index.create(conn, checkfirst=True)


def stored_shape(engine: Engine) -> CorpusShape | None:
    """The shape recorded by :func:`write_corpus` in this database, if any."""
    with engine.connect() as conn:
        value = conn.execute(
            sa.select(store.meta.c.value).where(store.meta.c.key == META_KEY)
        ).scalar_one_or_none()
    return CorpusShape(**json.loads(value)) if value else None


def write_corpus(
    engine: Engine, size: int, seed: int = 7, chunk: int = 5000, progress: bool = True
) -> WriteReport:
    """Fill the empty Chancery database of ``engine`` with a synthetic corpus of ``size``
    articles; returns rows per table and the seconds spent generating, writing and indexing."""
    started = time.perf_counter()
    report = WriteReport()
    shape = shape_for(size, seed)
    generator = CorpusGenerator(shape)
    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(store.articles)).scalar():
            raise ValueError("the database already holds articles; give an empty one")
        store.ensure_topics(conn, generator.topic_rows())
        _drop_indexes(conn)
        actor_rows = generator.actor_rows()
        _Writer(conn).write("actors", ACTOR_COLUMNS["actors"], actor_rows["actors"])
        report.rows["actors"] = len(actor_rows["actors"])
    done = 0
    for tables in _timed_chunks(generator, chunk, report):
        tick = time.perf_counter()
        with engine.begin() as conn:
            writer = _Writer(conn)
            for name, columns in _Tables.COLUMNS.items():
                writer.write(name, columns, tables.rows[name])
                report.rows[name] = report.rows.get(name, 0) + len(tables.rows[name])
        report.write_s += time.perf_counter() - tick
        done += len(tables.rows["articles"])
        if progress:
            elapsed = time.perf_counter() - started
            print(f"  {done:,}/{size:,} articles written ({elapsed:.0f} s)", file=sys.stderr)
    tick = time.perf_counter()
    actor_rows = generator.actor_rows()
    with engine.begin() as conn:
        writer = _Writer(conn)
        for name in ("aliases", "roles"):
            columns = ACTOR_COLUMNS[name]
            writer.write(name, columns, actor_rows[name])
            report.rows[name] = len(actor_rows[name])
        conn.execute(sa.insert(store.meta).values(key=META_KEY, value=json.dumps(asdict(shape))))
    report.write_s += time.perf_counter() - tick
    tick = time.perf_counter()
    with engine.begin() as conn:
        _create_indexes(conn)
        summaries.rebuild(conn)  # the monthly counts, as every writer keeps them
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    report.index_s = time.perf_counter() - tick
    report.total_s = time.perf_counter() - started
    return report


def _timed_chunks(generator: CorpusGenerator, chunk: int, report: WriteReport):
    chunks = generator.chunks(chunk)
    while True:
        tick = time.perf_counter()
        tables = next(chunks, None)
        report.generate_s += time.perf_counter() - tick
        if tables is None:
            return
        yield tables


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="articles to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of an empty database")
    parser.add_argument("--chunk", type=int, default=5000, help="articles per transaction")
    args = parser.parse_args(argv)
    engine = store.open_engine(args.db)
    try:
        report = write_corpus(engine, args.size, args.seed, args.chunk)
    except ValueError as error:
        raise SystemExit(f"error: {error}") from error
    finally:
        engine.dispose()
    print(
        f"{args.size:,} articles in {report.total_s:.1f} s (generating {report.generate_s:.1f} s, "
        f"writing {report.write_s:.1f} s, indexing and summing up {report.index_s:.1f} s)"
    )
    for name, count in report.rows.items():
        print(f"  {name:16} {count:>12,} rows")


if __name__ == "__main__":
    main()
