"""The scoring behind the accuracy figures: matching, speaker judging, PolNeAR reading."""

import pytest
from conftest import CORPORA, require_shared

from analysis import evaluate
from analysis.evaluate import (
    GoldQuote,
    coverage,
    gold_form_spans,
    load_own_set,
    load_polnear,
    owners_by_position,
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


def test_of_predictions_covering_a_gold_quote_alike_the_tightest_matches():
    # "According to Shringla, she raised X and said Y": the clause reported by
    # "said" matches the gold Y, not the longer one credited to the source.
    gold = [GoldQuote(40, 60, "indirect", "Kamala Harris")]
    predicted = [
        quote(0, 60, speaker="Harsh Vardhan Shringla", kind="indirect"),
        quote(40, 60, speaker="Kamala Harris", kind="indirect"),
    ]
    score = score_quotes(gold, predicted, 0.3, frozenset({"indirect"}))
    assert (score.matched, score.speaker_right) == (1, 1)


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
            "Ines Varga",
            "Ines Varga, executive director of the Harbour Trust",
            True,
        ),
        ("he", "Antony Blinken", False),
        (None, "Antony Blinken", False),
        ("Wang Yi", "Antony Blinken", False),
        # An institution by its initials, either way round.
        ("Associated Press", "the AP", True),
        ("International Monetary Fund", "The IMF", True),
        ("DNC", "the Democratic National Committee", True),
        ("Associated Press", "the IMF", False),
        ("Federal Bureau of Investigation", "the FBI", True),
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


@pytest.mark.parametrize(
    "text, kinds",
    [
        # A quotation the annotation tool cut in two at a space is still whole.
        ('He added: "Talks go on today." Then he left.', ["direct"]),
        # Words of the clause outside the marks make it reported speech.
        ('He said that "talks go on today." Then he left.', ["indirect"]),
    ],
)
def test_polnear_content_pieces_split_by_whitespace_are_one(text, kinds):
    a = text.index("that") if "that" in text else text.index('"')
    b = text.index(" Then")
    middle = text.index(" go")
    ann = "\n".join(
        [
            f"T1\tContent {a} {middle};{middle + 1} {b}\tx",
            "T2\tSource 0 2\tHe",
            "T3\tCue 3 8\tsaid",
            "E1\tAttribution:T3 Content:T1 Source:T2 Cue:T3",
        ]
    )
    gold = polnear_gold(text, ann, lambda cue: True)
    assert [g.kind for g in gold] == kinds
    assert text[gold[0].start : gold[0].end].rstrip('."').endswith("today")


def test_own_set_gold_quotes_are_in_their_texts():
    documents = load_own_set(DATA_DIR / "eval")
    assert len(documents) >= 25
    for document in documents:
        for gold in document.quotes:
            assert 0 <= gold.start < gold.end <= len(document.article.text)


