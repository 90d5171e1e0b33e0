"""Figures built from the small synthetic corpus; assertions on ``fig.to_dict()["data"]``."""

import datetime as dt

import pandas as pd
import pytest
from corpus import build_small_corpus

from analysis import charts, queries
from analysis.queries import Filters

ALL = Filters()


@pytest.fixture(scope="module")
def engine(module_database_url):
    engine = build_small_corpus(module_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def ids(engine) -> dict[str, int]:
    actors = queries.actor_options(engine)
    return dict(zip(actors["name"], actors["actor_id"], strict=True))


def data_of(fig):
    return fig.to_dict()["data"]


def titles_of(fig) -> tuple[str, str, str]:
    layout = fig.to_dict()["layout"]
    return (
        layout["title"]["text"],
        layout["xaxis"].get("title", {}).get("text", ""),
        layout["yaxis"].get("title", {}).get("text", ""),
    )


@pytest.mark.parametrize("actor_id", [0, 1, 7, 19, 20, 12345])
def test_actor_colour_is_a_stable_palette_colour(actor_id):
    assert charts.actor_colour(actor_id) == charts.actor_colour(actor_id)
    assert charts.actor_colour(actor_id) in charts.ACTOR_PALETTE
    assert charts.actor_colour(actor_id) != charts.actor_colour(actor_id + 1)


@pytest.mark.parametrize(
    "filters, expected",
    [(ALL, [2, 1, 1]), (Filters(sources=("Reuters",)), [1, 1])],
)
def test_volume_figure_plots_the_counts(engine, filters, expected):
    fig = charts.volume_figure(queries.article_volume(engine, filters, "month"), "month")
    (bars,) = data_of(fig)
    assert bars["type"] == "bar" and list(bars["y"]) == expected
    assert titles_of(fig) == ("Articles per month", "Month", "Articles")


@pytest.mark.parametrize("measure", ["articles", "mentions", "share"])
def test_actor_timeline_figure_fills_gaps_and_uses_the_actor_colour(engine, ids, measure):
    chosen = (ids["Shah Mehmood Qureshi"], ids["Mike Pompeo"])
    timeline = queries.actor_timeline(engine, ALL, chosen, "month")
    met = queries.actor_interactions(engine, ALL, chosen, "month")
    fig = charts.actor_timeline_figure(timeline, met, measure, "month")
    lines = {t["name"]: t for t in data_of(fig) if t["mode"] == "lines+markers"}
    qureshi = lines["Shah Mehmood Qureshi"]
    expected = {"articles": [2, 0, 1], "mentions": [3, 0, 2], "share": [1.0, 0.0, 1.0]}[measure]
    assert list(qureshi["y"]) == expected  # February, without Qureshi, is a zero
    assert qureshi["line"]["color"] == charts.actor_colour(ids["Shah Mehmood Qureshi"])
    (markers,) = [t for t in data_of(fig) if t["name"] == "Meetings, calls, visits"]
    assert list(markers["marker"]["symbol"]) == ["diamond"]
    assert "Mike Pompeo" in markers["hovertext"][0] and "Meeting" in markers["hovertext"][0]
    assert titles_of(fig)[2] == charts.MEASURE_TITLES[measure]


def test_encounters_of_one_actor_and_period_share_one_marker():
    timeline = pd.DataFrame(
        {
            "actor_id": [1, 1], "name": ["Ada", "Ada"],
            "period": [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")],
            "articles": [3, 1], "mentions": [4, 1], "total_articles": [5, 5],
            "share": [0.6, 0.2], "titles": ["A", "B"],
        }
    )  # fmt: skip
    met = ENCOUNTERS.assign(
        period=[pd.Timestamp("2020-01-01")] * 3 + [pd.Timestamp("2020-02-01")],
        place=[None, None, "Rome", None],
        title=["t"] * 4,
    ).iloc[::-1]  # newest first, as the query returns them
    fig = charts.actor_timeline_figure(timeline, met, "articles", "month")
    (markers,) = [t for t in data_of(fig) if t["name"] == "Meetings, calls, visits"]
    assert list(markers["y"]) == [3, 1]
    # January: two meetings and a call, the meeting's symbol; February: one visit.
    assert list(markers["marker"]["symbol"]) == ["diamond", "triangle-up"]
    january, february = markers["hovertext"]
    assert "3 encounters" in january and "meeting ×2, call ×1" in january
    assert january.index("Ada met Cy.") < january.index("Ada met Bo.")  # newest first
    assert "encounters" not in february and "Cy visited Ada." in february


def test_timeline_hover_lists_the_titles_escaped():
    timeline = pd.DataFrame(
        {
            "actor_id": [1], "name": ["<b>Evil</b>"], "period": [pd.Timestamp("2020-01-01")],
            "articles": [1], "mentions": [1], "total_articles": [1], "share": [1.0],
            "titles": ["<img src=x onerror=alert(1)>" + queries.TITLE_SEPARATOR + "Second"],
        }
    )  # fmt: skip
    (line,) = data_of(charts.actor_timeline_figure(timeline))
    assert line["name"] == "&lt;b&gt;Evil&lt;/b&gt;"
    hover = line["hovertext"][0]
    assert "<img" not in hover and "&lt;img src=x" in hover and "• Second" in hover


def test_an_unknown_measure_is_refused(engine):
    with pytest.raises(ValueError, match="unknown measure"):
        charts.actor_timeline_figure(queries.actor_timeline(engine, ALL, ()), measure="volume")


def test_ranking_figures(engine, ids):
    fig = charts.top_actors_figure(queries.top_actors(engine, ALL, 3))
    (bars,) = data_of(fig)
    assert list(bars["y"]) == ["Shah Mehmood Qureshi", "Mike Pompeo", "India"]
    assert list(bars["x"]) == [3, 2, 2]
    assert bars["marker"]["color"][0] == charts.actor_colour(ids["Shah Mehmood Qureshi"])
    (topic_bars,) = data_of(charts.top_topics_figure(queries.top_topics(engine, ALL)))
    assert sorted(topic_bars["y"]) == ["Kashmir", "Sanctions"]


def test_cooccurrence_figure_draws_edges_between_the_nodes(engine, ids):
    nodes = queries.top_actors(engine, ALL, None)
    edges = queries.cooccurrence_edges(engine, ALL, tuple(nodes["actor_id"]))
    fig = charts.cooccurrence_figure(nodes, edges, (ids["Iran"],))
    traces = data_of(fig)
    node_trace = traces[-1]
    assert node_trace["text"][0] == "Shah Mehmood Qureshi"  # the most named sits on top
    assert len(node_trace["x"]) == len(nodes)
    segments = sum(t["x"].count(None) for t in traces if t["mode"] == "lines")
    assert segments == len(edges)
    iran = list(node_trace["text"]).index("Iran")
    assert node_trace["marker"]["line"]["color"][iran] == "#111"
    assert node_trace["marker"]["color"][iran] == charts.actor_colour(ids["Iran"])


def test_topic_share_figure(engine):
    share = queries.topic_share(engine, ALL, ("kashmir", "sanctions"), "month")
    fig = charts.topic_share_figure(share, "share", "month")
    lines = {t["name"]: list(t["y"]) for t in data_of(fig)}
    assert lines == {"Kashmir": [1.0, 0.0], "Sanctions": [0.5, 1.0]}  # February filled with 0
    counts = {
        t["name"]: list(t["y"]) for t in data_of(charts.topic_share_figure(share, "articles"))
    }
    assert counts == {"Kashmir": [2, 0], "Sanctions": [1, 1]}


def test_heatmaps(engine, ids):
    matrix = queries.topic_actor_matrix(
        engine, ALL, ("kashmir", "sanctions"), (ids["India"], ids["Mike Pompeo"])
    )
    (heat,) = data_of(charts.topic_actor_figure(matrix))
    assert list(heat["y"]) == ["Kashmir", "Sanctions"] and list(heat["x"]) == [
        "India",
        "Mike Pompeo",
    ]
    assert [list(row) for row in heat["z"]] == [[2, 0], [1, 1]]
    by_source = queries.topic_source_matrix(engine, ALL, ("kashmir",), ("Dawn", "Reuters"))
    (heat,) = data_of(charts.topic_source_figure(by_source))
    assert list(heat["x"]) == ["Dawn", "Reuters"] and [list(r) for r in heat["z"]] == [[1, 1]]


@pytest.mark.parametrize(
    "make",
    [
        lambda e: charts.volume_figure(queries.article_volume(e, Filters(sources=("x",)))),
        lambda e: charts.actor_timeline_figure(queries.actor_timeline(e, ALL, ())),
        lambda e: charts.top_actors_figure(queries.top_actors(e, Filters(sources=("x",)))),
        lambda e: charts.topic_share_figure(queries.topic_share(e, ALL, ())),
        lambda e: charts.topic_actor_figure(queries.topic_actor_matrix(e, ALL, (), ())),
        lambda e: charts.cooccurrence_figure(
            queries.top_actors(e, Filters(sources=("x",))), queries.cooccurrence_edges(e, ALL, ())
        ),
    ],
)
def test_empty_frames_give_a_titled_figure_that_says_so(engine, make):
    fig = make(engine)
    assert titles_of(fig)[0]
    notes = [a["text"] for a in fig.to_dict()["layout"].get("annotations", [])]
    assert notes == ["Nothing to show for these filters"]


def test_figures_do_not_change_their_input(engine, ids):
    timeline = queries.actor_timeline(engine, ALL, (ids["Pakistan"],), "day")
    before = timeline.copy()
    charts.actor_timeline_figure(timeline, None, "share", "day")
    pd.testing.assert_frame_equal(timeline, before)
    assert dt.date(2020, 1, 6) == timeline["period"].iloc[0].date()


def test_timeline_hover_counts_the_articles_beyond_the_titles_shown():
    timeline = pd.DataFrame(
        {
            "actor_id": [1], "name": ["Envoy"], "period": [pd.Timestamp("2020-01-01")],
            "articles": [40], "mentions": [90], "total_articles": [60], "share": [40 / 60],
            "titles": [queries.TITLE_SEPARATOR.join(f"Title {i}" for i in range(6))],
        }
    )  # fmt: skip
    (line,) = data_of(charts.actor_timeline_figure(timeline))
    hover = line["hovertext"][0]
    assert "• Title 5" in hover and "… and 34 more" in hover


ENCOUNTERS = pd.DataFrame(
    {
        "a_id": [1, 2, 1, 3], "b_id": [2, 1, 3, 1],
        "a_name": ["Ada", "Bo", "Ada", "<b>Cy</b>"], "b_name": ["Bo", "Ada", "<b>Cy</b>", "Ada"],
        "type": ["meeting", "call", "meeting", "visit"],
        "date": [dt.date(2020, 1, d) for d in (1, 2, 3, 4)],
        "evidence": ["Ada met Bo.", "Bo called Ada.", "Ada met Cy.", "Cy visited Ada."],
    }
)  # fmt: skip


def test_encounter_pairs_count_each_pair_once_whatever_its_order():
    pairs = charts.encounter_pairs(ENCOUNTERS)
    # Ties in encounters go by the names ("<b>Cy</b>" sorts before "Bo").
    assert pairs[["source_id", "target_id", "articles"]].values.tolist() == [[1, 3, 2], [1, 2, 2]]
    assert pairs["kinds"].tolist() == ["meeting, visit", "meeting, call"]
    assert charts.encounter_evidence(ENCOUNTERS, 2, 1)["evidence"].tolist() == [
        "Ada met Bo.",
        "Bo called Ada.",
    ]
    assert charts.encounter_pairs(ENCOUNTERS.head(0)).empty


def test_the_encounter_network_keeps_the_actors_of_the_pairs_it_draws():
    pairs = charts.encounter_pairs(ENCOUNTERS)  # Ada–Cy (2), Ada–Bo (2)
    fig = charts.encounter_network_figure(pairs, max_edges=1)
    *lines, middles, nodes = data_of(fig)
    assert sum(x is None for line in lines for x in line["x"]) == 1 and len(middles["x"]) == 1
    assert sorted(nodes["text"]) == ["&lt;b&gt;Cy&lt;/b&gt;", "Ada"]  # not Bo
    assert "4 encounter(s)" in next(t for t in nodes["hovertext"] if "Ada" in t)


def test_encounter_network_draws_a_line_per_pair_and_escapes_names():
    fig = charts.encounter_network_figure(charts.encounter_pairs(ENCOUNTERS), selected=[1])
    *lines, middles, nodes = data_of(fig)
    assert sum(x is None for line in lines for x in line["x"]) == 2  # two pairs
    assert len(middles["x"]) == 2 and "2 encounter(s)" in middles["hovertext"][0]
    assert sorted(nodes["text"]) == ["&lt;b&gt;Cy&lt;/b&gt;", "Ada", "Bo"]
    assert "Who met whom" in fig.layout.title.text
