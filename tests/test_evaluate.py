"""The scoring behind the accuracy figures: matching, speaker judging, PolNeAR reading."""

import pytest

from analysis.evaluate import (
    GoldQuote,
    coverage,
    load_own_set,
    polnear_gold,
    same_speaker,
    score_quotes,
)
from analysis.models import Quote
from analysis.settings import DATA_DIR

DIRECT = frozenset({"direct"})


def quote(start, end, speaker="Antony Blinken", kind="direct"):
    return Quote(
        text="x" * (end - start),
        start=start,
        end=end,
        speaker_key=None,
        speaker=speaker,
        speaker_type="PERSON",
        kind=kind,
    )


def test_coverage_is_the_share_of_gold_characters():
    gold = GoldQuote(10, 20, "direct", "A")
    assert coverage(gold, 0, 15) == 0.5
    assert coverage(gold, 20, 30) == 0.0


def test_each_gold_quote_takes_its_best_unused_prediction():
    gold = [GoldQuote(0, 10, "direct", "Antony Blinken"), GoldQuote(20, 30, "direct", "Wang Yi")]
    predicted = [quote(0, 10), quote(0, 4), quote(22, 30, speaker="Wang Yi"), quote(50, 60)]
    score = score_quotes(gold, predicted, 0.3, DIRECT)
    assert (score.gold, score.predicted, score.matched) == (2, 4, 2)
    assert score.precision == 0.5 and score.recall == 1.0
    assert score.speaker_accuracy == 1.0


def test_threshold_decides_a_match():
    gold = [GoldQuote(0, 10, "direct", "A")]
    assert score_quotes(gold, [quote(0, 5)], 0.3, DIRECT).matched == 1
    assert score_quotes(gold, [quote(0, 5)], 0.8, DIRECT).matched == 0


@pytest.mark.parametrize(
    "predicted, gold, right",
    [
        ("Shah Mahmood Qureshi", "Shah Mehmood Qureshi", True),
        ("Qureshi", "Shah Mehmood Qureshi", True),
        (
            "Daryl Kimball",
            "Daryl Kimball, executive director of the Arms Control Association",
            True,
        ),
        ("he", "Antony Blinken", False),
        (None, "Antony Blinken", False),
        ("Wang Yi", "Antony Blinken", False),
    ],
)
def test_same_speaker(predicted, gold, right):
    assert same_speaker(predicted, gold) is right


def test_polnear_reading_splits_direct_and_reported():
    text = 'Intro. "We will win," Smith said, "and soon." Jones said that taxes would fall.'
    a = text.index('"We')
    b = text.index('soon."') + len('soon."')
    c = text.index("that taxes")
    d = text.index("fall") + 4
    first_end = text.index('" Smith') + 1
    second = text.index('"and')
    ann = "\n".join(
        [
            f"T1\tContent {a} {first_end};{second} {b}\tx",
            f"T2\tSource {text.index('Smith')} {text.index('Smith') + 5}\tSmith",
            f"T3\tCue {text.index('said')} {text.index('said') + 4}\tsaid",
            "E1\tAttribution:T3 Content:T1 Source:T2 Cue:T3",
            f"T4\tContent {c} {d}\tx",
            f"T5\tSource {text.index('Jones')} {text.index('Jones') + 5}\tJones",
            f"T6\tCue {text.index('said that')} {text.index('said that') + 4}\tsaid",
            "E2\tAttribution:T6 Content:T4 Source:T5 Cue:T6",
        ]
    )
    gold = polnear_gold(text, ann, lambda cue: "said" in cue)
    direct = [text[g.start : g.end] for g in gold if g.kind == "direct"]
    assert direct == ["We will win", "and soon"]
    reported = [g for g in gold if g.kind == "indirect"]
    assert len(reported) == 1 and reported[0].speaker == "Jones"


def test_own_set_gold_quotes_are_in_their_texts():
    documents = load_own_set(DATA_DIR / "eval")
    assert len(documents) >= 25
    for document in documents:
        for gold in document.quotes:
            assert 0 <= gold.start < gold.end <= len(document.article.text)
