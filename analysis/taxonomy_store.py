"""The analyst's taxonomy: ``data/topics.yaml`` plus the edits stored in the database.

``data/topics.yaml`` stays the default. Each row of the ``topic_definitions``
table either overrides the file's topic of the same id (an edited label, new
terms) or adds a topic (one promoted from discovery, under a slug id made from
its label once and never changed). :func:`effective_taxonomy` merges the two:
the file's topics in file order, then the added ones in the order they came.

Saving an edit changes the taxonomy at once for new uploads (the dashboard and
the command line build their matcher from :func:`effective_taxonomy`);
:func:`retag_corpus` brings the stored articles in line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import sqlalchemy as sa
from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy.engine import Connection, Engine

from analysis import store, summaries
from analysis.store import (
    article_topics,
    articles,
    begin_writing,
    bump_revision,
    ensure_topics,
    increment_counter,
    meta,
    sentence_topics,
    sentences,
    topic_definitions,
)
from analysis.topics import (
    TaxonomyError,
    Topic,
    TopicMatcher,
    article_topic_hits,
    check_taxonomy,
    matcher_components,
    topic_slug,
)

#: The ``meta`` key counting saved taxonomy edits, so that caches of the matcher follow.
TAXONOMY_REVISION_KEY = "taxonomy_revision"
#: Articles read, lemmatised and rewritten per transaction when re-tagging.
RETAG_BATCH_SIZE = 32

Origin = str
Bind = Engine | Connection


@dataclass(frozen=True)
class StoredTopic:
    """A topic as the analyst saved it, with where it came from ("edited" or "promoted")."""

    topic: Topic
    origin: Origin


@dataclass(frozen=True)
class RetagSummary:
    """What :func:`retag_corpus` did: articles re-tagged, and in how many the set of
    topics changed; article-topic pairs before and after."""

    articles: int
    changed: int
    pairs_before: int
    pairs_after: int


# --------------------------------------------------------------------------- reading


def _connection(bind: Bind):
    return bind.connect() if isinstance(bind, Engine) else _Borrowed(bind)


class _Borrowed:
    """A connection used as a context manager without being closed at the end."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __enter__(self) -> Connection:
        return self.conn

    def __exit__(self, *exc) -> None:
        return None


def stored_topics(bind: Bind) -> list[StoredTopic]:
    """The topics saved in the database, in the order they were first saved."""
    with _connection(bind) as conn:
        rows = conn.execute(
            sa.select(topic_definitions).order_by(
                topic_definitions.c.position, topic_definitions.c.id
            )
        ).all()
    return [StoredTopic(_topic_from_row(row), row.origin) for row in rows]


def _topic_from_row(row) -> Topic:
    return Topic(
        id=row.id,
        label=row.label,
        description=row.description or "",
        parent=row.parent,
        terms=_phrases(row.terms),
        exclude=_phrases(row.exclude),
        require_any=_phrases(row.require_any),
    )


def _phrases(text: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except json.JSONDecodeError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value if isinstance(item, str) and item.strip())


def merge_taxonomy(default: Sequence[Topic], stored: Sequence[Topic]) -> list[Topic]:
    """``default`` with each topic replaced by the stored one of the same id, then the
    stored topics the default lacks, in their order."""
    by_id = {topic.id: topic for topic in stored}
    merged = [by_id.pop(topic.id, topic) for topic in default]
    return merged + [topic for topic in stored if topic.id in by_id]


def effective_taxonomy(bind: Bind, default: Sequence[Topic]) -> list[Topic]:
    """The taxonomy in force: ``default`` (the file's topics) merged with the stored edits."""
    return merge_taxonomy(default, [stored.topic for stored in stored_topics(bind)])


def taxonomy_revision(bind: Bind) -> int:
    """How many taxonomy edits were saved in this database (0 for none); a cache key."""
    with _connection(bind) as conn:
        value = conn.execute(
            sa.select(meta.c.value).where(meta.c.key == TAXONOMY_REVISION_KEY)
        ).scalar_one_or_none()
    return int(value or 0)


# --------------------------------------------------------------------------- writing


def parse_phrases(text: str) -> tuple[str, ...]:
    """Phrases from what an analyst typed: one per line or separated by commas;
    blanks and repeats dropped, order kept."""
    pieces = (piece.strip() for line in text.splitlines() for piece in line.split(","))
    return tuple(dict.fromkeys(piece for piece in pieces if piece))


