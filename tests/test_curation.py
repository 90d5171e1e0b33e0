"""The analyst's actor edits on SQLite and PostgreSQL: what each rewrites, that it holds
for later uploads and after re-analysis, that undo restores, and canonical names."""

import datetime as dt

import pytest
import sqlalchemy as sa

from analysis import curation, queries, store, summaries
from analysis.curation import CurationError
from analysis.ingest import ingest_loaded
from analysis.models import (
    Analysis,
    Article,
    ArticleActor,
    Interaction,
    LoadResult,
    Mention,
    Quote,
)
from analysis.queries import Filters


@pytest.fixture
def engine(database_url):
    engine = store.open_engine(database_url)
    yield engine
    engine.dispose()


def actor(name, actor_type="PERSON", *forms, roles=()):
    key = f"{actor_type}:{name.lower()}"
    return ArticleActor(
        key=key, name=name, type=actor_type, aliases={name, *forms}, roles=set(roles)
    )


def analysis(title, day, named, speaker=None, meeting=None):
    """An article whose text is the surfaces of ``named`` ((actor, surfaces) pairs) in
    order, with a quote of ``speaker`` and a meeting of the ``meeting`` pair."""
    text, mentions = "", []
    for who, surfaces in named:
        for surface in surfaces:
            start = len(text)
            text += surface + ". "
            mentions.append(Mention(who.key, surface, start, start + len(surface), 0))
    quotes = []
    if speaker is not None:
        quotes.append(
            Quote(
                text=text[:4],
                start=0,
                end=4,
                speaker_key=speaker.key,
                speaker=speaker.name,
                speaker_type=speaker.type,
                kind="direct",
            )
        )
    interactions = []
    if meeting is not None:
        a, b = meeting
        interactions.append(
            Interaction(a.name, b.name, "meeting", None, None, text[:10], a.key, b.key)
        )
    for who, surfaces in named:
        who.mentions = len(surfaces)
    article = Article(
        text=text + title,
        title=title,
        date=dt.date(2021, 3, day),
        source="desk",
        url=None,
        origin=title,
    )
    return Analysis(
        article=article,
        actors=[who for who, _ in named],
        mentions=mentions,
        quotes=quotes,
        topics=[],
        sentences=[(0, len(text))],
        interactions=interactions,
    )


def store_all(engine, *analyses):
    for one in analyses:
        assert store.store_analyses(engine, [one]).new == [one.article.origin]


def actor_id(engine, name):
    with engine.connect() as conn:
        return conn.execute(sa.select(store.actors.c.id).where(store.actors.c.name == name)).one()[
            0
        ]


def names(engine, actor_type=None):
    with engine.connect() as conn:
        rows = conn.execute(sa.select(store.actors.c.name, store.actors.c.type)).all()
    return sorted(n for n, t in rows if actor_type in (None, t))


def aliases_of(engine, name):
    return dict(queries.actor_aliases(engine, actor_id(engine, name)).values)


def dump(engine) -> dict[str, list]:
    """Every derived table's rows, sorted, for comparing two states of one database."""
    skip = {"meta", "actor_edits"}
    with engine.connect() as conn:
        return {
            name: sorted(map(repr, conn.execute(sa.select(table)).all()))
            for name, table in store.metadata.tables.items()
            if name not in skip
        }


ZALMAY = "Zalmay Khalilzad"


def khalilzad_corpus(engine):
    """Two articles: the envoy as a person, and mislabelled as an organisation."""
    zalmay = actor(ZALMAY, "PERSON", "Khalilzad", roles=["Envoy"])
    qatar = actor("Qatar", "COUNTRY")
    first = analysis("one", 1, [(zalmay, [ZALMAY, "Khalilzad"]), (qatar, ["Qatar"])], zalmay)
    as_org = actor("Khalilzad", "ORG", roles=["Special Representative", "Envoy"])
    qatar = actor("Qatar", "COUNTRY")
    second = analysis(
        "two", 9, [(as_org, ["Khalilzad"]), (qatar, ["Qatar"])], as_org, (as_org, qatar)
    )
    store_all(engine, first, second)


