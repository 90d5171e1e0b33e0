"""The pipeline: long texts parsed in pieces that join back into them, long articles
analysed as if whole, and worker processes making the analyses of one process, in
input order."""

import itertools
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import pipeline
from analysis.loaders import load_paths
from analysis.nlp import LONG_TEXT_CHARS, doc_text, parse_text, text_pieces
from analysis.settings import SAMPLE_DIR
from tests.synthetic import synthetic_articles

#: Enough demo articles for tasks on every worker, with a short last one.
ARTICLES = 2 * pipeline.PARALLEL_BATCH_SIZE + 3


@pytest.fixture(scope="module")
def articles():
    return load_paths([SAMPLE_DIR]).articles[:ARTICLES]


@pytest.fixture(scope="module")
def alone(analyzer, articles):
    """The analyses made in this process."""
    return list(analyzer.analyse(articles))


@pytest.mark.parametrize("n_process, batch_size", [(2, 32), (3, 5)])
def test_worker_processes_make_the_analyses_of_one_process(
    analyzer, articles, alone, n_process, batch_size
):
    parallel = list(analyzer.analyse(articles, batch_size=batch_size, n_process=n_process))
    assert [a.article.origin for a in parallel] == [a.origin for a in articles]
    assert parallel == alone
    assert any(a.quotes for a in parallel) and any(a.actors for a in parallel)


def test_analyse_in_batches_hands_over_every_article_once_in_order(analyzer, articles):
    batches = []
    pipeline.analyse_in_batches(analyzer, articles, batches.append, batch_size=6, n_process=2)
    assert [len(b) for b in batches] == [6] * (len(articles) // 6) + [len(articles) % 6]
    origins = [a.article.origin for batch in batches for a in batch]
    assert origins == [a.origin for a in articles]


def _die(articles):
    os._exit(3)


def test_a_worker_that_dies_ends_the_run_instead_of_hanging(analyzer, articles, monkeypatch):
    monkeypatch.setattr(pipeline, "_analyse_chunk", _die)
    with pytest.raises(BrokenProcessPool):
        list(analyzer.analyse(articles, n_process=2))


@pytest.mark.parametrize(
    "text, max_chars, expected",
    [
        ("One. Two.", 20, ["One. Two."]),
        ("abcdefghij", 10, ["abcdefghij"]),
        ("", 10, [""]),
        # A blank line is preferred to a later line break or end of sentence.
        ("First line.\n\nSecond. Third\nFourth", 20, ["First line.\n\n", "Second. Third\nFourth"]),
        ("Para one.\r\n\r\nPara two is here.", 17, ["Para one.\r\n\r\n", "Para two is here."]),
        # A line break is preferred to a later end of sentence.
        ("First line\nSecond. Third\nFourth", 20, ["First line\n", "Second. Third\nFourth"]),
        # An end of sentence is preferred to a later space.
        ("Alpha beta. Gamma delta epsilon", 20, ["Alpha beta. ", "Gamma delta epsilon"]),
        # Else the last space; white space running on past the piece is no cut.
        ("aaaa bbbb cccc dddd eeee", 10, ["aaaa bbbb ", "cccc dddd ", "eeee"]),
        ("aaaaaa b   ccc", 10, ["aaaaaa ", "b   ccc"]),
        # No white space in the second half of a piece: a hard cut.
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("a b" + "x" * 9, 10, ["a bxxxxxxx", "xx"]),
    ],
)
def test_text_pieces_cut_at_the_best_boundary(text, max_chars, expected):
    assert text_pieces(text, max_chars) == expected


@given(
    st.text(alphabet='ab. \n\r\t\u00a0\u00e9\U0001f600"A', max_size=300),
    st.integers(min_value=2, max_value=40),
)
def test_text_pieces_join_back_into_the_text(text, max_chars):
    pieces = text_pieces(text, max_chars)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= max_chars for piece in pieces) or pieces == [""]
    assert (len(pieces) == 1) == (len(text) <= max_chars)
    # Every piece but the last is more than half full.
    assert all(len(piece) > max_chars // 2 for piece in pieces[:-1])


def test_text_pieces_refuse_pieces_too_small_to_cut():
    with pytest.raises(ValueError, match="at least 2"):
        text_pieces("some text", 1)


@pytest.mark.parametrize(
    "text, max_chars",
    [
        ("Talks ended on Friday.\n\nThe envoy left Doha.\n\nNo date was set.", 30),
        ("   Leading space.  Two spaces.\t Tab here.\n \n  Trailing.  \n", 16),
        ("Line one\r\nLine two\r\n\r\nLine three ends.\r\n", 12),
        ("Caf\u00e9 talks \U0001f600 ended.\u00a0Next\u00a0day \u201cwe agree\u201d.", 14),
        ("x" * 45 + " end.", 16),
        (" " * 30 + "Words after blanks.", 10),
    ],
)
def test_a_text_parsed_in_pieces_is_the_whole_text_with_a_sentence_at_each_join(
    nlp, text, max_chars
):
    pieces = text_pieces(text, max_chars)
    assert len(pieces) > 1
    doc = parse_text(nlp, text, max_chars)
    assert doc.text == text
    assert doc.has_annotation("DEP") and doc.has_annotation("SENT_START")
    starts = {token.idx: token for token in doc}
    join = 0
    for piece in pieces[:-1]:
        join += len(piece)
        assert join in starts, f"no token starts at the join at {join}"
        assert starts[join].is_sent_start


def test_doc_text_is_the_text_built_once(nlp):
    text = "Talks resumed in Doha.\n\nBoth sides said the mood was good. “We agree,” he said."
    doc = parse_text(nlp, text, 30)
    assert doc_text(doc) == text
    assert doc_text(doc) is doc_text(doc)
    # A Doc with other tokens is not given the text kept for another.
    other = nlp("Another text.")
    other.user_data.update(doc.user_data)
    assert doc_text(other) == "Another text."


def test_a_text_not_longer_than_the_pieces_is_parsed_whole(nlp):
    text = 'Khalilzad met Taliban negotiators in Doha. "We made progress," he said.'

    def parse(doc):
        return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc]

    assert parse(parse_text(nlp, text, len(text))) == parse(nlp(text))


