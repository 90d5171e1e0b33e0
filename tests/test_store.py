import datetime as dt
import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa

from analysis import store, summaries
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
    assert after == (before[0], before[1] + 2)
    store.store_analyses(engine, [make_analysis("A new article names Qureshi.")], TOPICS)
    added = store.corpus_version(engine)
    assert added[0] > after[0] and added[1] == after[1]


def person_article(text: str, date: dt.date | None, aliases: set[str], roles: set[str]):
    """An article naming Qureshi by ``aliases`` and giving him ``roles``."""
    analysis = make_analysis(text)
    analysis.article = replace(analysis.article, date=date, origin=f"test#{text}")
    analysis.actors[0].aliases = aliases
    analysis.actors[0].roles = roles
    return analysis


#: Batches of Qureshi articles: aliases met again across batches, and roles whose dates
#: come out of order, some missing.
NAME_BATCHES = [
    [
        person_article("One.", dt.date(2020, 5, 1), {"Qureshi", "Shah Mehmood Qureshi"}, {"FM"}),
        person_article("Two.", None, {"Qureshi"}, {"FM", "Senator", "Envoy"}),
    ],
    [person_article("Three.", dt.date(2019, 2, 1), {"Qureshi", "SMQ"}, {"FM"})],
    [
        person_article("Four.", dt.date(2021, 7, 1), {"Shah Mehmood Qureshi"}, {"FM", "Senator"}),
        person_article("Five.", None, {"Qureshi"}, {"Senator"}),
        person_article("Six.", dt.date(2020, 1, 1), {"SMQ"}, set()),
    ],
]


def expected_names(batches) -> tuple[dict, dict]:
    """Alias counts and (first, last, count) of each role of Qureshi, from the articles."""
    alias_counts: dict[str, int] = {}
    role_rows: dict[str, tuple] = {}
    for analysis in (a for batch in batches for a in batch):
        person = analysis.actors[0]
        # The actor's own name is an alias of every article that names it.
        for alias in person.aliases:
            alias_counts[alias] = alias_counts.get(alias, 0) + 1
        for role in person.roles:
            dates = [
                d for d in (*role_rows.get(role, (None, None))[:2], analysis.article.date) if d
            ]
            count = role_rows.get(role, (None, None, 0))[2] + 1
            role_rows[role] = (min(dates, default=None), max(dates, default=None), count)
    return alias_counts, role_rows


def stored_names(engine) -> tuple[dict, dict]:
    with engine.connect() as conn:
        qureshi = sa.select(store.actors.c.id).where(store.actors.c.type == "PERSON")
        alias_counts = dict(
            conn.execute(
                sa.select(store.aliases.c.alias, store.aliases.c.count).where(
                    store.aliases.c.actor_id.in_(qureshi)
                )
            ).all()
        )
        role_rows = {
            row.role: (row.first_seen, row.last_seen, row.count)
            for row in conn.execute(sa.select(store.roles))
        }
    return alias_counts, role_rows


@pytest.mark.parametrize("writes", ["one statement per table", "row by row"])
def test_alias_counts_and_role_dates_add_up_across_batches(engine, monkeypatch, writes):
    if writes == "row by row":
        # The path of databases without INSERT ... ON CONFLICT.
        monkeypatch.setattr(store, "_upsert_insert", lambda conn: None)
    resolvers = store.ResolverCache()
    for batch in NAME_BATCHES:
        store.store_analyses(engine, batch, TOPICS, resolvers)
    assert stored_names(engine) == expected_names(NAME_BATCHES)
    assert expected_names(NAME_BATCHES)[1]["Envoy"] == (None, None, 1)


def test_a_batch_writes_its_aliases_and_roles_with_one_statement_each(engine):
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split("(")[0].strip().upper())

    sa.event.listen(engine, "before_cursor_execute", note)
    store.store_analyses(engine, NAME_BATCHES[0] + NAME_BATCHES[2], TOPICS)
    sa.event.remove(engine, "before_cursor_execute", note)
    assert statements.count("INSERT INTO ALIASES") == 1
    assert statements.count("INSERT INTO ROLES") == 1
    assert not [s for s in statements if s.startswith(("UPDATE ALIASES", "UPDATE ROLES"))]


def org_article(text: str, name: str, aliases: set[str]) -> Analysis:
    """An article naming one organisation, ``name``, also as ``aliases``."""
    analysis = make_analysis(text)
    analysis.article = replace(analysis.article, origin=f"test#{text}")
    key = "ORG:" + name.lower()
    analysis.actors = [ArticleActor(key=key, name=name, type="ORG", aliases=aliases, mentions=1)]
    analysis.mentions = [Mention(actor_key=key, surface=name, start=0, end=3, sentence=0)]
    analysis.quotes = []
    return analysis


def another_writer_stores_a_person(url: str) -> None:
    other = store.open_engine(url)
    store.store_analyses(other, [make_analysis("Pompeo's visit.", "Mike Pompeo")], TOPICS)
    other.dispose()


