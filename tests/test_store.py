import datetime as dt
import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa

from analysis import store
from analysis.errors import StoreError
from analysis.models import Analysis, Article, ArticleActor, Mention, Quote, TopicHit
from analysis.resolution import CorpusResolver

TOPICS = [{"id": "kashmir", "label": "Kashmir", "description": "", "parent": None}]


def make_analysis(text: str, speaker: str = "Shah Mehmood Qureshi") -> Analysis:
    article = Article(
        text=text,
        title=text[:20],
        date=dt.date(2020, 1, 19),
        source="test",
        url=None,
        origin=f"test#{abs(hash(text)) % 1000}",
    )
    key = "PERSON:" + speaker.lower()
    surname = speaker.split()[-1]
    return Analysis(
        article=article,
        actors=[
            ArticleActor(
                key=key,
                name=speaker,
                type="PERSON",
                aliases={speaker, surname},
                roles={"Foreign Minister"},
                mentions=2,
            ),
            ArticleActor(
                key="COUNTRY:PK", name="Pakistan", type="COUNTRY", aliases={"Pakistan"}, mentions=1
            ),
        ],
        mentions=[
            Mention(actor_key=key, surface=speaker, start=0, end=len(speaker), sentence=0),
            Mention(actor_key=key, surface=surname, start=1, end=2, sentence=0),
            Mention(actor_key="COUNTRY:PK", surface="Pakistan", start=3, end=4, sentence=0),
        ],
        quotes=[
            Quote(
                text=text[:5],
                start=0,
                end=5,
                speaker_key=key,
                speaker=speaker,
                speaker_type="PERSON",
                kind="direct",
                cue="say",
            )
        ],
        topics=[TopicHit(topic_id="kashmir", label="Kashmir", sentences=1, sentence_indexes=(0,))],
        sentences=[(0, len(text))],
    )


@pytest.fixture
def engine(database_url):
    """An empty database on each backend (SQLite, PostgreSQL): see ``database_url``."""
    engine = store.open_engine(database_url)
    yield engine
    engine.dispose()


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in store.metadata.tables.items()
        }


def test_schema_is_created_with_its_version(engine):
    with engine.connect() as conn:
        version = conn.execute(
            sa.select(store.meta.c.value).where(store.meta.c.key == "schema_version")
        ).scalar_one()
    assert int(version) == store.SCHEMA_VERSION


