"""The Actors page's "Edit actors" section: merge, split a name off, rename, retype, undo.

Each edit is a form, so that nothing is written until its button is pressed; a
merge also asks for a tick, since it folds whole actors into one. After an edit
the page reruns: the store's revision changed, so every cached frame, and every
chart, is computed again. The sentence saying what was done is kept in the session
state until the rerun shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import pandas as pd
import streamlit as st

from analysis import curation, queries
from analysis.curation import RETYPE_CHOICES, CurationError
from analysis.display import escape_markdown
from chancery_ui import data

#: How the retype form says each type an actor may be given.
RETYPE_WORDS = {
    "ORG": "an organisation",
    "PLACE": "a place",
    curation.NOT_AN_ACTOR: "not an actor (hide it from every view)",
    "PERSON": "a person",
}
#: Edits listed in the history, newest first.
HISTORY_SHOWN = 10
#: Session key of the sentence saying what the last edit did.
NOTICE_KEY = "actors_edit_notice"


def keep_known(key: str, known: Collection[int]) -> None:
    """Drop from widget state ``key`` (a list of actor ids, or one) the actors that are
    gone (merged, hidden) since it was set; run before the widget is drawn."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, list) and any(c not in known for c in chosen):
        st.session_state[key] = [c for c in chosen if c in known]
    elif chosen is not None and not isinstance(chosen, list) and chosen not in known:
        del st.session_state[key]


def _run(edit: Callable[[], str]) -> None:
    """Make an edit; on success keep its sentence and rerun, else show why not."""
    try:
        message = edit()
    except CurationError as error:
        st.error(str(error))
        return
    st.session_state[NOTICE_KEY] = message
    st.rerun()


def actor_editor(actor_id: int, name: str, actor_type: str, labels: Mapping[int, str]) -> None:
    """The edit forms for actor ``actor_id`` (called ``name``, of ``actor_type``);
    ``labels`` names every actor that may be merged into it or given a name of it."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(escape_markdown(notice), icon=":material/check_circle:")
    with st.expander("Edit actors", expanded=bool(notice), icon=":material/edit:"):
        st.caption(
            f"Corrections to **{escape_markdown(name)}** are kept in the database: they hold "
            "for articles uploaded later and after a re-analysis."
        )
        # Short labels: five tabs must fit the profile's column.
        merge, split, rename, retype, history = st.tabs(
            ["Merge", "Split", "Rename", "Type", "History"]
        )
        others = [a for a in labels if a != actor_id]
        with merge:
            _merge_form(actor_id, name, others, labels)
        with split:
            _split_form(actor_id, name, others, labels)
        with rename:
            _rename_form(actor_id, name)
        with retype:
            _retype_form(actor_id, name, actor_type)
        with history:
            _history()


def _merge_form(actor_id: int, name: str, others: list[int], labels: Mapping[int, str]) -> None:
    with st.form("actors_merge_form", clear_on_submit=True, border=False):
        absorbed = st.multiselect(
            f"Actors that are {escape_markdown(name)}",
            others,
            format_func=labels.get,
            key="actors_merge_absorbed",
            placeholder="Type a name…",
            help="Their mentions, quotes, meetings, names and roles become this actor's.",
        )
        confirmed = st.checkbox(
            f"Merge them into {escape_markdown(name)}; they disappear as separate actors",
            key="actors_merge_confirm",
        )
        if st.form_submit_button("Merge", key="actors_merge_submit", type="primary"):
            if not absorbed:
                st.warning("Choose the actors to merge.")
            elif not confirmed:
                st.warning("Tick the box to confirm the merge.")
            else:
                _run(lambda: curation.merge_actors(data.engine(), actor_id, absorbed))


def _split_form(actor_id: int, name: str, others: list[int], labels: Mapping[int, str]) -> None:
    names = data.frame(queries.actor_aliases, actor_id)
    if names.empty:
        st.caption(f"No name of {escape_markdown(name)} is recorded.")
        return
    counts = dict(zip(names["alias"], names["count"], strict=True))
    with st.form("actors_split_form", clear_on_submit=True, border=False):
        alias = st.selectbox(
            "Name that is someone else",
            list(counts),
            format_func=lambda a: f"{a} ({counts[a]} article(s))",
            key="actors_split_alias",
        )
        new_name = st.text_input(
            "Name of the new actor",
            key="actors_split_name",
            placeholder="the name split off",
        )
        target = st.selectbox(
            "…or give it to an existing actor",
            [None, *others],
            format_func=lambda a: "a new actor" if a is None else labels[a],
            key="actors_split_target",
        )
        if st.form_submit_button("Split off", key="actors_split_submit"):
            _run(
                lambda: curation.split_alias(
                    data.engine(), actor_id, alias, new_name or None, target
                )
            )


def _rename_form(actor_id: int, name: str) -> None:
    with st.form("actors_rename_form", border=False):
        new_name = st.text_input("Canonical name", value=name, key="actors_rename_name")
        st.caption("A name you give is kept; otherwise a person goes by their most used full name.")
        if st.form_submit_button("Rename", key="actors_rename_submit"):
            _run(lambda: curation.rename_actor(data.engine(), actor_id, new_name))


def _retype_form(actor_id: int, name: str, actor_type: str) -> None:
    choices = [t for t in RETYPE_CHOICES if t != actor_type]
    if actor_type == "PERSON":
        st.caption(f"Not a person? Say what {escape_markdown(name)} is.")
    with st.form("actors_retype_form", border=False):
        new_type = st.radio(
            f"{escape_markdown(name)} is",
            choices,
            format_func=RETYPE_WORDS.get,
            key="actors_retype_type",
            help="A name marked so never comes back as the type it had, in later uploads too.",
        )
        if st.form_submit_button("Mark", key="actors_retype_submit"):
            _run(lambda: curation.retype_actor(data.engine(), actor_id, new_type))


def _history() -> None:
    edits = data.frame(queries.actor_edit_history)
    if edits.empty:
        st.caption("No actor has been edited yet.")
        return
    shown = edits.head(HISTORY_SHOWN)
    st.markdown(
        "\n".join(
            f"- {escape_markdown(row.edit[:1].upper() + row.edit[1:])} "
            f"*· {pd.Timestamp(row.made):%d %b %Y, %H:%M} UTC*"
            for row in shown.itertuples()
        )
    )
    if len(edits) > len(shown):
        st.caption(f"and {len(edits) - len(shown)} earlier edit(s)")
    last = edits.iloc[0]
    if st.button(
        "Undo the last edit",
        key="actors_undo_last",
        disabled=not bool(last["undoable"]),
        help=None if last["undoable"] else "Made before the last re-analysis: cannot be undone.",
    ):
        _run(lambda: curation.undo_last_edit(data.engine()))