def save_topic(
    engine: Engine,
    topic: Topic,
    default: Sequence[Topic],
    nlp: Language | None = None,
    origin: Origin = "edited",
) -> list[Topic]:
    """Store ``topic`` (new, or replacing the topic of that id) and return the
    taxonomy now in force.

    The whole taxonomy is checked first (:func:`check_taxonomy`), and compiled
    with ``nlp`` when given, so that an edit that would break matching (an empty
    label, a phrase with no word, a parent loop) raises :class:`TaxonomyError`
    and stores nothing. The topic's label and parent show at once; the articles
    that carry it change on :func:`retag_corpus`.
    """
    topic = _normalised(topic)
    with engine.begin() as conn:
        begin_writing(conn)
        current = effective_taxonomy(conn, default)
        known = {t.id for t in current}
        merged = (
            [topic if t.id == topic.id else t for t in current]
            if topic.id in known
            else [*current, topic]
        )
        check_taxonomy(merged)
        if nlp is not None:
            TopicMatcher(nlp, merged)
        values = {
            "label": topic.label,
            "description": topic.description,
            "parent": topic.parent,
            "terms": json.dumps(list(topic.terms), ensure_ascii=False),
            "exclude": json.dumps(list(topic.exclude), ensure_ascii=False),
            "require_any": json.dumps(list(topic.require_any), ensure_ascii=False),
            "updated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        }
        updated = conn.execute(
            sa.update(topic_definitions).where(topic_definitions.c.id == topic.id).values(**values)
        )
        if updated.rowcount == 0:
            position = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(topic_definitions.c.position), 0))
            ).scalar_one()
            conn.execute(
                sa.insert(topic_definitions).values(
                    id=topic.id, origin=origin, position=int(position) + 1, **values
                )
            )
        ensure_topics(conn, [topic_row(topic)])
        _bump_taxonomy_revision(conn)
        bump_revision(conn)
    return merged


def promote_topic(
    engine: Engine,
    label: str,
    terms: Iterable[str],
    default: Sequence[Topic],
    description: str = "",
    exclude: Iterable[str] = (),
    nlp: Language | None = None,
) -> Topic:
    """Add a topic (a discovered theme) under a new slug id made from ``label``; return it.

    The id never changes afterwards, whatever later edits do to the label.
    Raises :class:`TaxonomyError` as :func:`save_topic` does.
    """
    with engine.connect() as conn:
        taken = {t.id for t in effective_taxonomy(conn, default)}
        taken |= set(conn.execute(sa.select(store.topics.c.id)).scalars())
    topic = Topic(
        id=topic_slug(label, taken),
        label=label,
        description=description,
        parent=None,
        terms=tuple(terms),
        exclude=tuple(exclude),
    )
    save_topic(engine, topic, default, nlp=nlp, origin="promoted")
    return topic


def revert_topic(engine: Engine, topic_id: str, default: Sequence[Topic]) -> Topic:
    """Drop the stored edit of a topic of ``default``, so the file's definition is in
    force again; return that definition. Raises :class:`TaxonomyError` for a topic
    the file does not define (a promoted topic has nothing to go back to)."""
    original = next((t for t in default if t.id == topic_id), None)
    if original is None:
        raise TaxonomyError(f"topic {topic_id}: only topics of the taxonomy file can be reverted")
    with engine.begin() as conn:
        begin_writing(conn)
        conn.execute(sa.delete(topic_definitions).where(topic_definitions.c.id == topic_id))
        ensure_topics(conn, [topic_row(original)])
        _bump_taxonomy_revision(conn)
        bump_revision(conn)
    return original


def topic_row(topic: Topic) -> dict:
    """``topic`` as a row of the store's ``topics`` table."""
    return {
        "id": topic.id,
        "label": topic.label,
        "description": topic.description,
        "parent": topic.parent,
    }


def _normalised(topic: Topic) -> Topic:
    clean = lambda phrases: tuple(dict.fromkeys(p.strip() for p in phrases if p.strip()))  # noqa: E731
    return replace(
        topic,
        label=topic.label.strip(),
        description=topic.description.strip(),
        parent=(topic.parent or "").strip() or None,
        terms=clean(topic.terms),
        exclude=clean(topic.exclude),
        require_any=clean(topic.require_any),
    )


def _bump_taxonomy_revision(conn: Connection) -> None:
    increment_counter(conn, TAXONOMY_REVISION_KEY)


# --------------------------------------------------------------------------- re-tagging