def another_writer_adds_an_alias(url: str) -> None:
    # The stored ministry, named in another article by its acronym as well.
    ministry = org_article("MOFA statement.", "Ministry of Foreign Affairs", {"MOFA"})
    other = store.open_engine(url)
    store.store_analyses(other, [ministry], TOPICS)
    other.dispose()


def another_writer_removes_an_actor(url: str) -> None:
    # An analyst's edit: Pakistan removed (say, to be merged), the revision bumped.
    other = store.open_engine(url)
    with other.begin() as conn:
        store.begin_writing(conn)
        conn.execute(sa.delete(store.actors).where(store.actors.c.key == "COUNTRY:PK"))
        store.bump_revision(conn)
    other.dispose()


@pytest.mark.parametrize(
    "meanwhile, second_batch, expected_actors, full_loads",
    [
        # A bare surname joins the one stored person who carries it, stored by the other.
        (
            another_writer_stores_a_person,
            make_analysis("Pompeo spoke.", "Pompeo"),
            {"Shah Mehmood Qureshi", "Mike Pompeo", "Pakistan", "Ministry of Foreign Affairs"},
            1,
        ),
        # An alias the other gave a known actor is what the next article is named by.
        (
            another_writer_adds_an_alias,
            org_article("MOFA said.", "MOFA", {"MOFA"}),
            {"Shah Mehmood Qureshi", "Pakistan", "Ministry of Foreign Affairs"},
            2,
        ),
        # After an edit, a removed actor is not joined: it is stored anew.
        (
            another_writer_removes_an_actor,
            make_analysis("Qureshi in Islamabad."),
            {"Shah Mehmood Qureshi", "Pakistan", "Ministry of Foreign Affairs"},
            2,
        ),
    ],
    ids=["a new person", "a new alias of a known actor", "an edit"],
)
def test_an_ingest_resolver_sees_what_another_writer_stored_between_batches(
    engine, meanwhile, second_batch, expected_actors, full_loads
):
    resolvers = store.ResolverCache()
    first_batch = [
        make_analysis("Qureshi in Beijing."),
        org_article("The ministry said.", "Ministry of Foreign Affairs", set()),
    ]
    store.store_analyses(engine, first_batch, TOPICS, resolvers)
    meanwhile(engine.url.render_as_string(hide_password=False))
    store.store_analyses(engine, [second_batch], TOPICS, resolvers)
    with engine.connect() as conn:
        names = conn.execute(sa.select(store.actors.c.name)).scalars().all()
    assert sorted(names) == sorted(expected_actors), "an actor was created twice or lost"
    assert resolvers.full_loads == full_loads


def test_an_ingest_resolver_loads_the_stored_actors_once_when_alone(engine, monkeypatch):
    loads = {"n": 0}
    real_load = store.load_resolver

    def counting_load(conn):
        loads["n"] += 1
        return real_load(conn)

    monkeypatch.setattr(store, "load_resolver", counting_load)
    resolvers = store.ResolverCache()
    for batch in NAME_BATCHES:
        store.store_analyses(engine, batch, TOPICS, resolvers)
    store.store_analyses(engine, [make_analysis("Qureshi again.", "Shah Mahmood Qureshi")], TOPICS)
    assert loads["n"] == 2, "one load for the ingest, one for the store without a cache"
    with engine.connect() as conn:
        people = conn.execute(
            sa.select(store.actors.c.name).where(store.actors.c.type == "PERSON")
        ).scalars()
        assert list(people) == ["Shah Mehmood Qureshi"]


