"""The article the project grew from, analysed end to end (skipped without ../shared)."""

import pytest

from analysis.loaders import load_paths


@pytest.fixture(scope="module")
def seed(seed_path, analyzer):
    loaded = load_paths([seed_path])
    assert len(loaded.articles) == 1, loaded.rejections
    article = loaded.articles[0]
    return next(analyzer.analyse([article]))


def person_holding(analysis, alias):
    found = [a for a in analysis.actors if a.type == "PERSON" and alias in a.aliases]
    assert len(found) == 1, f"{alias!r} is held by {[a.name for a in found]}"
    return found[0]


def quote_containing(analysis, words):
    found = [q for q in analysis.quotes if words in q.text]
    assert found, f"no quote contains {words!r}"
    return found[0]


def test_date_is_read_from_the_first_line(seed):
    assert seed.article.date.isoformat() == "2020-01-19"


@pytest.mark.parametrize(
    "aliases",
    [
        ("Mike Pompeo", "Michael R. Pompeo", "Pompeo", "@SecPompeo"),
        ("Shah Mehmood Qureshi", "Shah Mahmood Qureshi", "Qureshi"),
        ("Qassem Soleimani", "Qasem Soleimani"),
    ],
)
def test_name_variants_are_one_person(seed, aliases):
    holders = {person_holding(seed, alias).key for alias in aliases}
    assert len(holders) == 1


def test_morgan_ortagus_is_a_person(seed):
    assert person_holding(seed, "Morgan Ortagus").type == "PERSON"


def test_countries(seed):
    countries = {a.name for a in seed.actors if a.type == "COUNTRY"}
    assert {"Pakistan", "United States", "Iran", "Afghanistan", "Iraq", "Saudi Arabia"} <= countries


@pytest.mark.parametrize(
    "words, speaker_alias",
    [
        ("In my meeting today", "Qureshi"),
        ("The convergence between Pakistan", "Qureshi"),
        ("countering Iranian aggression", "Pompeo"),
        ("Michael R. Pompeo met", "Morgan Ortagus"),
        ("maximum restraint", "Qureshi"),
    ],
)
def test_quote_speakers(seed, words, speaker_alias):
    quote = quote_containing(seed, words)
    assert quote.speaker_key == person_holding(seed, speaker_alias).key


def test_quote_offsets_point_at_the_quote(seed):
    for quote in seed.quotes:
        assert seed.article.text[quote.start : quote.end] == quote.text


def test_topics(seed):
    labels = {t.label for t in seed.topics}
    assert {"Afghan peace process", "Kashmir", "Iran–US tensions", "Trade and investment"} <= labels


def test_the_meeting_is_dated_to_the_friday_before(seed):
    meetings = [i for i in seed.interactions if i.type == "meeting" and i.date is not None]
    pair = {"Mike Pompeo", "Shah Mehmood Qureshi", "Shah Mahmood Qureshi"}
    assert any({i.a, i.b} <= pair and i.date.isoformat() == "2020-01-17" for i in meetings)
