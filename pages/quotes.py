"""Quotes: who said what, filtered, with the paragraph around it and a CSV export."""

import streamlit as st

from analysis import queries
from analysis.exports import csv_bytes
from chancery_ui import cards, data, widgets
from chancery_ui.filters import current_filters

PAGE_SIZE = 25
EXPORTED = ["date", "speaker", "role", "text", "kind", "cue", "channel", "title", "source", "url"]

st.title("Quotes")
widgets.require_articles()
filters = current_filters()

speakers = data.frame(queries.quote_speakers, filters)
names = {row.speaker_id: f"{row.speaker} ({row.quotes})" for row in speakers.itertuples()}
if "quotes_speakers" in st.session_state:
    st.session_state["quotes_speakers"] = [
        s for s in st.session_state["quotes_speakers"] if s in names
    ]
columns = st.columns([3, 2, 3])
speaker_ids = columns[0].multiselect(
    "Speakers",
    list(names),
    format_func=names.get,
    key="quotes_speakers",
    placeholder="All speakers",
)
kinds = columns[1].multiselect(
    "Kind",
    list(cards.KIND_LABELS),
    format_func=cards.KIND_LABELS.get,
    key="quotes_kinds",
    placeholder="Direct and reported",
)
search = columns[2].text_input(
    "Search", key="quotes_search", placeholder="Words in the quote or the speaker's name"
)

found = data.frame(queries.quotes_frame, filters, tuple(speaker_ids), tuple(kinds), search)
summary, download = st.columns([4, 1])
summary.markdown(f"**{len(found):,} quote(s)** match the filters.")
download.download_button(
    "Download CSV",
    csv_bytes(found[EXPORTED]),
    file_name="chancery-quotes.csv",
    mime="text/csv",
    key="quotes_download",
    disabled=found.empty,
    icon=":material/download:",
)
if found.empty:
    st.info("No quote matches: clear the search or a filter.")
    st.stop()

pages = (len(found) - 1) // PAGE_SIZE + 1
page = 1
if pages > 1:
    page = st.number_input(f"Page (of {pages})", 1, pages, 1, key="quotes_page")
shown = found.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
context = data.frame(queries.quote_paragraphs, tuple(int(q) for q in shown["quote_id"]))
paragraphs = dict(zip(context["quote_id"], context["paragraph"], strict=True))
for row in shown.itertuples():
    cards.quote_card(row, paragraphs.get(row.quote_id))
