"""The records that flow from loading through analysis into the store."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

ActorType = Literal["PERSON", "COUNTRY", "ORG"]
QuoteKind = Literal["direct", "indirect"]


def text_identity(text: str) -> str:
    """The identity of an article: a hash of its text with white space folded.

    Two copies of one article that differ only in line endings or spacing get
    the same identity, so loading an article twice stores it once.
    """
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Article:
    """One article as loaded, before analysis.

    ``text`` is the article's body. ``text_offset`` is where that body starts in
    the decoded text of the file it came from (non-zero when a leading
    ``date YYYY-MM-DD`` line was taken off), so that offsets into ``text`` plus
    ``text_offset`` are offsets into the file as read.
    """

    text: str
    title: str
    date: dt.date | None
    source: str
    url: str | None
    origin: str
    text_offset: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def identity(self) -> str:
        return text_identity(self.text)


@dataclass(frozen=True)
class Rejection:
    """A file, row or member that was not loaded, and why (a sentence a person can act on)."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class LoadResult:
    """What loading some inputs produced: articles and rejections, in input order."""

    articles: list[Article] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.articles.extend(other.articles)
        self.rejections.extend(other.rejections)


@dataclass(frozen=True)
class Mention:
    """One mention of an actor: character offsets into the article text, and its sentence."""

    actor_key: str
    surface: str
    start: int
    end: int
    sentence: int


@dataclass
class ArticleActor:
    """An actor as seen in one article: canonical name, type, the surface forms used."""

    key: str
    name: str
    type: ActorType
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    country: str | None = None
    mentions: int = 0


@dataclass(frozen=True)
class Quote:
    """A quotation with its speaker. ``text`` equals ``article.text[start:end]``."""

    text: str
    start: int
    end: int
    speaker_key: str | None
    speaker: str | None
    speaker_type: ActorType | None
    kind: QuoteKind
    cue: str | None = None
    channel: str | None = None
    confidence: float = 0.5
    sentence: int = 0


@dataclass(frozen=True)
class TopicHit:
    """A topic an article carries, with the number of its sentences that matched."""

    topic_id: str
    label: str
    sentences: int
    sentence_indexes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Interaction:
    """A meeting, call or visit between two actors, with the sentence that shows it."""

    a: str
    b: str
    type: str
    date: dt.date | None
    place: str | None
    evidence: str
    a_key: str = ""
    b_key: str = ""


@dataclass
class Analysis:
    """Everything one article yields: its actors, mentions, quotes, topics and interactions."""

    article: Article
    actors: list[ArticleActor]
    mentions: list[Mention]
    quotes: list[Quote]
    topics: list[TopicHit]
    sentences: list[tuple[int, int]] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
