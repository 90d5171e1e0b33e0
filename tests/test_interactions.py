"""Encounters between actors, and dates read relative to publication."""

import datetime as dt

import pytest

from analysis.actors import extract_actors, load_actor_lexicon
from analysis.interactions import extract_interactions, load_interaction_lexicon, resolve_date

PUBLISHED = dt.date(2020, 1, 19)  # a Sunday


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("Friday", dt.date(2020, 1, 17)),
        ("on Friday", dt.date(2020, 1, 17)),
        ("Sunday", dt.date(2020, 1, 19)),
        ("yesterday", dt.date(2020, 1, 18)),
        ("today", dt.date(2020, 1, 19)),
        ("17 January 2020", dt.date(2020, 1, 17)),
        ("January 17", dt.date(2020, 1, 17)),
        ("December 30", dt.date(2019, 12, 30)),
        ("last week", None),
        ("earlier this month", None),
    ],
)
def test_resolve_date(expression, expected):
    assert resolve_date(expression, PUBLISHED) == expected


@pytest.fixture(scope="module")
def interactions_of(nlp):
    actor_lexicon, lexicon = load_actor_lexicon(), load_interaction_lexicon()

    def run(text):
        doc = nlp(text)
        return extract_interactions(doc, extract_actors(doc, actor_lexicon), PUBLISHED, lexicon)

    return run


@pytest.mark.parametrize(
    "text, pair, kind",
    [
        ("Antony Blinken met Wang Yi in Rome on Friday.", {"Antony Blinken", "Wang Yi"}, "meeting"),
        (
            "Imran Khan held talks with Mohammed bin Salman in Riyadh.",
            {"Imran Khan", "Mohammed bin Salman"},
            "talks",
        ),
        ("Joe Biden called Vladimir Putin on Thursday.", {"Joe Biden", "Vladimir Putin"}, "call"),
        ("Narendra Modi visited France last year.", {"Narendra Modi", "France"}, "visit"),
    ],
)
def test_encounters(interactions_of, text, pair, kind):
    found = interactions_of(text)
    assert any({i.a, i.b} == pair and i.type == kind for i in found), found


def test_date_and_place_of_a_meeting(interactions_of):
    found = interactions_of("Antony Blinken met Wang Yi in Rome on Friday.")
    assert (found[0].date, found[0].place) == (dt.date(2020, 1, 17), "Rome")


def test_a_role_is_not_a_country(interactions_of):
    found = interactions_of("Shah Mehmood Qureshi discussed Kashmir with the top US diplomat.")
    assert not any("United States" in {i.a, i.b} for i in found)
