"""The analyst's taxonomy edits: stored, merged over the file, ids stable, and re-tagging."""

import datetime as dt

import pytest
import sqlalchemy as sa

from analysis import summaries
from analysis.models import Article
from analysis.pipeline import Analyzer
from analysis.store import (
    article_topics,
    articles,
    corpus_version,
    open_engine,
    sentence_topics,
    store_analyses,
)
from analysis.taxonomy_store import (
    effective_taxonomy,
    merge_taxonomy,
    parse_phrases,
    promote_topic,
    retag_corpus,
    revert_topic,
    save_topic,
    stored_topics,
    taxonomy_revision,
)
from analysis.topics import TaxonomyError, Topic

TRADE = Topic("trade", "Trade", "", None, ("tariff",))
LOCUSTS = "Locust swarms destroyed crops across the region, and a locust plague loomed."
TEXTS = [
    "Ministers met to discuss tariffs. They agreed to cut tariffs on steel.",
    LOCUSTS + " Officials asked for help against the locust swarms.",
]


def article(i: int, text: str) -> Article:
    return Article(
        title=f"Article {i}",
        text=text,
        date=dt.date(2021, 1, i + 1),
        source="test",
        url=None,
        origin=f"test-{i}",
    )


@pytest.fixture
def corpus(database_url, nlp):
    engine = open_engine(database_url)
    analyzer = Analyzer.build(nlp, topics=[TRADE])
    analyses = list(analyzer.analyse([article(i, t) for i, t in enumerate(TEXTS)]))
    store_analyses(engine, analyses, analyzer.topic_rows())
    yield engine, analyzer
    engine.dispose()


def stored_pairs(engine) -> set[tuple[str, str]]:
    """(article title, topic id) of every stored article topic; each row must carry its
    article's date."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                articles.c.title, article_topics.c.topic_id, article_topics.c.date, articles.c.date
            ).join(articles, articles.c.id == article_topics.c.article_id)
        ).all()
        assert all(copy == date for *_, copy, date in rows)
        assert not any(summaries.drift(conn).values())  # the monthly counts are exact
    return {(title, topic) for title, topic, *_ in rows}


def test_an_edit_persists_and_overrides_the_file(corpus):
    engine, analyzer = corpus
    edited = Topic("trade", "Trade and tariffs", "Tariffs.", None, ("tariff", "steel"))
    save_topic(engine, edited, [TRADE], nlp=analyzer.nlp)
    engine.dispose()
    reopened = open_engine(str(engine.url.render_as_string(hide_password=False)))
    assert effective_taxonomy(reopened, [TRADE]) == [edited]
    assert [s.origin for s in stored_topics(reopened)] == ["edited"]
    assert taxonomy_revision(reopened) == 1


def test_a_bad_edit_raises_and_stores_nothing(corpus):
    engine, analyzer = corpus
    before = corpus_version(engine)
    with pytest.raises(TaxonomyError):
        save_topic(engine, Topic("trade", "", "", None, ("tariff",)), [TRADE], nlp=analyzer.nlp)
    with pytest.raises(TaxonomyError):
        save_topic(engine, Topic("trade", "Trade", "", "trade", ("tariff",)), [TRADE])
    assert stored_topics(engine) == []
    assert corpus_version(engine) == before


def test_a_promoted_topic_keeps_its_slug_id_through_edits(corpus):
    engine, analyzer = corpus
    topic = promote_topic(engine, "Locust swarms", ["locust"], [TRADE], nlp=analyzer.nlp)
    assert topic.id == "locust-swarms"
    renamed = Topic(topic.id, "Desert locusts", "", None, ("locust", "swarm"))
    save_topic(engine, renamed, [TRADE])
    again = promote_topic(engine, "Locust swarms", ["plague"], [TRADE])
    ids = [t.id for t in effective_taxonomy(engine, [TRADE])]
    assert ids == ["trade", "locust-swarms", "locust-swarms-2"]
    assert again.id == "locust-swarms-2"
    assert effective_taxonomy(engine, [TRADE])[1].label == "Desert locusts"


def test_retag_applies_the_edited_taxonomy_and_bumps_the_version(corpus):
    engine, analyzer = corpus
    assert stored_pairs(engine) == {("Article 0", "trade")}
    promote_topic(engine, "Locusts", ["locust"], [TRADE], nlp=analyzer.nlp)
    save_topic(engine, Topic("trade", "Trade", "", None, ("steel",)), [TRADE])
    version = corpus_version(engine)
    taxonomy = effective_taxonomy(engine, [TRADE])
    steps = []
    summary = retag_corpus(
        engine,
        analyzer.nlp,
        analyzer.with_topics(taxonomy).topic_matcher,
        lambda done, total: steps.append((done, total)),
        batch_size=1,
    )
    assert stored_pairs(engine) == {("Article 0", "trade"), ("Article 1", "locusts")}
    assert (summary.articles, summary.changed) == (2, 1)
    assert steps == [(0, 2), (1, 2), (2, 2)]
    assert corpus_version(engine)[1] > version[1]
    with engine.connect() as conn:
        sentences = conn.execute(
            sa.select(sentence_topics.c.sentence, sentence_topics.c.topic_id)
        ).all()
    # "steel" is only in the second sentence of article 0; both sentences of article 1 name locusts.
    assert sorted(sentences) == [(0, "locusts"), (1, "locusts"), (1, "trade")]


def test_reverting_restores_the_file_definition(corpus):
    engine, _ = corpus
    save_topic(engine, Topic("trade", "Commerce", "", None, ("steel",)), [TRADE])
    assert revert_topic(engine, "trade", [TRADE]) == TRADE
    assert effective_taxonomy(engine, [TRADE]) == [TRADE]
    promoted = promote_topic(engine, "Locusts", ["locust"], [TRADE])
    with pytest.raises(TaxonomyError):
        revert_topic(engine, promoted.id, [TRADE])


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("tariff\nsteel", ("tariff", "steel")),
        ("tariff, steel,\n\n tariff ", ("tariff", "steel")),
        ("", ()),
    ],
)
def test_parse_phrases(typed, expected):
    assert parse_phrases(typed) == expected


def test_merge_replaces_by_id_and_appends_new_topics():
    edited = Topic("trade", "Commerce", "", None, ("steel",))
    new = Topic("locusts", "Locusts", "", None, ("locust",))
    assert merge_taxonomy([TRADE], [new, edited]) == [edited, new]


def test_retag_with_the_taxonomy_of_the_ingest_changes_nothing(corpus):
    engine, analyzer = corpus
    with engine.connect() as conn:
        before = sorted(conn.execute(sa.select(sentence_topics)).all())
    summary = retag_corpus(engine, analyzer.nlp, analyzer.topic_matcher)
    with engine.connect() as conn:
        after = sorted(conn.execute(sa.select(sentence_topics)).all())
    assert summary.changed == 0
    assert after == before
    assert summary.pairs_before == summary.pairs_after == 1
