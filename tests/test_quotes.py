"""Quote extraction and attribution, table-driven over sentences written for these tests."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import extract_actors, load_actor_lexicon
from analysis.quotes import extract_quotes, load_quote_lexicon, quote_spans


@pytest.fixture(scope="module")
def extract(nlp):
    actor_lexicon, quote_lexicon = load_actor_lexicon(), load_quote_lexicon()

    def run(text):
        doc = nlp(text)
        quotes, _ = extract_quotes(doc, extract_actors(doc, actor_lexicon), quote_lexicon)
        for quote in quotes:
            assert text[quote.start : quote.end] == quote.text
        return quotes

    return run


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we agree" and left.', ["we agree"]),
        ("She said “we agree” and left.", ["we agree"]),
        ("“First part,” he said, “second part.”", ["First part", "second part."]),
        ("\"Outer 'inner' words,\" she said.", ["Outer 'inner' words"]),
        ("The minister said ‘we will not yield’ to pressure.", ["we will not yield"]),
        ("Officials called it ''a turning point'' in the talks.", ["a turning point"]),
        ("No quotes at all, it's Pakistan's view.", []),
        ('An opening mark " never closed here', []),
    ],
)
def test_quote_spans(text, expected):
    assert [text[q.start : q.end] for q in quote_spans(text)] == expected


def test_unbalanced_mark_loses_only_the_broken_quote():
    text = (
        'He said "the talks were useful and long.\n\n'
        'Later she said "we will return next week," and left.'
    )
    found = [text[q.start : q.end] for q in quote_spans(text)]
    assert "we will return next week" in found


def test_quote_over_two_paragraphs_continues():
    text = (
        '"The first paragraph of a long statement runs on\n\n'
        '"and the second paragraph ends it," the envoy said.'
    )
    spans = quote_spans(text)
    assert len(spans) == 2 and spans[0].continues


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        (
            'Zalmay Khalilzad met the Taliban in Doha. "We made progress," Khalilzad said.',
            "We made",
            "Zalmay Khalilzad",
        ),
        (
            '"We made progress," said Zalmay Khalilzad, the US envoy.',
            "We made",
            "Zalmay Khalilzad",
        ),
        (
            "Antony Blinken spoke after the meeting. “The door remains open,” he said.",
            "The door",
            "Antony Blinken",
        ),
        (
            "Hua Chunying took questions on Monday while Wang Yi was abroad. "
            "“China will not accept this,” she said.",
            "China will",
            "Hua Chunying",
        ),
        (
            "Ned Price briefed reporters. Sergey Lavrov was in Moscow. "
            '"We spoke with Lavrov for an hour," Price said.',
            "We spoke",
            "Ned Price",
        ),
        (
            "Morgan Ortagus, a State Department spokesperson, said: "
            '"The Secretary raised the detention of the sailors."',
            "The Secretary",
            "Morgan Ortagus",
        ),
        (
            "Pakistan's Foreign Minister Shah Mehmood Qureshi arrived on Monday. "
            '"We want calm," the foreign minister said.',
            "We want",
            "Shah Mehmood Qureshi",
        ),
        (
            'The Foreign Office said in a statement: "The ambassador has been summoned."',
            "The ambassador",
            "Foreign Office",
        ),
        (
            "Wang Yi spoke first.\n\n"
            '"The two sides agreed to keep talking," Wang said.\n\n'
            '"There is no alternative to dialogue."',
            "There is",
            "Wang Yi",
        ),
        (
            "Dmytro Kuleba wrote on Twitter: “Ukraine will not trade its territory.”",
            "Ukraine will",
            "Dmytro Kuleba",
        ),
    ],
)
def test_speakers(extract, text, quote_start, speaker):
    quotes = [q for q in extract(text) if q.text.startswith(quote_start)]
    assert quotes, f"no quote starts with {quote_start!r}"
    assert quotes[0].speaker == speaker


def test_split_quote_has_one_speaker_for_both_parts(extract):
    text = "“We are ready,” Imran Khan said, “but we need a partner.”"
    quotes = [q for q in extract(text) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["We are ready", "but we need a partner."]
    assert {q.speaker for q in quotes} == {"Imran Khan"}


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        (
            "Antony Blinken warned that Moscow would pay a heavy price for an invasion.",
            "Moscow would pay a heavy price for an invasion",
            "Antony Blinken",
            "warn",
        ),
        (
            "According to Javad Zarif, the talks in Vienna were constructive.",
            "the talks in Vienna were constructive",
            "Javad Zarif",
            "according to",
        ),
        (
            "Imran Khan urged the United States to separate the Afghan people from the Taliban.",
            "the United States to separate the Afghan people from the Taliban",
            "Imran Khan",
            "urge",
        ),
        (
            "At the border, Imran Khan told the pilgrims that the corridor would stay open.",
            "the corridor would stay open",
            "Imran Khan",
            "tell",
        ),
        (
            "Narendra Modi called for an end to cross-border terrorism in the region.",
            "an end to cross-border terrorism in the region",
            "Narendra Modi",
            "call for",
        ),
    ],
)
def test_reported_speech(extract, text, content, speaker, cue):
    reported = [q for q in extract(text) if q.kind == "indirect"]
    assert reported, "no reported speech found"
    assert reported[0].text == content
    assert (reported[0].speaker, reported[0].cue) == (speaker, cue)


def test_scare_quote_without_speech_is_not_a_quote(extract):
    assert extract('The so-called "phase one" deal was signed in January.') == []


def test_transcript_turns_are_quotes_of_the_labelled_speaker(extract):
    text = (
        "MR PRICE: Good afternoon. I have one announcement before questions.\n\n"
        "QUESTION: Is the Secretary travelling to Kyiv?\n\n"
        "MR PRICE: The Secretary has no travel to announce today.\n"
    )
    quotes = extract(text)
    assert [q.speaker for q in quotes] == ["Price", "Price"]
    assert quotes[1].text == "The Secretary has no travel to announce today."


def test_transcript_labels_in_ordinary_case_name_the_article_people(extract):
    text = (
        "Hua Chunying took questions in Beijing.\n\n"
        "Q: What is China's response to the visit?\n\n"
        "Hua Chunying: The visit is a grave provocation.\n\n"
        "Note: the briefing ended at noon.\n"
    )
    quotes = extract(text)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Hua Chunying", "The visit is a grave provocation.")
    ]


def test_channel_is_recorded(extract):
    quotes = extract('"We stand with Kyiv," Antony Blinken tweeted on Sunday.')
    assert quotes[0].channel == "tweet"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\"'“”‘’«».,:")), max_size=80))
def test_quote_spans_never_raise_and_stay_in_bounds(text):
    for span in quote_spans(text):
        assert 0 <= span.start <= span.end <= len(text)
