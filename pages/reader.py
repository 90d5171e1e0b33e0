"""Reader: one article with its actors and quotes highlighted."""

import streamlit as st

from analysis import queries
from analysis.display import escape_markdown, highlighted_html, safe_url
from chancery_ui import cards, data, widgets
from chancery_ui.filters import adopt_url_param, current_filters, publish_url_param

st.title("Reader")
widgets.require_articles()
filters = current_filters()

choices = data.frame(queries.article_options, filters)
everything = data.frame(queries.article_options, queries.Filters())
labels = {
    row.article_id: f"{widgets.day(row.date)} · {row.title} · {row.source}"
    for row in everything.itertuples()
}
adopt_url_param("article", "reader_article", int, labels, many=False)
ids = choices["article_id"].tolist()
wanted = st.session_state.get("reader_article")
if wanted in labels and wanted not in ids:
    ids.insert(0, wanted)  # an article asked for by link stays readable whatever the filters
if not ids:
    st.info("No article matches the filters in the sidebar.")
    st.stop()
article_id = st.selectbox(
    "Article",
    ids,
    format_func=labels.get,
    key="reader_article",
    placeholder="Type words of a title…",
)
publish_url_param("article", [article_id])

article = data.frame(queries.article_detail, article_id).iloc[0]
mentions = data.frame(queries.article_mentions, article_id)
said = data.frame(queries.quotes_frame, queries.Filters(), (), (), "", article_id)
st.header(escape_markdown(article["title"]))
link = safe_url(article["url"])
st.caption(
    escape_markdown(f"{widgets.day(article['date'])} · {article['source']} · {article['origin']}")
    + (f" · [original]({link})" if link else "")
)

text_column, side_column = st.columns([3, 2], gap="large")
with text_column:
    st.caption("Actors are underlined in their colour; quotes are marked in yellow.")
    highlights = cards.article_highlights(mentions, said)
    # Safe: highlighted_html escapes every piece of article text (tests/test_display.py).
    st.markdown(highlighted_html(article["text"], highlights), unsafe_allow_html=True)
with side_column:
    st.subheader("Topics")
    topic_list = data.frame(queries.article_topic_list, article_id)
    if topic_list.empty:
        st.caption("No topic of the taxonomy.")
    for row in topic_list.itertuples():
        st.markdown(escape_markdown(f"{row.label} ({row.sentences} sentence(s))"))
    st.subheader("Actors")
    cards.actor_links(data.frame(queries.article_actor_list, article_id))
    st.subheader("Quotes")
    if said.empty:
        st.caption("No quote found.")
    for row in said.itertuples():
        speaker = row.speaker if isinstance(row.speaker, str) else "Unattributed"
        st.markdown(f"> {escape_markdown(row.text)}")
        st.caption(escape_markdown(f"{speaker} · {cards.KIND_LABELS.get(row.kind, row.kind)}"))