def test_a_sentence_starts_after_each_blank_line(nlp):
    text = "Envoys Meet In Doha 'At Last'\n\nTALKS -- The envoys met on Sunday.\n \nThey left."
    starts = {token.text for token in nlp(text) if token.is_sent_start}
    assert {"TALKS", "They"} <= starts


def test_a_sentence_starts_at_each_line_that_opens_with_a_capital(nlp):
    # Pages and feeds give one paragraph a line: the headline is no subject.
    text = (
        "Energy diplomacy\nAllies strike pipeline deal after long talks\n"
        "The United States and Germany announced an agreement on Wednesday.\n"
        "Officials in Berlin welcomed the deal and\nsaid it would hold."
    )
    doc = nlp(text)
    starts = {token.text for token in doc if token.is_sent_start}
    assert {"Allies", "The", "Officials"} <= starts
    # A line wrapped inside a sentence goes on in lower case, and stays one sentence.
    assert "said" not in starts
    announced = next(token for token in doc if token.text == "announced")
    assert "deal" not in {token.text for token in announced.subtree}


def _joined(texts, above):
    """``texts`` joined by blank lines, over again if need be, until they pass ``above``
    characters."""
    assert texts
    joined = ""
    for text in itertools.cycle(texts):
        joined = f"{joined}\n\n{text}" if joined else text
        if len(joined) > above:
            return joined


@pytest.fixture(scope="module")
def sources():
    all_articles = load_paths([SAMPLE_DIR]).articles
    return {
        "demo": [a.text for a in all_articles],
        "synthetic": synthetic_articles(400),
    }


def _article(like, text, origin="long"):
    return replace(like, text=text, origin=origin)


def test_articles_below_the_threshold_are_parsed_whole(analyzer, articles, alone):
    assert all(len(a.text) <= analyzer.long_text_chars for a in articles)
    assert alone == [analyzer.analyse_doc(a, analyzer.nlp(a.text)) for a in articles]


@pytest.mark.parametrize("source", ["demo", "synthetic"])
def test_an_article_just_above_the_threshold_is_analysed_as_if_whole(
    analyzer, articles, sources, source
):
    text = _joined(sources[source], LONG_TEXT_CHARS)
    assert len(text_pieces(text)) == 2
    article = _article(articles[0], text)
    (split,) = analyzer.analyse([article])
    (whole,) = replace(analyzer, long_text_chars=len(text)).analyse([article])
    assert split.actors == whole.actors
    assert split.quotes == whole.quotes
    assert split.topics == whole.topics
    assert split.mentions == whole.mentions
    assert split.sentences == whole.sentences
    assert split.quotes and split.topics


