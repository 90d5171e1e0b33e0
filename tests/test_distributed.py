"""Distributed ingestion on a local Dask cluster of 2 worker processes.

Ten short reports written for this test are ingested once in this process
(``ingest_loaded``) and once on the cluster (``ingest_distributed``, partitions
of two articles so that both workers take several and finish out of order); the
two databases must hold the same rows, ids and ingestion times aside. The
distributed side runs on SQLite and PostgreSQL (``database_url``); the reference
is SQLite's.
"""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from analysis import cli, store
from analysis.distributed import ClusterError, ingest_distributed
from analysis.ingest import ingest_loaded
from analysis.loaders import load_paths

pytestmark = pytest.mark.slow

REPORTS = [
    "2019-01-27 Doha. US envoy Zalmay Khalilzad met Taliban negotiators in Doha on Saturday. "
    '"We have moved forward on matters of substance," Khalilzad said. The Afghan peace '
    "process needs a ceasefire, he added.",
    "2019-02-28 Hanoi. President Donald Trump and North Korean leader Kim Jong Un ended their "
    'summit in Hanoi without an agreement. "Sometimes you have to walk," Trump told reporters.',
    "2019-03-01 Islamabad. Pakistan's Foreign Minister Shah Mehmood Qureshi said the captured "
    "Indian pilot would be released as a gesture of peace. Indian External Affairs Minister "
    "Sushma Swaraj welcomed the step.",
    "2019-04-22 Washington. Secretary of State Mike Pompeo announced that waivers for buyers of "
    'Iranian oil would end in May. "We are going to zero," Pompeo said of Iran\'s oil exports.',
    "2019-05-01 New York. The UN Security Council listed Masood Azhar as a terrorist. Shah Mahmood "
    "Qureshi said Pakistan had not changed its position on Kashmir.",
    "2019-06-30 Panmunjom. Trump met Kim Jong Un at the demilitarised zone and became the first "
    'sitting US president to step into North Korea. "It is a great day for the world," Trump said.',
    "2019-07-22 Washington. Prime Minister Imran Khan visited the White House, where Trump offered "
    'to mediate on Kashmir. "I would love to be a mediator," Trump said. Khan thanked him.',
    "2019-08-07 Islamabad. Pakistan downgraded diplomatic ties with India over Kashmir. Qureshi "
    "said the Indian High Commissioner would be expelled. India called the step unilateral.",
    "2019-08-16 New York. The Security Council held closed consultations on Kashmir at China's "
    "request. Chinese ambassador Zhang Jun said the situation was very tense and dangerous.",
    "2019-09-07 Washington. Trump called off secret talks with Taliban leaders at Camp David. "
    'Michael R. Pompeo said the Taliban "tried to gain leverage by conducting terror attacks".',
]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for number, report in enumerate(REPORTS, start=1):
        date, _, text = report.partition(" ")
        (folder / f"{number:02d}.txt").write_text(f" date {date} {text}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def single_process(reports, analyzer, tmp_path_factory):
    """What one process stores: the reference."""
    engine = store.open_engine(f"sqlite:///{tmp_path_factory.mktemp('single') / 'single.db'}")
    report = ingest_loaded(engine, analyzer, load_paths([reports]))
    rows = database_rows(engine)
    engine.dispose()
    return report, rows


def database_rows(engine) -> dict[str, Counter]:
    """Every table's rows with ids replaced by what they stand for (an article's identity,
    an actor's key) and ingestion times left out, as a multiset per table."""
    t = store
    with engine.connect() as conn:
        article = dict(conn.execute(sa.select(t.articles.c.id, t.articles.c.identity)).all())
        actor = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.key)).all())
        actor[None] = None

        def rows(table, ids: dict[str, dict], skip=("id", "ingested_at")) -> Counter:
            names = [c.name for c in table.columns if c.name not in skip]
            return Counter(
                tuple(ids[name][row[name]] if name in ids else row[name] for name in names)
                for row in conn.execute(sa.select(table)).mappings()
            )

        by_article, by_actor = {"article_id": article}, {"actor_id": actor}
        return {
            "articles": rows(t.articles, {}),
            "sentences": rows(t.sentences, by_article),
            "actors": rows(t.actors, {}),
            "aliases": rows(t.aliases, by_actor),
            "roles": rows(t.roles, by_actor),
            "article_actors": rows(t.article_actors, {**by_article, **by_actor}),
            "mentions": rows(t.mentions, {**by_article, **by_actor}),
            "quotes": rows(t.quotes, {**by_article, "speaker_id": actor}),
            "topics": rows(t.topics, {}, skip=()),
            "article_topics": rows(t.article_topics, by_article),
            "sentence_topics": rows(t.sentence_topics, by_article),
            "interactions": rows(t.interactions, {**by_article, "a_id": actor, "b_id": actor}),
        }


def test_analyses_travel_to_and_from_workers(analyzer, reports):
    loaded = load_paths([reports])
    analysis = next(analyzer.analyse(loaded.articles[:1]))
    assert pickle.loads(pickle.dumps(analysis)) == analysis


def test_the_cluster_stores_what_one_process_stores(cluster, reports, single_process, database_url):
    expected_report, expected_rows = single_process
    progress: list[tuple[int, int]] = []
    report = ingest_distributed(
        database_url,
        load_paths([reports]),
        cluster.scheduler_address,
        partition_size=2,
        batch_size=3,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert report.new == expected_report.new, "stored in input order"
    assert report.quotes == expected_report.quotes > 0
    assert progress == [(0, 10), (3, 10), (6, 10), (9, 10), (10, 10)]
    engine = store.open_engine(database_url)
    rows = database_rows(engine)
    engine.dispose()
    assert sum(rows["articles"].values()) == len(REPORTS)
    assert rows["quotes"] and rows["interactions"] and rows["article_topics"]
    for table, expected in expected_rows.items():
        assert rows[table] == expected, table


def test_ingest_command_on_the_cluster_skips_what_is_stored(cluster, reports, database_url, capsys):
    url = database_url
    address = cluster.scheduler_address
    assert cli.main(["ingest", str(reports), "--db", url, "--dask", address, "--quiet"]) == 0
    assert "10 new article(s), 0 duplicate(s)" in capsys.readouterr().out
    assert cli.main(["ingest", str(reports), "--db", url, "--dask", address, "--quiet"]) == 0
    assert "0 new article(s), 10 duplicate(s)" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_a_cluster_error(reports, tmp_path):
    # SQLite only: nothing is stored, the scheduler is the point.
    with pytest.raises(ClusterError, match="cannot reach a Dask scheduler"):
        ingest_distributed(
            f"sqlite:///{tmp_path / 'none.db'}",
            load_paths([reports]),
            "tcp://127.0.0.1:9",
            connect_timeout=2,
        )


def test_the_workers_tag_with_the_taxonomy_edited_in_the_database(
    cluster, reports, analyzer, database_url
):
    from analysis.taxonomy_store import save_topic
    from analysis.topics import Topic

    engine = store.open_engine(database_url)
    try:
        added = Topic("summit-walkouts", "Summit walkouts", "Talks ended early.", None, ("walk",))
        save_topic(engine, added, analyzer.topics)
        ingest_distributed(
            database_url, load_paths([reports]), cluster.scheduler_address, partition_size=2
        )
        with engine.connect() as conn:
            tagged = conn.execute(
                sa.select(store.articles.c.origin)
                .join(store.article_topics)
                .where(store.article_topics.c.topic_id == "summit-walkouts")
            ).scalars()
            assert [Path(origin).name for origin in tagged] == ["02.txt"]
    finally:
        engine.dispose()
