"""Hostile inputs for the loaders, the command line and the upload page, built by code.

:func:`hostile_cases` returns more than 200 :class:`HostileCase` objects, each a file
name, its bytes (built when :attr:`HostileCase.data` is read, so that the suite holds
at most one big input at a time) and what loading it must give: how many articles,
and a regular expression for the reason of each rejection expected. Everything is
deterministic: random bytes come from a generator seeded with the case's name.

The big ones (``big=True``) are a 10 MB single line in several formats, 20 MB of
HTML, zip bombs that unpack 1,000 times their size, a 1.5 million-character article
and 10,000-member archives; nothing is committed as a blob.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024
#: Reasons, as regular expressions, that name what a person can do or check.
BINARY = r"binary file"
EMPTY = r"(file is empty|the JSON list is empty|no article text found|nothing after them)"
TOO_LONG = r"[\d,]+ characters; the limit is 1,000,000 — split it into smaller files"
#: A plausible short article, used wherever a case needs some good text.
GOOD_TEXT = (
    "Foreign Minister Wang Yi met Secretary of State Antony Blinken in Rome on Sunday. "
    '"We had candid talks," Wang said after the meeting.'
)
CYRILLIC_TEXT = "Министр иностранных дел Сергей Лавров встретился с коллегами в Женеве."
GREEK_TEXT = "Ο υπουργός Εξωτερικών είπε ότι οι συνομιλίες θα συνεχιστούν αύριο."


@dataclass(frozen=True)
class Expectation:
    """What loading a case must give: ``articles`` articles, and for each pattern of
    ``reasons`` a rejection of the file (or one of its rows or members) whose reason
    matches it. ``warning`` must match a warning of some article when given."""

    articles: int = 0
    reasons: tuple[str, ...] = ()
    warning: str | None = None

    @property
    def rejected(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class HostileCase:
    """One hostile file: ``name`` (unique, with its extension), ``data`` and ``expect``."""

    name: str
    build: Callable[[], bytes] = field(repr=False)
    expect: Expectation
    big: bool = False

    @property
    def data(self) -> bytes:
        return self.build()

    def __iter__(self) -> Iterator[object]:
        """``name, data, expectation``, so a case unpacks as a triple."""
        return iter((self.name, self.data, self.expect))


def rejected(*reasons: str) -> Expectation:
    return Expectation(0, reasons)


def accepted(articles: int = 1, *reasons: str, warning: str | None = None) -> Expectation:
    return Expectation(articles, reasons, warning)


def _rng(name: str) -> random.Random:
    return random.Random(zlib.crc32(name.encode()))


def _const(data: bytes) -> Callable[[], bytes]:
    return lambda: data


# --- builders of big or structured inputs ---------------------------------------------------


def _random_bytes(name: str, size: int, without_nul: bool = False) -> bytes:
    rng = _rng(name)
    data = bytearray(rng.randbytes(size))
    if without_nul:
        data = bytearray(b or 1 for b in data)
    return bytes(data)


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a repeated member name is one of the cases
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _bomb(members: int, member_bytes: int, pattern: bytes, extension: str = ".txt") -> bytes:
    """A zip whose members each unpack ``member_bytes`` of ``pattern``, written in chunks."""
    buffer = io.BytesIO()
    chunk = pattern * (MB // len(pattern))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(members):
            info = zipfile.ZipInfo(f"bomb{number}{extension}", date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as stream:
                left = member_bytes
                while left > 0:
                    piece = chunk[: min(left, len(chunk))]
                    stream.write(piece)
                    left -= len(piece)
    return buffer.getvalue()


def _lying_bomb() -> bytes:
    """A zip whose member's headers say 1,000 bytes but which unpacks to 60 MB of text."""
    data = bytearray(_bomb(1, 60 * MB, b"ab "))
    # Every copy of the true size (4-byte header fields, 8-byte zip64 ones) now says 1,000.
    for width in (8, 4):
        true_size = (60 * MB).to_bytes(width, "little")
        position = data.find(true_size)
        while position != -1:
            data[position : position + width] = (1000).to_bytes(width, "little")
            position = data.find(true_size, position + width)
    return bytes(data)


def _many_members(count: int, data: bytes) -> bytes:
    return _zip([(f"m{number:05d}.txt", data) for number in range(count)], zipfile.ZIP_STORED)


def _nested(depth: int, opening: str, closing: str) -> bytes:
    return (opening * depth + closing * depth).encode()