def retag_corpus(
    engine: Engine,
    nlp: Language,
    matcher: TopicMatcher,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = RETAG_BATCH_SIZE,
) -> RetagSummary:
    """Recompute ``article_topics`` and ``sentence_topics`` of every stored article
    with ``matcher``; return what changed.

    The stored text is split at the stored sentence boundaries and only the
    components the matcher needs (tagger, lemmatizer) run over it, ``batch_size``
    articles at a time. Each batch is one transaction; ``progress(done, total)``
    is called after each. The corpus revision is bumped at the end, so every
    cached chart follows.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be 1 or more, got {batch_size}")
    with engine.begin() as conn:
        begin_writing(conn)
        ensure_topics(conn, [topic_row(topic) for topic in matcher.topics])
    with engine.connect() as conn:
        ids = list(conn.execute(sa.select(articles.c.id).order_by(articles.c.id)).scalars())
        pairs_before = conn.execute(sa.select(sa.func.count()).select_from(article_topics))
        pairs_before = int(pairs_before.scalar_one())
    total = len(ids)
    if progress is not None:
        progress(0, total)
    keep = matcher_components(nlp)
    disable = [name for name in nlp.pipe_names if name not in keep]
    changed = pairs_after = 0
    for start in range(0, total, batch_size):
        chunk = ids[start : start + batch_size]
        with engine.connect() as conn:
            texts = dict(
                conn.execute(
                    sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))
                ).all()
            )
            bounds: dict[int, list[int]] = {}
            for article_id, sentence_start in conn.execute(
                sa.select(sentences.c.article_id, sentences.c.start)
                .where(sentences.c.article_id.in_(chunk))
                .order_by(sentences.c.article_id, sentences.c.idx)
            ):
                bounds.setdefault(article_id, []).append(sentence_start)
        present = [article_id for article_id in chunk if article_id in texts]
        docs = (
            _doc_with_sentences(nlp, texts[article_id], bounds.get(article_id, []))
            for article_id in present
        )
        hits_by_article = {}
        for article_id, doc in zip(
            present, nlp.pipe(docs, disable=disable, batch_size=batch_size), strict=True
        ):
            count = max(1, len(bounds.get(article_id, [])))
            carried = matcher.sentence_topics(doc)
            hits_by_article[article_id] = article_topic_hits(matcher.topics, carried, count)
        with engine.begin() as conn:
            begin_writing(conn)
            changed += _replace_topics(conn, hits_by_article)
        pairs_after += sum(len(hits) for hits in hits_by_article.values())
        if progress is not None:
            progress(min(start + batch_size, total), total)
    with engine.begin() as conn:
        begin_writing(conn)
        bump_revision(conn)
    return RetagSummary(
        articles=total, changed=changed, pairs_before=pairs_before, pairs_after=pairs_after
    )


def _doc_with_sentences(nlp: Language, text: str, starts: Sequence[int]) -> Doc:
    """``text`` tokenised, with sentences beginning at the tokens at ``starts``
    (character offsets), so that sentence indexes match the stored ones."""
    doc = nlp.make_doc(text)
    if not len(doc):
        return doc
    token_starts = [token.idx for token in doc]
    firsts = set()
    for offset in starts:
        index = bisect.bisect_left(token_starts, offset)
        if index < len(doc):
            firsts.add(index)
    firsts.add(0)
    for token in doc:
        token.is_sent_start = token.i in firsts
    return doc


def _replace_topics(conn: Connection, hits_by_article: dict[int, list]) -> int:
    """Rewrite the topics of these articles; return how many changed their set of topics."""
    ids = list(hits_by_article)
    if not ids:
        return 0
    # Articles deleted since they were read are left alone.
    alive = dict(
        conn.execute(sa.select(articles.c.id, articles.c.date).where(articles.c.id.in_(ids))).all()
    )
    before: dict[int, set[str]] = {}
    for article_id, topic_id in conn.execute(
        sa.select(article_topics.c.article_id, article_topics.c.topic_id).where(
            article_topics.c.article_id.in_(ids)
        )
    ):
        before.setdefault(article_id, set()).add(topic_id)
    summaries.add_articles(conn, ids, -1, ["topics"])
    conn.execute(sa.delete(sentence_topics).where(sentence_topics.c.article_id.in_(ids)))
    conn.execute(sa.delete(article_topics).where(article_topics.c.article_id.in_(ids)))
    article_rows = []
    sentence_rows = set()
    changed = 0
    for article_id, hits in hits_by_article.items():
        if article_id not in alive:
            continue
        if {hit.topic_id for hit in hits} != before.get(article_id, set()):
            changed += 1
        for hit in hits:
            article_rows.append(
                {
                    "article_id": article_id,
                    "topic_id": hit.topic_id,
                    "sentences": hit.sentences,
                    "date": alive[article_id],
                }
            )
            sentence_rows.update((article_id, i, hit.topic_id) for i in hit.sentence_indexes)
    if article_rows:
        conn.execute(sa.insert(article_topics), article_rows)
    if sentence_rows:
        conn.execute(
            sa.insert(sentence_topics),
            [{"article_id": a, "sentence": i, "topic_id": t} for a, i, t in sorted(sentence_rows)],
        )
    summaries.add_articles(conn, list(alive), 1, ["topics"])
    return changed