def test_a_merge_moves_every_row_and_holds_for_later_uploads(engine):
    khalilzad_corpus(engine)
    before = store.corpus_version(engine)
    kept, absorbed = actor_id(engine, ZALMAY), actor_id(engine, "Khalilzad")
    message = curation.merge_actors(engine, kept, [absorbed])
    assert message == "Merged Khalilzad into Zalmay Khalilzad."
    assert store.corpus_version(engine) != before
    assert names(engine) == ["Qatar", ZALMAY]
    profile = queries.actor_profile(engine, kept).iloc[0]
    assert (profile["articles"], profile["mentions"], profile["quotes"]) == (2, 3, 2)
    assert aliases_of(engine, ZALMAY) == {ZALMAY: 1, "Khalilzad": 2}
    found = queries.actor_roles(engine, kept).set_index("role")
    assert found.loc["Envoy", "count"] == 2
    assert (found.loc["Envoy", "first_seen"], found.loc["Envoy", "last_seen"]) == (
        dt.date(2021, 3, 1),
        dt.date(2021, 3, 9),
    )
    met = queries.actor_interactions(engine, Filters(), [kept])
    assert met[["a_name", "b_name"]].values.tolist() == [[ZALMAY, "Qatar"]]
    # A later article naming the organisation "Khalilzad" joins the person.
    later = actor("Khalilzad", "ORG")
    store_all(engine, analysis("three", 20, [(later, ["Khalilzad"])], later))
    assert names(engine) == ["Qatar", ZALMAY]
    assert queries.actor_profile(engine, kept).iloc[0]["quotes"] == 3


def test_a_merge_of_two_actors_meeting_drops_the_meeting_with_oneself(engine):
    khalilzad_corpus(engine)
    curation.merge_actors(engine, actor_id(engine, "Qatar"), [actor_id(engine, "Khalilzad")])
    with engine.connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(store.interactions)).scalar() == 0
        )


def split_corpus(engine):
    """Imran Khan named in full; a bare "Khan" (Sadiq Khan, in fact) that joined him."""
    imran = actor("Imran Khan", "PERSON", "Khan")
    store_all(engine, analysis("one", 1, [(imran, ["Imran Khan", "Khan"])], imran))
    bare = actor("Khan")
    uk = actor("United Kingdom", "COUNTRY")
    store_all(engine, analysis("two", 2, [(bare, ["Khan", "Khan's"]), (uk, ["Britain"])], bare))


def test_a_split_moves_the_name_and_later_uploads_stay_apart(engine):
    split_corpus(engine)
    imran = actor_id(engine, "Imran Khan")
    assert aliases_of(engine, "Imran Khan") == {"Imran Khan": 1, "Khan": 2}
    curation.split_alias(engine, imran, "Khan", "Sadiq Khan")
    sadiq = actor_id(engine, "Sadiq Khan")
    assert aliases_of(engine, "Imran Khan") == {"Imran Khan": 1}
    assert aliases_of(engine, "Sadiq Khan") == {"Khan": 2}
    # Every "Khan" mention moved; the quote moved where nothing else names Imran Khan.
    one, two = (queries.article_actor_list(engine, i) for i in (1, 2))
    assert dict(one[["name", "mentions"]].values) == {"Imran Khan": 1, "Sadiq Khan": 1}
    assert dict(two[["name", "mentions"]].values) == {"Sadiq Khan": 2, "United Kingdom": 1}
    speakers = queries.quotes_frame(engine, Filters()).set_index("article_id")["speaker"]
    assert speakers.to_dict() == {1: "Imran Khan", 2: "Sadiq Khan"}
    # A bare "Khan" uploaded later goes to the new actor, the full name to the old one.
    bare, full = actor("Khan"), actor("Imran Khan", "PERSON", "Khan")
    store_all(
        engine,
        analysis("three", 3, [(bare, ["Khan"])], bare),
        analysis("four", 4, [(full, ["Imran Khan", "Khan"])], full),
    )
    assert names(engine, "PERSON") == ["Imran Khan", "Sadiq Khan"]
    assert aliases_of(engine, "Sadiq Khan") == {"Khan": 4}
    # The "Khan" written beside "Imran Khan" in article four is moved too, as the split says.
    assert aliases_of(engine, "Imran Khan") == {"Imran Khan": 2}
    assert queries.actor_profile(engine, sadiq).iloc[0]["articles"] == 4


