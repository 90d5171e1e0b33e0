"""Short synthetic news articles written by code, for ingests that are killed or run at once.

:func:`synthetic_articles` returns ``count`` distinct texts (seeded, so the same
every run), each a dated ``.txt`` article of a few sentences naming diplomats,
countries and places, with direct and reported quotes.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

PEOPLE = [
    ("Foreign Minister", "Shah Mehmood Qureshi", "Pakistan"),
    ("External Affairs Minister", "Subrahmanyam Jaishankar", "India"),
    ("Secretary of State", "Antony Blinken", "the United States"),
    ("Foreign Minister", "Wang Yi", "China"),
    ("Foreign Minister", "Sergei Lavrov", "Russia"),
    ("Foreign Minister", "Mohammad Javad Zarif", "Iran"),
    ("Special Representative", "Zalmay Khalilzad", "the United States"),
    ("Foreign Secretary", "Dominic Raab", "Britain"),
]
PLACES = ["Geneva", "Doha", "Vienna", "Muscat", "Islamabad", "New Delhi", "Moscow", "Beijing"]
TOPICS = ["the nuclear deal", "border talks", "trade tariffs", "the peace process", "sanctions"]
SAYINGS = [
    "We will not accept any pressure",
    "Dialogue remains the only way forward",
    "The door to diplomacy is still open",
    "Our patience has limits",
    "We made progress on matters of substance",
]


def synthetic_text(number: int, rng: random.Random) -> str:
    """Article ``number``: a dated meeting, a direct quote, a reported one, a topic."""
    (title_a, name_a, country_a), (title_b, name_b, country_b) = rng.sample(PEOPLE, 2)
    place, topic, saying = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(SAYINGS)
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(900))
    surname_a, surname_b = name_a.split()[-1], name_b.split()[-1]
    return (
        f"date {day.isoformat()} {surname_a} and {surname_b} meet in {place} (report {number})\n\n"
        f"{title_a} {name_a} of {country_a} met {title_b} {name_b} of {country_b} in "
        f"{place} on day {number} of the talks about {topic}.\n\n"
        f'"{saying}," {surname_a} told reporters after the meeting.\n\n'
        f"{surname_b} said that {country_b} wanted {topic} settled before the end of the year, "
        f"and that officials would meet again in {rng.choice(PLACES)}.\n"
    )


def synthetic_articles(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct article texts, the same for the same seed."""
    rng = random.Random(seed)
    return [synthetic_text(number, rng) for number in range(count)]


def write_synthetic_articles(folder: Path, count: int, seed: int = 7, prefix: str = "a") -> None:
    """Write ``count`` synthetic articles to ``folder`` as ``{prefix}000.txt``, ..."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(synthetic_articles(count, seed)):
        (folder / f"{prefix}{number:03d}.txt").write_text(text, encoding="utf-8")
