"""Queries over the small synthetic corpus of tests/corpus.py, whose counts are known."""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from corpus import build_small_corpus

from analysis import queries
from analysis.queries import Filters, UnsupportedQuery

ALL = Filters()
FROM_FEBRUARY = Filters(start=dt.date(2020, 2, 1))
JANUARY = Filters(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 31))
DAWN = Filters(sources=("Dawn",))
KASHMIR = Filters(topics=("kashmir",))
EITHER_TOPIC = Filters(topics=("kashmir", "sanctions"))


@pytest.fixture(scope="module")
def engine(module_database_url):
    engine = build_small_corpus(module_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def ids(engine) -> dict[str, int]:
    actors = queries.actor_options(engine)
    return dict(zip(actors["name"], actors["actor_id"], strict=True))


@pytest.mark.parametrize(
    "filters, articles, sources, quotes",
    [
        (ALL, 5, 3, 4),
        (FROM_FEBRUARY, 2, 2, 2),  # undated articles drop out once a bound is set
        (JANUARY, 2, 2, 2),
        (DAWN, 2, 1, 2),
        (KASHMIR, 2, 2, 2),
        (EITHER_TOPIC, 3, 2, 3),
        (Filters(sources=("Nowhere",)), 0, 0, 0),
    ],
)
def test_corpus_summary_follows_every_filter(engine, filters, articles, sources, quotes):
    row = queries.corpus_summary(engine, filters).iloc[0]
    assert (row["articles"], row["sources"], row["quotes"]) == (articles, sources, quotes)


def test_summary_counts_distinct_actors_and_the_date_span(engine):
    row = queries.corpus_summary(engine, ALL).iloc[0]
    assert row["actors"] == 6
    assert (row["first_date"], row["last_date"]) == (dt.date(2020, 1, 6), dt.date(2020, 3, 2))


def test_queries_accept_a_connection_as_well_as_an_engine(engine):
    with engine.connect() as conn:
        assert queries.corpus_summary(conn, ALL).iloc[0]["articles"] == 5


@pytest.mark.parametrize(
    "freq, filters, expected",
    [
        ("month", ALL, {"2020-01-01": 2, "2020-02-01": 1, "2020-03-01": 1}),
        ("week", ALL, {"2020-01-06": 2, "2020-02-10": 1, "2020-03-02": 1}),
        ("day", ALL, {"2020-01-06": 1, "2020-01-08": 1, "2020-02-10": 1, "2020-03-02": 1}),
        ("quarter", ALL, {"2020-01-01": 4}),
        ("month", FROM_FEBRUARY, {"2020-02-01": 1, "2020-03-01": 1}),
        ("month", DAWN, {"2020-01-01": 1, "2020-03-01": 1}),
    ],
)
def test_article_volume_per_period(engine, freq, filters, expected):
    volume = queries.article_volume(engine, filters, freq)
    assert pd.api.types.is_datetime64_any_dtype(volume["period"])
    got = {f"{p:%Y-%m-%d}": n for p, n in zip(volume["period"], volume["articles"], strict=True)}
    assert got == expected


def test_an_unknown_period_is_refused(engine):
    with pytest.raises(UnsupportedQuery, match="unknown period"):
        queries.article_volume(engine, ALL, "fortnight")


@pytest.mark.parametrize(
    "filters, first, articles",
    [
        (ALL, "Shah Mehmood Qureshi", 3),
        (FROM_FEBRUARY, "Mike Pompeo", 2),
        (Filters(sources=("Blog",)), "Pakistan", 1),
    ],
)
def test_top_actors_ranks_by_articles_in_the_period(engine, filters, first, articles):
    ranking = queries.top_actors(engine, filters, 3)
    assert ranking.iloc[0]["name"] == first
    assert ranking.iloc[0]["articles"] == articles
    assert len(ranking) <= 3


def test_top_actors_can_be_restricted_by_type_and_id(engine, ids):
    people = queries.top_actors(engine, ALL, None, (), ("COUNTRY",))
    assert set(people["name"]) == {"Pakistan", "India", "Iran"}
    one = queries.top_actors(engine, ALL, None, (ids["Iran"],))
    assert one["name"].tolist() == ["Iran"]


def test_actor_share_divides_by_the_period_volume(engine, ids):
    timeline = queries.actor_timeline(engine, ALL, (ids["Pakistan"], ids["Shah Mehmood Qureshi"]))
    rows = {(r.name, f"{r.period:%Y-%m}"): r for r in timeline.itertuples()}
    pakistan = rows[("Pakistan", "2020-01")]
    # January has two dated articles; Pakistan is named in one of them.
    assert (pakistan.articles, pakistan.total_articles, pakistan.share) == (1, 2, 0.5)
    qureshi = rows[("Shah Mehmood Qureshi", "2020-01")]
    assert (qureshi.articles, qureshi.mentions, qureshi.share) == (2, 3, 1.0)
    assert rows[("Shah Mehmood Qureshi", "2020-03")].share == 1.0
    # The undated article that also names Pakistan counts nowhere on a timeline.
    assert ("Pakistan", "NaT") not in rows and len(timeline) == 3


def test_actor_timeline_packs_the_titles_of_its_articles(engine, ids):
    timeline = queries.actor_timeline(engine, ALL, (ids["Mike Pompeo"],), "month")
    titles = {p.strftime("%m"): t.split(queries.TITLE_SEPARATOR) for p, t in
              zip(timeline["period"], timeline["titles"], strict=True)}  # fmt: skip
    assert titles["02"] == ["Mike Pompeo announced sanctions on Iran."]


def test_actor_timeline_of_no_actor_is_empty_with_its_columns(engine):
    assert list(queries.actor_timeline(engine, ALL, ())) == [
        "actor_id", "name", "period", "articles", "mentions", "total_articles", "share", "titles"
    ]  # fmt: skip


def test_interactions_of_either_side_with_their_evidence(engine, ids):
    for actor in ("Shah Mehmood Qureshi", "Mike Pompeo"):
        met = queries.actor_interactions(engine, ALL, (ids[actor],))
        assert met[["type", "a_name", "b_name"]].values.tolist() == [
            ["meeting", "Shah Mehmood Qureshi", "Mike Pompeo"]
        ]
        assert met.iloc[0]["date"] == dt.date(2020, 3, 1)
        assert "met Mike Pompeo in Islamabad" in met.iloc[0]["evidence"]
    assert queries.actor_interactions(engine, JANUARY, (ids["Mike Pompeo"],)).empty


def test_actor_profile_aliases_and_roles(engine, ids):
    qureshi = ids["Shah Mehmood Qureshi"]
    profile = queries.actor_profile(engine, qureshi).iloc[0]
    assert (profile["articles"], profile["mentions"], profile["quotes"]) == (3, 5, 2)
    assert (profile["first_date"], profile["last_date"]) == (
        dt.date(2020, 1, 6),
        dt.date(2020, 3, 2),
    )
    assert queries.actor_aliases(engine, qureshi)["alias"].tolist() == ["Shah Mehmood Qureshi"]
    roles = queries.actor_roles(engine, qureshi).iloc[0]
    assert (roles["role"], roles["count"]) == ("Foreign Minister", 3)
    assert queries.actor_profile(engine, 9999).empty


@pytest.mark.parametrize(
    "filters, expected",
    [
        (ALL, {"India": 2, "Pakistan": 1, "Subrahmanyam Jaishankar": 1, "Mike Pompeo": 1}),
        (FROM_FEBRUARY, {"Mike Pompeo": 1}),
    ],
)
def test_co_mentioned_actors(engine, ids, filters, expected):
    others = queries.co_mentioned_actors(engine, filters, ids["Shah Mehmood Qureshi"], 10)
    assert dict(zip(others["name"], others["articles"], strict=True)) == expected


def test_cooccurrence_edges_are_undirected_pairs_within_the_set(engine, ids):
    chosen = (ids["Shah Mehmood Qureshi"], ids["India"], ids["Mike Pompeo"])
    edges = queries.cooccurrence_edges(engine, ALL, chosen)
    pairs = {(int(e.source_id), int(e.target_id)): e.articles for e in edges.itertuples()}
    qureshi, india, pompeo = chosen
    assert pairs == {
        tuple(sorted((qureshi, india))): 2,
        tuple(sorted((qureshi, pompeo))): 1,
    }
    assert all(s < t for s, t in pairs)


def test_network_actors_adds_the_chosen_to_the_leaders(engine, ids):
    nodes = queries.network_actors(engine, ALL, 1, (ids["Iran"],))
    assert set(nodes["name"]) == {"Shah Mehmood Qureshi", "Iran"}


@pytest.mark.parametrize(
    "speakers, kinds, search, filters, expected",
    [
        ((), (), "", ALL, 4),
        (("Shah Mehmood Qureshi",), (), "", ALL, 2),
        ((), ("indirect",), "", ALL, 1),
        ((), (), "RESOLVE", ALL, 1),  # case does not matter
        ((), (), "pompeo", ALL, 1),  # the speaker's name is searched too
        ((), (), "100%", ALL, 0),  # LIKE wildcards are taken literally
        ((), (), "", FROM_FEBRUARY, 2),
        ((), (), "", KASHMIR, 2),
    ],
)
def test_quotes_filters(engine, ids, speakers, kinds, search, filters, expected):
    speaker_ids = tuple(ids[s] for s in speakers)
    assert len(queries.quotes_frame(engine, filters, speaker_ids, kinds, search)) == expected


def test_quotes_carry_speaker_role_and_article(engine):
    found = queries.quotes_frame(engine, ALL, search="resolve").iloc[0]
    assert found["speaker"] == "Mike Pompeo" and found["role"] == "Secretary of State"
    assert (found["kind"], found["cue"], found["channel"]) == ("direct", "say", "statement")
    assert found["source"] == "Reuters" and found["url"] == "https://example.org/Reuters"
    newest_first = queries.quotes_frame(engine, ALL)["date"].tolist()
    assert newest_first == sorted(newest_first, reverse=True)


def test_quote_speakers_and_paragraphs(engine):
    speakers = queries.quote_speakers(engine, ALL)
    assert speakers.iloc[0]["speaker"] == "Shah Mehmood Qureshi" and speakers.iloc[0]["quotes"] == 2
    quote = queries.quotes_frame(engine, ALL, search="talks were").iloc[0]
    paragraph = queries.quote_paragraphs(engine, (int(quote["quote_id"]),)).iloc[0]["paragraph"]
    assert paragraph == "Subrahmanyam Jaishankar said that talks were not possible."


@pytest.mark.parametrize(
    "filters, expected",
    [
        (ALL, {"kashmir": 2, "sanctions": 2}),
        (FROM_FEBRUARY, {"sanctions": 1}),
        (DAWN, {"kashmir": 1}),
    ],
)
def test_top_topics(engine, filters, expected):
    ranking = queries.top_topics(engine, filters)
    assert dict(zip(ranking["topic_id"], ranking["articles"], strict=True)) == expected


def test_topic_share_divides_by_the_period_volume(engine):
    share = queries.topic_share(engine, ALL, ("kashmir", "sanctions"), "month")
    rows = {(r.topic_id, f"{r.period:%m}"): (r.articles, r.total_articles, r.share)
            for r in share.itertuples()}  # fmt: skip
    assert rows == {
        ("kashmir", "01"): (2, 2, 1.0),
        ("sanctions", "01"): (1, 2, 0.5),
        ("sanctions", "02"): (1, 1, 1.0),
    }
    # Narrowing to Reuters halves January's volume, and so doubles a topic's share.
    reuters = queries.topic_share(engine, Filters(sources=("Reuters",)), ("sanctions",), "month")
    assert reuters["share"].tolist() == [1.0, 1.0]
    # A topic filter narrows the articles of every topic and the volume alike.
    sanctioned = queries.topic_share(
        engine, Filters(topics=("sanctions",)), ("kashmir", "sanctions")
    )
    rows = {(r.topic_id, f"{r.period:%m}"): (r.articles, r.total_articles)
            for r in sanctioned.itertuples()}  # fmt: skip
    assert rows == {("kashmir", "01"): (1, 1), ("sanctions", "01"): (1, 1),
                    ("sanctions", "02"): (1, 1)}  # fmt: skip


def test_topic_matrices(engine, ids):
    by_actor = queries.topic_actor_matrix(
        engine, ALL, ("kashmir", "sanctions"), (ids["India"], ids["Mike Pompeo"])
    )
    cells = {(r.topic_id, r.name): r.articles for r in by_actor.itertuples()}
    assert cells == {("kashmir", "India"): 2, ("sanctions", "India"): 1,
                     ("sanctions", "Mike Pompeo"): 1}  # fmt: skip
    by_source = queries.topic_source_matrix(engine, ALL, ("sanctions",), ("Reuters", "Dawn"))
    assert by_source[["source", "articles"]].values.tolist() == [["Reuters", 2]]


def test_topic_sentences_are_the_matched_sentences(engine):
    found = queries.topic_sentences(engine, ALL, "kashmir")
    assert found["text"].tolist() == [
        "India and Shah Mehmood Qureshi disagreed about Kashmir sanctions.",
        "Shah Mehmood Qureshi spoke of Kashmir and India.",
    ]
    assert queries.topic_sentences(engine, DAWN, "kashmir")["source"].tolist() == ["Dawn"]


def test_one_article(engine, ids):
    options = queries.article_options(engine, ALL)
    assert options["source"].tolist()[-1] == "Blog"  # undated articles come last
    first = int(options.loc[options["date"] == dt.date(2020, 1, 6), "article_id"].iloc[0])
    detail = queries.article_detail(engine, first).iloc[0]
    mentions = queries.article_mentions(engine, first)
    for row in mentions.itertuples():
        assert detail["text"][row.start : row.end] == row.name
    actors = queries.article_actor_list(engine, first)
    assert actors.iloc[0]["name"] == "Shah Mehmood Qureshi" and actors.iloc[0]["mentions"] == 2
    assert queries.article_topic_list(engine, first)["topic_id"].tolist() == ["kashmir"]
    assert len(queries.quotes_frame(engine, ALL, article_id=first)) == 1


def test_filter_options(engine):
    assert queries.source_options(engine)["source"].tolist() == ["Dawn", "Reuters", "Blog"]
    assert set(queries.topic_options(engine)["topic_id"]) == {"kashmir", "sanctions"}
    bounds = queries.date_bounds(engine).iloc[0]
    assert (bounds["first_date"], bounds["last_date"]) == (dt.date(2020, 1, 6), dt.date(2020, 3, 2))


def test_an_empty_database_answers_with_empty_frames(database_url):
    from analysis.store import open_engine

    empty = open_engine(database_url)
    assert queries.corpus_summary(empty, ALL).iloc[0]["articles"] == 0
    assert queries.article_volume(empty, ALL).empty
    assert queries.top_actors(empty, ALL).empty
    assert queries.quotes_frame(empty, ALL).empty
    assert queries.date_bounds(empty).iloc[0]["first_date"] is None
    empty.dispose()


@pytest.mark.parametrize("freq", queries.FREQS)
def test_an_undated_meeting_in_an_undated_article_has_no_period(database_url, freq):
    from corpus import TOPICS, make_analysis

    from analysis.store import open_engine, store_analyses

    engine = open_engine(database_url)
    undated = make_analysis(
        ["Shah Mehmood Qureshi met Mike Pompeo in Islamabad."], None, "Blog",
        interactions=[("Shah Mehmood Qureshi", "Mike Pompeo", "meeting", None)],
    )  # fmt: skip
    store_analyses(engine, [undated], TOPICS)
    pompeo = queries.actor_options(engine).set_index("name").at["Mike Pompeo", "actor_id"]
    met = queries.actor_interactions(engine, ALL, (int(pompeo),), freq)
    engine.dispose()
    assert met["type"].tolist() == ["meeting"]
    assert met["period"].isna().all() and met["date"].isna().all()


# --- the same answers on a larger corpus, computed again from the raw tables -------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def synthetic(request, tmp_path_factory):
    """A 400-article corpus of benchmarks/synthetic_corpus.py (Zipf actors, topics, quotes)
    in a database of its own on each backend, with its tables read back as DataFrames."""
    import sqlalchemy as sa
    from conftest import empty_database

    from analysis import store
    from benchmarks.synthetic_corpus import write_corpus

    urls = empty_database(request.param, tmp_path_factory.mktemp("synthetic"))
    engine = store.open_engine(next(urls))
    write_corpus(engine, 400, seed=3, chunk=150, progress=False)
    with engine.connect() as conn:
        tables = {
            name: pd.DataFrame(conn.execute(sa.select(getattr(store, name))).mappings().all())
            for name in ("articles", "actors", "article_actors", "article_topics", "quotes",
                         "roles")
        }  # fmt: skip
    yield engine, tables
    engine.dispose()
    urls.close()


def _filtered_ids(tables: dict[str, pd.DataFrame], filters: Filters) -> set[int]:
    articles = tables["articles"]
    keep = pd.Series(True, index=articles.index)
    if filters.start:
        keep &= articles["date"].notna() & (articles["date"] >= filters.start)
    if filters.end:
        keep &= articles["date"].notna() & (articles["date"] <= filters.end)
    if filters.sources:
        keep &= articles["source"].isin(filters.sources)
    if filters.topics:
        tagged = tables["article_topics"]
        keep &= articles["id"].isin(
            tagged.loc[tagged["topic_id"].isin(filters.topics), "article_id"]
        )
    return set(articles.loc[keep, "id"])


SYNTHETIC_FILTERS = {
    "all": lambda sources: ALL,
    "one year": lambda sources: Filters(dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
    "from a date": lambda sources: Filters(start=dt.date(2018, 4, 1)),
    "one source": lambda sources: Filters(sources=(sources[1],)),
    "two sources, a topic": lambda sources: Filters(sources=tuple(sources[:2]),
                                                    topics=("sanctions", "kashmir")),
    "nothing": lambda sources: Filters(sources=("Nowhere",)),
}  # fmt: skip


@pytest.fixture(params=list(SYNTHETIC_FILTERS))
def synthetic_filters(request, synthetic) -> Filters:
    _, tables = synthetic
    sources = tables["articles"]["source"].value_counts().index.tolist()
    return SYNTHETIC_FILTERS[request.param](sources)


def test_actor_timeline_packs_the_first_titles_of_each_period(synthetic):
    engine, tables = synthetic
    top = queries.top_actors(engine, ALL, 1)["actor_id"].iloc[0]
    timeline = queries.actor_timeline(engine, ALL, (int(top),), "quarter")
    named = tables["article_actors"].loc[tables["article_actors"]["actor_id"] == top]
    dated = tables["articles"][tables["articles"]["id"].isin(named["article_id"])].dropna(
        subset=["date"]
    )
    dated = dated.assign(period=pd.to_datetime(dated["date"]).dt.to_period("Q").dt.start_time)
    assert timeline["articles"].sum() == len(dated)
    assert timeline["articles"].max() > queries.TIMELINE_TITLES, "the test needs a full period"
    for row in timeline.itertuples():
        in_period = dated[dated["period"] == row.period].sort_values(["date", "id"])
        expected = in_period["title"].head(queries.TIMELINE_TITLES).tolist()
        assert row.titles.split(queries.TITLE_SEPARATOR) == expected


def test_actor_rankings_match_the_raw_tables(synthetic, synthetic_filters):
    engine, tables = synthetic
    ids = _filtered_ids(tables, synthetic_filters)
    named = tables["article_actors"][tables["article_actors"]["article_id"].isin(ids)]
    expected = (
        named.groupby("actor_id")
        .agg(articles=("article_id", "size"), mentions=("mentions", "sum"))
        .join(tables["actors"].set_index("id")[["name", "type"]])
    )
    found = queries.top_actors(engine, synthetic_filters, None)
    assert len(found) == len(expected)
    for row in found.itertuples():
        assert (row.name, row.type, row.articles, row.mentions) == tuple(
            expected.loc[row.actor_id, ["name", "type", "articles", "mentions"]]
        )
    ranking = list(zip(-found["articles"], -found["mentions"], strict=True))
    assert ranking == sorted(ranking)
    people = queries.top_actors(engine, synthetic_filters, None, (), ("PERSON",))
    assert set(people["actor_id"]) == set(expected.index[expected["type"] == "PERSON"])
    chosen = tuple(expected.index[:5])
    assert set(queries.top_actors(engine, synthetic_filters, None, chosen)["actor_id"]) == set(
        chosen
    )
    summary = queries.corpus_summary(engine, synthetic_filters).iloc[0]
    quotes = tables["quotes"]
    assert (summary["articles"], summary["actors"], summary["quotes"]) == (
        len(ids),
        named["actor_id"].nunique(),
        quotes["article_id"].isin(ids).sum(),
    )


def test_pairs_of_actors_match_the_raw_tables(synthetic, synthetic_filters):
    engine, tables = synthetic
    ids = _filtered_ids(tables, synthetic_filters)
    named = tables["article_actors"][tables["article_actors"]["article_id"].isin(ids)]
    leaders = tuple(named["actor_id"].value_counts().index[:8].tolist())
    if not leaders:
        assert queries.cooccurrence_edges(engine, synthetic_filters, (1, 2)).empty
        return
    chosen = named[named["actor_id"].isin(leaders)]
    pairs = chosen.merge(chosen, on="article_id")
    pairs = pairs[pairs["actor_id_x"] < pairs["actor_id_y"]]
    expected = pairs.groupby(["actor_id_x", "actor_id_y"]).size().to_dict()
    edges = queries.cooccurrence_edges(engine, synthetic_filters, leaders)
    assert {(e.source_id, e.target_id): e.articles for e in edges.itertuples()} == expected
    assert edges["articles"].is_monotonic_decreasing
    # Past 62 actors (the bits of one integer), pairs are counted by another query.
    many = tuple(named["actor_id"].value_counts().index[:70].tolist())
    chosen = named[named["actor_id"].isin(many)]
    pairs = chosen.merge(chosen, on="article_id")
    pairs = pairs[pairs["actor_id_x"] < pairs["actor_id_y"]]
    edges = queries.cooccurrence_edges(engine, synthetic_filters, many)
    assert {(e.source_id, e.target_id): e.articles for e in edges.itertuples()} == (
        pairs.groupby(["actor_id_x", "actor_id_y"]).size().to_dict()
    )

    own = named.loc[named["actor_id"] == leaders[0], "article_id"]
    others = named[named["article_id"].isin(own) & (named["actor_id"] != leaders[0])]
    shared = others["actor_id"].value_counts().to_dict()
    found = queries.co_mentioned_actors(engine, synthetic_filters, leaders[0], 10_000)
    assert dict(zip(found["actor_id"], found["articles"], strict=True)) == shared
    assert found["articles"].is_monotonic_decreasing


def test_topics_and_speakers_match_the_raw_tables(synthetic, synthetic_filters):
    engine, tables = synthetic
    ids = _filtered_ids(tables, synthetic_filters)
    tagged = tables["article_topics"][tables["article_topics"]["article_id"].isin(ids)]
    ranking = queries.top_topics(engine, synthetic_filters, None)
    assert dict(zip(ranking["topic_id"], ranking["articles"], strict=True)) == (
        tagged["topic_id"].value_counts().to_dict()
    )
    assert ranking["articles"].is_monotonic_decreasing
    quotes = tables["quotes"][tables["quotes"]["article_id"].isin(ids)]
    speakers = queries.quote_speakers(engine, synthetic_filters)
    assert dict(zip(speakers["speaker_id"], speakers["quotes"], strict=True)) == (
        quotes["speaker_id"].dropna().astype(int).value_counts().to_dict()
    )
    assert speakers["quotes"].is_monotonic_decreasing


def test_each_quote_carries_its_speakers_most_frequent_role(synthetic):
    engine, tables = synthetic
    roles = tables["roles"].assign(
        unseen=tables["roles"]["last_seen"].isna(),
        last=tables["roles"]["last_seen"].fillna(dt.date.min),
    )
    main = (
        roles.sort_values(
            ["actor_id", "count", "unseen", "last", "role"],
            ascending=[True, False, True, False, True],
        )
        .drop_duplicates("actor_id")
        .set_index("actor_id")["role"]
    )
    found = queries.quotes_frame(engine, ALL)
    assert len(found) == len(tables["quotes"])
    expected = found["speaker_id"].map(main)
    assert found["role"].fillna("").tolist() == expected.fillna("").tolist()
    assert found["role"].notna().sum() > len(found) / 2


# --- the Reader's picker: a bounded list, a title search, links to any article ------------


def _newest_first(articles: pd.DataFrame) -> list[int]:
    """Article ids newest first, undated last, ties by id downwards: the picker's order."""
    ordered = articles.assign(undated=articles["date"].isna()).sort_values(
        ["undated", "date", "id"], ascending=[True, False, False]
    )
    return ordered["id"].tolist()


@pytest.mark.parametrize("limit", [0, 1, 25, 1000])
def test_article_choices_are_the_newest_filtered_articles_up_to_the_limit(
    synthetic, synthetic_filters, limit
):
    engine, tables = synthetic
    ids = _filtered_ids(tables, synthetic_filters)
    kept = tables["articles"][tables["articles"]["id"].isin(ids)]
    found = queries.article_choices(engine, synthetic_filters, "", limit)
    assert list(found.columns) == ["article_id", "title", "date", "source"]
    assert found["article_id"].tolist() == _newest_first(kept)[:limit]


def test_a_title_search_finds_an_article_far_beyond_the_newest(synthetic):
    engine, tables = synthetic
    articles = tables["articles"]
    order = _newest_first(articles[articles["date"].notna()])
    # SQLite folds the case of ASCII letters only, so the oldest ASCII title is searched.
    ascii_titles = articles.set_index("id")["title"].map(str.isascii)
    oldest = next(i for i in reversed(order) if ascii_titles[i])
    assert order.index(oldest) >= 300  # far outside a list of the newest
    title = articles.set_index("id").loc[oldest, "title"]
    found = queries.article_choices(engine, ALL, f"  {title.upper()} ", 10)
    assert oldest in found["article_id"].tolist()
    assert all(title.lower() in t.lower() for t in found["title"])
    elsewhere = articles.loc[articles["source"] != articles.set_index("id").loc[oldest, "source"]]
    other_source = Filters(sources=(elsewhere["source"].iloc[0],))
    assert oldest not in queries.article_choices(engine, other_source, title, 10)["article_id"]


def test_article_labels_name_any_stored_article_and_skip_the_rest(synthetic):
    engine, tables = synthetic
    articles = tables["articles"].set_index("id")
    oldest = _newest_first(tables["articles"])[-1]
    asked = [oldest, -1, 0, 10**9, 2**64, oldest]  # unknown and unbindable ids are left out
    found = queries.article_labels(engine, asked)
    assert found["article_id"].tolist() == [oldest]
    assert found.iloc[0]["title"] == articles.loc[oldest, "title"]
    assert queries.article_labels(engine, ()).empty


def test_a_negative_limit_is_refused(engine):
    with pytest.raises(UnsupportedQuery, match="cannot hold -1"):
        queries.article_choices(engine, ALL, "", -1)


WILDCARD_TITLES = [
    "Tariffs rise 25% on steel",
    "Tariffs rise 250 on steel",
    "Quota at 2_5 tonnes",
    "Quota at 2x5 tonnes",
    "Path a\\b agreed",
    "Path ab agreed",
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def wildcard_engine(request, tmp_path_factory):
    """A database whose titles hold LIKE's special characters, and near misses of them."""
    from conftest import empty_database
    from corpus import TOPICS, make_analysis

    from analysis.store import open_engine, store_analyses

    urls = empty_database(request.param, tmp_path_factory.mktemp("wildcards"))
    engine = open_engine(next(urls))
    day = dt.date(2021, 5, 1)
    store_analyses(
        engine,
        [make_analysis([f"{title}."], day, "Wire") for title in WILDCARD_TITLES],
        TOPICS,
    )
    yield engine
    engine.dispose()
    urls.close()


@pytest.mark.parametrize(
    "search, expected",
    [
        ("25%", {"Tariffs rise 25% on steel"}),
        ("%", {"Tariffs rise 25% on steel"}),
        ("2_5", {"Quota at 2_5 tonnes"}),
        ("_", {"Quota at 2_5 tonnes"}),
        ("a\\b", {"Path a\\b agreed"}),
        ("%tonnes", set()),
        ("tariffs RISE 25", {"Tariffs rise 25% on steel", "Tariffs rise 250 on steel"}),
        ("  ", set(WILDCARD_TITLES)),
    ],
)
def test_like_wildcards_in_a_title_search_stand_for_themselves(wildcard_engine, search, expected):
    found = queries.article_choices(wildcard_engine, ALL, search, 50)
    assert {t.rstrip(".") for t in found["title"]} == expected


@pytest.mark.parametrize(
    "speakers, kinds, search, filters, expected",
    [
        ((), (), "", ALL, 4),
        (("Shah Mehmood Qureshi",), (), "", ALL, 2),
        ((), ("indirect",), "", ALL, 1),
        ((), (), "RESOLVE", ALL, 1),
        ((), (), "pompeo", ALL, 1),  # the speaker's name is searched too
        ((), (), "100%", ALL, 0),
        ((), (), "", FROM_FEBRUARY, 2),
        ((), (), "", KASHMIR, 2),
    ],
)
def test_quote_count_and_pages_follow_every_filter(
    engine, ids, speakers, kinds, search, filters, expected
):
    speaker_ids = tuple(ids[s] for s in speakers)
    question = (filters, speaker_ids, kinds, search)
    assert queries.quote_count(engine, *question).iloc[0]["quotes"] == expected
    full = queries.quotes_frame(engine, *question)
    first, second = (queries.quotes_page(engine, *question, page, 3) for page in (1, 2))
    assert len(first) == min(3, expected) and len(second) == max(0, expected - 3)
    pd.testing.assert_frame_equal(first, full.head(3))
    if expected > 3:
        pd.testing.assert_frame_equal(pd.concat([first, second], ignore_index=True), full)


def test_a_searched_page_holds_only_quotes_with_the_words(engine):
    found = queries.quotes_page(engine, ALL, search="pompeo", page_size=10)
    assert found["speaker"].tolist() == ["Mike Pompeo"]
    found = queries.quotes_page(engine, ALL, search="RESOLVE", page_size=10)
    assert len(found) == 1 and "resolve" in found.iloc[0]["text"].lower()


@pytest.mark.parametrize("page, page_size", [(0, 25), (-1, 25), (1, 0)])
def test_a_page_that_cannot_exist_is_refused(engine, page, page_size):
    with pytest.raises(UnsupportedQuery):
        queries.quotes_page(engine, ALL, page=page, page_size=page_size)


@pytest.mark.parametrize("search", ["", "SETTLEMENT"])
def test_quote_pages_add_up_to_the_full_list(synthetic, synthetic_filters, search):
    engine, tables = synthetic
    ids = _filtered_ids(tables, synthetic_filters)
    raw = tables["quotes"][tables["quotes"]["article_id"].isin(ids)]
    if search:
        raw = raw[raw["text"].str.lower().str.contains(search.lower(), regex=False)]
    full = queries.quotes_frame(engine, synthetic_filters, (), (), search)
    count = queries.quote_count(engine, synthetic_filters, (), (), search).iloc[0]["quotes"]
    assert count == len(full) == len(raw)
    assert set(full["quote_id"]) == set(raw["id"])
    size = 97
    pages = [
        queries.quotes_page(engine, synthetic_filters, (), (), search, page, size)
        for page in range(1, count // size + 3)  # one page past the last
    ]
    assert [len(p) for p in pages[:-1]] == [
        min(size, count - i * size) for i in range(len(pages) - 1)
    ]
    assert pages[-1].empty and list(pages[-1].columns) == queries.QUOTE_COLUMNS
    if count:
        pd.testing.assert_frame_equal(pd.concat(pages[:-1], ignore_index=True), full)
    newest = queries.quotes_frame(engine, synthetic_filters, (), (), search, None, size)
    pd.testing.assert_frame_equal(newest, full.head(size))


def test_quote_count_and_pages_follow_speakers_and_kinds(synthetic):
    engine, tables = synthetic
    quotes = tables["quotes"]
    speakers = tuple(int(s) for s in quotes["speaker_id"].dropna().value_counts().index[:3])
    chosen = quotes[quotes["speaker_id"].isin(speakers) & (quotes["kind"] == "direct")]
    question = (ALL, speakers, ("direct",), "")
    assert queries.quote_count(engine, *question).iloc[0]["quotes"] == len(chosen) > 0
    first = queries.quotes_page(engine, *question, 1, 10)
    assert set(first["speaker_id"]) <= set(speakers) and set(first["kind"]) == {"direct"}
    pd.testing.assert_frame_equal(first, queries.quotes_frame(engine, *question).head(10))


def _cut_filters(engine) -> list[Filters]:
    """Date ranges starting and ending on the first, the last and a middle day of months,
    within one month and across several, with and without a source."""
    bounds = queries.date_bounds(engine).iloc[0]
    first, last = bounds["first_date"], bounds["last_date"]
    middle = first + (last - first) / 2
    source = queries.source_options(engine)["source"].iloc[0]
    month = middle.replace(day=1)
    month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
    ranges = [
        (None, None),
        (first + dt.timedelta(days=3), None),
        (None, middle),
        (month, month_end),  # one whole month
        (month + dt.timedelta(days=2), month_end - dt.timedelta(days=2)),  # inside one month
        (month, last),
        (first + dt.timedelta(days=9), middle + dt.timedelta(days=40)),
        (middle, middle),
    ]
    return [
        Filters(start=start, end=end, sources=sources)
        for start, end in ranges
        for sources in ((), (source,))
    ]


def test_the_monthly_counts_answer_as_the_rows_do(demo_database_url, monkeypatch):
    """Rankings and timelines read whole months from the monthly counts and the ends of
    the range from the rows: the same answers as counting every row."""
    from analysis.store import open_engine

    engine = open_engine(demo_database_url)
    top = tuple(queries.top_actors(engine, ALL, 6)["actor_id"])
    themes = tuple(queries.top_topics(engine, ALL, 4)["topic_id"])
    sources = tuple(queries.source_options(engine)["source"].head(3))
    questions = []
    for filters in _cut_filters(engine):
        questions += [
            (queries.top_actors, (filters, None)),
            (queries.top_actors, (filters, 5, (), ("PERSON",))),
            (queries.top_topics, (filters, None)),
            (queries.actor_timeline, (filters, top, "month")),
            (queries.actor_timeline, (filters, top, "quarter")),
            (queries.topic_share, (filters, themes, "month")),
            (queries.topic_share, (filters, themes, "quarter")),
            (queries.topic_source_matrix, (filters, themes, sources)),
        ]
    monthly = [query(engine, *args) for query, args in questions]
    # Every row counted, over the whole date range.
    every_row = queries._Split(False, None, None, ((None, None),), False)
    monkeypatch.setattr(
        queries,
        "_split",
        lambda filters, freq: replace(every_row, days=((filters.start, filters.end),)),
    )
    for (query, args), answer in zip(questions, monthly, strict=True):
        pd.testing.assert_frame_equal(answer, query(engine, *args), obj=f"{query.__name__}{args}")
    assert any(len(answer) for answer in monthly)
    engine.dispose()


@pytest.mark.parametrize("candidates", [1, 3, 64])
def test_a_short_ranking_is_the_head_of_the_full_one(demo_database_url, monkeypatch, candidates):
    """A short ranking counts the actors most named of all time first, looking at more
    until none left out can catch up: the same answer as ranking every actor."""
    from analysis.store import open_engine

    monkeypatch.setattr(queries, "_RANKING_CANDIDATES", candidates)
    engine = open_engine(demo_database_url)
    people = tuple(queries.top_actors(engine, ALL, 12, types=("PERSON",))["actor_id"])
    for filters in _cut_filters(engine):
        for limit in (1, 2, 5, 10):
            for kwargs in ({}, {"types": ("PERSON",)}, {"actor_ids": people[::2]}):
                full = queries.top_actors(engine, filters, None, **kwargs)
                short = queries.top_actors(engine, filters, limit, **kwargs)
                pd.testing.assert_frame_equal(short, full.head(limit), obj=f"{filters} {kwargs}")
    assert queries.top_actors(engine, Filters(start=dt.date(2020, 1, 1)), 0).empty
    engine.dispose()


def test_all_time_rankings_count_the_rows_of_their_sources(demo_database_url):
    import sqlalchemy as sa

    from analysis import store

    engine = store.open_engine(demo_database_url)
    sources = tuple(queries.source_options(engine)["source"].head(2))
    aa, a = store.article_actors, store.articles
    for chosen in ((), sources[:1], sources):
        counted = (
            sa.select(aa.c.actor_id, sa.func.count(), sa.func.sum(aa.c.mentions))
            .join(a, a.c.id == aa.c.article_id)
            .group_by(aa.c.actor_id)
        )
        if chosen:
            counted = counted.where(a.c.source.in_(chosen))
        with engine.connect() as conn:
            expected = {row[0]: (row[1], row[2]) for row in conn.execute(counted)}
        ranking = queries.top_actors(engine, Filters(sources=chosen), None)
        got = dict(
            zip(
                ranking["actor_id"],
                zip(ranking["articles"], ranking["mentions"], strict=True),
                strict=True,
            )
        )
        hidden = set(queries.actor_options(engine)["actor_id"]) ^ set(expected)
        assert got == {k: v for k, v in expected.items() if k not in hidden} and got
    engine.dispose()


def test_the_newest_topic_sentences_are_the_head_of_them_all(demo_database_url):
    from analysis.store import open_engine

    engine = open_engine(demo_database_url)
    themes = queries.top_topics(engine, ALL, 3)["topic_id"]
    for filters in _cut_filters(engine):
        for topic_id in themes:
            every = queries.topic_sentences(engine, filters, topic_id, 10**6)
            for limit in (1, 5, 40):
                pd.testing.assert_frame_equal(
                    queries.topic_sentences(engine, filters, topic_id, limit),
                    every.head(limit),
                )
    engine.dispose()