@pytest.mark.parametrize("source", ["demo", "synthetic"])
@pytest.mark.parametrize("threshold", [8_000, 2_000])
def test_pieces_of_any_size_find_the_actors_of_the_whole(
    analyzer, articles, sources, source, threshold
):
    article = _article(articles[0], _joined(sources[source], 2 * threshold))
    (split,) = replace(analyzer, long_text_chars=threshold).analyse([article])
    (whole,) = analyzer.analyse([article])
    assert len(text_pieces(article.text, threshold)) >= 2
    assert split.actors == whole.actors


def _offset_errors(analysis):
    """What in ``analysis`` does not index its article's text as it should."""
    text, sentences = analysis.article.text, analysis.sentences
    errors = [s for s in sentences if not 0 <= s[0] < s[1] <= len(text)]
    errors += [(a, b) for a, b in itertools.pairwise(sentences) if a[1] > b[0]]
    for m in analysis.mentions:
        start, end = sentences[m.sentence]
        if text[m.start : m.end] != m.surface or not start <= m.start < m.end <= end:
            errors.append(m)
    errors += [q for q in analysis.quotes if text[q.start : q.end] != q.text]
    errors += [q for q in analysis.quotes if not 0 <= q.sentence < len(sentences)]
    errors += [
        hit
        for hit in analysis.topics
        if not all(0 <= i < len(sentences) for i in hit.sentence_indexes)
    ]
    errors += [i for i in analysis.interactions if i.evidence not in text]
    return errors


def test_offsets_of_an_article_in_many_pieces_index_its_text(analyzer, articles, sources):
    threshold = 3_000
    text = "\n\n".join(sources["demo"])
    pieces = text_pieces(text, threshold)
    assert len(pieces) > 20
    (analysis,) = replace(analyzer, long_text_chars=threshold).analyse(
        [_article(articles[0], text)]
    )
    assert analysis.mentions and analysis.quotes and analysis.topics and analysis.interactions
    assert _offset_errors(analysis) == []
    starts = {start for start, _ in analysis.sentences}
    joins = [sum(len(p) for p in pieces[:n]) for n in range(1, len(pieces))]
    assert [j for j in joins if j not in starts] == []


@pytest.fixture(scope="module")
def mixed(articles, sources):
    """Short articles with long ones (over 6,000 characters) among them."""
    long_one = _article(articles[0], _joined(sources["demo"][5:], 9_000), "long-1")
    long_two = _article(articles[0], _joined(sources["synthetic"], 6_500), "long-2")
    return [articles[0], long_one, *articles[1:4], long_two, *articles[4:6]]


@pytest.fixture(scope="module")
def mixed_alone(analyzer, mixed):
    """Each article of ``mixed`` analysed by itself, with long ones over 6,000 characters."""
    small = replace(analyzer, long_text_chars=6_000)
    return [next(small.analyse([article])) for article in mixed]


def test_long_articles_keep_their_place_among_short_ones(analyzer, mixed, mixed_alone, monkeypatch):
    # Parsed whole, a long article would now raise spaCy's error E088.
    monkeypatch.setattr(analyzer.nlp, "max_length", 6_000)
    small = replace(analyzer, long_text_chars=6_000)
    together = list(small.analyse(mixed, batch_size=3))
    assert [a.article.origin for a in together] == [a.origin for a in mixed]
    assert together == mixed_alone
    assert all(_offset_errors(a) == [] for a in together)


@pytest.mark.parametrize("n_process, batch_size", [(2, 32), (2, 3)])
def test_worker_processes_analyse_long_articles_in_pieces_too(
    analyzer, mixed, mixed_alone, monkeypatch, n_process, batch_size
):
    # The workers inherit the limit: parsed whole, a long article would raise there.
    monkeypatch.setattr(analyzer.nlp, "max_length", 6_000)
    small = replace(analyzer, long_text_chars=6_000)
    parallel = list(small.analyse(mixed, batch_size=batch_size, n_process=n_process))
    assert [a.article.origin for a in parallel] == [a.origin for a in mixed]
    assert parallel == mixed_alone