def test_sqlite_uses_wal_and_foreign_keys(tmp_path):
    engine = store.open_engine(f"sqlite:///{tmp_path / 'test.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_store_writes_every_table(engine):
    summary = store.store_analyses(engine, [make_analysis("Qureshi said hello.")], TOPICS)
    assert len(summary.new) == 1
    counts = table_counts(engine)
    for table in (
        "articles",
        "actors",
        "aliases",
        "mentions",
        "quotes",
        "article_actors",
        "article_topics",
        "sentence_topics",
        "roles",
        "sentences",
    ):
        assert counts[table] > 0, table
    with engine.connect() as conn:
        speaker = conn.execute(
            sa.select(store.actors.c.name).join(
                store.quotes, store.quotes.c.speaker_id == store.actors.c.id
            )
        ).scalar_one()
    assert speaker == "Shah Mehmood Qureshi"


def test_reingesting_is_idempotent(engine):
    batch = [make_analysis("First article text."), make_analysis("Second article text.")]
    store.store_analyses(engine, batch, TOPICS)
    before = table_counts(engine)
    summary = store.store_analyses(engine, batch, TOPICS)
    assert summary.new == [] and len(summary.duplicates) == 2
    assert table_counts(engine) == before


def test_an_error_mid_batch_leaves_the_database_as_before(engine, monkeypatch):
    store.store_analyses(engine, [make_analysis("Already stored.")], TOPICS)
    before = table_counts(engine)
    real_insert = store._insert_analysis
    calls = {"n": 0}

    def failing_insert(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(store, "_insert_analysis", failing_insert)
    with pytest.raises(RuntimeError):
        store.store_analyses(engine, [make_analysis("One."), make_analysis("Two.")], TOPICS)
    assert table_counts(engine) == before


def test_spelling_variants_join_one_actor_across_articles(engine):
    store.store_analyses(engine, [make_analysis("A text.", "Shah Mehmood Qureshi")], TOPICS)
    store.store_analyses(engine, [make_analysis("Another text.", "Shah Mahmood Qureshi")], TOPICS)
    with engine.connect() as conn:
        people = (
            conn.execute(sa.select(store.actors.c.name).where(store.actors.c.type == "PERSON"))
            .scalars()
            .all()
        )
        aliases = set(conn.execute(sa.select(store.aliases.c.alias)).scalars())
    assert people == ["Shah Mehmood Qureshi"]
    assert {"Shah Mehmood Qureshi", "Shah Mahmood Qureshi"} <= aliases


def test_roles_keep_first_and_last_dates(engine):
    first = make_analysis("Early article.")
    late = make_analysis("Late article.")
    late.article = Article(**{**late.article.__dict__, "date": dt.date(2021, 3, 1)})
    store.store_analyses(engine, [first, late], TOPICS)
    with engine.connect() as conn:
        row = conn.execute(sa.select(store.roles)).one()
    assert (row.first_seen, row.last_seen, row.count) == (
        dt.date(2020, 1, 19),
        dt.date(2021, 3, 1),
        2,
    )


def test_bad_url_is_a_store_error():
    with pytest.raises(StoreError):
        store.open_engine("not a url at all")


def test_newer_schema_is_refused(engine):
    with engine.begin() as conn:
        conn.execute(
            sa.update(store.meta).where(store.meta.c.key == "schema_version").values(value="999")
        )
    with pytest.raises(StoreError, match="upgrade"):
        store.ensure_schema(engine)


def test_values_longer_than_their_column_or_holding_nul_are_stored(engine):
    analysis = make_analysis("Qureshi said\x00 hello.")
    analysis.article = replace(analysis.article, source="Dawn " * 100)
    long_name = "Shah " + "Mehmood " * 60 + "Qureshi"
    analysis.actors[0].name = long_name
    analysis.actors[0].key = "PERSON:" + long_name.lower()
    analysis.actors[0].aliases = {long_name}
    assert store.store_analyses(engine, [analysis], TOPICS).new == [analysis.article.origin]
    with engine.connect() as conn:
        article = conn.execute(sa.select(store.articles)).one()
        names = conn.execute(sa.select(store.actors.c.name)).scalars().all()
    assert article.text == "Qureshi said\ufffd hello."
    assert article.source == ("Dawn " * 100)[:300]
    assert long_name[:300] in names
    # The same actor again, by its long key: joined to the stored one, not refused.
    again = make_analysis("Another text.")
    again.actors[0] = analysis.actors[0]
    store.store_analyses(engine, [again], TOPICS)
    assert table_counts(engine)["actors"] == 2


def test_an_article_another_writer_stored_meanwhile_is_a_duplicate(engine, monkeypatch):
    first, second = make_analysis("Stored by the other."), make_analysis("Stored by this one.")
    store.store_analyses(engine, [first], TOPICS)
    before = table_counts(engine)
    # As if the identities had been read before the other writer committed.
    monkeypatch.setattr(store, "known_identities", lambda conn, identities: set())
    summary = store.store_analyses(engine, [first, second], TOPICS)
    assert summary.duplicates == [first.article.origin]
    assert summary.new == [second.article.origin]
    after = table_counts(engine)
    assert after["articles"] == before["articles"] + 1
    assert after["actors"] == before["actors"]


def test_an_actor_another_writer_created_meanwhile_is_joined(engine, monkeypatch):
    store.store_analyses(engine, [make_analysis("First.")], TOPICS)
    # As if the stored actors had been read before the other writer committed.
    monkeypatch.setattr(store, "load_resolver", lambda conn: CorpusResolver([]))
    store.store_analyses(engine, [make_analysis("Second.")], TOPICS)
    with engine.connect() as conn:
        keys = conn.execute(sa.select(store.actors.c.key)).scalars().all()
        mentions = conn.execute(
            sa.select(sa.func.count(sa.distinct(store.article_actors.c.article_id)))
        ).scalar_one()
    assert sorted(keys) == ["COUNTRY:PK", "PERSON:shah mehmood qureshi"]
    assert mentions == 2


def test_a_writer_waits_for_the_open_one_and_skips_what_it_stored(engine):
    analysis = make_analysis("Written by the first writer.")
    outcome: dict = {}

    def second_writer() -> None:
        outcome["summary"] = store.store_analyses(engine, [analysis], TOPICS)

    with engine.begin() as conn:
        store.begin_writing(conn)
        second = threading.Thread(target=second_writer)
        second.start()
        store.ensure_topics(conn, TOPICS)
        resolver = store.load_resolver(conn)
        assert store._insert_analysis(conn, analysis, resolver, dt.datetime(2024, 1, 1))
        assert "summary" not in outcome, "the second writer did not wait for the lock"
    second.join(timeout=60)
    assert outcome["summary"].duplicates == [analysis.article.origin]
    counts = table_counts(engine)
    assert (counts["articles"], counts["actors"], counts["quotes"]) == (1, 2, 1)


def test_corpus_version_changes_with_an_edit_revision(database_url):
    engine = store.open_engine(database_url)
    before = store.corpus_version(engine)
    for _ in range(2):
        with engine.begin() as conn:
            store.begin_writing(conn)
            store.bump_revision(conn)
    after = store.corpus_version(engine)
    assert before[:2] == after[:2]
    assert after[2] == before[2] + 2