def test_a_split_to_an_existing_actor(engine):
    split_corpus(engine)
    sadiq = actor("Sadiq Khan", "PERSON")
    store_all(engine, analysis("five", 5, [(sadiq, ["Sadiq Khan"])]))
    imran, target = actor_id(engine, "Imran Khan"), actor_id(engine, "Sadiq Khan")
    curation.split_alias(engine, imran, "Khan", target_id=target)
    assert aliases_of(engine, "Sadiq Khan") == {"Sadiq Khan": 1, "Khan": 2}
    assert names(engine, "PERSON") == ["Imran Khan", "Sadiq Khan"]
    # Typing the name of a stored actor gives the name to that actor too.
    curation.split_alias(engine, imran, "Imran Khan", "sadiq khan")
    assert aliases_of(engine, "Sadiq Khan") == {"Sadiq Khan": 1, "Khan": 2, "Imran Khan": 1}
    assert queries.actor_options(engine)["name"].tolist() == ["Sadiq Khan", "United Kingdom"]


@pytest.mark.parametrize(
    "current, forms, expected",
    [
        ("Antony J. Blinken", [("Antony J. Blinken", 1), ("Antony Blinken", 15), ("Blinken", 30)],
         "Antony Blinken"),
        # Handles and single words never name a person; none full: the name stays.
        ("Pompeo", [("@SecPompeo", 9), ("Pompeo", 12)], "Pompeo"),
        ("Mike Pompeo", [("@SecPompeo", 9), ("Mike Pompeo", 2), ("Michael R. Pompeo", 1)],
         "Mike Pompeo"),
        # Mixed case before capitals; on a tie the current name stays.
        ("Imran Khan", [("IMRAN KHAN", 5), ("Imran Khan", 2)], "Imran Khan"),
        ("Imran Khan", [("Imran Ahmed Khan", 3), ("Imran Khan", 3)], "Imran Khan"),
    ],
)  # fmt: skip
def test_canonical_name(current, forms, expected):
    assert curation.canonical_name(current, forms) == expected


def test_names_follow_the_most_frequent_full_form_unless_renamed(engine):
    first = actor("Antony J. Blinken", "PERSON", "Blinken")
    store_all(engine, analysis("one", 1, [(first, ["Antony J. Blinken", "Blinken"])]))
    assert names(engine, "PERSON") == ["Antony J. Blinken"]
    for n in (2, 3):
        later = actor("Antony Blinken", "PERSON", "Blinken")
        store_all(engine, analysis(f"a{n}", n, [(later, ["Antony Blinken", "Blinken"])]))
    assert names(engine, "PERSON") == ["Antony Blinken"]
    blinken = actor_id(engine, "Antony Blinken")
    curation.rename_actor(engine, blinken, "  Secretary   Blinken ")
    for n in (4, 5):
        later = actor("Tony Blinken", "PERSON")
        store_all(engine, analysis(f"b{n}", n, [(later, ["Tony Blinken"])] * 1))
    assert names(engine, "PERSON") == ["Secretary Blinken"]
    # Undoing the rename gives the name back to the most frequent form.
    curation.undo_last_edit(engine)
    assert names(engine, "PERSON") == ["Antony Blinken"]


