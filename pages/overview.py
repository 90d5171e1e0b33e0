"""Overview: the filtered corpus at a glance."""

import streamlit as st

from analysis import charts, queries
from analysis.display import escape_markdown
from chancery_ui import data, widgets
from chancery_ui.filters import current_filters

st.title("Overview")
widgets.require_articles()
filters = current_filters()

summary = data.frame(queries.corpus_summary, filters).iloc[0]
columns = st.columns([1, 1, 1, 1, 2])
columns[0].metric("Articles", f"{summary['articles']:,}")
columns[1].metric("Sources", f"{summary['sources']:,}")
columns[2].metric("Actors", f"{summary['actors']:,}")
columns[3].metric("Quotes", f"{summary['quotes']:,}")
columns[4].metric(
    "Date span",
    widgets.span(summary["first_date"], summary["last_date"]),
    help=f"{widgets.day(summary['first_date'])} to {widgets.day(summary['last_date'])}",
)
if summary["articles"] == 0:
    st.info(
        "No article matches the filters in the sidebar: widen the date range or clear a filter."
    )
    st.stop()

freq = widgets.period_control("overview_period", default="month")
volume = data.frame(queries.article_volume, filters, freq)
widgets.show_figure(charts.volume_figure(volume, freq), key="overview_volume_chart")

left, right = st.columns(2)
with left:
    ranking = data.frame(queries.top_actors, filters, 10)
    widgets.show_figure(charts.top_actors_figure(ranking), key="overview_actors_chart")
with right:
    leading = data.frame(queries.top_topics, filters, 10)
    widgets.show_figure(charts.top_topics_figure(leading), key="overview_topics_chart")

st.subheader("Latest articles")
for row in data.frame(queries.latest_articles, filters, 10).itertuples():
    st.page_link(
        "pages/reader.py",
        label=f"{widgets.day(row.date)} · {escape_markdown(row.title)} · "
        f"{escape_markdown(row.source)}",
        icon=":material/article:",
        query_params={"article": str(row.article_id)},
    )
