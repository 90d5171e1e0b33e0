"""The Topics page's Discover and Edit taxonomy tabs: emerging themes, promoting one
into the taxonomy, editing a topic, and re-tagging the stored corpus."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import queries
from analysis.discovery import DiscoveryError, emerging
from analysis.display import escape_markdown
from analysis.queries import Filters
from analysis.taxonomy_store import (
    parse_phrases,
    promote_topic,
    retag_corpus,
    revert_topic,
    save_topic,
    stored_topics,
)
from analysis.topics import TaxonomyError, Topic
from chancery_ui import data, widgets

#: Session key of the message shown after a save, until the corpus is re-tagged.
RETAG_NEEDED_KEY = "topics_retag_needed"
#: Session key of the discovery the analyst asked for: (filters, start, end, themes).
DISCOVER_REQUEST_KEY = "topics_discover_request"


# --------------------------------------------------------------------------- discover


def _default_period(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The last quarter of the corpus's span: recent enough to be "emerging"."""
    start = last - (last - first) / 4
    return start, last


def discover_tab(filters: Filters) -> None:
    """Emerging themes of a chosen period, each with a form to promote it."""
    bounds = data.frame(queries.date_bounds).iloc[0]
    if bounds["first_date"] is None or pd.isna(bounds["first_date"]):
        st.info("Discovery compares periods, and no article is dated.")
        return
    first, last = bounds["first_date"], bounds["last_date"]
    st.caption(
        "Themes found in the articles themselves, independent of the taxonomy. A theme "
        "*emerges* when it takes a larger share of the chosen period's articles than of "
        "the rest of the filtered corpus."
    )
    columns = st.columns([3, 1, 2])
    with columns[0]:
        chosen = st.date_input(
            "Period",
            value=_default_period(first, last),
            min_value=first,
            max_value=last,
            key="topics_discover_period",
        )
    with columns[1]:
        n_themes = st.number_input(
            "Themes", min_value=3, max_value=30, value=10, step=1, key="topics_discover_count"
        )
    with columns[2]:
        include_covered = st.checkbox(
            "Include covered themes",
            help="Also show themes whose sentences mostly carry a topic of the taxonomy already.",
            value=False,
            key="topics_discover_covered",
        )
    if not isinstance(chosen, tuple | list) or len(chosen) != 2:
        st.info("Choose the first and the last day of the period.")
        return
    start, end = chosen
    # Discovery reads every sentence of the filtered articles: run it when asked,
    # not on each render of the page (Streamlit runs every tab's code).
    request = (filters, start, end, int(n_themes))
    if st.button("Find themes", key="topics_discover_run", type="primary"):
        st.session_state[DISCOVER_REQUEST_KEY] = request
    if st.session_state.get(DISCOVER_REQUEST_KEY) != request:
        st.info(
            "Choose a period and press **Find themes**. On a large corpus discovery takes "
            "a while; its results are kept until the articles change."
        )
        return
    try:
        with st.spinner("Finding themes in the articles…"):
            themes = data.frame(queries.emerging_themes, filters, start, end, int(n_themes))
    except DiscoveryError as error:
        st.info(str(error))
        return
    shown = emerging(themes, include_covered=include_covered)
    hidden = len(emerging(themes, include_covered=True)) - len(shown)
    note = f" ({hidden} covered by the taxonomy, hidden)" if hidden else ""
    st.caption(f"{len(shown)} emerging theme(s) between {start} and {end}{note}.")
    if shown.empty:
        st.info("No theme grew in this period beyond what the taxonomy covers.")
    for row in shown.itertuples():
        _theme_card(row)


def _theme_card(row) -> None:
    with st.container(border=True, key=f"topics_theme_{row.theme}"):
        st.markdown(f"**{escape_markdown(row.label)}** · {escape_markdown(', '.join(row.terms))}")
        st.caption(
            f"{row.period_share:.0%} of the period's theme weight against "
            f"{row.rest_share:.0%} elsewhere (×{row.growth:.1f}); "
            f"{row.period_sentences} sentence(s) in the period"
        )
        if row.overlap_topic:
            st.caption(
                escape_markdown(
                    f"Overlap with the taxonomy: {row.overlap_share:.0%} of its weight lies in "
                    f"sentences that already carry a topic, most often “{row.overlap_label}”."
                )
            )
        for example in row.examples:
            st.markdown(
                f"> {escape_markdown(example['text'])}\n>\n"
                f"> — *{escape_markdown(str(example['title']))}*, "
                f"{widgets.day(example['date'])}"
            )
        with st.expander("Promote to the taxonomy"):
            _promote_form(row)