def kyiv_corpus(engine):
    kyiv = actor("Kyiv")
    ukraine = actor("Ukraine", "COUNTRY")
    store_all(
        engine,
        analysis("one", 1, [(kyiv, ["Kyiv"]), (ukraine, ["Ukraine"])], kyiv, (kyiv, ukraine)),
    )


def test_not_an_actor_is_hidden_from_every_view(engine):
    kyiv_corpus(engine)
    kyiv = actor_id(engine, "Kyiv")
    assert curation.retype_actor(engine, kyiv, "NOT_ACTOR") == "Kyiv is now marked as not an actor."
    everything = Filters()
    assert queries.top_actors(engine, everything)["name"].tolist() == ["Ukraine"]
    assert queries.corpus_summary(engine, everything).iloc[0]["actors"] == 1
    assert queries.article_actor_list(engine, 1)["name"].tolist() == ["Ukraine"]
    assert queries.article_mentions(engine, 1)["name"].tolist() == ["Ukraine"]
    assert queries.actor_interactions(engine, everything, [actor_id(engine, "Ukraine")]).empty
    assert queries.co_mentioned_actors(engine, everything, actor_id(engine, "Ukraine")).empty
    quote = queries.quotes_frame(engine, everything).iloc[0]
    assert quote["speaker"] is None and quote["speaker_id"] is None
    assert queries.quote_speakers(engine, everything).empty


def test_a_retyped_name_never_comes_back_as_a_person(engine):
    kyiv_corpus(engine)
    curation.retype_actor(engine, actor_id(engine, "Kyiv"), "PLACE")
    again = actor("Kyiv")
    store_all(engine, analysis("two", 2, [(again, ["Kyiv"])], again))
    assert names(engine, "PLACE") == ["Kyiv"] and names(engine, "PERSON") == []
    assert queries.actor_profile(engine, actor_id(engine, "Kyiv")).iloc[0]["articles"] == 2
    # Even when its actor is gone, a new one is not a person.
    with engine.begin() as conn:
        conn.execute(sa.delete(store.actors).where(store.actors.c.name == "Kyiv"))
    third = actor("Kyiv")
    store_all(engine, analysis("three", 3, [(third, ["Kyiv"])]))
    assert names(engine, "PLACE") == ["Kyiv"] and names(engine, "PERSON") == []


def merge_khalilzad(engine):
    curation.merge_actors(engine, actor_id(engine, ZALMAY), [actor_id(engine, "Khalilzad")])


def split_khan(engine):
    curation.split_alias(engine, actor_id(engine, "Imran Khan"), "Khan", "Sadiq Khan")


def split_into_existing(engine):
    curation.split_alias(
        engine, actor_id(engine, "Imran Khan"), "Khan", target_id=actor_id(engine, "United Kingdom")
    )


def rename_zalmay(engine):
    curation.rename_actor(engine, actor_id(engine, ZALMAY), "Ambassador Khalilzad")


def hide_qatar(engine):
    curation.retype_actor(engine, actor_id(engine, "Qatar"), "NOT_ACTOR")


@pytest.mark.parametrize(
    "corpus, edit",
    [
        (khalilzad_corpus, merge_khalilzad),
        (split_corpus, split_khan),
        (split_corpus, split_into_existing),
        (khalilzad_corpus, rename_zalmay),
        (khalilzad_corpus, hide_qatar),
    ],
)
def test_undo_restores_the_database_as_it_was(engine, corpus, edit):
    corpus(engine)
    before = dump(engine)
    edit(engine)
    assert dump(engine) != before
    with engine.connect() as conn:
        assert not any(summaries.drift(conn).values())  # the monthly counts follow edits
    curation.undo_last_edit(engine)
    assert dump(engine) == before
    assert queries.actor_edit_history(engine).empty


