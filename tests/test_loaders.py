"""Tests of analysis.loaders: each format, encoding, bound and rejection.

Every input is built here, in memory or under ``tmp_path``; the two real
corpora beside the project are used when present and skipped otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis import loaders
from analysis.errors import InputRejected
from analysis.loaders import (
    MAX_ARTICLE_CHARS,
    SUPPORTED_EXTENSIONS,
    load_bytes,
    load_pasted,
    load_paths,
    unique_articles,
)
from analysis.models import Article, LoadResult, Rejection
from analysis.settings import PROJECT_ROOT, SAMPLE_DIR

SHARED = PROJECT_ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8ce8153633974c82.txt"
STATEDEPT = SHARED / "corpora" / "statedept" / "releases.jsonl"
MB = 1024 * 1024


def only_article(result: LoadResult) -> Article:
    """The one article of ``result``, which must have no rejections."""
    assert result.rejections == []
    assert len(result.articles) == 1
    return result.articles[0]


def only_rejection(result: LoadResult) -> Rejection:
    """The one rejection of ``result``, which must have no articles."""
    assert result.articles == []
    assert len(result.rejections) == 1
    return result.rejections[0]


def zip_bytes(members: dict[str, bytes], compresslevel: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def zip_of_zeros(name: str, megabytes: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip whose member ``name`` is ``megabytes`` MB of zeros, written in 1 MB chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(name, "w") as member:
            chunk = bytes(MB)
            for _ in range(megabytes):
                member.write(chunk)
        for extra_name, data in (extra or {}).items():
            zf.writestr(extra_name, data)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_supported_extensions_are_the_documented_ones() -> None:
    documented = {".txt", ".md", ".html", ".htm", ".csv", ".jsonl", ".json", ".zip"}
    assert documented == SUPPORTED_EXTENSIONS


# --- plain text ---------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_seed_article_takes_its_date_from_the_leading_date_line() -> None:
    article = only_article(load_paths([SEED]))
    decoded = SEED.read_bytes().decode("utf-8").replace("\r\n", "\n")

    assert article.date == dt.date(2020, 1, 19)
    assert article.text.startswith("US Secretary")
    assert article.text_offset == decoded.index("US Secretary")
    assert decoded[article.text_offset : article.text_offset + len(article.text)] == article.text
    assert article.title.startswith("US Secretary of State Mike Pompeo")
    assert article.title.endswith("…") and len(article.title) <= 81
    assert article.source == "seed"  # the folder it was filed in
    assert article.origin == str(SEED)
    assert article.warnings == ()


TEXT_CASES = [
    pytest.param(
        "crawl.txt",
        " date 2020-01-19 US Secretary of State met the minister.\n\nThey talked.",
        {
            "date": dt.date(2020, 1, 19),
            "text": "US Secretary of State met the minister.\n\nThey talked.",
            "text_offset": 17,
            "source": "crawl",
        },
        id="crawl date line, text on the same line",
    ),
    pytest.param(
        "crawl.txt",
        "\n\n  DATE 2021-03-04\n\nPompeo meets Qureshi\n\nThe two ministers met.",
        {
            "date": dt.date(2021, 3, 4),
            "text": "Pompeo meets Qureshi\n\nThe two ministers met.",
            "title": "Pompeo meets Qureshi",
        },
        id="crawl date line alone, after blank lines",
    ),
    pytest.param(
        "meta.txt",
        "Title: Talks in Doha\nDate: 2020-01-19\nSource: Dawn\nURL: https://example.org/a\n\n"
        "The talks began.",
        {
            "date": dt.date(2020, 1, 19),
            "text": "The talks began.",
            "title": "Talks in Doha",
            "source": "Dawn",
            "url": "https://example.org/a",
        },
        id="metadata lines",
    ),
    pytest.param(
        "meta.txt",
        "date: 19 January 2020\n\nThe talks began on Sunday.",
        {"date": dt.date(2020, 1, 19), "text": "The talks began on Sunday."},
        id="metadata date in words",
    ),
    pytest.param(
        "front.md",
        "---\ntitle: Ministers meet\ndate: 2020-01-19\noutlet: Reuters\ntags: [a, b]\n---\n"
        "# Ministers meet\n\nBody text here.",
        {
            "date": dt.date(2020, 1, 19),
            "text": "# Ministers meet\n\nBody text here.",
            "title": "Ministers meet",
            "source": "Reuters",
        },
        id="YAML front matter",
    ),
    pytest.param(
        "plain.txt",
        "Ministers meet in Doha\n\nThe talks began on Sunday.\n",
        {
            "date": None,
            "text": "Ministers meet in Doha\n\nThe talks began on Sunday.",
            "title": "Ministers meet in Doha",
            "source": "plain",
            "url": None,
            "warnings": (),
        },
        id="no date stays None; short first line is the title",
    ),
    pytest.param(
        "long.txt",
        "The foreign ministers of Pakistan and the United States met in Washington on "
        "Friday to discuss the peace process.",
        {
            "date": None,
            "title": "The foreign ministers of Pakistan and the United States met in "
            "Washington on…",
        },
        id="one paragraph: opening words are the title",
    ),
    pytest.param(
        "sentence.txt",
        "This is a sentence.\n\nAnother paragraph.",
        {"title": "This is a sentence. Another paragraph."},
        id="first line ending in a period is not a title",
    ),
    pytest.param(
        "bad.txt",
        "date 2020-02-30 Text here.",
        {
            "date": None,
            "text": "Text here.",
            "warnings": (
                "date '2020-02-30' is not a real date; the article is kept without a date",
            ),
        },
        id="impossible date is a warning",
    ),
    pytest.param(
        "future.txt",
        "Date: 2999-01-01\n\nText.",
        {
            "date": None,
            "text": "Text.",
            "warnings": ("date 2999-01-01 is in the future; the article is kept without a date",),
        },
        id="future date is a warning",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), TEXT_CASES)
def test_text_files(name: str, content: str, expected: dict[str, object]) -> None:
    article = only_article(load_bytes(name, content.encode("utf-8")))

    assert {field: getattr(article, field) for field in expected} == expected
    assert content[article.text_offset : article.text_offset + len(article.text)] == article.text
    assert article.origin == name


SAMPLE = "“Peace,” said the minister in Genève.\n\nTalks resume on Monday."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(SAMPLE.encode("utf-8"), SAMPLE, id="UTF-8"),
        pytest.param(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), SAMPLE, id="UTF-8 with BOM"),
        pytest.param(SAMPLE.encode("utf-16"), SAMPLE, id="UTF-16 with native BOM"),
        pytest.param(b"\xff\xfe" + SAMPLE.encode("utf-16-le"), SAMPLE, id="UTF-16 LE BOM"),
        pytest.param(b"\xfe\xff" + SAMPLE.encode("utf-16-be"), SAMPLE, id="UTF-16 BE BOM"),
        pytest.param(SAMPLE.encode("utf-16-le"), SAMPLE, id="UTF-16 LE without BOM"),
        pytest.param(SAMPLE.encode("utf-16-be"), SAMPLE, id="UTF-16 BE without BOM"),
        pytest.param(SAMPLE.encode("cp1252"), SAMPLE, id="cp1252 curly quotes and accents"),
        pytest.param("Café au lait".encode("cp1252"), "Café au lait", id="cp1252, short"),
        pytest.param(SAMPLE.replace("\n", "\r\n").encode(), SAMPLE, id="CRLF newlines"),
        pytest.param(SAMPLE.replace("\n", "\r").encode(), SAMPLE, id="CR newlines"),
        pytest.param("Gene\u0300ve talks".encode(), "Genève talks", id="NFD becomes NFC"),
        pytest.param(
            "Talks with Stu\u00a0Burguiere at\u202f9".encode(),
            "Talks with Stu Burguiere at 9",
            id="no-break and narrow spaces become plain ones",
        ),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, expected: str) -> None:
    article = only_article(load_bytes("article.txt", data))

    assert article.text == expected
    assert article.text_offset == 0


def test_offsets_count_in_the_decoded_text_of_a_utf16_file() -> None:
    content = "\r\n date 2020-01-19 “Quoted” text.\r\n"
    article = only_article(load_bytes("a.txt", b"\xff\xfe" + content.encode("utf-16-le")))

    decoded = content.replace("\r\n", "\n")
    assert article.text == "“Quoted” text."
    assert decoded[article.text_offset : article.text_offset + len(article.text)] == article.text


# --- rejections of whole files --------------------------------------------------------------

REJECTION_CASES = [
    pytest.param("a.txt", bytes(range(256)) * 20, "looks like a binary file", id="binary"),
    pytest.param(
        "a.txt", bytes(range(1, 32)) * 50, "looks like a binary file", id="control characters"
    ),
    pytest.param("a.txt", b"", "file is empty", id="empty"),
    pytest.param("a.md", b"  \n\t\r\n", "file is empty", id="white space only"),
    pytest.param(
        "report.pdf",
        b"%PDF-1.7",
        "unsupported file type .pdf; supported: .csv, .htm, .html, .json, .jsonl, .md, .txt, .zip",
        id="unsupported extension",
    ),
    pytest.param("README", b"text", "unsupported file type (no extension)", id="no extension"),
    pytest.param(
        "a.txt",
        b"date 2020-01-19\n\n",
        "the text has a date line but nothing after them",
        id="date line only",
    ),
    pytest.param(
        "a.txt",
        b"word " * 200_001,
        "article is 1,000,004 characters; the limit is 1,000,000 — split it into smaller files",
        id="article too long",
    ),
    pytest.param(
        "a.csv",
        b"headline;author\nTalks;Ann\n",
        "no text column: expected one of text, body, content (the first row has: headline, author)",
        id="CSV without a text column",
    ),
    pytest.param(
        "a.csv", b"text,title\n", "the CSV has a header row but no data rows", id="CSV header only"
    ),
    pytest.param(
        "a.json",
        b"[" * 100_000 + b"]" * 100_000,
        "the JSON is nested too deeply to read",
        id="JSON nested 100,000 deep",
    ),
    pytest.param("a.json", b'{"text": "x",', "not valid JSON", id="broken JSON"),
    pytest.param(
        "a.json", b'"just a string"', "the JSON is a string; expected a list", id="JSON string"
    ),
    pytest.param("a.json", b"[]", "the JSON list is empty", id="empty JSON list"),
    pytest.param(
        "a.json",
        b'{"articles": [{"text": "x"}]}',
        "the JSON object has no text (expected one of text, body, content); its 'articles' "
        "holds a list: give that list as the whole file",
        id="JSON object wrapping the list",
    ),
    pytest.param(
        "a.html",
        b"<html><head><title>Empty</title></head><body></body></html>",
        "no article text found in the HTML page",
        id="HTML without text",
    ),
    pytest.param(
        "a.html",
        b"<html><body><p>" + b"x" * (20 * MB) + b"</p></body></html>",
        "the limit is 20 MB",
        id="HTML over 20 MB",
    ),
    pytest.param("a.zip", b"PK not really", "not a valid zip archive", id="broken zip"),
]


@pytest.mark.parametrize(("name", "data", "reason"), REJECTION_CASES)
def test_bad_files_are_rejected_with_a_reason(name: str, data: bytes, reason: str) -> None:
    rejection = only_rejection(load_bytes(name, data, origin=f"upload/{name}"))

    assert rejection.origin == f"upload/{name}"
    assert reason in rejection.reason


def test_unexpected_errors_become_rejections_and_are_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    def broken_loader(text: str, origin: str, default_source: str) -> LoadResult:
        raise RuntimeError("boom")

    monkeypatch.setitem(loaders._FORMAT_LOADERS, ".txt", broken_loader)
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "b.md").write_text("More text.")

    with caplog.at_level(logging.ERROR, logger="analysis.loaders"):
        result = load_paths([tmp_path])

    assert [article.origin for article in result.articles] == [str(tmp_path / "b.md")]
    assert result.rejections == [
        Rejection(
            str(tmp_path / "a.txt"),
            "could not be loaded because of an unexpected error (RuntimeError: boom); "
            "the details are in the log",
        )
    ]
    assert "a.txt" in caplog.text and "boom" in caplog.text


# --- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "text_header", "source_header"),
    [
        (";", "Text", "Source"),
        (",", "BODY", "Outlet"),
        ("\t", "content", "publisher"),
        ("|", " Text ", " SOURCE "),
    ],
)
def test_csv_headers_and_delimiters(delimiter: str, text_header: str, source_header: str) -> None:
    rows = [
        ["Title", "Date", text_header, source_header, "URL", "ignored"],
        ["Talks", "2020-01-19", "Ministers met; they talked, at length.", "Dawn", "https://a", "x"],
        ["", "19 January 2020", "Second | article\nover two lines.", "", "", ""],
    ]
    result = load_bytes("news.csv", csv_bytes(rows, delimiter))

    assert result.rejections == []
    first, second = result.articles
    assert (first.text, first.title, first.date, first.source, first.url, first.origin) == (
        "Ministers met; they talked, at length.",
        "Talks",
        dt.date(2020, 1, 19),
        "Dawn",
        "https://a",
        "news.csv#1",
    )
    assert (second.text, second.title, second.date, second.source, second.url) == (
        "Second | article\nover two lines.",
        "Second | article over two lines.",
        dt.date(2020, 1, 19),
        "news",
        None,
    )
    assert second.origin == "news.csv#2"


def test_csv_rows_without_text_are_rejected_by_row_number() -> None:
    rows = [["text", "title"], ["One.", "a"], ["  ", "b"], ["", ""], ["Three.", "c"], ["", "d"]]
    result = load_bytes("news.csv", csv_bytes(rows))

    assert [(a.origin, a.text) for a in result.articles] == [
        ("news.csv#1", "One."),
        ("news.csv#4", "Three."),
    ]
    assert result.rejections == [
        Rejection("news.csv#2", "row 2 has no text (expected one of text, body, content)"),
        Rejection("news.csv#5", "row 5 has no text (expected one of text, body, content)"),
    ]


def test_csv_ragged_rows_bad_dates_and_big_fields() -> None:
    big = "word " * 60_000
    data = (
        "text,date,title\n"
        "Short row.\n"
        "Long row.,2020-01-19,T,extra,cells\n"
        "Bad date.,someday soon,T\n"
        "Impossible date.,2021-02-30,T\n"
        "Future date.,2999-05-01,T\n"
        f'"{big}",2020-01-19,Big\n'
    ).encode()
    result = load_bytes("ragged.csv", data)

    assert result.rejections == []
    assert [(a.text[:16], a.date, a.warnings) for a in result.articles] == [
        ("Short row.", None, ()),
        (
            "Long row.",
            dt.date(2020, 1, 19),
            ("row 2 has more cells than the header has columns; the extra cells were ignored",),
        ),
        (
            "Bad date.",
            None,
            (
                "date 'someday soon' is not a date that could be read; the article is kept "
                "without a date",
            ),
        ),
        (
            "Impossible date.",
            None,
            ("date '2021-02-30' is not a real date; the article is kept without a date",),
        ),
        (
            "Future date.",
            None,
            ("date 2999-05-01 is in the future; the article is kept without a date",),
        ),
        ("word word word w", dt.date(2020, 1, 19), ()),
    ]
    assert len(result.articles[-1].text) == len(big.strip())


def test_csv_row_over_the_article_limit_is_rejected_and_the_others_load() -> None:
    rows = [["text"], ["x" * (MAX_ARTICLE_CHARS + 1)], ["Fine."]]
    result = load_bytes("big.csv", csv_bytes(rows))

    assert [a.origin for a in result.articles] == ["big.csv#2"]
    assert result.rejections == [
        Rejection(
            "big.csv#1",
            "the text of row 1 is 1,000,001 characters; the limit is 1,000,000 — split it "
            "into smaller files",
        )
    ]


# --- JSON Lines and JSON --------------------------------------------------------------------


def test_jsonl_loads_good_lines_and_rejects_bad_ones_by_line_number() -> None:
    lines = [
        json.dumps({" Text ": "First.", "DATE": "2020-01-19", "Outlet": "Dawn", "x": [1]}),
        '{"text": "broken',
        "[1, 2]",
        json.dumps({"title": "no text here"}),
        "",
        json.dumps({"body": "Last.", "url": "https://b", "title": "  Last   one "}),
    ]
    result = load_bytes("feed.jsonl", "\n".join(lines).encode())

    assert [(a.origin, a.text, a.date, a.source, a.title) for a in result.articles] == [
        ("feed.jsonl#1", "First.", dt.date(2020, 1, 19), "Dawn", "First."),
        ("feed.jsonl#6", "Last.", None, "feed", "Last one"),
    ]
    assert result.articles[1].url == "https://b"
    assert result.rejections == [
        Rejection(
            "feed.jsonl#2",
            "line 2 is not valid JSON (Unterminated string starting at: column 10)",
        ),
        Rejection("feed.jsonl#3", "line 3 is a JSON list, not an object"),
        Rejection("feed.jsonl#4", "line 4 has no text (expected one of text, body, content)"),
    ]


def test_json_list_loads_one_article_per_object() -> None:
    items = [
        {"text": "One.", "date": "2020-01-19T10:00:00Z", "publisher": "AP"},
        "not an object",
        {"content": "Three.", "text": "", "date": 12345},
    ]
    result = load_bytes("list.json", json.dumps(items).encode())

    assert [(a.origin, a.text, a.date, a.source, a.warnings) for a in result.articles] == [
        ("list.json#1", "One.", dt.date(2020, 1, 19), "AP", ()),
        (
            "list.json#3",
            "Three.",
            None,
            "list",
            ("date '12345' is not a date that could be read; the article is kept without a date",),
        ),
    ]
    assert result.rejections == [Rejection("list.json#2", "item 2 is a JSON string, not an object")]


def test_json_single_object_is_one_article() -> None:
    data = json.dumps({"Title": "Readout", "Text": "The Secretary spoke.", "Source": "State"})
    article = only_article(load_bytes("one.json", data.encode()))

    assert (article.origin, article.title, article.text, article.source) == (
        "one.json",
        "Readout",
        "The Secretary spoke.",
        "State",
    )


@pytest.mark.skipif(not STATEDEPT.exists(), reason=f"State Department corpus not at {STATEDEPT}")
def test_state_department_releases_load_as_they_are() -> None:
    result = load_paths([STATEDEPT])

    assert result.rejections == []
    assert len(result.articles) == 2026
    assert all(a.date is not None for a in result.articles)
    assert min(a.date for a in result.articles) == dt.date(2021, 5, 20)
    assert max(a.date for a in result.articles) == dt.date(2022, 8, 3)
    assert [a.origin for a in result.articles[:2]] == [f"{STATEDEPT}#1", f"{STATEDEPT}#2"]
    assert all(a.title and a.text and a.url for a in result.articles)
    assert {a.source for a in result.articles} == {"U.S. Department of State"}


# --- HTML -----------------------------------------------------------------------------------

HTML_PAGE = """<html><head><title>Blinken meets Bhutto | State</title>
<meta property="og:site_name" content="U.S. Department of State">
<meta property="article:published_time" content="2022-05-18T10:00:00Z">
<link rel="canonical" href="https://www.state.gov/blinken-bhutto/">
</head><body><nav>Home | About | Contact</nav><article><h1>Blinken meets Bhutto</h1>
<p>Secretary Blinken met Pakistani Foreign Minister Bhutto Zardari in New York on
Wednesday to discuss food security, the floods and trade between the two countries.</p>
<p>"We are committed to our partnership," Blinken said, adding that both sides would
work together on climate and health.</p></article><footer>Copyright notice</footer>
</body></html>"""


def test_html_page_gives_text_and_metadata() -> None:
    article = only_article(load_bytes("page.html", HTML_PAGE.encode("utf-8")))

    assert "Secretary Blinken met Pakistani Foreign Minister" in article.text
    assert "Copyright notice" not in article.text
    assert "Home | About" not in article.text
    assert article.title == "Blinken meets Bhutto"
    assert article.date == dt.date(2022, 5, 18)
    assert article.source == "U.S. Department of State"
    assert article.url == "https://www.state.gov/blinken-bhutto/"
    assert article.origin == "page.html"


def test_html_without_a_date_has_no_date() -> None:
    page = (
        "<html><head><title>Talks</title></head><body><article><p>The ministers met and "
        "talked about trade, security and the floods for several hours.</p></article>"
        "</body></html>"
    )
    article = only_article(load_bytes("page.htm", page.encode()))

    assert article.date is None
    assert article.source == "page"


# --- zip ------------------------------------------------------------------------------------

ZIP_MEMBERS = {
    "a/": b"",
    "a/one.txt": b"date 2020-01-19 One.",
    "b/two.csv": b"text,title\nTwo.,T2\nThree.,T3\n",
    "__MACOSX/a/._one.txt": b"\x00\x05\x16\x07",
    ".hidden.txt": b"hidden",
    "a/.DS_Store": b"\x00\x00",
    "notes.pdf": b"%PDF",
    "../evil.txt": b"evil",
    "/etc/abs.txt": b"absolute",
    "inner.zip": zip_bytes({"x.txt": b"x"}),
    "empty.txt": b"",
}
ZIP_ARTICLES = ["news.zip!a/one.txt", "news.zip!b/two.csv#1", "news.zip!b/two.csv#2"]
ZIP_REJECTIONS = {
    "news.zip!../evil.txt": "zip member ../evil.txt has an unsafe path",
    "news.zip!/etc/abs.txt": "zip member /etc/abs.txt has an unsafe path",
    "news.zip!empty.txt": "file is empty",
    "news.zip!inner.zip": "zip member inner.zip is itself a zip archive; archives inside "
    "archives are not read — unzip it and load its contents",
    "news.zip!notes.pdf": "unsupported file type .pdf; supported: .csv, .htm, .html, .json, "
    ".jsonl, .md, .txt, .zip",
}


def load_zip_from_bytes(data: bytes, tmp_path: Path) -> LoadResult:
    return load_bytes("news.zip", data)


def load_zip_from_disk(data: bytes, tmp_path: Path) -> LoadResult:
    path = tmp_path / "news.zip"
    path.write_bytes(data)
    result = load_paths([path])
    # Name origins like the upload does, so both ways compare equal.
    prefix = str(tmp_path) + "/"
    return LoadResult(
        articles=[
            Article(**{**a.__dict__, "origin": a.origin.removeprefix(prefix)})
            for a in result.articles
        ],
        rejections=[Rejection(r.origin.removeprefix(prefix), r.reason) for r in result.rejections],
    )


ZIP_LOADERS = [
    pytest.param(load_zip_from_bytes, id="uploaded"),
    pytest.param(load_zip_from_disk, id="on disk"),
]


@pytest.mark.parametrize("load_zip", ZIP_LOADERS)
def test_zip_members_load_and_bad_members_are_rejected(
    load_zip: Callable[[bytes, Path], LoadResult], tmp_path: Path
) -> None:
    result = load_zip(zip_bytes(ZIP_MEMBERS), tmp_path)

    assert [a.origin for a in result.articles] == ZIP_ARTICLES
    assert [a.text for a in result.articles] == ["One.", "Two.", "Three."]
    assert result.articles[0].date == dt.date(2020, 1, 19)
    # Without a source of its own, a member is credited to its folder in the archive.
    assert result.articles[0].source == "a"
    assert {r.origin: r.reason for r in result.rejections} == ZIP_REJECTIONS


@pytest.fixture(scope="module")
def zero_bomb() -> bytes:
    """A zip holding 300 MB of zeros (about 1 MB compressed) next to a real article."""
    return zip_of_zeros("zeros.txt", 300, extra={"real.txt": b"A real article."})


@pytest.mark.parametrize("load_zip", ZIP_LOADERS)
def test_zip_member_too_large_is_rejected_unread(
    load_zip: Callable[[bytes, Path], LoadResult], zero_bomb: bytes, tmp_path: Path
) -> None:
    result = load_zip(zero_bomb, tmp_path)

    assert [a.origin for a in result.articles] == ["news.zip!real.txt"]
    assert result.rejections == [
        Rejection(
            "news.zip!zeros.txt", "zip member zeros.txt unpacks to 300 MB; the limit is 50 MB"
        )
    ]


def test_zip_member_whose_header_understates_its_size_is_not_unpacked(zero_bomb: bytes) -> None:
    # Claim 1,000 bytes for the 300 MB member, in its local and central headers.
    data = bytearray(zero_bomb)
    local = data.index(b"PK\x03\x04")
    while data[local + 30 : local + 39] != b"zeros.txt":
        local = data.index(b"PK\x03\x04", local + 1)
    struct.pack_into("<I", data, local + 22, 1000)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 55] != b"zeros.txt":
        central = data.index(b"PK\x01\x02", central + 1)
    struct.pack_into("<I", data, central + 24, 1000)

    result = load_bytes("news.zip", bytes(data))

    assert [a.origin for a in result.articles] == ["news.zip!real.txt"]
    (rejection,) = result.rejections
    assert rejection.origin == "news.zip!zeros.txt"
    assert rejection.reason.startswith("zip member zeros.txt is damaged or cannot be unpacked")


def test_zip_larger_than_200_mb_in_total_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for index in range(5):
            with zf.open(f"part{index}.txt", "w") as member:
                for _ in range(45):
                    member.write(b"a" * MB)

    rejection = only_rejection(load_bytes("parts.zip", buffer.getvalue()))

    assert rejection == Rejection(
        "parts.zip",
        "archive unpacks to 225 MB; the limit is 200 MB — split it into smaller archives",
    )


def test_zip_with_too_many_members_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for index in range(10_001):
            zf.writestr(f"n{index:05}.txt", "x")

    rejection = only_rejection(load_bytes("many.zip", buffer.getvalue()))

    assert rejection == Rejection(
        "many.zip",
        "archive has 10,001 members; the limit is 10,000 — split it into smaller archives",
    )


# --- folders --------------------------------------------------------------------------------


def test_folders_load_recursively_in_sorted_order(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub" / ".git").mkdir(parents=True)
    (corpus / "b.txt").write_text("Bee.")
    (corpus / "a.txt").write_text("Ay.")
    (corpus / "sub" / "c.md").write_text("Sea.")
    (corpus / ".hidden.txt").write_text("Hidden.")
    (corpus / "sub" / ".git" / "x.txt").write_text("Git.")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(51 * MB)  # sparse: costs no disk, and is never read
    missing = tmp_path / "missing.txt"

    result = load_paths([corpus, str(missing)])

    assert [a.origin for a in result.articles] == [
        str(corpus / "a.txt"),
        str(corpus / "b.txt"),
        str(corpus / "sub" / "c.md"),
    ]
    # Without a source of its own, an article is credited to the folder it was filed in.
    assert [a.source for a in result.articles] == ["corpus", "corpus", "sub"]
    assert [(r.origin, r.reason.split(";")[0]) for r in result.rejections] == [
        (str(corpus / "huge.txt"), "file is 51 MB"),
        (str(corpus / "notes.pdf"), "unsupported file type .pdf"),
        (str(missing), "no such file or folder"),
    ]


# --- duplicates and pasted text -------------------------------------------------------------


def test_unique_articles_splits_first_occurrences_from_duplicates() -> None:
    result = LoadResult()
    for name, data in [
        ("a.txt", b"Ministers met.\n\nThey talked."),
        ("b.txt", b"Ministers  met.\r\n\r\nThey talked.\r\n"),
        ("c.txt", b"Something else."),
        ("d.txt", b"date 2020-01-19 Something else."),
    ]:
        result.extend(load_bytes(name, data))

    firsts, duplicates = unique_articles(result.articles)

    assert [a.origin for a in firsts] == ["a.txt", "c.txt"]
    assert [a.origin for a in duplicates] == ["b.txt", "d.txt"]
    assert len(result.articles) == 4


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        (
            "Ministers met in Doha.",
            {},
            {"text": "Ministers met in Doha.", "date": None, "source": "pasted", "url": None},
        ),
        (
            " date 2020-01-19 Ministers met.",
            {},
            {"text": "Ministers met.", "date": dt.date(2020, 1, 19), "text_offset": 17},
        ),
        (
            "Ministers met.",
            {"title": " Doha ", "date": "19 January 2020", "source": "Dawn", "url": "https://a"},
            {"title": "Doha", "date": dt.date(2020, 1, 19), "source": "Dawn", "url": "https://a"},
        ),
        (
            "date 2020-02-30 Ministers met.",
            {"date": dt.date(2020, 3, 1)},
            {"date": dt.date(2020, 3, 1), "warnings": ()},
        ),
    ],
)
def test_load_pasted(text: str, options: dict[str, object], expected: dict[str, object]) -> None:
    article = load_pasted(text, **options)

    assert {field: getattr(article, field) for field in expected} == expected
    assert article.origin == "pasted text"


@pytest.mark.parametrize(
    ("text", "options", "reason"),
    [
        (" \n\t", {}, "the pasted text is empty"),
        ("Text.", {"date": "sometime"}, "date 'sometime' is not a date that could be read"),
        ("Text.", {"date": "2999-01-01"}, "date 2999-01-01 is in the future"),
        ("x" * (MAX_ARTICLE_CHARS + 1), {}, "the limit is 1,000,000"),
    ],
)
def test_load_pasted_rejects(text: str, options: dict[str, object], reason: str) -> None:
    with pytest.raises(InputRejected) as raised:
        load_pasted(text, **options)

    assert raised.value.origin == "pasted text"
    assert reason in raised.value.reason


def test_every_file_of_the_demo_corpus_is_a_dated_article():
    # The dashboard ingests the whole folder: a note about the corpus kept in it
    # would be analysed as a news report.
    loaded = load_paths([SAMPLE_DIR])

    assert loaded.rejections == []
    assert len(loaded.articles) == 48
    undated = [article.origin for article in loaded.articles if article.date is None]
    assert undated == []