def write_split(root, names_with_annotation, names_without=()):
    """A PolNeAR-like split of invented one-sentence articles: ``text/`` and
    ``attributions/``, one annotated direct quote per annotated article."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name in [*names_with_annotation, *names_without]:
        text = f'The mayor of {name} said: "The bridge opens in May."'
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        if name in names_with_annotation:
            a, b = text.index('"The'), len(text)
            source = text.index("The mayor")
            cue = text.index("said")
            ann = "\n".join(
                [
                    f"T1\tContent {a} {b}\tx",
                    f"T2\tSource {source} {source + 9}\tThe mayor",
                    f"T3\tCue {cue} {cue + 4}\tsaid",
                    "E1\tAttribution:T3 Content:T1 Source:T2 Cue:T3",
                ]
            )
            (root / "attributions" / f"{name}_ab12.ann").write_text(ann, encoding="utf-8")


@pytest.mark.parametrize(
    "limit, expected",
    [
        (None, ["alder", "birch", "cedar", "elm"]),
        (2, ["alder", "birch"]),
        # An article without annotations is skipped and does not count.
        (3, ["alder", "birch", "cedar"]),
        (10, ["alder", "birch", "cedar", "elm"]),
    ],
)
def test_polnear_limit_takes_the_first_annotated_articles_in_name_order(tmp_path, limit, expected):
    write_split(tmp_path, ["elm", "cedar", "alder", "birch"], names_without=["beech"])
    loaded = load_polnear(tmp_path, limit)
    assert [article.title for article, _ in loaded] == expected
    assert all(len(gold) == 1 and gold[0].kind == "direct" for _, gold in loaded)


def test_own_set_limit_keeps_the_loader_order():
    everything = load_own_set(DATA_DIR / "eval")
    first = load_own_set(DATA_DIR / "eval", limit=3)
    assert [d.article.origin for d in first] == [d.article.origin for d in everything[:3]]


def test_polnear_train_reads_like_dev():
    train = require_shared(CORPORA / "polnear" / "train")
    names = sorted(p.stem for p in (train / "text").glob("*.txt"))
    loaded = load_polnear(train, limit=200)
    assert [article.title for article, _ in loaded] == names[:200]
    assert sum(len(gold) for _, gold in loaded) > 1000


@pytest.mark.parametrize(
    "argv, expected_limit",
    [
        (["quotes"], None),
        (["quotes", "--limit", "200"], 200),
    ],
)
def test_command_line_passes_the_limit_on(monkeypatch, capsys, argv, expected_limit):
    seen = {}

    def fake_quotes(own, polnear, limit):
        seen["limit"] = limit
        return ["scored"]

    monkeypatch.setattr(evaluate, "evaluate_quotes", fake_quotes)
    assert evaluate.main(argv) == 0
    assert seen == {"limit": expected_limit}
    assert capsys.readouterr().out.strip() == "scored"


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_command_line_refuses_a_limit_that_is_not_a_positive_number(capsys, value):
    with pytest.raises(SystemExit) as stop:
        evaluate.main(["quotes", "--limit", value])
    assert stop.value.code == 2
    assert "--limit" in capsys.readouterr().err


PEOPLE = [
    {"name": "Lee Min-seo", "forms": ["Lee Min-seo", "Ms Lee"]},
    {"name": "Lee Jun-ho", "forms": ["Lee Jun-ho", "Mr Lee"]},
]
TWO_LEES = (
    "Lee Min-seo met Lee Jun-ho in Busan. Ms Lee spoke first; Mr Lee answered. Later Ms Lee left."
)


def at(word, occurrence=1):
    start = -1
    for _ in range(occurrence):
        start = TWO_LEES.index(word, start + 1)
    return (start, start + len(word))


def surname_in(form, occurrence=1):
    """The span of "Lee" alone inside an occurrence of a titled form, as the
    extractor marks a mention without its title."""
    _, end = at(form, occurrence)
    return (end - len("Lee"), end)


def test_gold_forms_are_found_whole_and_longest_first():
    spans = gold_form_spans(TWO_LEES, PEOPLE)
    found = [(TWO_LEES[a:b], person) for a, b, person in spans]
    assert found == [
        ("Lee Min-seo", 0),
        ("Lee Jun-ho", 1),
        ("Ms Lee", 0),
        ("Mr Lee", 1),
        ("Ms Lee", 0),
    ]


@pytest.mark.parametrize(
    "mentions, owners",
    [
        # Two people who share a surname stay apart though "Lee" is all each
        # mention reads without its title.
        ([at("Lee Min-seo"), surname_in("Ms Lee")], {0}),
        ([at("Lee Jun-ho"), surname_in("Mr Lee")], {1}),
        # An actor holding both is a merge.
        ([at("Ms Lee", 2), at("Mr Lee")], {0, 1}),
        # A mention outside every gold form belongs to nobody.
        ([at("Busan")], set()),
    ],
)
def test_predicted_mentions_belong_to_the_person_at_their_position(mentions, owners):
    assert owners_by_position(mentions, gold_form_spans(TWO_LEES, PEOPLE)) == owners
