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
        # Written on a Sunday, "last Sunday" is a week before, "Sunday" the day itself.
        ("last Sunday", dt.date(2020, 1, 12)),
        ("last Friday", dt.date(2020, 1, 17)),
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
    found = interactions_of("Shah Mehmood Qureshi discussed trade with the top US diplomat.")
    assert not any("United States" in {i.a, i.b} for i in found)


@pytest.mark.parametrize(
    "text, pairs, kind",
    [
        # Passive with an agent: every subject met the agent.
        (
            "Kim Yo Jong and Kim Yong Nam were received by Moon Jae-in in Seoul on Saturday.",
            [{"Kim Yo Jong", "Moon Jae-in"}, {"Kim Yong Nam", "Moon Jae-in"}],
            "meeting",
        ),
        # A noun of encounter owned by a pronoun.
        (
            "Sushma Swaraj said she had raised the visa question in her talks with Mike Pompeo.",
            [{"Sushma Swaraj", "Mike Pompeo"}],
            "talks",
        ),
        # The two subjects of "held talks" met each other.
        (
            "Sheikh Hasina and Narendra Modi held talks in Dhaka yesterday.",
            [{"Hasina", "Narendra Modi"}],
            "talks",
        ),
        # Several people met one more: every pair.
        (
            "Sauli Niinisto and Magdalena Andersson met with Jens Stoltenberg in Madrid.",
            [
                {"Sauli Niinisto", "Jens Stoltenberg"},
                {"Magdalena Andersson", "Jens Stoltenberg"},
                {"Sauli Niinisto", "Magdalena Andersson"},
            ],
            "meeting",
        ),
        (
            "A call between Joe Biden and Xi Jinping lasted two hours.",
            [{"Joe Biden", "Xi Jinping"}],
            "call",
        ),
        # A plural pronoun standing for the two people just named.
        (
            "Antony Blinken warned Sergei Lavrov of the costs when they spoke by phone.",
            [{"Antony Blinken", "Sergei Lavrov"}],
            "call",
        ),
        # An agreement signed or struck with someone.
        (
            "Shehbaz Sharif signed an agreement with Narendra Modi.",
            [{"Shehbaz Sharif", "Narendra Modi"}],
            "agreement",
        ),
        (
            "Joe Biden struck a deal with Angela Merkel on the pipeline.",
            [{"Joe Biden", "Angela Merkel"}],
            "agreement",
        ),
        # A capital stands for the country visited.
        (
            "Volodymyr Zelensky flew to Washington on Wednesday.",
            [{"Volodymyr Zelensky", "United States"}],
            "visit",
        ),
        (
            "Narendra Modi signed five agreements during his visit to Bangladesh.",
            [{"Narendra Modi", "Bangladesh"}],
            "visit",
        ),
        # A meeting held in the capital of another country than the visitor's own.
        (
            "US House Speaker Nancy Pelosi met Tsai Ing-wen in Taipei.",
            [{"Nancy Pelosi", "Taiwan"}],
            "visit",
        ),
    ],
)
def test_more_ways_of_reporting_an_encounter(interactions_of, text, pairs, kind):
    found = interactions_of(text)
    for pair in pairs:
        assert any({i.a, i.b} == pair and i.type == kind for i in found), (pair, found)


@pytest.mark.parametrize(
    "text, visits",
    [
        # The lead happens where the dateline puts it.
        (
            "TAIPEI (Wire) — US House Speaker Nancy Pelosi met Tsai Ing-wen on Wednesday.",
            {("Nancy Pelosi", "Taiwan")},
        ),
        # Not a call, nor a later paragraph, nor a place the text names itself.
        ("TAIPEI — US House Speaker Nancy Pelosi called Tsai Ing-wen on Wednesday.", set()),
        (
            "TAIPEI — Officials spoke.\n\nUS House Speaker Nancy Pelosi met Tsai Ing-wen.",
            set(),
        ),
        (
            "TAIPEI — US House Speaker Nancy Pelosi met Tsai Ing-wen in Tokyo.",
            {("Nancy Pelosi", "Japan")},
        ),
    ],
)
def test_the_dateline_places_the_lead(interactions_of, text, visits):
    found = interactions_of(text)
    assert {(i.a, i.b) for i in found if i.type == "visit"} == visits


@pytest.mark.parametrize(
    "text",
    [
        "Joe Biden will meet Vladimir Putin in Geneva next month.",
        "Antony Blinken is due to visit India in March.",
        "The meeting between Joe Biden and Xi Jinping is going to be on Friday.",
        # Speaking at the same event is no conversation between the speakers.
        "Joe Biden and Kamala Harris spoke at the ceremony.",
    ],
)
def test_planned_encounters_and_speeches_are_left_out(interactions_of, text):
    assert interactions_of(text) == []


def test_a_third_person_is_not_a_party(interactions_of):
    found = interactions_of("Emmanuel Macron praised the talks between Olaf Scholz and Joe Biden.")
    assert {frozenset((i.a, i.b)) for i in found} == {frozenset(("Olaf Scholz", "Joe Biden"))}


def test_the_verb_list_is_data():
    lexicon = load_interaction_lexicon()
    assert lexicon.verbs["receive"][""] == "meeting"
    assert lexicon.verbs["speak"]["with"] == "call"


def test_a_pronoun_takes_the_subject_before_it(interactions_of):
    found = interactions_of("Joe Biden met Emmanuel Macron when he visited Paris.")
    visits = {(i.a, i.b) for i in found if i.type == "visit"}
    assert visits == {("Joe Biden", "France")}
