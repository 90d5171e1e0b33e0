"""Shared fixtures: one spaCy pipeline per session, paths to the shared corpora, an
empty database per test on each backend (``database_url``) and the demo corpus on
each backend (``demo_database_url``)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from analysis.ingest import IngestReport
    from analysis.models import Analysis

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8ce8153633974c82.txt"
CORPORA = SHARED / "corpora"

#: A PostgreSQL server for the ``postgresql`` cases, as a SQLAlchemy URL whose role may
#: create databases, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5433/postgres``.
#: ``.ci/run`` starts a throwaway server and sets it; unset, those cases skip.
POSTGRES_URL_VARIABLE = "CHANCERY_TEST_POSTGRES_URL"


def require_shared(path: Path) -> Path:
    """Skip the calling test, with the reason, when ``path`` under ../shared is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project in CI only")
    return path


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def analyzer(nlp):
    from analysis.pipeline import Analyzer

    return Analyzer.build(nlp)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return require_shared(SEED)


#: The backends every store and dashboard test runs on, as fixture parameters.
BACKENDS = ["sqlite", "postgresql"]


@dataclass(frozen=True)
class DemoCorpus:
    """The demo corpus (data/sample) analysed once: the batches ``ingest_loaded`` would
    store, in its order, and the topic rows to store them with."""

    batches: list[list[Analysis]]
    topic_rows: list[dict]

    def store(self, url: str) -> IngestReport:
        """Store the corpus into the empty database ``url`` as ``ingest_loaded`` does:
        the topics first, then one transaction per batch."""
        from analysis.ingest import IngestReport, store_batch
        from analysis.store import open_engine, store_analyses

        engine = open_engine(url)
        try:
            report = IngestReport()
            store_analyses(engine, [], self.topic_rows)
            for batch in self.batches:
                store_batch(engine, batch, self.topic_rows, report)
        finally:
            engine.dispose()
        assert report.new and not report.duplicates, "the demo corpus was stored before"
        return report


@pytest.fixture(scope="session")
def demo_corpus(analyzer) -> DemoCorpus:
    """The analyses of data/sample, computed once per session for every backend."""
    from analysis.loaders import load_paths, unique_articles
    from analysis.pipeline import analyse_in_batches
    from analysis.settings import SAMPLE_DIR

    articles, _ = unique_articles(load_paths([SAMPLE_DIR]).articles)
    batches: list[list[Analysis]] = []
    analyse_in_batches(analyzer, articles, lambda batch: batches.append(list(batch)))
    return DemoCorpus(batches, analyzer.topic_rows())


class DemoDatabases:
    """The demo corpus stored once per backend, on first use, for tests that only read it."""

    def __init__(self, corpus: DemoCorpus, folder: Path, cleanup: contextlib.ExitStack):
        self._corpus, self._folder, self._cleanup = corpus, folder, cleanup
        self._urls: dict[str, str] = {}

    def url(self, backend: str) -> str:
        """The URL of the demo database on ``backend``; skips when it is not configured."""
        if backend not in self._urls:
            database = empty_database(backend, self._folder)
            url = next(database)
            self._cleanup.callback(database.close)  # drops a PostgreSQL database
            self._corpus.store(url)
            self._urls[backend] = url
        return self._urls[backend]


@pytest.fixture(scope="session")
def demo_databases(demo_corpus, tmp_path_factory) -> Iterator[DemoDatabases]:
    """The demo databases of every backend, dropped at the end of the session."""
    with contextlib.ExitStack() as cleanup:
        yield DemoDatabases(demo_corpus, tmp_path_factory.mktemp("demo"), cleanup)


@pytest.fixture(scope="session", params=BACKENDS)
def demo_database_url(request, demo_databases) -> str:
    """A database holding the demo corpus (data/sample), built once per session on each
    backend; the tests only read it (store ``demo_corpus`` anew to write)."""
    return demo_databases.url(request.param)


def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database on ``backend`` (a file in ``folder`` for SQLite);
    skip when that backend is not configured."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'chancery.db'}"
        return
    server = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if not server:
        pytest.skip(
            f"{POSTGRES_URL_VARIABLE} is unset: set it to a PostgreSQL server's URL "
            "(postgresql+psycopg://USER@HOST:PORT/postgres) to run the PostgreSQL cases; "
            ".ci/run starts one"
        )
    with fresh_postgres_database(server) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database of its own for one test, on SQLite (a file under
    ``tmp_path``) and on PostgreSQL (a database created on the server named by
    ``CHANCERY_TEST_POSTGRES_URL`` and dropped afterwards)."""
    yield from empty_database(request.param, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(request, tmp_path_factory) -> Iterator[str]:
    """As ``database_url``, shared by the tests of one module."""
    yield from empty_database(request.param, tmp_path_factory.mktemp("db"))


@contextlib.contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """Create a database with a unique name on ``server_url``'s server; yield its URL;
    drop it, closing whatever connections the test left open."""
    import sqlalchemy as sa

    server = sa.engine.make_url(server_url)
    name = f"chancery_test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
