"""Ingests killed part-way, ingests side by side, and reading while an ingest writes.

Killing: ``python -m analysis ingest`` over 200 synthetic articles is killed with
SIGKILL at a random moment, 50 times (seeded). After each kill the database must
pass ``PRAGMA integrity_check`` and every stored article must have all its rows (as
many quotes, mentions, sentences, actors, topics and interactions as in a reference
ingest of the same files), or not be stored at all. Each killed ingest is resumed by
the next run on the same database, so the runs also check that re-running completes
the rest without duplicates; a database found complete starts a new chain.

Side by side: two upload paths (``analysis.ingest.ingest_loaded``, each with its
own engine, as two dashboard sessions run it) store different articles into one
database at once, on SQLite and on PostgreSQL (``database_url``); and a CLI ingest
writes while the queries of the dashboard run in a loop. No "database is locked"
may reach anyone, and nothing may be lost.

The kills and the reading during an ingest run on SQLite only: they test what
SQLite leaves in its file (``PRAGMA integrity_check``) and its single-writer locks
under WAL, where a PostgreSQL server keeps its own crash safety and readers never
wait for a writer.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import PROJECT_ROOT
from synthetic import write_synthetic_articles

from analysis import queries
from analysis.ingest import ingest_loaded
from analysis.loaders import load_paths
from analysis.queries import Filters
from analysis.store import articles, open_engine

ARTICLES = 200
KILLS = 50
SEED = 20240611
#: Articles per transaction (and spaCy batch) in the killed ingests: many commits to cut.
BATCH = 4
#: Kills run two at a time, on two chains of databases, one per core of a CI machine.
CHAINS = 2
#: Rows that belong to one article, counted per article.
CHILD_TABLES = ("quotes", "mentions", "sentences", "article_actors", "article_topics",
                "interactions", "sentence_topics")  # fmt: skip


def ingest_command(inputs: Path, database: Path) -> list[str]:
    return [
        sys.executable, "-m", "analysis", "ingest", str(inputs),
        "--db", f"sqlite:///{database}", "--batch-size", str(BATCH), "--quiet",
    ]  # fmt: skip


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def rows_per_article(database: Path) -> dict[str, tuple[int, ...]]:
    """Article identity -> its row count in each of CHILD_TABLES."""
    counts = ", ".join(
        f"(SELECT count(*) FROM {table} t WHERE t.article_id = a.id)" for table in CHILD_TABLES
    )
    with sqlite3.connect(database) as conn:
        rows = conn.execute(f"SELECT a.identity, {counts} FROM articles a").fetchall()
    conn.close()
    return {row[0]: tuple(row[1:]) for row in rows}


def check_database(database: Path, reference: dict[str, tuple[int, ...]]) -> int:
    """Assert integrity, whole articles only and no duplicate; return the articles stored."""
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT identity) FROM articles"
        ).fetchone()
    conn.close()
    assert total == distinct
    stored = rows_per_article(database)
    for identity, counts in stored.items():
        assert counts == reference[identity], f"article {identity} is stored in part"
    return total


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The 200 articles as files, and per article the rows of an uninterrupted ingest."""
    root = tmp_path_factory.mktemp("durability")
    inputs = root / "inputs"
    write_synthetic_articles(inputs, ARTICLES)
    database = root / "reference.db"
    started = time.monotonic()
    done = subprocess.run(
        ingest_command(inputs, database), env=child_env(), capture_output=True, text=True
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    reference = rows_per_article(database)
    assert len(reference) == ARTICLES
    assert sum(counts[0] for counts in reference.values()) >= ARTICLES  # quotes were found
    started = time.monotonic()
    again = subprocess.run(
        ingest_command(inputs, database), env=child_env(), capture_output=True, text=True
    )
    startup = time.monotonic() - started  # nothing new: start-up, model and planning only
    assert again.returncode == 0 and again.stdout.startswith("0 new article(s), 200 duplicate")
    return {"root": root, "inputs": inputs, "reference": reference,
            "seconds": seconds, "startup": startup}  # fmt: skip


def kill_chain(corpus: dict, chain: int, kills: int, rng: random.Random, log: list) -> None:
    """Run ingests on a chain of databases, killing ``kills`` of them part-way."""
    reference = corpus["reference"]
    generation = 0
    database = corpus["root"] / f"chain{chain}-{generation}.db"
    killed = 0
    while killed < kills:
        process = subprocess.Popen(
            ingest_command(corpus["inputs"], database),
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # From just before the model is loaded to the end of a whole ingest.
        delay = rng.uniform(0.6 * corpus["startup"], corpus["seconds"] + 1.0)
        try:
            _, err = process.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.communicate()
            killed += 1
            stored = check_database(database, reference) if database.exists() else 0
            log.append((chain, generation, round(delay, 2), "killed", stored))
            continue
        assert process.returncode == 0, err.decode()
        stored = check_database(database, reference)
        log.append((chain, generation, round(delay, 2), "finished", stored))
        assert stored == ARTICLES  # the run completed what the killed ones left
        generation += 1
        database = corpus["root"] / f"chain{chain}-{generation}.db"
    # The last database of the chain, completed by one more run.
    finished = subprocess.run(
        ingest_command(corpus["inputs"], database), env=child_env(), capture_output=True
    )
    assert finished.returncode == 0, finished.stderr.decode()
    assert check_database(database, reference) == ARTICLES
    log.append((chain, generation, None, "completed", ARTICLES))


@pytest.mark.slow
def test_ingests_killed_at_random_leave_whole_articles_and_resume(corpus):
    rng = random.Random(SEED)
    seeds = [rng.randrange(2**32) for _ in range(CHAINS)]
    log: list[tuple] = []
    failures: list[BaseException] = []

    def run(chain: int) -> None:
        try:
            kill_chain(corpus, chain, KILLS // CHAINS, random.Random(seeds[chain]), log)
        except BaseException as error:  # handed to the test's thread below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(chain,)) for chain in range(CHAINS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    kills = [entry for entry in log if entry[3] == "killed"]
    assert len(kills) == KILLS
    # The kills fell before, during and after the commits: some left nothing, some a part.
    partial = [entry for entry in kills if 0 < entry[4] < ARTICLES]
    assert len(partial) >= KILLS // 4, log
    print(
        f"reference ingest {corpus['seconds']:.1f} s, start-up {corpus['startup']:.1f} s; "
        f"{len(kills)} kills, {len(partial)} left a part stored"
    )


# --- at once --------------------------------------------------------------------------------


def test_two_uploads_at_once_store_everything(analyzer, tmp_path, database_url):
    """Two sessions' upload paths, each with its own engine, into one database."""
    url = database_url
    for side in ("left", "right"):
        write_synthetic_articles(tmp_path / side, 30, seed=len(side), prefix=side)
    loaded = {side: load_paths([tmp_path / side]) for side in ("left", "right")}
    start = threading.Barrier(2)
    reports: dict[str, object] = {}
    errors: list[BaseException] = []

    def upload(side: str) -> None:
        engine = open_engine(url)
        try:
            start.wait()
            reports[side] = ingest_loaded(engine, analyzer, loaded[side], batch_size=2)
        except BaseException as error:
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=upload, args=(side,)) for side in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = {a.origin for side in loaded.values() for a in side.articles}
    assert len(expected) == 60
    assert {o for r in reports.values() for o in r.new} == expected
    engine = open_engine(url)
    with engine.connect() as conn:
        stored = set(conn.execute(sa.select(articles.c.origin)).scalars())
    engine.dispose()
    assert stored == expected


def test_the_dashboard_queries_run_while_the_cli_ingests(tmp_path):
    inputs = tmp_path / "inputs"
    write_synthetic_articles(inputs, ARTICLES, seed=11)
    database = tmp_path / "busy.db"
    url = f"sqlite:///{database}"
    engine = open_engine(url)  # the schema exists before either side starts
    process = subprocess.Popen(
        ingest_command(inputs, database),
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    everything = Filters()
    rounds = 0
    seen_growth = set()
    while process.poll() is None:
        summary = queries.corpus_summary(engine, everything)
        queries.top_actors(engine, everything, 10)
        queries.quotes_frame(engine, everything, (), (), "")
        queries.article_volume(engine, everything, "month")
        queries.latest_articles(engine, everything, 10)
        seen_growth.add(int(summary.iloc[0]["articles"]))
        rounds += 1
    out, err = process.communicate()
    assert process.returncode == 0, err
    assert "locked" not in out + err
    assert out.startswith(f"{ARTICLES} new article(s)")
    assert int(queries.corpus_summary(engine, everything).iloc[0]["articles"]) == ARTICLES
    engine.dispose()
    assert rounds > 5 and len(seen_growth) > 2, "the queries ran while articles were added"