def _promote_form(row) -> None:
    key = f"topics_promote_{row.theme}"
    with st.form(key=f"{key}_form"):
        label = st.text_input("Label", value=row.label, key=f"{key}_label")
        description = st.text_input("Description", value="", key=f"{key}_description")
        terms = st.data_editor(
            pd.DataFrame({"term": list(row.terms), "use": True}),
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "term": st.column_config.TextColumn("Term", required=True),
                "use": st.column_config.CheckboxColumn("Use", default=True),
            },
            key=f"{key}_terms",
        )
        submitted = st.form_submit_button("Add topic", type="primary")
    if not submitted:
        return
    chosen = [
        str(term).strip()
        for term, use in zip(terms["term"], terms["use"], strict=True)
        if isinstance(term, str) and term.strip() and bool(use)
    ]
    analyzer = data.analyzer()
    try:
        topic = promote_topic(
            data.engine(),
            label,
            chosen,
            data.default_topics(),
            description=description,
            nlp=analyzer.nlp,
        )
    except TaxonomyError as error:
        st.error(str(error))
        return
    st.session_state[RETAG_NEEDED_KEY] = topic.label
    st.success(
        f"Added the topic “{topic.label}” (id {topic.id}). New uploads use it; re-tag the "
        "corpus in the Edit taxonomy tab to apply it to stored articles."
    )


# --------------------------------------------------------------------------- edit


def edit_tab() -> None:
    """The taxonomy in force, a form to edit one topic, and the re-tag button."""
    defaults = data.default_topics()
    default_ids = {topic.id for topic in defaults}
    taxonomy = data.taxonomy()
    origins = {stored.topic.id: stored.origin for stored in stored_topics(data.engine())}
    st.dataframe(
        pd.DataFrame(
            {
                "id": [t.id for t in taxonomy],
                "label": [t.label for t in taxonomy],
                "terms": [len(t.terms) for t in taxonomy],
                "source": [origins.get(t.id, "file") for t in taxonomy],
            }
        ),
        hide_index=True,
        key="topics_taxonomy_table",
    )
    by_id = {topic.id: topic for topic in taxonomy}
    topic_id = st.selectbox(
        "Topic to edit",
        list(by_id),
        format_func=lambda t: f"{by_id[t].label} ({t})",
        key="topics_edit_topic",
    )
    topic = by_id[topic_id]
    _edit_form(topic, taxonomy, defaults)
    if topic_id in origins and topic_id in default_ids:
        if st.button("Go back to the file's definition", key="topics_edit_revert"):
            try:
                revert_topic(data.engine(), topic_id, defaults)
            except TaxonomyError as error:
                st.error(str(error))
            else:
                st.session_state[RETAG_NEEDED_KEY] = topic.label
                st.rerun()
    _retag_section()


def _edit_form(topic: Topic, taxonomy: list[Topic], defaults: list[Topic]) -> None:
    key = f"topics_edit_{topic.id}"
    parents = [None, *(t.id for t in taxonomy if t.id != topic.id)]
    labels = {t.id: t.label for t in taxonomy}
    with st.form(key=f"{key}_form"):
        st.caption(f"Id: `{topic.id}` (never changes)")
        label = st.text_input("Label", value=topic.label, key=f"{key}_label")
        description = st.text_input(
            "Description", value=topic.description, key=f"{key}_description"
        )
        parent = st.selectbox(
            "Parent",
            parents,
            index=parents.index(topic.parent) if topic.parent in parents else 0,
            format_func=lambda t: "(none)" if t is None else labels[t],
            key=f"{key}_parent",
        )
        terms = st.text_area(
            "Terms (one per line)", value="\n".join(topic.terms), height=160, key=f"{key}_terms"
        )
        exclude = st.text_area(
            "Exclusions (one per line)", value="\n".join(topic.exclude), key=f"{key}_exclude"
        )
        require_any = st.text_area(
            "Required context (one per line; empty: none)",
            value="\n".join(topic.require_any),
            key=f"{key}_require_any",
        )
        submitted = st.form_submit_button("Save topic", type="primary")
    if not submitted:
        return
    edited = Topic(
        id=topic.id,
        label=label,
        description=description,
        parent=parent,
        terms=parse_phrases(terms),
        exclude=parse_phrases(exclude),
        require_any=parse_phrases(require_any),
    )
    try:
        save_topic(data.engine(), edited, defaults, nlp=data.analyzer().nlp)
    except TaxonomyError as error:
        st.error(str(error))
        return
    st.session_state[RETAG_NEEDED_KEY] = edited.label
    st.rerun()


def _retag_section() -> None:
    st.subheader("Re-tag the corpus")
    pending = st.session_state.get(RETAG_NEEDED_KEY)
    if pending:
        st.info(
            f"“{escape_markdown(pending)}” was saved. New uploads use it; re-tag the corpus to apply the "
            "taxonomy to the articles already stored."
        )
    if not st.button("Re-tag all stored articles", key="topics_retag_button"):
        return
    bar = st.progress(0.0, text="Re-tagging…")

    def progress(done: int, total: int) -> None:
        share = done / total if total else 1.0
        bar.progress(share, text=f"Re-tagged {done} of {total} articles")

    analyzer = data.analyzer()
    summary = retag_corpus(data.engine(), analyzer.nlp, analyzer.topic_matcher, progress)
    st.session_state.pop(RETAG_NEEDED_KEY, None)
    st.success(
        f"Re-tagged {summary.articles} articles: the topics of {summary.changed} changed "
        f"({summary.pairs_before} article-topic pairs before, {summary.pairs_after} now)."
    )
