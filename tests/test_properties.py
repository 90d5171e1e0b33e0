"""Property-based tests (hypothesis): loaders and quote extraction raise nothing but
the project's own error types, whatever they are given."""

from __future__ import annotations

import codecs
import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.actors import extract_actors
from analysis.errors import ChanceryError
from analysis.loaders import SUPPORTED_EXTENSIONS, load_bytes, load_pasted
from analysis.models import LoadResult
from analysis.quotes import extract_quotes, quote_spans

#: Pieces that steer generated text towards what the loaders and extractors look at.
FRAGMENTS = [
    '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "``", "''", "«", "»", "\n", "\n\n",
    ":", " said ", " told reporters", "Foreign Minister ", "Wang Yi", "Qureshi", " he ",
    "Pakistan", "date 2021-02-30 ", "---\n", "title: x\n", "Title: ", "Date: 2999-01-01\n",
    "<p>", "</p>", "<script>", "{", "}", "[", "]", ",", "\x00", "\ufeff", "\r\n", "— ",
    "MR. SMITH: ", "Q: ", "(", ")", "...",
]  # fmt: skip
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map("".join)
names = st.builds(
    lambda stem, extension: stem + extension,
    st.text(alphabet=st.characters(blacklist_characters="/\\\x00"), max_size=12),
    st.sampled_from(sorted(SUPPORTED_EXTENSIONS)),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                             "utf-32", "cp1252", "latin-1"])  # fmt: skip


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _records(values: list[dict]) -> bytes:
    return json.dumps(values).encode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "date", "source", "url", "body", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)
contents = st.one_of(
    st.binary(max_size=600),
    st.builds(_encoded, texts, encodings),
    st.builds(lambda v: json.dumps(v).encode(), json_values),
    st.builds(lambda v: codecs.BOM_UTF8 + json.dumps(v).encode(), json_values),
    st.builds(
        lambda rows: "\n".join(",".join(r) for r in rows).encode(),
        st.lists(st.lists(texts, max_size=4), max_size=5),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, data=contents)
def test_load_bytes_never_raises(name, data):
    result = load_bytes(name, data)
    assert isinstance(result, LoadResult)
    for rejection in result.rejections:
        assert rejection.origin.startswith(name) and rejection.reason
        assert "unexpected error" not in rejection.reason, rejection
    for article in result.articles:
        assert article.text.strip() and article.origin.startswith(name)


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    title=st.text(max_size=30),
    date=st.none() | st.text(max_size=30) | st.dates(),
    source=st.text(max_size=30),
    url=st.none() | st.text(max_size=30),
)
def test_load_pasted_raises_only_chancery_errors(text, title, date, source, url):
    try:
        article = load_pasted(text, title=title, date=date, source=source, url=url)
    except ChanceryError as error:
        assert str(error)
        return
    assert article.text.strip() and article.origin == "pasted text"
    assert article.date is None or article.date <= dt.date.today() + dt.timedelta(days=2)


@settings(max_examples=500, deadline=None)
@given(text=texts | st.text())
def test_quote_spans_are_in_bounds(text):
    for span in quote_spans(text):
        assert 0 <= span.open_at <= span.start <= span.end <= len(text)
        assert span.close_at is None or span.end <= span.close_at < len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_extract_quotes_raises_nothing(analyzer, text):
    doc = analyzer.nlp(text)
    found = extract_actors(doc, analyzer.actor_lexicon)
    quotes, _ = extract_quotes(doc, found, analyzer.quote_lexicon)
    for quote in quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert quote.text == text[quote.start : quote.end]
