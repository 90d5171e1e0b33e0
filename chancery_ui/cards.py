"""Rendering of records: quote cards, the actor profile, the Reader's highlights, upload previews.

Article-derived text is escaped with :func:`analysis.display.escape_markdown`
(or ``html.escape`` through :func:`analysis.display.highlighted_html`) before it
reaches ``st.markdown``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis import queries
from analysis.charts import actor_colour
from analysis.curation import TYPE_LABELS
from analysis.display import Highlight, escape_markdown, quote_display, safe_url
from analysis.ingest import plan_ingest
from analysis.models import LoadResult, Rejection
from analysis.queries import Filters
from chancery_ui import data
from chancery_ui.widgets import day

ACTORS_PAGE = "pages/actors.py"
#: Past this many rejections or report lines, a page shows them as one table, not one
#: message each (a zip of 10,000 empty files would bury the page).
MAX_LISTED = 20
KIND_LABELS = {"direct": "direct quote", "indirect": "reported speech"}


def _speaker_line(row) -> str:
    speaker = row.speaker if isinstance(row.speaker, str) else "Unattributed"
    role = f", {row.role}" if isinstance(row.role, str) and row.role else ""
    if isinstance(row.speaker, str) and pd.isna(row.speaker_id):
        role = " (unnamed source)"
    return escape_markdown(f"{speaker}{role}")


def quote_card(row, paragraph: str | None) -> None:
    """One quote: its text, speaker and role, date, source and link, kind, cue and channel."""
    with st.container(border=True):
        marks = "“”" if row.kind == "direct" else ("", "")
        st.markdown(f"#### {marks[0]}{escape_markdown(quote_display(row.text))}{marks[1]}")
        st.markdown(f"**{_speaker_line(row)}**")
        how = [KIND_LABELS.get(row.kind, row.kind)]
        how += [f"cue: {v}" for v in [row.cue] if isinstance(v, str) and v]
        how += [f"via {v}" for v in [row.channel] if isinstance(v, str) and v]
        meta = f"{day(row.date)} · {row.source} · {' · '.join(how)}"
        link = safe_url(row.url)
        st.caption(escape_markdown(meta) + (f" · [original article]({link})" if link else ""))
        st.caption(f"From: {escape_markdown(row.title)}")
        if paragraph:
            with st.expander("Surrounding paragraph"):
                st.markdown(escape_markdown(paragraph))


def evidence(row) -> None:
    """One encounter's evidence (a row of :func:`analysis.queries.actor_interactions`):
    the sentence, then its date, kind, place and article."""
    # One line: a sentence spanning a heading and its paragraph would leave the quote.
    st.markdown(f"> {escape_markdown(' '.join(row.evidence.split()))}")
    place = [f"in {row.place}"] if isinstance(row.place, str) and row.place else []
    meta = " · ".join([day(row.date), row.type, *place, f"from: {row.title}"])
    st.caption(escape_markdown(meta))


def actor_profile(actor_id: int, filters: Filters) -> None:
    """Canonical name, type, country, aliases, roles, co-mentioned actors and latest quotes."""
    profile = data.frame(queries.actor_profile, actor_id)
    if profile.empty:
        st.warning("This actor is no longer in the database.")
        return
    who = profile.iloc[0]
    st.markdown(f"### {escape_markdown(who['name'])}")
    country = f" · {who['country']}" if isinstance(who["country"], str) else ""
    st.caption(
        escape_markdown(
            f"{TYPE_LABELS.get(who['type'], who['type']).capitalize()}{country} · "
            f"named in {who['articles']} article(s), "
            f"{who['quotes']} quote(s) · {day(who['first_date'])} – {day(who['last_date'])}"
        )
    )
    aliases = data.frame(queries.actor_aliases, actor_id)
    if not aliases.empty:
        names = ", ".join(
            f"{a} ({n})" for a, n in zip(aliases["alias"], aliases["count"], strict=True)
        )
        st.markdown("**Also written as:** " + escape_markdown(names))
    roles = data.frame(queries.actor_roles, actor_id)
    if not roles.empty:
        st.markdown("**Roles**")
        st.dataframe(roles, hide_index=True, width="stretch", key=f"actors_roles_{actor_id}")
    others = data.frame(queries.co_mentioned_actors, filters, actor_id, 8)
    if not others.empty:
        names = ", ".join(
            f"{n} ({a})" for n, a in zip(others["name"], others["articles"], strict=True)
        )
        st.markdown("**Most often named with:** " + escape_markdown(names))
    said = data.frame(queries.quotes_frame, filters, (actor_id,), (), "", None, 3)
    if not said.empty:
        st.markdown("**Latest quotes**")
        for row in said.itertuples():
            st.markdown(f"> {escape_markdown(quote_display(row.text))}")
            st.caption(escape_markdown(f"{day(row.date)} · {row.source}"))


def article_highlights(mentions: pd.DataFrame, quotes: pd.DataFrame) -> list[Highlight]:
    """Highlights for the Reader: each mention in its actor's colour, each quote."""
    marks = [
        Highlight(int(m.start), int(m.end), "actor", m.name, actor_colour(m.actor_id))
        for m in mentions.itertuples()
    ]
    marks += [
        Highlight(
            int(q.start),
            int(q.end),
            "quote",
            f"Quote: {q.speaker if isinstance(q.speaker, str) else 'unattributed'}",
        )
        for q in quotes.itertuples()
    ]
    return marks


def actor_links(actors: pd.DataFrame) -> None:
    """Links to each actor's view on the Actors page, with its colour and mentions."""
    for row in actors.itertuples():
        st.page_link(
            ACTORS_PAGE,
            label=f"{escape_markdown(row.name)} ({row.mentions})",
            icon=":material/person:" if row.type == "PERSON" else ":material/flag:",
            query_params={"actor": str(row.actor_id)},
        )


def upload_preview(loaded: LoadResult) -> pd.DataFrame:
    """One row per parsed article: title, date, source, characters, warnings, status."""
    todo, _ = plan_ingest(data.engine(), loaded.articles)
    new = {id(a) for a in todo}
    return pd.DataFrame(
        {
            "title": [a.title for a in loaded.articles],
            "date": [a.date for a in loaded.articles],
            "source": [a.source for a in loaded.articles],
            "characters": [len(a.text) for a in loaded.articles],
            "warnings": ["; ".join(a.warnings) for a in loaded.articles],
            "status": ["new" if id(a) in new else "already stored" for a in loaded.articles],
        }
    )


def rejections_table(rejections: Sequence[Rejection]) -> pd.DataFrame:
    """One row per rejection: ``file`` (file, row or member) and ``reason``."""
    return pd.DataFrame(
        {"file": [r.origin for r in rejections], "reason": [r.reason for r in rejections]}
    )


def lines_table(lines: Sequence[str]) -> pd.DataFrame:
    """The lines of an ingest report as a one-column (``detail``) table."""
    return pd.DataFrame({"detail": list(lines)})
