"""A small synthetic corpus stored through ``analysis.store`` for query and chart tests.

Five articles, known by heart so that tests can state exact counts:

====  ==========  =======  ==================  ==============================================
id    date        source   topics              actors (quotes)
====  ==========  =======  ==================  ==============================================
1     2020-01-06  Dawn     kashmir             Qureshi (1 direct, starts with "="), Pakistan, India
2     2020-01-08  Reuters  kashmir, sanctions  Qureshi, India, Jaishankar (1 indirect)
3     2020-02-10  Reuters  sanctions           Pompeo (1 direct), Iran
4     2020-03-02  Dawn     -                   Qureshi (1 direct), Pompeo; a meeting of the two
5     undated     Blog     -                   Pakistan
====  ==========  =======  ==================  ==============================================
"""

from __future__ import annotations

import datetime as dt

from analysis.models import (
    Analysis,
    Article,
    ArticleActor,
    Interaction,
    Mention,
    Quote,
    TopicHit,
)
from analysis.store import open_engine, store_analyses

TOPICS = [
    {"id": "kashmir", "label": "Kashmir", "description": "", "parent": None},
    {"id": "sanctions", "label": "Sanctions", "description": "", "parent": None},
]
PEOPLE = {
    "Shah Mehmood Qureshi": ("PERSON", "Foreign Minister"),
    "Subrahmanyam Jaishankar": ("PERSON", "External Affairs Minister"),
    "Mike Pompeo": ("PERSON", "Secretary of State"),
    "Pakistan": ("COUNTRY", None),
    "India": ("COUNTRY", None),
    "Iran": ("COUNTRY", None),
}


def key_of(name: str) -> str:
    return f"{PEOPLE[name][0]}:{name.lower()}"


def make_analysis(
    sentences: list[str],
    date: dt.date | None,
    source: str,
    topics: dict[str, tuple[int, ...]] = {},  # noqa: B006 - read only
    quotes: list[tuple[str, str, str]] = (),
    interactions: list[tuple[str, str, str, dt.date | None]] = (),
) -> Analysis:
    """An analysis of the article made of ``sentences``; actors are found by their names."""
    text = "\n\n".join(sentences)
    spans, offset = [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence)))
        offset += len(sentence) + 2
    mentions, found = [], {}
    for name, (kind, role) in PEOPLE.items():
        start = text.find(name)
        while start >= 0:
            index = next(i for i, (s, e) in enumerate(spans) if s <= start < e)
            mentions.append(Mention(key_of(name), name, start, start + len(name), index))
            actor = found.setdefault(
                name,
                ArticleActor(key_of(name), name, kind, {name}, {role} if role else set()),
            )
            actor.mentions += 1
            start = text.find(name, start + 1)
    quote_records = []
    for speaker, words, kind in quotes:
        start = text.index(words)
        index = next(i for i, (s, e) in enumerate(spans) if s <= start < e)
        quote_records.append(
            Quote(words, start, start + len(words), key_of(speaker), speaker, "PERSON", kind,
                  cue="say", channel="statement" if kind == "direct" else None, sentence=index)
        )  # fmt: skip
    article = Article(text, sentences[0][:60], date, source, f"https://example.org/{source}",
                      f"test:{source}:{date}")  # fmt: skip
    return Analysis(
        article=article,
        actors=list(found.values()),
        mentions=mentions,
        quotes=quote_records,
        topics=[TopicHit(t, t.title(), len(ix), ix) for t, ix in topics.items()],
        sentences=spans,
        interactions=[
            Interaction(a, b, kind, when, "Islamabad", text, key_of(a), key_of(b))
            for a, b, kind, when in interactions
        ],
    )


def small_corpus() -> list[Analysis]:
    return [
        make_analysis(
            ["Shah Mehmood Qureshi spoke of Kashmir and India.",
             "=1+1 is what Qureshi wrote, said Shah Mehmood Qureshi of Pakistan."],
            dt.date(2020, 1, 6), "Dawn", {"kashmir": (0,)},
            quotes=[("Shah Mehmood Qureshi", "=1+1 is what Qureshi wrote", "direct")],
        ),
        make_analysis(
            ["India and Shah Mehmood Qureshi disagreed about Kashmir sanctions.",
             "Subrahmanyam Jaishankar said that talks were not possible."],
            dt.date(2020, 1, 8), "Reuters", {"kashmir": (0,), "sanctions": (0,)},
            quotes=[("Subrahmanyam Jaishankar", "talks were not possible", "indirect")],
        ),
        make_analysis(
            ["Mike Pompeo announced sanctions on Iran.",
             "We will act with resolve, said Mike Pompeo."],
            dt.date(2020, 2, 10), "Reuters", {"sanctions": (0,)},
            quotes=[("Mike Pompeo", "We will act with resolve", "direct")],
        ),
        make_analysis(
            ["Shah Mehmood Qureshi met Mike Pompeo in Islamabad on Sunday.",
             "A good meeting, said Shah Mehmood Qureshi."],
            dt.date(2020, 3, 2), "Dawn",
            quotes=[("Shah Mehmood Qureshi", "A good meeting", "direct")],
            interactions=[("Shah Mehmood Qureshi", "Mike Pompeo", "meeting", dt.date(2020, 3, 1))],
        ),
        make_analysis(["Pakistan held a holiday."], None, "Blog"),
    ]  # fmt: skip


def build_small_corpus(url: str):
    """An engine on ``url`` holding :func:`small_corpus`."""
    engine = open_engine(url)
    summary = store_analyses(engine, small_corpus(), TOPICS)
    assert len(summary.new) == 5
    return engine
