"""Actors: who is named when, whom they appear and meet with, and what they said."""

import streamlit as st

from analysis import charts, queries
from analysis.charts import MEASURE_TITLES
from analysis.curation import TYPE_LABELS
from chancery_ui import actor_editing, cards, data, widgets
from chancery_ui.filters import adopt_url_param, current_filters, publish_url_param

st.title("Actors")
widgets.require_articles()
filters = current_filters()

options = data.frame(queries.actor_options)
labels = {
    row.actor_id: f"{row.name} · {TYPE_LABELS.get(row.type, row.type)} · {row.articles} article(s)"
    for row in options.itertuples()
}
actor_editing.keep_known("actors_selected", labels)
adopt_url_param("actor", "actors_selected", int, labels)
if "actors_selected" not in st.session_state:
    st.session_state["actors_selected"] = data.frame(queries.top_actors, filters, 5)[
        "actor_id"
    ].tolist()
selected = st.multiselect(
    "Actors to follow",
    list(labels),
    format_func=labels.get,
    key="actors_selected",
    placeholder="Type a name to add an actor…",
    help="By default the five actors named in most articles of the filtered period.",
)
publish_url_param("actor", selected)
if not selected:
    st.info("Choose one or more actors to follow.")
    st.stop()
ids = tuple(selected)

controls = st.columns([2, 3])
with controls[0]:
    freq = widgets.period_control("actors_period", default=widgets.default_period())
with controls[1]:
    measure = st.radio(
        "Measure",
        list(MEASURE_TITLES),
        format_func=MEASURE_TITLES.get,
        horizontal=True,
        key="actors_measure",
    )
timeline = data.frame(queries.actor_timeline, filters, ids, freq)
met = data.frame(queries.actor_interactions, filters, ids, freq)
widgets.show_figure(
    charts.actor_timeline_figure(timeline, met, measure, freq), key="actors_timeline_chart"
)
st.caption(
    "Markers on the lines are meetings, calls, talks and visits found in the articles; "
    "hover over a point to see the articles behind it."
)

profile_column, network_column = st.columns([2, 3], gap="large")
with profile_column:
    st.subheader("Profile")
    actor_editing.keep_known("actors_profile", ids)
    chosen = st.selectbox(
        "Actor", ids, format_func=lambda a: labels[a].split(" · ")[0], key="actors_profile"
    )
    cards.actor_profile(chosen, filters)
    actor = options.set_index("actor_id").loc[chosen]
    actor_editing.actor_editor(chosen, actor["name"], actor["type"], labels)
with network_column:
    st.subheader("Named together")
    size = st.slider("Actors in the network", 5, 40, 16, key="actors_network_size")
    nodes = data.frame(queries.network_actors, filters, size, ids)
    edges = data.frame(queries.cooccurrence_edges, filters, tuple(nodes["actor_id"]))
    widgets.show_figure(charts.cooccurrence_figure(nodes, edges, ids), key="actors_network_chart")

st.subheader("Who met whom")
if met.empty:
    st.caption("No meeting, call or visit of these actors was found in the filtered articles.")
else:
    pairs = charts.encounter_pairs(met)
    graph_column, evidence_column = st.columns([3, 2], gap="large")
    with graph_column:
        widgets.show_figure(
            charts.encounter_network_figure(pairs, ids), key="actors_encounter_network_chart"
        )
    with evidence_column:
        pair_labels = {
            (row.source_id, row.target_id): (
                f"{row.source_name} – {row.target_name} · {row.articles} ({row.kinds})"
            )
            for row in pairs.itertuples()
        }
        pair = st.selectbox(
            "Evidence for",
            list(pair_labels),
            format_func=pair_labels.get,
            key="actors_encounter_pair",
            help="Each line of the network: the sentences that say the two met, called or "
            "visited, newest first.",
        )
        if pair is not None:
            for row in charts.encounter_evidence(met, *pair).head(20).itertuples():
                cards.evidence(row)
    st.dataframe(
        met[["date", "type", "a_name", "b_name", "place", "evidence", "title"]],
        column_config={
            "date": "Date",
            "type": "Kind",
            "a_name": "Actor",
            "b_name": "With",
            "place": "Place",
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "title": "Article",
        },
        hide_index=True,
        width="stretch",
        key="actors_interactions_table",
    )
