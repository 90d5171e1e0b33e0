"""Quotes: who said what, filtered, with the paragraph around it and a CSV export.

The database counts the matching quotes and hands over one page of them; the CSV is
built only when the reader clicks the download button.
"""

from functools import partial

import streamlit as st
from sqlalchemy.engine import Engine

from analysis import queries
from analysis.exports import csv_bytes
from chancery_ui import cards, data, widgets
from chancery_ui.filters import current_filters

PAGE_SIZES = [25, 50, 100]
EXPORTED = ["date", "speaker", "role", "text", "kind", "cue", "channel", "title", "source", "url"]
#: The CSV holds at most this many quotes (the newest): more would take the server
#: seconds and hundreds of megabytes to build, for a file no spreadsheet opens whole.
EXPORT_LIMIT = 50_000


def turn_page(step: int, pages: int) -> None:
    """Move the page selector ``step`` pages on, staying within 1..``pages``."""
    page = st.session_state.get("quotes_page", 1) + step
    st.session_state["quotes_page"] = max(1, min(pages, page))


def page_buttons(page: int, pages: int, where: str) -> None:
    """Previous and next buttons, keyed by ``where`` (the page has a pair above and below)."""
    previous, _, following = st.columns([1, 4, 1])
    previous.button(
        "Previous",
        key=f"quotes_previous_{where}",
        on_click=turn_page,
        args=(-1, pages),
        disabled=page <= 1,
        icon=":material/chevron_left:",
        width="stretch",
    )
    following.button(
        "Next",
        key=f"quotes_next_{where}",
        on_click=turn_page,
        args=(1, pages),
        disabled=page >= pages,
        icon=":material/chevron_right:",
        icon_position="right",
        width="stretch",
    )


def export_csv(engine: Engine, question: tuple) -> bytes:
    """The newest :data:`EXPORT_LIMIT` quotes answering ``question`` (the arguments of
    :func:`analysis.queries.quotes_frame` after the engine) as CSV."""
    found = queries.quotes_frame(engine, *question, None, EXPORT_LIMIT)
    return csv_bytes(found[EXPORTED])


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
question = (filters, tuple(speaker_ids), tuple(kinds), search)

total = int(data.frame(queries.quote_count, *question).iloc[0]["quotes"])
summary, download = st.columns([4, 1])
summary.markdown(f"**{total:,} quote(s)** match the filters.")
download.download_button(
    "Download CSV",
    # Called only when the button is clicked, on a thread of its own.
    partial(export_csv, data.engine(), question),
    file_name="chancery-quotes.csv",
    mime="text/csv",
    key="quotes_download",
    on_click="ignore",
    disabled=total == 0,
    icon=":material/download:",
)
if total > EXPORT_LIMIT:
    st.caption(
        f"The CSV holds the newest {EXPORT_LIMIT:,} of these {total:,} quotes: "
        "narrow the dates, sources, speakers or search to export the others."
    )
if total == 0:
    st.info("No quote matches: clear the search or a filter.")
    st.stop()

# A new question starts again from its first page.
if st.session_state.get("quotes_question") != question:
    st.session_state["quotes_question"] = question
    st.session_state["quotes_page"] = 1
choice, size, place = st.columns([1, 1, 3], vertical_alignment="bottom")
page_size = size.selectbox("Quotes per page", PAGE_SIZES, key="quotes_page_size")
pages = (total - 1) // page_size + 1
if st.session_state.get("quotes_page", 1) > pages:
    st.session_state["quotes_page"] = pages
page = 1
if pages > 1:
    page = choice.number_input(f"Page (of {pages:,})", 1, pages, key="quotes_page")
first = (page - 1) * page_size + 1
place.caption(f"Quotes {first:,}–{min(total, page * page_size):,} of {total:,}, newest first")
if pages > 1:
    page_buttons(page, pages, "top")

shown = data.frame(queries.quotes_page, *question, page, page_size)
context = data.frame(queries.quote_paragraphs, tuple(int(q) for q in shown["quote_id"]))
paragraphs = dict(zip(context["quote_id"], context["paragraph"], strict=True))
for row in shown.itertuples():
    cards.quote_card(row, paragraphs.get(row.quote_id))
if pages > 1:
    page_buttons(page, pages, "bottom")
