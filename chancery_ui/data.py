"""The one home of the dashboard's caching.

``st.cache_resource`` holds only the database engine (keyed by its URL) and the
analyzer (keyed by the model name, and by the database's taxonomy revision for
the one that carries the analyst's taxonomy edits). Frames are ``st.cache_data`` keyed by the
query's name, the database URL, the corpus version and the query's arguments,
so a new upload (which changes the version) shows on every page at once.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from analysis import queries
from analysis.ingest import IngestReport, ingest_loaded
from analysis.loaders import load_bytes, load_paths
from analysis.models import LoadResult
from analysis.nlp import load_model
from analysis.pipeline import Analyzer
from analysis.settings import DATA_DIR, SAMPLE_DIR, current_settings
from analysis.store import corpus_version, open_engine, stored_origins
from analysis.taxonomy_store import effective_taxonomy, taxonomy_revision
from analysis.topics import Topic, load_taxonomy

#: Progress is reported after each stored batch; aim for about this many updates.
_PROGRESS_STEPS = 20


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    """The engine of database ``url``, opened once per process."""
    return open_engine(url)


@st.cache_resource(show_spinner="Loading the language model…")
def analyzer_for(model: str) -> Analyzer:
    """The analyzer over spaCy pipeline ``model`` (empty: the default), built once per process."""
    return Analyzer.build(load_model(model or None))


@st.cache_resource(show_spinner="Compiling the topic taxonomy…", max_entries=4)
def analyzer_with_taxonomy(model: str, url: str, taxonomy: int) -> Analyzer:
    """The analyzer of ``model`` with the taxonomy in force in database ``url``
    (the file's topics and the analyst's edits); ``taxonomy`` is that database's
    taxonomy revision, so that a saved edit builds a new matcher."""
    del taxonomy  # only part of the key
    base = analyzer_for(model)
    return base.with_topics(effective_taxonomy(engine_for(url), base.topics))


def engine() -> Engine:
    """The engine of the database the settings name."""
    return engine_for(current_settings().database_url)


def analyzer() -> Analyzer:
    """The analyzer of the model the settings name, with the database's taxonomy."""
    settings = current_settings()
    revision = taxonomy_revision(engine_for(settings.database_url))
    return analyzer_with_taxonomy(settings.spacy_model, settings.database_url, revision)


@st.cache_resource(show_spinner=False)
def _taxonomy_file() -> tuple[Topic, ...]:
    return tuple(load_taxonomy(DATA_DIR / "topics.yaml"))


def default_topics() -> list[Topic]:
    """The taxonomy file's topics (the ones the analyzer starts from); no model is loaded."""
    return list(_taxonomy_file())


def taxonomy() -> list[Topic]:
    """The taxonomy in force: the file's topics with the database's edits; no model is loaded."""
    return effective_taxonomy(engine(), default_topics())


def version() -> tuple[int, int]:
    """The corpus version now: (highest article id, edit revision)."""
    return corpus_version(engine())


def is_empty() -> bool:
    """Whether the database holds no article yet."""
    return version()[0] == 0


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_frame(query_name: str, url: str, corpus: tuple[int, int], args: tuple) -> pd.DataFrame:
    # ``corpus`` is only part of the key: a new article makes a new entry.
    del corpus
    return getattr(queries, query_name)(engine_for(url), *args)


def frame(query: Callable[..., pd.DataFrame], *args) -> pd.DataFrame:
    """``query(engine, *args)`` for a function of :mod:`analysis.queries`, cached.

    ``args`` must be hashable values (a ``Filters``, ids, tuples, strings).
    """
    if getattr(queries, query.__name__, None) is not query:
        raise ValueError(f"{query.__name__} is not a function of analysis.queries")
    url = current_settings().database_url
    return _cached_frame(query.__name__, url, corpus_version(engine_for(url)), args)


@st.cache_data(show_spinner=False, max_entries=64)
def parsed_upload(name: str, data: bytes) -> LoadResult:
    """The articles and rejections in one uploaded file, parsed once per content."""
    return load_bytes(name, data)


def ingest_with_progress(loaded: LoadResult) -> IngestReport:
    """Analyse and store ``loaded`` under a progress bar ("Analysing article k of n")."""
    total = len(loaded.articles)
    batch_size = max(1, min(current_settings().batch_size, total // _PROGRESS_STEPS))
    bar = st.progress(0.0, text="Preparing the analysis…")

    def progress(done: int, todo: int) -> None:
        if todo == 0:
            bar.progress(1.0, text="Nothing new to analyse")
        elif done < todo:
            bar.progress(done / todo, text=f"Analysing article {done + 1} of {todo}")
        else:
            bar.progress(1.0, text=f"Analysed {todo} of {todo} articles")

    # The model (cached after the first upload) is loaded once the bar says what is to do.
    return ingest_loaded(engine(), analyzer, loaded, progress, batch_size=batch_size)


def ingest_demo_corpus_if_empty() -> None:
    """On a first run (empty database, demo corpus setting on), ingest ``data/sample/``, then rerun.

    A first run cut short (the tab closed while it analysed) left part of the demo
    corpus and nothing else: the next session analyses the rest. Tried once per
    session, so a corpus that yields nothing cannot loop.
    """
    if not current_settings().demo_corpus or st.session_state.get("first_run_tried"):
        return
    st.session_state["first_run_tried"] = True
    empty = is_empty()
    if not empty and not stored_origins(engine(), 1)[0].startswith(str(SAMPLE_DIR)):
        return  # the user's own articles
    loaded = load_paths([SAMPLE_DIR])
    if not loaded.articles:
        return
    if empty:
        st.info(f"First run: analysing the {len(loaded.articles)} articles of the demo corpus.")
    else:
        demo = {article.origin for article in loaded.articles}
        stored = stored_origins(engine(), len(demo) + 1)
        if len(stored) >= len(demo) or not set(stored) <= demo:
            return
        st.info(
            f"Finishing the first run: {len(demo) - len(stored)} articles of the demo "
            "corpus are still to be analysed."
        )
    ingest_with_progress(loaded)
    st.rerun()