def test_history_lists_edits_newest_first_and_only_the_last_is_undoable(engine):
    khalilzad_corpus(engine)
    merge_khalilzad(engine)
    rename_zalmay(engine)
    history = queries.actor_edit_history(engine)
    assert history["edit"].tolist() == [
        "renamed Zalmay Khalilzad to Ambassador Khalilzad",
        "merged Khalilzad into Zalmay Khalilzad",
    ]
    assert history["undoable"].tolist() == [True, False]


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda e, i: curation.merge_actors(e, i, [i]), "at least one actor"),
        (lambda e, i: curation.merge_actors(e, i, [999]), "no longer in the database"),
        (lambda e, i: curation.split_alias(e, i, "Nobody"), "never written as"),
        (lambda e, i: curation.split_alias(e, i, "Khalilzad", target_id=i), "another actor"),
        (lambda e, i: curation.rename_actor(e, i, "   "), "empty"),
        (lambda e, i: curation.retype_actor(e, i, "ALIEN"), "unknown type"),
        (lambda e, i: curation.retype_actor(e, i, "PERSON"), "already"),
        (lambda e, i: curation.undo_last_edit(e), "no edit to undo"),
    ],
)
def test_edits_that_cannot_be_made_say_why_and_change_nothing(engine, edit, message):
    khalilzad_corpus(engine)
    before, version = dump(engine), store.corpus_version(engine)
    with pytest.raises(CurationError, match=message):
        edit(engine, actor_id(engine, ZALMAY))
    assert dump(engine) == before and store.corpus_version(engine) == version


# --- re-analysis, with the real pipeline -----------------------------------------------------

TEXTS = [
    "Pakistan's Foreign Minister Shah Mehmood Qureshi met the US envoy Zalmay Khalilzad in "
    'Islamabad on Monday. "The talks were useful," Qureshi told reporters.',
    'Khalilzad travelled to Doha on Tuesday. "Progress was made," the envoy Zalmay Khalilzad '
    "said after meeting Taliban negotiators.",
    'Prime Minister Imran Khan spoke to reporters in Lahore. "Pakistan wants peace," Khan said. '
    "Officials in Kyiv said they welcomed the statement.",
    'The mayor of London, Sadiq Khan, visited Kyiv. "We stand with Ukraine," Khan said.',
]


def loaded(texts, first_day=1):
    return LoadResult(
        articles=[
            Article(
                text=text,
                title=f"Report {i}",
                date=dt.date(2021, 5, first_day + i),
                source="desk",
                url=None,
                origin=f"report-{first_day + i}.txt",
            )
            for i, text in enumerate(texts)
        ]
    )


def meaning(engine) -> dict[str, list]:
    """What the store says, by names and article identities rather than row ids."""
    a, s = store.actors, store.articles
    speaker = store.actors.alias("speaker")
    statements = {
        "actors": sa.select(a.c.name, a.c.type, a.c.key, a.c.country),
        "aliases": sa.select(a.c.name, store.aliases.c.alias, store.aliases.c.count).join(a),
        "roles": sa.select(a.c.name, store.roles).join(a),
        "article_actors": sa.select(
            s.c.identity, a.c.name, store.article_actors.c.mentions, store.article_actors.c.date
        )
        .select_from(store.article_actors)
        .join(s)
        .join(a),
        "mentions": sa.select(s.c.identity, a.c.name, store.mentions.c.start, store.mentions.c.end)
        .select_from(store.mentions)
        .join(s)
        .join(a),
        "quotes": sa.select(s.c.identity, speaker.c.name, store.quotes.c.start)
        .select_from(store.quotes)
        .join(s)
        .outerjoin(speaker, speaker.c.id == store.quotes.c.speaker_id),
        "articles": sa.select(s.c.identity, s.c.title, s.c.date, s.c.ingested_at, s.c.text),
        "topics": sa.select(s.c.identity, store.article_topics.c.topic_id)
        .select_from(store.article_topics)
        .join(s),
    }
    with engine.connect() as conn:
        for table in store.DATED_TABLES:  # every copy of an article's date is its date
            misdated = conn.execute(
                sa.select(sa.func.count())
                .select_from(table)
                .join(s)
                .where(table.c.date.is_distinct_from(s.c.date))
            ).scalar_one()
            assert misdated == 0, table.name
        assert not any(summaries.drift(conn).values())  # the monthly counts are exact
        return {
            name: sorted(
                (tuple(r[1:]) if name == "roles" else tuple(r) for r in conn.execute(statement)),
                key=repr,
            )
            for name, statement in statements.items()
        }