def test_a_rolled_back_batch_does_not_leave_its_actors_in_the_resolver(engine, monkeypatch):
    resolvers = store.ResolverCache()
    store.store_analyses(engine, [make_analysis("First.")], TOPICS, resolvers)
    real_insert = store._insert_analysis

    def failing_after_insert(conn, analysis, *args):
        real_insert(conn, analysis, *args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_insert_analysis", failing_after_insert)
    with pytest.raises(RuntimeError):
        store.store_analyses(engine, [make_analysis("Second.", "Mike Pompeo")], TOPICS, resolvers)
    monkeypatch.setattr(store, "_insert_analysis", real_insert)
    # Pompeo's actor was rolled back: storing him again must create him, not point at a ghost.
    summary = store.store_analyses(
        engine, [make_analysis("Second.", "Mike Pompeo")], TOPICS, resolvers
    )
    assert len(summary.new) == 1
    with engine.connect() as conn:
        quoted = conn.execute(
            sa.select(store.actors.c.name).join(
                store.quotes, store.quotes.c.speaker_id == store.actors.c.id
            )
        ).scalars()
        assert sorted(quoted) == ["Mike Pompeo", "Shah Mehmood Qureshi"]


def test_opening_an_older_database_adds_the_indexes_it_lacks(database_url):
    engine = store.open_engine(database_url)
    index = next(iter(store.article_actors.indexes))
    with engine.begin() as conn:
        index.drop(conn)
        assert index.name not in {i["name"] for i in sa.inspect(conn).get_indexes(index.table.name)}
    engine.dispose()
    engine = store.open_engine(database_url)
    with engine.connect() as conn:
        assert index.name in {i["name"] for i in sa.inspect(conn).get_indexes(index.table.name)}
    engine.dispose()


def test_opening_a_version_1_database_copies_the_article_dates(database_url):
    engine = store.open_engine(database_url)
    undated = make_analysis("An undated article about Kashmir.")
    undated = replace(undated, article=replace(undated.article, date=None))
    store.store_analyses(engine, [make_analysis("Qureshi said hello."), undated], TOPICS)
    with engine.begin() as conn:  # back to the tables of schema version 1
        for table in store.SUMMARY_TABLES:
            table.drop(conn)
        for table in store.DATED_TABLES:
            for index in table.indexes:
                if "date" in index.columns:
                    index.drop(conn)
            conn.exec_driver_sql(f"ALTER TABLE {table.name} DROP COLUMN date")
        conn.exec_driver_sql("ALTER TABLE quotes DROP COLUMN speaker_label")
        conn.execute(
            sa.update(store.meta).where(store.meta.c.key == "schema_version").values(value="1")
        )
    engine.dispose()
    engine = store.open_engine(database_url)
    with engine.connect() as conn:
        version = conn.execute(
            sa.select(store.meta.c.value).where(store.meta.c.key == "schema_version")
        ).scalar_one()
        assert int(version) == store.SCHEMA_VERSION == 2
        for table in store.DATED_TABLES:
            copied = conn.execute(
                sa.select(table.c.date, store.articles.c.date).join(
                    store.articles, store.articles.c.id == table.c.article_id
                )
            ).all()
            assert all(copy == date for copy, date in copied)
            assert {copy for copy, _ in copied} == {dt.date(2020, 1, 19), None}
            assert {i["name"] for i in sa.inspect(conn).get_indexes(table.name)} >= {
                i.name for i in table.indexes
            }
        assert not any(summaries.drift(conn).values())  # rebuilt: exact
        assert "speaker_label" in {c["name"] for c in sa.inspect(conn).get_columns("quotes")}
    engine.dispose()


def monthly(engine) -> dict[str, list]:
    with engine.connect() as conn:
        assert not any(summaries.drift(conn).values())
        return {
            t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr)
            for t in store.SUMMARY_TABLES
        }


def test_monthly_counts_follow_each_batch_and_skip_undated_articles(engine):
    january = make_analysis("Qureshi said hello.")
    february = make_analysis("Qureshi spoke again.")
    february = replace(february, article=replace(february.article, date=dt.date(2020, 2, 3)))
    undated = make_analysis("Qureshi, undated.")
    undated = replace(undated, article=replace(undated.article, date=None))
    store.store_analyses(engine, [january], TOPICS)
    store.store_analyses(engine, [february, undated, january], TOPICS)  # january: a duplicate
    counts = monthly(engine)
    jan, feb = dt.date(2020, 1, 1), dt.date(2020, 2, 1)
    assert counts["article_months"] == [(jan, "test", 1), (feb, "test", 1)]
    assert [(m, n) for _, m, _, n in counts["topic_months"]] == [(jan, 1), (feb, 1)]
    # Each article names Qureshi (2 mentions) and Pakistan (1).
    assert sorted((m, a, n) for _, m, _, a, n in counts["actor_months"]) == [
        (jan, 1, 1), (jan, 1, 2), (feb, 1, 1), (feb, 1, 2)
    ]  # fmt: skip


def test_taking_articles_away_from_the_monthly_counts_drops_emptied_rows(engine):
    store.store_analyses(engine, [make_analysis("One."), make_analysis("Two.")], TOPICS)
    with engine.begin() as conn:
        ids = conn.execute(sa.select(store.articles.c.id)).scalars().all()
        summaries.add_articles(conn, ids[:1], -1)
        assert conn.execute(sa.select(store.article_months.c.articles)).scalars().all() == [1]
        summaries.add_articles(conn, ids[1:], -1)
        for table in store.SUMMARY_TABLES:
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
        summaries.add_articles(conn, ids)
        assert not any(summaries.drift(conn).values())


def test_a_quote_without_a_speaker_actor_keeps_how_the_article_describes_its_source(engine):
    from analysis import queries

    described = make_analysis("Police officials said the road would reopen.")
    unnamed = replace(described.quotes[0], speaker_key=None, speaker="Police officials")
    silent = replace(described.quotes[0], speaker_key=None, speaker=None, start=6, end=10)
    store.store_analyses(engine, [replace(described, quotes=[unnamed, silent])], TOPICS)
    with engine.connect() as conn:
        labels = conn.execute(sa.select(store.quotes.c.speaker_label)).scalars().all()
    assert sorted(labels, key=str) == [None, "Police officials"]
    found = queries.quotes_frame(engine, queries.Filters(), search="police")
    assert found["speaker"].tolist() == ["Police officials"] and found["speaker_id"].isna().all()
