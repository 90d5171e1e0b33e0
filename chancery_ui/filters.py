"""The shared sidebar filters, and keeping widgets and the URL's query string in step.

The sidebar (drawn by ``app.py`` on every run, so its state survives page
switches) holds a date range, sources and topics. They are mirrored in the URL
as ``?from=YYYY-MM-DD&to=YYYY-MM-DD&source=...&topic=...`` so a view can be
shared by link; the URL is read once per session, then the widgets lead.
Pages mirror their own choices (``?actor=``, ``?article=``) with
:func:`adopt_url_param` and :func:`publish_url_param`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import Any

import streamlit as st

from analysis import queries
from analysis.queries import Filters
from chancery_ui import data

DATES_KEY = "filters_dates"
SOURCES_KEY = "filters_sources"
TOPICS_KEY = "filters_topics"
_BOUNDS_KEY = "filters_bounds"
_CURRENT_KEY = "filters_current"
_URL_READ_KEY = "filters_url_read"


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _clamp(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    return min(max(day, first), last)


def _read_url_once(first: dt.date | None, last: dt.date | None, sources, topics) -> None:
    if st.session_state.get(_URL_READ_KEY):
        return
    st.session_state[_URL_READ_KEY] = True
    params = st.query_params
    if first and last:
        start = _date(params.get("from")) or first
        end = _date(params.get("to")) or last
        st.session_state[DATES_KEY] = (_clamp(start, first, last), _clamp(end, first, last))
    st.session_state[SOURCES_KEY] = [s for s in params.get_all("source") if s in sources]
    st.session_state[TOPICS_KEY] = [t for t in params.get_all("topic") if t in topics]


def _follow_bounds(first: dt.date, last: dt.date) -> None:
    """Keep the chosen range valid when the corpus grows; an untouched range grows with it."""
    old = st.session_state.get(_BOUNDS_KEY)
    chosen = st.session_state.get(DATES_KEY)
    if not chosen or (old and tuple(chosen) == tuple(old)):
        st.session_state[DATES_KEY] = (first, last)
    else:
        clamped = tuple(_clamp(d, first, last) for d in chosen)
        st.session_state[DATES_KEY] = clamped
    st.session_state[_BOUNDS_KEY] = (first, last)


def _reset() -> None:
    for key in (DATES_KEY, SOURCES_KEY, TOPICS_KEY):
        st.session_state.pop(key, None)


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar, mirror them in the URL and return them."""
    bounds = data.frame(queries.date_bounds).iloc[0]
    first, last = bounds["first_date"], bounds["last_date"]
    sources = data.frame(queries.source_options)
    topics = data.frame(queries.topic_options)
    topic_labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    _read_url_once(first, last, set(sources["source"]), set(topic_labels))
    with st.sidebar:
        st.subheader("Filters")
        start = end = None
        if first and last:
            _follow_bounds(first, last)
            chosen = st.date_input(
                "Date range", min_value=first, max_value=last, key=DATES_KEY, format="YYYY-MM-DD"
            )
            picked = tuple(chosen) if isinstance(chosen, Sequence) else (chosen,)
            start = picked[0] if picked and picked[0] > first else None
            end = picked[1] if len(picked) > 1 and picked[1] < last else None
        _keep_known(SOURCES_KEY, set(sources["source"]))
        chosen_sources = st.multiselect(
            "Sources", sources["source"].tolist(), key=SOURCES_KEY, placeholder="All sources"
        )
        _keep_known(TOPICS_KEY, set(topic_labels))
        chosen_topics = st.multiselect(
            "Topics",
            list(topic_labels),
            format_func=topic_labels.get,
            key=TOPICS_KEY,
            placeholder="All topics",
        )
        st.button("Reset filters", key="filters_reset", on_click=_reset, type="tertiary")
    filters = Filters(start, end, tuple(sorted(chosen_sources)), tuple(sorted(chosen_topics)))
    publish_url_param("from", [start.isoformat()] if start else [])
    publish_url_param("to", [end.isoformat()] if end else [])
    publish_url_param("source", filters.sources)
    publish_url_param("topic", filters.topics)
    st.session_state[_CURRENT_KEY] = filters
    return filters


def current_filters() -> Filters:
    """The filters the sidebar set in this run (no filter before it is drawn)."""
    return st.session_state.get(_CURRENT_KEY, Filters())


def _keep_known(key: str, known: Collection[Any]) -> None:
    """Drop from a multiselect's state values that are no longer options."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in known]


def publish_url_param(name: str, values: Sequence[object]) -> None:
    """Show ``values`` as ``?name=`` in the URL (removed when empty), touching it only on change."""
    wanted = [str(v) for v in values]
    if st.query_params.get_all(name) == wanted:
        return
    if wanted:
        st.query_params[name] = wanted if len(wanted) > 1 else wanted[0]
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"url_seen_{name}"] = wanted


def adopt_url_param(
    name: str, key: str, parse: Callable[[str], Any], known: Collection[Any], many: bool = True
) -> None:
    """Copy ``?name=`` into widget state ``key`` when the URL brings a value not seen before.

    Values that do not parse or are not in ``known`` are ignored.
    """
    raw = st.query_params.get_all(name)
    seen_key = f"url_seen_{name}"
    if raw and raw != st.session_state.get(seen_key):
        values = []
        for text in raw:
            try:
                value = parse(text)
            except ValueError:
                continue
            if value in known:
                values.append(value)
        if values:
            st.session_state[key] = values if many else values[0]
    st.session_state[seen_key] = raw
