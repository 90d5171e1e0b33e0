"""Two processes storing the same articles into one database at the same moment.

Each stores the same 20 synthetic analyses (no NLP), two per transaction, one in
order and one in reverse, starting together from a database without tables: every
article must end up stored exactly once, reported new by exactly one process, and
no actor may be created twice, spelling variants included. On SQLite and PostgreSQL
(``database_url``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import traceback
from collections import Counter

import sqlalchemy as sa

from analysis import store
from analysis.ingest import IngestReport, store_batch
from analysis.models import Analysis, Article, ArticleActor, Mention, Quote, TopicHit

TOPICS = [{"id": "kashmir", "label": "Kashmir", "description": "", "parent": None}]
ARTICLE_COUNT = 20
#: Each person under two spellings that the corpus resolver merges into one actor.
PEOPLE = [
    ("Shah Mehmood Qureshi", "Shah Mahmood Qureshi", "Foreign Minister"),
    ("Subrahmanyam Jaishankar", "S. Jaishankar", "External Affairs Minister"),
    ("Mike Pompeo", "Michael R. Pompeo", "Secretary of State"),
    ("Zalmay Khalilzad", "Zalmay Khalilzad", "Special Representative"),
]
COUNTRIES = [("COUNTRY:PK", "Pakistan"), ("COUNTRY:IN", "India"), ("COUNTRY:US", "United States")]
BATCH = 2
SECONDS = 120


def synthetic_analysis(number: int) -> Analysis:
    """Article ``number``: a person (in one of two spellings) quoted, and a country."""
    first, variant, role = PEOPLE[number % len(PEOPLE)]
    name = variant if number % 2 else first
    country_key, country = COUNTRIES[number % len(COUNTRIES)]
    text = f"{name} said on day {number} that talks with {country} would go on."
    key = "PERSON:" + name.lower()
    surname = name.split()[-1]
    return Analysis(
        article=Article(
            text=text,
            title=f"Talks, day {number}",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=number),
            source="Synthetic Wire",
            url=None,
            origin=f"synthetic.jsonl#{number}",
        ),
        actors=[
            ArticleActor(
                key=key, name=name, type="PERSON", aliases={name, surname}, roles={role}, mentions=1
            ),
            ArticleActor(
                key=country_key, name=country, type="COUNTRY", aliases={country}, mentions=1
            ),
        ],
        mentions=[
            Mention(actor_key=key, surface=name, start=0, end=len(name), sentence=0),
            Mention(
                actor_key=country_key,
                surface=country,
                start=text.index(country),
                end=text.index(country) + len(country),
                sentence=0,
            ),
        ],
        quotes=[
            Quote(
                text=text[len(name) + 6 :],
                start=len(name) + 6,
                end=len(text),
                speaker_key=key,
                speaker=name,
                speaker_type="PERSON",
                kind="indirect",
                cue="say",
            )
        ],
        topics=[TopicHit(topic_id="kashmir", label="Kashmir", sentences=1, sentence_indexes=(0,))],
        sentences=[(0, len(text))],
    )


def synthetic_analyses() -> list[Analysis]:
    return [synthetic_analysis(number) for number in range(ARTICLE_COUNT)]


def store_in_turns(url: str, reverse: bool, start, results) -> None:
    """One writer process: open the database, wait for the other, store two at a time.

    Puts ``("done", new origins, duplicate origins)`` or ``("error", traceback)``.
    """
    try:
        analyses = synthetic_analyses()
        if reverse:
            analyses.reverse()
        start.wait(timeout=SECONDS)
        engine = store.open_engine(url)
        report = IngestReport()
        for first in range(0, len(analyses), BATCH):
            store_batch(engine, analyses[first : first + BATCH], TOPICS, report)
        engine.dispose()
        results.put(("done", report.new, report.duplicates))
    except BaseException:
        results.put(("error", traceback.format_exc()))
        raise


def contents(engine) -> dict[str, Counter]:
    """What the database holds, without ids or times: articles, actors with their aliases
    and roles, and how often each is named, quoted and linked to an article."""
    with engine.connect() as conn:
        actor_names = dict(conn.execute(sa.select(store.actors.c.id, store.actors.c.name)).all())
        return {
            "articles": Counter(conn.execute(sa.select(store.articles.c.identity)).scalars()),
            "actor types": Counter(conn.execute(sa.select(store.actors.c.type)).scalars()),
            "aliases": Counter(
                {
                    (actor_names[row.actor_id].split()[-1], row.alias): row.count
                    for row in conn.execute(sa.select(store.aliases))
                }
            ),
            "roles": Counter({row.role: row.count for row in conn.execute(sa.select(store.roles))}),
            "article actors": Counter(
                actor_names[actor_id].split()[-1]
                for actor_id in conn.execute(sa.select(store.article_actors.c.actor_id)).scalars()
            ),
            "quotes": Counter(conn.execute(sa.select(store.quotes.c.text)).scalars()),
            "mentions": Counter(conn.execute(sa.select(store.mentions.c.surface)).scalars()),
        }


def test_two_processes_storing_the_same_articles_store_each_once(database_url, tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    writers = [
        context.Process(target=store_in_turns, args=(database_url, reverse, start, results))
        for reverse in (False, True)
    ]
    for writer in writers:
        writer.start()
    outcomes = []
    try:
        for _ in writers:
            outcomes.append(results.get(timeout=SECONDS))
    except queue.Empty:
        outcomes.append(("error", "a writer process gave no result"))
    finally:
        for writer in writers:
            writer.join(timeout=SECONDS)
            if writer.is_alive():
                writer.kill()
    errors = [outcome[1] for outcome in outcomes if outcome[0] == "error"]
    assert not errors, "\n".join(errors)
    assert [writer.exitcode for writer in writers] == [0, 0]

    origins = {a.article.origin for a in synthetic_analyses()}
    new = [origin for _, stored, _ in outcomes for origin in stored]
    duplicates = [origin for _, _, skipped in outcomes for origin in skipped]
    assert sorted(new) == sorted(origins), "each article is new to exactly one process"
    assert sorted(duplicates) == sorted(origins), "and a duplicate to the other"

    engine = store.open_engine(database_url)
    concurrent = contents(engine)
    engine.dispose()
    # The reference, on SQLite whatever the backend under test.
    one_by_one = store.open_engine(f"sqlite:///{tmp_path / 'one-by-one.db'}")
    store.store_analyses(one_by_one, synthetic_analyses(), TOPICS)
    expected = contents(one_by_one)
    one_by_one.dispose()
    assert sum(concurrent["articles"].values()) == ARTICLE_COUNT
    assert concurrent == expected
    assert concurrent["actor types"] == Counter({"PERSON": len(PEOPLE), "COUNTRY": len(COUNTRIES)})
