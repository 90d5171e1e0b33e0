"""Emerging themes: a theme planted in one period is found, named and deterministic."""

import datetime as dt

import pandas as pd
import pytest

from analysis.discovery import (
    DiscoveryError,
    Period,
    default_stopwords_path,
    discover_themes,
    emerging,
    load_stopwords,
)

BACKGROUND = [
    "The ministers discussed tariffs on steel and aluminium exports.",
    "Negotiators met again over the nuclear programme and uranium enrichment.",
    "The summit ended with a pledge on climate finance and emissions.",
    "Border guards reported shelling along the disputed frontier overnight.",
    "The central bank raised interest rates to curb inflation.",
    "Delegates argued over fishing quotas in northern waters.",
    "Steel exports fell after the tariffs took effect.",
    "Inspectors visited the enrichment plant under the nuclear deal.",
    "Climate envoys sought new pledges on emissions and finance.",
    "Shelling resumed along the frontier despite the truce.",
    "Interest rates and inflation dominated the finance talks.",
    "The fishing quotas dispute went to arbitration in northern waters.",
]
PLANTED = [
    "Desert locust swarms destroyed crops across the eastern provinces.",
    "Farmers said the locust swarms had stripped their fields bare.",
    "Aid agencies warned that locust swarms threaten the harvest.",
    "Spraying teams tried to stop the desert locust before the rains.",
]


def corpus(planted_tagged: bool = False) -> pd.DataFrame:
    rows = []
    for month in range(1, 13):
        for i, text in enumerate(BACKGROUND[month % 3 :: 3]):
            rows.append((month * 100 + i, 0, dt.date(2021, month, 1), text, ()))
        if month >= 10:
            for i, text in enumerate(PLANTED):
                topics = ("food-security",) if planted_tagged else ()
                rows.append((month * 100 + 50 + i, 0, dt.date(2021, month, 15), text, topics))
    frame = pd.DataFrame(rows, columns=["article_id", "sentence", "date", "text", "topic_ids"])
    return frame.assign(title="t", source="s")


STOPWORDS = load_stopwords(default_stopwords_path())
LATE = Period(dt.date(2021, 10, 1), dt.date(2021, 12, 31))


def test_the_planted_theme_emerges_first():
    themes = discover_themes(corpus(), LATE, STOPWORDS, n_themes=8)
    top = emerging(themes).iloc[0]
    assert any("locust" in term for term in top["terms"][:3])
    assert top["growth"] > 3
    assert top["rest_share"] < 0.01
    assert all("locust" in example["text"].lower() for example in top["examples"])
    assert {e["date"].month for e in top["examples"]} <= {10, 11, 12}


def test_discovery_is_deterministic():
    first = discover_themes(corpus(), LATE, STOPWORDS, n_themes=8)
    second = discover_themes(corpus().sample(frac=1.0, random_state=3).sort_index(), LATE,
                             STOPWORDS, n_themes=8)  # fmt: skip
    pd.testing.assert_frame_equal(first, second)


def test_a_theme_the_taxonomy_covers_is_flagged_and_hidden():
    themes = discover_themes(
        corpus(planted_tagged=True), LATE, STOPWORDS, {"food-security": "Food"}, n_themes=8
    )
    locusts = themes[themes["terms"].map(lambda terms: any("locust" in t for t in terms))]
    assert locusts.iloc[0]["covered"]
    assert locusts.iloc[0]["overlap_label"] == "Food"
    assert not any("locust" in " ".join(terms) for terms in emerging(themes)["terms"])
    assert len(emerging(themes, include_covered=True)) > len(emerging(themes))


def test_persons_names_are_left_out_of_the_terms():
    frame = corpus()
    frame = frame.assign(
        text="Ambassador Zorbanek said " + frame["text"],
        person_spans=[((11, 20),)] * len(frame),
    )
    themes = discover_themes(frame, LATE, STOPWORDS, n_themes=8)
    assert not any("zorbanek" in " ".join(terms) for terms in themes["terms"])


@pytest.mark.parametrize(
    "period",
    [Period(dt.date(2030, 1, 1), dt.date(2030, 12, 31)), Period(dt.date(2020, 1, 1),
                                                                dt.date(2022, 1, 1))],
)  # fmt: skip
def test_a_period_with_nothing_to_compare_raises(period):
    with pytest.raises(DiscoveryError):
        discover_themes(corpus(), period, STOPWORDS)