def test_reanalysis_keeps_articles_and_edits_and_later_uploads_follow(engine, analyzer):
    ingest_loaded(engine, analyzer, loaded(TEXTS))
    assert curation.reanalyse(engine, analyzer, batch_size=3).articles == 4
    plain = meaning(engine)
    curation.merge_actors(engine, actor_id(engine, "Ukraine"), [actor_id(engine, "Kyiv")])
    curation.split_alias(engine, actor_id(engine, "Sadiq Khan"), "Khan", "Mayor Khan")
    curation.rename_actor(engine, actor_id(engine, ZALMAY), "Zalmay M. Khalilzad")
    curation.retype_actor(engine, actor_id(engine, "Taliban"), "NOT_ACTOR")
    edited = meaning(engine)
    assert edited != plain
    done = []
    report = curation.reanalyse(engine, analyzer, lambda n, total: done.append((n, total)), 3)
    assert (report.articles, report.edits) == (4, 4)
    assert done == [(0, 4), (3, 4), (4, 4)]
    assert meaning(engine) == edited
    assert "Kyiv" not in names(engine) and "Taliban" in names(engine, "NOT_ACTOR")
    # Undo is refused for edits whose rows were rebuilt.
    with pytest.raises(CurationError, match="re-analysed"):
        curation.undo_last_edit(engine)
    # An upload after re-analysis follows the edits too.
    later = [
        'Officials in Kyiv said the Taliban had called. "We listened," Khan said in London.',
        'Zalmay Khalilzad said in Kabul: "Talks resume."',
    ]
    ingest_loaded(engine, analyzer, loaded(later, first_day=10))
    assert "Kyiv" not in names(engine) and "Taliban" in names(engine, "NOT_ACTOR")
    assert names(engine, "PERSON").count("Zalmay M. Khalilzad") == 1
    assert ZALMAY not in names(engine)


def article_ids(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(store.articles.c.identity, store.articles.c.id)).all())


def test_reanalysis_without_edits_rebuilds_the_same_analysis(engine, analyzer):
    ingest_loaded(engine, analyzer, loaded(TEXTS))
    before, version = meaning(engine), store.corpus_version(engine)
    ids = article_ids(engine)
    report = curation.reanalyse(engine, analyzer, batch_size=2)
    assert meaning(engine) == before
    # Each article keeps its id, so links to it (the Reader's ?article=N) still work.
    assert article_ids(engine) == ids
    assert report.actors_before == report.actors_after == len(before["actors"])
    assert report.lines()[0].startswith("4 article(s) re-analysed")
    assert store.corpus_version(engine) != version


def test_the_reanalyse_command(database_url, analyzer, capsys):
    from analysis import cli

    engine = store.open_engine(database_url)
    try:
        assert cli.main(["reanalyse", "--db", database_url, "--quiet"]) == cli.EXIT_NOTHING_DONE
        ingest_loaded(engine, analyzer, loaded(TEXTS[:2]))
        curation.rename_actor(engine, actor_id(engine, ZALMAY), "Zalmay M. Khalilzad")
        assert cli.main(["reanalyse", "--db", database_url, "--quiet"]) == cli.EXIT_OK
        assert "2 article(s) re-analysed" in capsys.readouterr().out
        assert "Zalmay M. Khalilzad" in names(engine, "PERSON")
    finally:
        engine.dispose()
