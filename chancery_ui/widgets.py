"""Small controls and layout pieces shared by the pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.charts import PERIOD_TITLES
from chancery_ui import data

UPLOAD_PAGE = "pages/upload.py"
_PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def require_articles() -> None:
    """On an empty database, invite an upload and stop the page."""
    if not data.is_empty():
        return
    st.info(
        "The database holds no article yet. Upload news articles (text, HTML, CSV, JSON "
        "or a zip of them) or paste one, and Chancery will find who said what."
    )
    st.page_link(UPLOAD_PAGE, label="Upload articles", icon=":material/upload:")
    st.stop()


#: Most periods a time chart is drawn over: a finer grouping is not offered when the
#: corpus spans more (a stray date a century off made a chart by day take minutes).
MAX_PERIODS = 4_000
_PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4, "quarter": 91.3}


def _span_days() -> int:
    """Days between the corpus's first and last dates (0 when nothing is dated)."""
    from analysis import queries

    bounds = data.frame(queries.date_bounds).iloc[0]
    if bounds["first_date"] is None or pd.isna(bounds["first_date"]):
        return 0
    return (bounds["last_date"] - bounds["first_date"]).days


def period_control(key: str, default: str = "month") -> str:
    """A horizontal choice of day, week, month or quarter, of those that give at most
    :data:`MAX_PERIODS` periods over the corpus."""
    span = _span_days()
    options = [f for f in PERIOD_TITLES if span / _PERIOD_DAYS[f] <= MAX_PERIODS]
    options = options or [list(PERIOD_TITLES)[-1]]
    if default not in options:
        default = options[0]
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]  # chosen before the corpus grew: back to the default
    return st.radio(
        "Group by",
        options,
        index=options.index(default),
        format_func=lambda f: f.capitalize(),
        horizontal=True,
        key=key,
    )


def default_period() -> str:
    """A grouping that gives readable lines for the corpus's date span."""
    from analysis import queries

    bounds = data.frame(queries.date_bounds).iloc[0]
    if bounds["first_date"] is None:
        return "month"
    days = (bounds["last_date"] - bounds["first_date"]).days
    if days > 730:
        return "quarter"
    return "month" if days > 180 else ("week" if days > 30 else "day")


def show_figure(figure: go.Figure, key: str) -> None:
    """Draw a Plotly figure at full width under a stable key."""
    st.plotly_chart(figure, key=key, width="stretch", config=_PLOTLY_CONFIG)


def day(value: object) -> str:
    """A date as "27 Jan 2019", or "undated"."""
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return "undated"
    return f"{pd.Timestamp(value):%d %b %Y}"


def span(first: object, last: object) -> str:
    """A date span short enough for a metric: "2019 – 2021", "Mar – Sep 2021", or
    "undated"."""
    if any(v is None or (not isinstance(v, dt.date) and pd.isna(v)) for v in (first, last)):
        return "undated"
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    if start.year != end.year:
        return f"{start:%Y} – {end:%Y}"
    return f"{start:%b} – {end:%b %Y}" if start.month != end.month else f"{end:%b %Y}"
