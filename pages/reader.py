"""Reader: one article with its actors and quotes highlighted."""

import streamlit as st

from analysis import queries
from analysis.display import escape_markdown, highlighted_html, quote_display, safe_url
from chancery_ui import cards, data, widgets
from chancery_ui.filters import adopt_url_param, current_filters, publish_url_param

#: Most articles the picker lists: the newest of the filtered ones, or of those whose
#: title contains the words searched for. Any other is found by its title or by link.
LISTED = 200


def linked_ids() -> list[int]:
    """The article ids a shared link asks for (``?article=N``)."""
    ids = []
    for text in st.query_params.get_all("article"):
        try:
            ids.append(int(text))
        except ValueError:
            continue
    return ids


st.title("Reader")
widgets.require_articles()
filters = current_filters()

pick_column, search_column = st.columns([3, 2], vertical_alignment="bottom")
with search_column:
    search = st.text_input(
        "Find by title",
        key="reader_search",
        placeholder="Words of a title, among the filtered articles",
    ).strip()
# One more than listed, to tell whether some are left out.
listed = data.frame(queries.article_choices, filters, search, LISTED + 1)
missed = bool(search) and listed.empty
if missed:
    listed = data.frame(queries.article_choices, filters, "", LISTED + 1)
cut = len(listed) > LISTED
ids = listed["article_id"].tolist()[:LISTED]

# An article asked for by link, or chosen before the list changed, stays readable
# whatever the filters and the search: its label is looked up on its own.
current = st.session_state.get("reader_article")
others = {*linked_ids(), *([current] if isinstance(current, int) else [])} - set(ids)
extra = data.frame(queries.article_labels, tuple(sorted(others)))
labels = {
    row.article_id: f"{widgets.day(row.date)} · {row.title} · {row.source}"
    for rows in (listed.head(LISTED), extra)
    for row in rows.itertuples()
}
if search and not missed and search != st.session_state.get("reader_searched"):
    st.session_state["reader_article"] = ids[0]  # a new search opens its newest match
st.session_state["reader_searched"] = search
adopt_url_param("article", "reader_article", int, labels, many=False)
wanted = st.session_state.get("reader_article")
if wanted in labels and wanted not in ids:
    ids.insert(0, wanted)
if not ids:
    st.info("No article matches the filters in the sidebar.")
    st.stop()
with pick_column:
    article_id = st.selectbox(
        "Article",
        ids,
        format_func=labels.get,
        key="reader_article",
        placeholder="Type words of a title…",
    )
publish_url_param("article", [article_id])
if missed:
    st.caption(escape_markdown(f"No title of the filtered articles contains “{search}”."))
elif cut:
    which = f"titles containing “{search}”" if search else "filtered articles"
    st.caption(
        escape_markdown(f"The {LISTED} newest {which} are listed; search titles for others.")
    )

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
        st.markdown(f"> {escape_markdown(quote_display(row.text))}")
        st.caption(escape_markdown(f"{speaker} · {cards.KIND_LABELS.get(row.kind, row.kind)}"))
