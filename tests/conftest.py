"""Shared fixtures: one spaCy pipeline per session, paths to the shared corpora, and
an empty database per test on each backend (``database_url``)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory, analyzer) -> str:
    """A SQLite database holding the demo corpus (data/sample), ingested once per session."""
    from analysis.ingest import ingest_loaded
    from analysis.loaders import load_paths
    from analysis.settings import SAMPLE_DIR
    from analysis.store import open_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    engine = open_engine(url)
    report = ingest_loaded(engine, analyzer, load_paths([SAMPLE_DIR]))
    engine.dispose()
    assert report.new, "the demo corpus yielded no article"
    return url


def _empty_database(backend: str, folder: Path) -> Iterator[str]:
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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database of its own for one test, on SQLite (a file under
    ``tmp_path``) and on PostgreSQL (a database created on the server named by
    ``CHANCERY_TEST_POSTGRES_URL`` and dropped afterwards)."""
    yield from _empty_database(request.param, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(request, tmp_path_factory) -> Iterator[str]:
    """As ``database_url``, shared by the tests of one module."""
    yield from _empty_database(request.param, tmp_path_factory.mktemp("db"))


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
