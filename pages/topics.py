"""Topics: how much of the coverage each topic takes, the themes emerging in a period,
and the analyst's own edits of the taxonomy."""

import streamlit as st

from analysis import charts, queries
from analysis.display import escape_markdown
from analysis.queries import Filters
from chancery_ui import data, topic_editing, widgets
from chancery_ui.filters import current_filters


def trends_tab(filters: Filters) -> None:
    """Topic shares over time, by actor and by source, and the sentences behind one topic."""
    available = data.frame(queries.top_topics, filters, None)
    if available.empty:
        st.info("No article in the filtered period carries a topic of the taxonomy.")
        return
    labels = dict(zip(available["topic_id"], available["label"], strict=True))
    if "topics_shown" not in st.session_state:
        st.session_state["topics_shown"] = list(labels)[:5]
    else:
        st.session_state["topics_shown"] = [
            t for t in st.session_state["topics_shown"] if t in labels
        ]
    shown = st.multiselect(
        "Topics to compare",
        list(labels),
        format_func=lambda t: f"{labels[t]} ({available.set_index('topic_id').at[t, 'articles']})",
        key="topics_shown",
        placeholder="Choose topics…",
    )
    if not shown:
        st.info("Choose one or more topics to compare.")
        return
    topic_ids = tuple(shown)

    controls = st.columns([2, 3])
    with controls[0]:
        freq = widgets.period_control("topics_period", default=widgets.default_period())
    with controls[1]:
        measure = st.radio(
            "Measure",
            ["share", "articles"],
            format_func={"share": "Share of articles", "articles": "Article counts"}.get,
            horizontal=True,
            key="topics_measure",
        )
    share = data.frame(queries.topic_share, filters, topic_ids, freq)
    widgets.show_figure(charts.topic_share_figure(share, measure, freq), key="topics_share_chart")

    actor_ids = tuple(data.frame(queries.top_actors, filters, 10)["actor_id"])
    matrix = data.frame(queries.topic_actor_matrix, filters, topic_ids, actor_ids)
    widgets.show_figure(charts.topic_actor_figure(matrix), key="topics_actor_chart")
    sources = tuple(data.frame(queries.top_sources, filters, 10)["source"])
    matrix = data.frame(queries.topic_source_matrix, filters, topic_ids, sources)
    widgets.show_figure(charts.topic_source_figure(matrix), key="topics_source_chart")

    st.subheader("Sentences behind a topic")
    drill = st.selectbox("Topic", list(labels), format_func=labels.get, key="topics_drill")
    found = data.frame(queries.topic_sentences, filters, drill, 40)
    st.caption(f"{len(found)} sentence(s), newest first (at most 40).")
    for row in found.itertuples():
        with st.container(border=True):
            st.markdown(escape_markdown(row.text.strip()))
            st.caption(escape_markdown(f"{widgets.day(row.date)} · {row.source} · {row.title}"))


st.title("Topics")
widgets.require_articles()
filters = current_filters()
trends, discover, edit = st.tabs(["Trends", "Discover", "Edit taxonomy"])
with trends:
    trends_tab(filters)
with discover:
    topic_editing.discover_tab(filters)
with edit:
    topic_editing.edit_tab()