def _long_words(characters: int, seed: str) -> str:
    """``characters`` characters of sentences made of plain words (deterministic)."""
    rng = _rng(seed)
    words = ["the", "border", "treaty", "trade", "river", "harbour", "council", "of", "grain"]
    pieces: list[str] = []
    size = 0
    while size < characters:
        sentence = " ".join(rng.choice(words) for _ in range(12)).capitalize() + ". "
        pieces.append(sentence)
        size += len(sentence)
    text = "".join(pieces)[:characters]
    return text[:-1] + "." if text[-1].isspace() else text


def _html_page(body: str, title: str = "A page") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def _big_html_elements() -> bytes:
    unit = "<p>Some words in a paragraph of a long news page.</p>"
    return _html_page(unit * (20 * MB // len(unit) - 2))


def _big_html_text() -> bytes:
    paragraph = "<p>" + "Word and more words of a long report. " * 400 + "</p>"
    return _html_page(paragraph * (20 * MB // len(paragraph) - 2))


def _html_paragraphs(characters: int) -> bytes:
    text = _long_words(characters, "html-paragraphs")
    paragraphs = [text[start : start + 1000] for start in range(0, len(text), 1000)]
    return _html_page("<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>")


def _csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _jsonl(*records: object) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode() + b"\n"


# --- the cases ------------------------------------------------------------------------------

_TEXT_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".csv", ".jsonl", ".json")


def _binary_cases() -> Iterator[HostileCase]:
    payloads: dict[str, Callable[[str], bytes]] = {
        "random": lambda n: _random_bytes(n, 4096),
        "random-no-nul": lambda n: _random_bytes(n, 4096, without_nul=True),
        "png": lambda n: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(n, 2048),
        "elf": lambda n: b"\x7fELF\x02\x01\x01\x00" + _random_bytes(n, 2048),
        "gzip": lambda n: gzip.compress(GOOD_TEXT.encode() * 50, mtime=0),
        "pdf": lambda n: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + _random_bytes(n, 2048),
    }
    for kind, payload in payloads.items():
        for extension in _TEXT_EXTENSIONS:
            name = f"binary-{kind}{extension}"
            yield HostileCase(name, lambda n=name, p=payload: p(n), rejected(BINARY))
    yield HostileCase(
        "binary-random.zip",
        lambda: _random_bytes("binary-random.zip", 4096),
        rejected(r"not a valid zip archive"),
    )


def _invalid_utf8_cases() -> Iterator[HostileCase]:
    samples = {
        "cp1252": "Caf\xe9 talks in Montr\xe9al: \u201cpeace\u201d, the minister said.".encode(
            "cp1252"
        ),
        "latin1-accents": "Les n\xe9gociations \xe0 Gen\xe8ve ont repris lundi.".encode("latin-1"),
        "truncated": GOOD_TEXT.encode() + "\u00e9\u00e8".encode()[:-1],
        "overlong": b"The envoy said \xc0\xaf\xe0\x80\xaf that talks would go on.",
        "surrogate": b"The minister \xed\xa0\x80 spoke in Geneva about trade.",
        "lone-continuation": b"Talks \x80\x81 resumed \xbf in Doha on Monday.",
        "mixed": GOOD_TEXT.encode() + " Caf\xe9 Montr\xe9al.".encode("cp1252"),
    }
    for kind, data in samples.items():
        yield HostileCase(f"invalid-utf8-{kind}.txt", _const(data), accepted(1))
    cp1252_row = "Caf\xe9 talks went on, the minister said.".encode("cp1252")
    yield HostileCase(
        "invalid-utf8.csv", _const(b'title,text\nCafe,"' + cp1252_row + b'"\n'), accepted(1)
    )
    yield HostileCase(
        "invalid-utf8.jsonl", _const(b'{"text": "' + cp1252_row + b'"}\n'), accepted(1)
    )
    yield HostileCase(
        "invalid-utf8.json", _const(b'[{"text": "' + cp1252_row + b'"}]'), accepted(1)
    )


def _wide_encoding_cases() -> Iterator[HostileCase]:
    texts = {"latin": GOOD_TEXT, "cyrillic": CYRILLIC_TEXT, "greek": GREEK_TEXT}
    for encoding in ("utf-16-le", "utf-16-be"):
        for script, text in texts.items():
            stem = f"{encoding}-nobom-{script}"
            yield HostileCase(f"{stem}.txt", _const(text.encode(encoding)), accepted(1))
            csv_text = f'title,text\n{script},"{text}"\n'
            yield HostileCase(f"{stem}.csv", _const(csv_text.encode(encoding)), accepted(1))
            jsonl_text = json.dumps({"text": text}, ensure_ascii=False) + "\n"
            yield HostileCase(f"{stem}.jsonl", _const(jsonl_text.encode(encoding)), accepted(1))
    for encoding in ("utf-32-le", "utf-32-be"):
        yield HostileCase(f"{encoding}-nobom.txt", _const(GOOD_TEXT.encode(encoding)), accepted(1))
    yield HostileCase(
        "utf-16-odd-length.txt",
        _const(GOOD_TEXT.encode("utf-16-le")[:-1]),
        rejected(BINARY),
    )
    yield HostileCase(
        "utf-16-bom-broken.txt",
        _const(codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8A\x00"),
        rejected(r"UTF-16 byte-order mark but is not valid UTF-16"),
    )


def _empty_cases() -> Iterator[HostileCase]:
    for extension in (*_TEXT_EXTENSIONS, ".zip"):
        yield HostileCase(f"empty{extension}", _const(b""), rejected(r"file is empty"))
    for extension in _TEXT_EXTENSIONS:
        blank = b" \n\t\r\n  \n"
        yield HostileCase(f"whitespace{extension}", _const(blank), rejected(r"file is empty"))
    yield HostileCase("bom-only.txt", _const(codecs.BOM_UTF8), rejected(r"file is empty"))
    yield HostileCase("bom-only.csv", _const(codecs.BOM_UTF8 + b"\n"), rejected(r"file is empty"))
    yield HostileCase(
        "date-line-only.txt", _const(b"date 2021-03-01\n\n"), rejected(r"nothing after them")
    )
    yield HostileCase(
        "front-matter-only.md",
        _const(b"---\ntitle: Nothing\n---\n"),
        rejected(r"nothing after them"),
    )
    yield HostileCase("empty-list.json", _const(b"[]"), rejected(r"the JSON list is empty"))
    yield HostileCase(
        "blank-lines.jsonl", _const(b"\n\n\n"), rejected(r"file is empty")
    )  # fmt: skip
    yield HostileCase("empty-body.html", _const(_html_page("")), rejected(r"no article text found"))


def _ten_megabyte_line_cases() -> Iterator[HostileCase]:
    size = 10 * MB
    line = _long_words_cached(size)
    yield HostileCase(
        "line-10mb.txt", lambda: line().encode(), rejected(r"10,485,760 characters"), big=True
    )
    yield HostileCase(
        "line-10mb.md",
        lambda: ("date 2021-01-01 " + line()).encode(),
        rejected(TOO_LONG),
        big=True,
    )
    yield HostileCase(
        "line-10mb.csv",
        lambda: b'title,text\nLong,"' + line().encode() + b'"\n',
        rejected(r"the text of row 1 is 10,485,760 characters"),
        big=True,
    )
    yield HostileCase(
        "line-10mb.jsonl",
        lambda: _jsonl({"title": "Long", "text": line()}),
        rejected(r"the text of line 1 is 10,485,760 characters"),
        big=True,
    )
    yield HostileCase(
        "line-10mb.json",
        lambda: json.dumps([{"text": line()}]).encode(),
        rejected(TOO_LONG),
        big=True,
    )
    yield HostileCase("line-10mb-no-spaces.txt", lambda: b"x" * size, rejected(TOO_LONG), big=True)


def _long_words_cached(characters: int) -> Callable[[], str]:
    return lambda: _long_words(characters, f"words-{characters}")


def _csv_cases() -> Iterator[HostileCase]:
    good = f'"{GOOD_TEXT.replace(chr(34), chr(34) * 2)}"'
    yield HostileCase(
        "ragged-more-cells.csv",
        _const(_csv("title,text", f"One,{good},extra,cells", f"Two,{good} again")),
        accepted(2, warning=r"more cells than the header"),
    )
    yield HostileCase(
        "ragged-fewer-cells.csv",
        _const(_csv("title,date,text", f"One,2021-01-01,{good}", "Two", "Three,2021-01-02")),
        accepted(1, r"row 2 has no text", r"row 3 has no text"),
    )
    yield HostileCase(
        "unbalanced-quote.csv",
        _const(_csv("title,text", 'One,"never closed', f"Two,{good}")),
        accepted(1),
    )
    yield HostileCase(
        "quote-inside-field.csv",
        _const(_csv("title,text", f'One,talks "went" on{GOOD_TEXT[:40]}', f"Two,{good}")),
        accepted(2),
    )
    yield HostileCase(
        "field-300k-text.csv",
        lambda: _csv("title,text", f'Long,"{_long_words(300_000, "csv-300k")}"'),
        accepted(1),
    )
    yield HostileCase(
        "field-300k-title.csv",
        lambda: _csv("title,text", f'"{"T" * 300_000}",{good}'),
        accepted(1),
    )
    yield HostileCase(
        "field-300k-source.csv",
        lambda: _csv("source,text", f'"{"S" * 300_000}",{good}'),
        accepted(1),
    )
    yield HostileCase(
        "no-text-column.csv",
        _const(_csv("title,date,author", "One,2021-01-01,Someone")),
        rejected(r"no text column: expected one of text, body, content"),
    )
    yield HostileCase(
        "header-only.csv",
        _const(_csv("title,text")),
        rejected(r"the CSV has a header row but no data rows"),
    )
    yield HostileCase("delimiters-only.csv", _const(b",,,\n,,,\n"), rejected(r"file is empty"))
    yield HostileCase(
        "nul-byte.csv", _const(_csv("title,text", f"One,{good}\x00")), rejected(BINARY)
    )
    yield HostileCase(
        "semicolons.csv",
        _const(_csv("titel;text", f"Eins;{GOOD_TEXT.replace(';', ',')}")),
        accepted(1),
    )
    yield HostileCase(
        "thousand-columns.csv",
        _const(_csv(",".join(["text", *(f"c{i}" for i in range(999))]), good + "," * 999)),
        accepted(1),
    )
    yield HostileCase(
        "hundred-thousand-empty-rows.csv",
        _const(("title,text\n" + ",\n" * 100_000 + f"Last,{good}\n").encode()),
        accepted(1),
    )
    yield HostileCase(
        "cr-line-endings.csv",
        _const(_csv("title,text", f"One,{good}", f"Two,{good} again").replace(b"\n", b"\r")),
        accepted(2),
    )
    yield HostileCase(
        "formula-cells.csv",
        _const(_csv("title,source,text", f'=HYPERLINK("http://evil.example"),@SUM(A1),{good}')),
        accepted(1),
    )
    yield HostileCase(
        "text-over-limit.csv",
        lambda: _csv("title,text", f"Long,{'y' * 1_500_000}", f"Short,{good}"),
        accepted(1, r"the text of row 1 is 1,500,000 characters"),
        big=True,
    )


def _json_cases() -> Iterator[HostileCase]:
    deep = r"nested too deeply"
    yield HostileCase(
        "nested-100k-lists.json", lambda: _nested(100_000, "[", "]"), rejected(deep), big=True
    )
    yield HostileCase(
        "nested-100k-objects.json",
        lambda: b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        rejected(deep),
        big=True,
    )
    yield HostileCase(
        "nested-100k-in-field.json",
        lambda: b'[{"text": "ok", "title": ' + _nested(100_000, "[", "]") + b"}]",
        rejected(deep),
        big=True,
    )
    for kind, literal in {
        "string": b'"just a string"',
        "number": b"42",
        "null": b"null",
        "boolean": b"true",
    }.items():
        yield HostileCase(
            f"top-level-{kind}.json", _const(literal), rejected(rf"the JSON is a {kind}")
        )
    yield HostileCase("empty-object.json", _const(b"{}"), rejected(r"the JSON object has no text"))
    yield HostileCase(
        "mixed-items.json",
        _const(json.dumps([{"text": GOOD_TEXT}, 3, "x", None, [1], {"title": "no text"}]).encode()),
        accepted(
            1,
            r"item 2 is a JSON number, not an object",
            r"item 3 is a JSON string",
            r"item 4 is a JSON null",
            r"item 5 is a JSON list",
            r"item 6 has no text",
        ),
    )
    for kind, value in {"number": 3.5, "list": ["a"], "object": {"a": 1}, "boolean": True}.items():
        yield HostileCase(
            f"text-is-{kind}.json",
            _const(json.dumps({"text": value}).encode()),
            rejected(rf"has a text that is a JSON {kind}, not a string"),
        )
    yield HostileCase(
        "huge-integer.json",
        _const(b'{"text": "ok", "n": ' + b"9" * 5000 + b"}"),
        rejected(r"number of more than [\d,]+ digits"),
    )
    yield HostileCase(
        "nan-and-infinity.json",
        _const(
            b'{"text": "'
            + GOOD_TEXT.replace('"', "'").encode()
            + b'", "date": NaN, "n": -Infinity}'
        ),
        accepted(1, warning=r"date 'nan' is not a date"),
    )
    yield HostileCase(
        "duplicate-keys.json",
        _const(b'{"text": "first", "text": "' + GOOD_TEXT.replace('"', "'").encode() + b'"}'),
        accepted(1),
    )
    yield HostileCase(
        "trailing-garbage.json",
        _const(json.dumps({"text": GOOD_TEXT}).encode() + b" }}} garbage"),
        rejected(r"not valid JSON \(Extra data: line 1 column \d+\)"),
    )
    yield HostileCase(
        "truncated.json",
        _const(json.dumps([{"text": GOOD_TEXT}] * 3).encode()[:-20]),
        rejected(r"not valid JSON"),
    )
    yield HostileCase(
        "comments.json",
        _const(b'// a comment\n{"text": "talks"}'),
        rejected(r"not valid JSON \(Expecting value: line 1 column 1\)"),
    )
    yield HostileCase(
        "single-quotes.json", _const(b"{'text': 'talks'}"), rejected(r"not valid JSON")
    )
    yield HostileCase(
        "wrapped-list.json",
        _const(json.dumps({"articles": [{"text": GOOD_TEXT}]}).encode()),
        rejected(r"its 'articles' holds a list: give that list as the whole file"),
    )
    yield HostileCase(
        "article-1.5m.json",
        lambda: json.dumps({"text": _long_words(1_500_000, "json-1.5m")}).encode(),
        rejected(r"the text of the JSON object is 1,500,000 characters"),
        big=True,
    )
    yield HostileCase(
        "nul-escaped.json",
        _const(json.dumps({"text": "Talks \x00 resumed in Geneva.", "title": "A\x00B"}).encode()),
        accepted(1),
    )


def _jsonl_cases() -> Iterator[HostileCase]:
    good = json.dumps({"text": GOOD_TEXT})
    lines = {
        "truncated-line": (f"{good}\n{good[:-10]}\n{good}\n", 2, [r"line 2 is not valid JSON"]),
        "missing-comma": (
            f'{good}\n{{"text": "a" "title": "b"}}\n',
            1,
            [r"line 2 is not valid JSON \(Expecting ',' delimiter"],
        ),
        "list-line": (f"{good}\n[1, 2]\n", 1, [r"line 2 is a JSON list, not an object"]),
        "number-line": (f"7\n{good}\n", 1, [r"line 1 is a JSON number, not an object"]),
        "deep-line": (
            f"{good}\n" + "[" * 100_000 + "]" * 100_000 + "\n",
            1,
            [r"line 2 is nested too deeply"],
        ),
        "huge-integer-line": (
            f'{good}\n{{"text": "x", "n": {"9" * 5000}}}\n{good} \n',
            2,
            [r"line 2 holds a number of more than [\d,]+ digits"],
        ),
        "crlf": (f"{good}\r\n{good[:-1]} \r\n\r\n", 1, [r"line 2 is not valid JSON"]),
        "no-text-lines": ('{"title": "a"}\n{"body": ""}\n', 0, [r"line 1 has no text", r"line 2"]),
        "all-garbage": ("not json\n{]\n", 0, [r"line 1 is not valid JSON", r"line 2"]),
        "whole-json-document": (
            json.dumps([{"text": GOOD_TEXT}], indent=2) + "\n",
            0,
            [r"line 1 is not valid JSON", r"line 2 is not valid JSON"],
        ),
    }
    for kind, (text, articles, reasons) in lines.items():
        yield HostileCase(
            f"broken-{kind}.jsonl", _const(text.encode()), accepted(articles, *reasons)
        )
    yield HostileCase(
        "article-1.5m.jsonl",
        lambda: _jsonl({"text": "z" * 1_500_000}, {"text": GOOD_TEXT}),
        accepted(1, r"the text of line 1 is 1,500,000 characters"),
        big=True,
    )


def _html_cases() -> Iterator[HostileCase]:
    yield HostileCase(
        "html-20mb-elements.html",
        _big_html_elements,
        rejected(r"more than 50,000 HTML elements"),
        big=True,
    )
    yield HostileCase(
        "html-20mb-text.html",
        _big_html_text,
        rejected(
            r"the page holds [\d,]+ characters of text; an article may have at most 1,000,000"
        ),
        big=True,
    )
    yield HostileCase(
        "html-over-20mb.html",
        lambda: _html_page("<p>" + "a " * (10 * MB + 10) + "</p>"),
        rejected(r"file is 20\.1 MB; the limit is 20 MB"),
        big=True,
    )
    yield HostileCase(
        "html-nested-100k.html",
        lambda: _html_page("<div>" * 100_000 + "deep" + "</div>" * 100_000),
        rejected(r"no article text found"),
        big=True,
    )
    yield HostileCase(
        "html-script-only.html",
        _const(_html_page("<script>alert(1)</script><style>p{}</style>")),
        rejected(r"no article text found"),
    )
    yield HostileCase(
        "html-plain-text.html", _const(GOOD_TEXT.encode()), rejected(r"save it as \.txt")
    )  # fmt: skip
    yield HostileCase(
        "html-xxe.html",
        _const(
            b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + _html_page(f"<article><p>{GOOD_TEXT} &x;</p></article>")
        ),
        accepted(1),
    )
    yield HostileCase(
        "html-unclosed.html",
        _const(f"<html><body><article><p>{GOOD_TEXT}<p>{GOOD_TEXT}<div><span>".encode()),
        accepted(1),
    )
    yield HostileCase(
        "html-huge-attribute.html",
        lambda: _html_page(f'<p title="{"a" * 5_000_000}">{GOOD_TEXT}</p>'),
        accepted(1),
        big=True,
    )
    yield HostileCase(
        "html-article-1.5m.html",
        lambda: _html_paragraphs(1_500_000),
        rejected(r"article is 1,50\d,\d{3} characters; the limit is 1,000,000"),
        big=True,
    )
    yield HostileCase(
        "html-hostile-markup.html",
        _const(
            _html_page(
                f'<article><h1>Talks</h1><p>{GOOD_TEXT}</p><img src=x onerror="alert(1)">'
                '<p><a href="javascript:alert(1)">click</a> <svg onload="alert(2)"></svg></p>'
                f"<p>{GOOD_TEXT}</p></article>",
                title="<script>alert(3)</script>",
            )
        ),
        accepted(1),
    )
    yield HostileCase(
        "html-binary-charset.html",
        _const(
            b'<html><head><meta charset="x-unknown"></head><body><p>'
            + GOOD_TEXT.encode()
            + b"</p></body></html>"
        ),
        accepted(1),
    )


def _zip_cases() -> Iterator[HostileCase]:
    good = GOOD_TEXT.encode()
    yield HostileCase(
        "bomb-text.zip",
        lambda: _bomb(1, 45_000_000, b"ab "),
        rejected(r"bomb0\.txt: article is 4\d,\d{3},\d{3} characters"),
        big=True,
    )
    yield HostileCase(
        "bomb-zeros.zip",
        lambda: _bomb(1, 45_000_000, b"\x00"),
        rejected(BINARY),
        big=True,
    )
    yield HostileCase(
        "bomb-declared-100mb.zip",
        lambda: _bomb(1, 100 * MB, b"ab "),
        rejected(r"zip member bomb0\.txt unpacks to 100 MB; the limit is 50 MB"),
        big=True,
    )
    yield HostileCase(
        "bomb-lying-header.zip",
        _lying_bomb,
        rejected(r"damaged or cannot be unpacked \(Bad CRC-32"),
        big=True,
    )
    yield HostileCase(
        "bomb-total-225mb.zip",
        lambda: _bomb(5, 45_000_000, b"ab "),
        rejected(r"archive unpacks to 214\.6 MB; the limit is 200 MB"),
        big=True,
    )
    yield HostileCase(
        "bomb-in-zip.zip",
        lambda: _zip([("inner.zip", _bomb(1, 45_000_000, b"ab ")), ("ok.txt", good)]),
        accepted(1, r"zip member inner\.zip is itself a zip archive"),
        big=True,
    )
    unsafe = r"has an unsafe path"
    for kind, member in {
        "dotdot": "../../evil.txt",
        "dotdot-inside": "a/../../evil.txt",
        "absolute": "/etc/evil.txt",
        "windows-drive": "C:/Windows/evil.txt",
        "backslash": "..\\..\\evil.txt",
    }.items():
        yield HostileCase(
            f"unsafe-{kind}.zip",
            lambda m=member: _zip([(m, good), ("fine.txt", good + b" Fine.")]),
            accepted(1, unsafe),
        )
    yield HostileCase(
        "members-10000-duplicates.zip",
        lambda: _many_members(10_000, good),
        accepted(10_000),
        big=True,
    )
    yield HostileCase(
        "members-10000-empty.zip",
        lambda: _many_members(10_000, b""),
        rejected(r"m00000\.txt: file is empty", r"m09999\.txt: file is empty"),
        big=True,
    )
    yield HostileCase(
        "members-10001.zip",
        lambda: _many_members(10_001, good),
        rejected(r"archive has 10,001 members; the limit is 10,000"),
        big=True,
    )
    yield HostileCase(
        "nested.zip",
        lambda: _zip([("inner.zip", _zip([("a.txt", good)])), ("b.txt", good + b" B.")]),
        accepted(1, r"archives inside archives are not read"),
    )
    yield HostileCase("no-members.zip", lambda: _zip([]), rejected(r"the archive holds no file"))
    yield HostileCase(
        "folders-only.zip",
        lambda: _zip([("a/", b""), ("a/.hidden.txt", good), ("__MACOSX/x.txt", good)]),
        rejected(r"the archive holds no file"),
    )
    yield HostileCase(
        "truncated.zip",
        lambda: _zip([("a.txt", good * 20)])[:-30],
        rejected(r"not a valid zip archive"),
    )
    yield HostileCase(
        "unsupported-members.zip",
        lambda: _zip([("a.exe", b"MZ"), ("b", good), ("c.txt", good)]),
        accepted(1, r"unsupported file type \.exe", r"unsupported file type \(no extension\)"),
    )
    yield HostileCase("encrypted-flag.zip", _encrypted_zip, rejected(r"is encrypted"))
    yield HostileCase("symlink-member.zip", _symlink_zip, accepted(1))
    yield HostileCase(
        "duplicate-member-names.zip",
        lambda: _zip([("a.txt", good), ("a.txt", good + b" Again.")]),
        accepted(2),
    )
    yield HostileCase(
        "bad-members.zip",
        lambda: _zip(
            [("good.txt", good), ("empty.txt", b""), ("bin.txt", _random_bytes("zb", 900))]
        ),
        accepted(1, r"empty\.txt: file is empty", BINARY),
    )


def _encrypted_zip() -> bytes:
    data = bytearray(_zip([("secret.txt", GOOD_TEXT.encode())], zipfile.ZIP_STORED))
    # Set bit 0 (encrypted) of the general purpose flags, in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        data[position + offset] |= 0x01
    return bytes(data)


def _symlink_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt", date_time=(2021, 1, 1, 0, 0, 0))
        link.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def _long_article_cases() -> Iterator[HostileCase]:
    yield HostileCase(
        "article-1.5m.txt",
        lambda: _long_words(1_500_000, "txt-1.5m").encode(),
        rejected(r"article is 1,500,000 characters; the limit is 1,000,000"),
        big=True,
    )
    yield HostileCase(
        "article-1.5m.md",
        lambda: ("---\ntitle: Long\n---\n" + _long_words(1_500_000, "md-1.5m")).encode(),
        rejected(r"article is 1,500,000 characters"),
        big=True,
    )


def _date_cases() -> Iterator[HostileCase]:
    kept = r"the article is kept without a date"
    for kind, date in {
        "feb-30": "2021-02-30",
        "month-13": "2021-13-01",
        "zeros": "0000-00-00",
        "month-0": "2021-00-10",
        "far-future": "9999-12-31",
        "future": "2999-01-01",
        "year-1": "0001-01-01",
        "hastings": "1066-10-14",
    }.items():
        yield HostileCase(
            f"date-{kind}.txt",
            _const(f"date {date} {GOOD_TEXT}".encode()),
            accepted(1, warning=kept) if kind != "zeros" else accepted(1),
        )
        yield HostileCase(
            f"date-{kind}.jsonl",
            _const(_jsonl({"text": GOOD_TEXT, "date": date})),
            accepted(1, warning=kept),
        )
    for kind, value in {
        "words": "yesterday",
        "long": "2021-01-01 " + "x" * 200,
        "huge-number": 1e308,
        "negative": -1,
        "boolean": True,
        "list": [2021, 1, 1],
    }.items():
        yield HostileCase(
            f"date-{kind}.json",
            _const(json.dumps({"text": GOOD_TEXT, "date": value}).encode()),
            accepted(1, warning=kept),
        )
    yield HostileCase(
        "date-front-matter-feb-30.md",
        _const(f"---\ntitle: Talks\ndate: 2021-02-30\n---\n{GOOD_TEXT}".encode()),
        accepted(1, warning=r"date '2021-02-30' is not a real date"),
    )
    yield HostileCase(
        "date-csv-mixed.csv",
        _const(
            _csv(
                "date,text",
                f'2021-02-30,"{GOOD_TEXT} One."',
                f'9999-01-01,"{GOOD_TEXT} Two."',
                f'31/31/2021,"{GOOD_TEXT} Three."',
            )
        ),
        accepted(3, warning=kept),
    )


def _front_matter_cases() -> Iterator[HostileCase]:
    body = GOOD_TEXT.encode()
    yield HostileCase(
        "yaml-deep.md",
        _const(b"---\nx: " + b"[ " * 5_000 + b"\n---\n" + body),
        accepted(1, warning=r"front matter is (nested too deeply|not valid YAML)"),
    )
    yield HostileCase(
        "yaml-python-tag.md",
        _const(b"---\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n" + body),
        accepted(1, warning=r"front matter is not valid YAML"),
    )
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    yield HostileCase(
        "yaml-billion-laughs.md", _const(f"---\n{laughs}---\n".encode() + body), accepted(1)
    )
    yield HostileCase(
        "yaml-huge-integer.md",
        _const(b"---\nn: " + b"9" * 5000 + b"\n---\n" + body),
        # Unreadable front matter stays text, and 5,000 digits are no word.
        rejected(r"5,000 characters in a row without a space"),
    )
    yield HostileCase("yaml-not-closed.md", _const(b"---\ntitle: [unclosed\n" + body), accepted(1))


def _odd_text_cases() -> Iterator[HostileCase]:
    yield HostileCase(
        "ansi-escapes.txt",
        _const(b"\x1b[31mRed\x1b[0m \x1b]0;title\x07" * 20 + GOOD_TEXT.encode()),
        rejected(BINARY),
    )
    yield HostileCase(
        "bidi-override.txt",
        _const(f"Title \u202egnp.exe\u202c\n\n{GOOD_TEXT}\u200b\u200d".encode()),
        accepted(1),
    )
    yield HostileCase(
        "hostile-markup.txt",
        _const(
            b"date 2021-05-05 <script>alert(1)</script> [x](javascript:alert(1)) "
            b"![img](http://evil.example/x.png) <img src=x onerror=alert(2)>\n\n"
            + GOOD_TEXT.encode()
        ),
        accepted(1),
    )
    no_space = r"characters in a row without a space \(from character \d+\)"
    for kind, run in {
        "quotes": '"' * 30_000,
        "brackets": "[" * 30_000,
        "apostrophes": "'s" * 5000,
    }.items():
        yield HostileCase(
            f"run-of-{kind}.txt",
            _const(f"{GOOD_TEXT} {run} {GOOD_TEXT}".encode()),
            rejected(no_space),
        )
    yield HostileCase(
        "long-link.txt",
        _const(f"{GOOD_TEXT} https://example.org/{'a' * 900} {GOOD_TEXT}".encode()),
        accepted(1),
    )
    yield HostileCase(
        "decomposed-unicode.txt",
        _const(("Cafe\u0301 talks. " + GOOD_TEXT).encode()),
        accepted(1),
    )
    yield HostileCase(
        "only-punctuation.txt", _const(b"!!! ??? ... --- ***"), accepted(1)
    )  # fmt: skip


def _name_cases() -> Iterator[HostileCase]:
    good = GOOD_TEXT.encode()
    unsupported = r"unsupported file type"
    yield HostileCase("program.exe", _const(b"MZ\x90\x00"), rejected(unsupported))
    yield HostileCase("report.pdf", _const(b"%PDF-1.4"), rejected(unsupported))
    yield HostileCase("no-extension", _const(good), rejected(unsupported))
    yield HostileCase("article.txt.exe", _const(good), rejected(unsupported))
    yield HostileCase("UPPER CASE.TXT", _const(good), accepted(1))
    yield HostileCase("[click](javascript:alert(1)).txt", _const(b""), rejected(r"file is empty"))
    yield HostileCase("<img src=x onerror=alert(1)>.csv", _const(b"a,b\n"), rejected(r"no text"))
    yield HostileCase("--help.txt", _const(good + b" Help."), accepted(1))


def hostile_cases() -> list[HostileCase]:
    """Every hostile case, in a fixed order, names unique."""
    cases = [
        *_binary_cases(),
        *_invalid_utf8_cases(),
        *_wide_encoding_cases(),
        *_empty_cases(),
        *_ten_megabyte_line_cases(),
        *_csv_cases(),
        *_json_cases(),
        *_jsonl_cases(),
        *_html_cases(),
        *_zip_cases(),
        *_long_article_cases(),
        *_date_cases(),
        *_front_matter_cases(),
        *_odd_text_cases(),
        *_name_cases(),
    ]
    names = [case.name for case in cases]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise ValueError(f"hostile case names repeat: {sorted(duplicated)}")
    return cases


def page_sample(cases: list[HostileCase], size: int = 40) -> list[HostileCase]:
    """``size`` cases for the upload page: every big one, then others spread evenly."""
    big = [c for c in cases if c.big]
    small = [c for c in cases if not c.big]
    room = max(size - len(big), 0)
    step = max(len(small) // max(room, 1), 1)
    return big[:size] + small[::step][:room]


def write_cases(cases: list[HostileCase], folder: Path) -> None:
    """Write each case to ``folder`` under its name, one at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (folder / case.name).write_bytes(case.data)
