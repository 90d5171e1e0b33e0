"""Reading articles from files, folders, zip archives, uploads and pasted text.

Every loader turns bad input into a :class:`~analysis.models.Rejection` with a
reason a person can act on, and keeps going with the rest: one broken row, file
or archive member never costs the others. Only :func:`load_pasted`, which reads
one text a person is looking at, raises (:class:`~analysis.errors.InputRejected`).

Formats, chosen by file extension:

- ``.txt`` / ``.md``: one article. A first line ``date YYYY-MM-DD <text>`` (how
  articles from the crawl arrive) gives the date; otherwise YAML front matter
  or leading ``Title:`` / ``Date:`` / ``Source:`` / ``URL:`` lines may.
- ``.html`` / ``.htm``: one article; trafilatura finds the main text and metadata.
- ``.csv``, ``.jsonl``, ``.json``: one article per row, line or object, with
  fields ``text`` (or ``body``, ``content``), ``title``, ``date``, ``source``
  (or ``outlet``, ``publisher``) and ``url``; other fields are ignored.
- ``.zip``: the members of the types above, one level deep, read in memory.

Decoded text (what ``Article.text_offset`` counts in) has its byte-order mark
removed, newlines turned into ``\\n`` and Unicode in NFC form.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import logging
import math
import os
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

import charset_normalizer
import dateparser
import trafilatura
import yaml
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from analysis.errors import InputRejected
from analysis.models import Article, LoadResult, Rejection

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_HTML_BYTES",
    "MAX_HTML_ELEMENTS",
    "MAX_HTML_TEXT_CHARS",
    "MAX_WORD_CHARS",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_TOTAL_BYTES",
    "SUPPORTED_EXTENSIONS",
    "load_bytes",
    "load_pasted",
    "load_paths",
    "unique_articles",
]

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".md", ".html", ".htm", ".csv", ".jsonl", ".json", ".zip"}
)

MB = 1024 * 1024
#: Largest file (or zip member) read, except zip archives, which have their own bounds.
MAX_FILE_BYTES = 50 * MB
MAX_HTML_BYTES = 20 * MB
#: Longest article text kept; longer ones are rejected, not cut.
MAX_ARTICLE_CHARS = 1_000_000
#: Longest run of characters without white space in an article's text.
MAX_WORD_CHARS = 1_000
#: Longest title, date, source or url field read from a row.
MAX_FIELD_CHARS = 2_000_000
#: Most elements, and most characters of text outside scripts and styles, of an HTML
#: page: a news page has a few thousand elements and tens of thousands of characters.
MAX_HTML_ELEMENTS = 50_000
MAX_HTML_TEXT_CHARS = 2 * MAX_ARTICLE_CHARS
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL_BYTES = 200 * MB
#: An earlier date is taken for a placeholder or a mistake rather than a publication date.
EARLIEST_DATE = dt.date(1800, 1, 1)
#: A date this many days after today is taken for a mistake rather than a publication date.
FUTURE_DATE_TOLERANCE = dt.timedelta(days=2)

_NON_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
TEXT_FIELDS = ("text", "body", "content")
SOURCE_FIELDS = ("source", "outlet", "publisher")
PASTED_ORIGIN = "pasted text"

_READ_CHUNK = MB
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_SAMPLE_CHARS = 100_000
_MAX_CONTROL_RATIO = 0.02
_CRAWL_DATE_LINE = re.compile(r"\s*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|$)", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)
_FRONT_MATTER_MAX_CHARS = 65_536
_HEADER_LINE = re.compile(
    r"[ \t]*(title|date|published|source|outlet|publisher|url)[ \t]*:[ \t]*(.*?)[ \t]*",
    re.IGNORECASE,
)
_MAX_HEADER_LINES = 20
_ISO_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n")
_TITLE_MAX_LINE_CHARS = 150
_TITLE_SNIPPET_CHARS = 80
_CSV_DELIMITERS = ",;\t|"
_DATEPARSER_SETTINGS = {
    # Relative phrases ("yesterday") and partial dates ("January 2020") would be
    # completed from today's date, which is never a publication date.
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def load_paths(paths: Iterable[str | Path]) -> LoadResult:
    """Load every article in ``paths``: files, folders (recursively) and zip archives.

    Files in a folder are read in sorted path order; hidden files and folders
    (names starting with ``.``) inside a folder are skipped. Returns the articles
    and, for each file, row or member that could not be read, a rejection.
    """
    result = LoadResult()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files, unreadable = _files_under(path)
            result.rejections.extend(unreadable)
            for file_path in files:
                result.extend(_load_file(file_path))
        elif path.exists():
            result.extend(_load_file(path))
        else:
            result.rejections.append(Rejection(str(path), "no such file or folder"))
    return result


def load_bytes(name: str, data: bytes, origin: str | None = None) -> LoadResult:
    """Load one uploaded file whose extension (in ``name``) decides its format.

    ``origin`` (default: ``name``) names the file in articles and rejections.
    Returns the articles it holds and the rejections of what could not be read.
    """
    label = origin or name
    return _guarded(label, lambda: _load_data(name, data, label))


def load_pasted(
    text: str,
    title: str = "",
    date: str | dt.date | None = None,
    source: str = "",
    url: str | None = None,
) -> Article:
    """The article a person pasted, with origin ``"pasted text"``.

    The text is read like a ``.txt`` file, so a leading ``date YYYY-MM-DD`` or
    ``Title:`` line is understood; ``title``, ``date`` and ``source`` given here
    win over those. An empty ``source`` becomes ``"pasted"``.

    Raises :class:`InputRejected` when the text is empty or too long, or the
    date cannot be read or lies in the future.
    """
    normalised = _normalise_text(text)
    if not normalised.strip():
        raise InputRejected(PASTED_ORIGIN, "the pasted text is empty")
    article = _article_from_plain_text(normalised, PASTED_ORIGIN, default_source="pasted")
    if date is not None and date != "":
        given_date, problem = _date_from_value(date)
        if problem:
            raise InputRejected(PASTED_ORIGIN, f"{problem}; give the date as YYYY-MM-DD")
        # The date given replaces the one in the text, and any warning about that one.
        article = replace(
            article,
            date=given_date,
            warnings=tuple(w for w in article.warnings if not w.startswith("date ")),
        )
    return replace(
        article,
        title=" ".join(title.split()) or article.title,
        source=" ".join(source.split()) or article.source,
        url=(url or "").strip() or article.url,
    )


def unique_articles(articles: Iterable[Article]) -> tuple[list[Article], list[Article]]:
    """Split ``articles`` by identity into (first occurrences, later duplicates), in order."""
    seen: set[str] = set()
    firsts: list[Article] = []
    duplicates: list[Article] = []
    for article in articles:
        if article.identity in seen:
            duplicates.append(article)
        else:
            seen.add(article.identity)
            firsts.append(article)
    return firsts, duplicates


# --- files and dispatch ---------------------------------------------------------------------


def _files_under(folder: Path) -> tuple[list[Path], list[Rejection]]:
    """Every non-hidden file below ``folder``, sorted, and the folders that could not be read.

    Symlinked folders are not followed, so a link loop cannot make this endless.
    """
    found: list[Path] = []
    unreadable: list[Rejection] = []

    def note_unreadable(error: OSError) -> None:
        where = error.filename or str(folder)
        unreadable.append(Rejection(str(where), f"folder could not be read: {error.strerror}"))

    for directory, subdirectories, filenames in os.walk(
        folder, onerror=note_unreadable, followlinks=False
    ):
        subdirectories[:] = [name for name in subdirectories if not _is_hidden(name)]
        found.extend(Path(directory, name) for name in filenames if not _is_hidden(name))
    return sorted(found), unreadable


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _load_file(path: Path) -> LoadResult:
    origin = str(path)
    return _guarded(origin, lambda: _read_and_load(path, origin))


def _read_and_load(path: Path, origin: str) -> LoadResult:
    extension = path.suffix.lower()
    _check_extension(extension, origin)
    if extension == ".zip" and path.stat().st_size > 0:
        # A zip on disk is read member by member, never as a whole.
        try:
            with zipfile.ZipFile(path) as archive:
                return _load_zip(archive, origin)
        except (zipfile.BadZipFile, EOFError) as error:
            raise InputRejected(origin, f"not a valid zip archive ({error})") from error
    limit = _size_limit(extension)
    _check_size(path.stat().st_size, limit, origin)
    with path.open("rb") as handle:
        # Read one byte past the limit so a file that grew since stat() is still caught.
        data = handle.read(limit + 1)
    _check_size(len(data), limit, origin)
    folder = path.resolve().parent.name
    return _load_data(f"{folder}/{path.name}" if folder else path.name, data, origin)


def _guarded(origin: str, load: Callable[[], LoadResult]) -> LoadResult:
    """Run ``load``; a rejection or an unexpected error becomes a Rejection of ``origin``."""
    try:
        return load()
    except InputRejected as rejected:
        return LoadResult(rejections=[Rejection(rejected.origin, rejected.reason)])
    except OSError as error:
        return LoadResult(
            rejections=[Rejection(origin, f"could not be read: {error.strerror or error}")]
        )
    except Exception as error:
        # The last line of defence: one file must not stop the others. The traceback
        # goes to the log so the bug can be fixed.
        logger.exception("unexpected error while loading %s", origin)
        reason = (
            f"could not be loaded because of an unexpected error "
            f"({type(error).__name__}: {error}); the details are in the log"
        )
        return LoadResult(rejections=[Rejection(origin, reason)])


def _check_extension(extension: str, origin: str) -> None:
    if extension not in SUPPORTED_EXTENSIONS:
        shown = extension or "(no extension)"
        supported = ", ".join(sorted(SUPPORTED_EXTENSIONS))
        raise InputRejected(origin, f"unsupported file type {shown}; supported: {supported}")


def _size_limit(extension: str) -> int:
    return MAX_HTML_BYTES if extension in {".html", ".htm"} else MAX_FILE_BYTES


def _check_size(size: int, limit: int, origin: str) -> None:
    if size > limit:
        raise InputRejected(
            origin,
            f"file is {_megabytes(size)}; the limit is {_megabytes(limit)} — split it into "
            "smaller files",
        )


def _megabytes(size: int) -> str:
    """``size`` in MB, rounded up so that a size just over a limit never reads as the limit."""
    if size % MB == 0:
        return f"{size // MB:,} MB"
    return f"{math.ceil(size * 10 / MB) / 10:,.1f} MB"


def _load_data(name: str, data: bytes, origin: str) -> LoadResult:
    """Load ``data`` as the format its ``name`` says; raises InputRejected for the whole file."""
    extension = PurePosixPath(name).suffix.lower()
    _check_extension(extension, origin)
    if not data:
        raise InputRejected(origin, "file is empty")
    if extension == ".zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return _load_zip(archive, origin)
        except (zipfile.BadZipFile, EOFError) as error:
            raise InputRejected(origin, f"not a valid zip archive ({error})") from error
    _check_size(len(data), _size_limit(extension), origin)
    text = _decode(data, origin)
    # Without a source of its own, an article is credited to the folder it was
    # filed in ("crawl-2020-01/8ce81536.txt"), else to its file name.
    path = PurePosixPath(name)
    default_source = path.parent.name or path.stem
    return _FORMAT_LOADERS[extension](text, origin, default_source)


# --- decoding -------------------------------------------------------------------------------


def _decode(data: bytes, origin: str) -> str:
    """The text in ``data``, normalised (no BOM, ``\\n`` newlines, NFC).

    Raises InputRejected when the file is empty or looks binary.
    """
    if not data:
        raise InputRejected(origin, "file is empty")
    text = _decode_raw(data, origin)
    sample = text[:_CONTROL_SAMPLE_CHARS]
    controls = len(_CONTROL_CHARS.findall(sample))
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        raise InputRejected(
            origin,
            f"looks like a binary file: {controls / len(sample):.0%} of its first characters "
            "are control characters",
        )
    return _normalise_text(text)


def _decode_raw(data: bytes, origin: str) -> str:
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputRejected(
                    origin,
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {error.start})",
                ) from error
    has_nul = b"\x00" in data
    if has_nul:
        encoding = _bomless_unicode_encoding(data)
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise InputRejected(
            origin, "contains NUL bytes and is not UTF-16 text: looks like a binary file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in _legacy_encodings(data):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputRejected(origin, "not UTF-8, UTF-16 or any known encoding: looks like a binary file")


def _bomless_unicode_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding of ``data`` judged by where its NUL bytes fall, or None.

    In UTF-16 the high byte of a character (the odd bytes little-endian, the even
    ones big-endian) is NUL for every Latin letter, digit, space and punctuation
    mark, and the low byte is hardly ever NUL: so NULs in one of the two columns
    only mean UTF-16, in Latin script (nearly all high bytes NUL) as in Cyrillic
    or Greek (the spaces and punctuation). In UTF-32 the highest byte is always NUL.
    """
    for width, (little, big) in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        sample = data[:8192]
        if len(data) % width or len(sample) < width:
            continue
        units = len(sample) // width
        nuls = [sample[column::width].count(0) / units for column in range(width)]
        low, high = nuls[0], nuls[-1]
        if width == 4:
            # Outside the Basic Multilingual Plane a character's second-highest byte isn't NUL.
            if min(nuls[2:]) > 0.99 and low < 0.5:
                return little
            if min(nuls[:2]) > 0.99 and high < 0.5:
                return big
        elif high >= 0.05 and low <= high / 10:
            return little
        elif low >= 0.05 and high <= low / 10:
            return big
    return None


def _legacy_encodings(data: bytes) -> list[str]:
    """Encodings charset_normalizer finds plausible for ``data``, most likely first.

    On short texts it ranks many encodings equal and picks among them by chance
    (``Café`` comes out as Urdu or Cyrillic). So among equals cp1252, the usual
    encoding of Western news text that is not UTF-8, goes first, and it is tried
    first whenever the text gives no sign of its language. UTF-16/32 are left
    out: such text without a byte-order mark was handled by the NUL check.
    """
    matches = [
        match
        for match in charset_normalizer.from_bytes(data)
        if not match.encoding.startswith(("utf_16", "utf_32"))
    ]
    if not matches:
        return []
    ranked = sorted(
        enumerate(matches),
        key=lambda item: (
            item[1].chaos,
            -item[1].coherence,
            "cp1252" not in item[1].could_be_from_charset,
            item[0],
        ),
    )
    # Encodings in could_be_from_charset decode these bytes to the same text.
    encodings = [
        "cp1252" if "cp1252" in match.could_be_from_charset else match.encoding
        for _, match in ranked
    ]
    if ranked[0][1].coherence == 0 and encodings[0] != "cp1252":
        encodings.insert(0, "cp1252")
    return encodings


def _normalise_text(text: str) -> str:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return plain_spaces(unicodedata.normalize("NFC", text))


#: Space characters other than the plain space (no-break, thin, em ...), each one
#: character like the space it stands for.
_SPACES = str.maketrans(
    dict.fromkeys(
        ["\u00a0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000"], " "
    )
)


def plain_spaces(text: str) -> str:
    """``text`` with every space character written as a plain space, one for one, so
    offsets into it stay valid: the parser reads a name with a no-break space in it
    ("Stu", U+00A0, "Burguiere") as two names with a space token between them, and
    the same name with a plain space as one."""
    return text.translate(_SPACES)


# --- dates and titles -----------------------------------------------------------------------


def _date_from_value(value: object) -> tuple[dt.date | None, str | None]:
    """(the date ``value`` names, None), or (None, why it is not usable)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        parsed: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str):
        shown = _shorten(value.strip(), 40)
        parsed = _parse_date_text(value.strip())
        if parsed is None:
            if _ISO_DATE_PREFIX.match(value.strip()):
                return None, f"date {shown!r} is not a real date"
            return None, f"date {shown!r} is not a date that could be read"
    else:
        return None, f"date {_shorten(str(value), 40)!r} is not a date that could be read"
    if parsed > dt.date.today() + FUTURE_DATE_TOLERANCE:
        return None, f"date {parsed.isoformat()} is in the future"
    if parsed < EARLIEST_DATE:
        # 0001-01-01 is how some exports write "no date"; it stretched every time chart.
        return None, f"date {parsed.isoformat()} is before {EARLIEST_DATE.year}"
    return parsed, None


@functools.lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> dt.date | None:
    """The calendar date ``text`` names (ISO first, then dateparser), or None."""
    if len(text) > 100:
        return None
    if _ISO_DATE_PREFIX.match(text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    try:
        parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def _date_with_warning(value: object, warnings: list[str]) -> dt.date | None:
    """The date ``value`` names, or None with the reason added to ``warnings``."""
    parsed, problem = _date_from_value(value)
    if problem:
        warnings.append(f"{problem}; the article is kept without a date")
    return parsed


def _title_for(text: str) -> str:
    """A title made from the text: a short first line standing alone, else its opening words."""
    first_line, _, rest = text.partition("\n")
    first_line = first_line.strip().lstrip("#").strip()
    stands_alone = _PARAGRAPH_BREAK.match(rest) is not None and rest.strip() != ""
    if (
        stands_alone
        and first_line
        and len(first_line) < _TITLE_MAX_LINE_CHARS
        and not first_line.endswith((".", ",", ";", ":"))
    ):
        return first_line
    return _shorten(" ".join(text.split()), _TITLE_SNIPPET_CHARS)


def _shorten(text: str, limit: int) -> str:
    """``text`` if it is at most ``limit`` characters, else cut at a word boundary plus "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


# --- plain text -----------------------------------------------------------------------------


def _load_plain_text(text: str, origin: str, default_source: str) -> LoadResult:
    if not text.strip():
        raise InputRejected(origin, "file is empty")
    return LoadResult(articles=[_article_from_plain_text(text, origin, default_source)])


def _article_from_plain_text(text: str, origin: str, default_source: str) -> Article:
    """The article in a decoded text file; ``text_offset`` points into ``text``."""
    metadata: dict[str, Any] = {}
    warnings: list[str] = []
    crawl_date = _CRAWL_DATE_LINE.match(text)
    if crawl_date:
        body_start = crawl_date.end()
        metadata["date"] = crawl_date.group(1)
    else:
        body_start = _front_matter(text, metadata, warnings)
        if body_start == 0:
            body_start = _header_lines(text, metadata)
    rest = text[body_start:]
    body = rest.strip()
    if not body:
        what = "a date line" if crawl_date else "metadata lines"
        raise InputRejected(origin, f"the text has {what} but nothing after them")
    offset = body_start + len(rest) - len(rest.lstrip())
    _check_article_length(body, origin)
    date = _date_with_warning(metadata.get("date") or metadata.get("published"), warnings)
    return Article(
        text=body,
        title=_metadata_text(metadata, ("title",)) or _title_for(body),
        date=date,
        source=_metadata_text(metadata, SOURCE_FIELDS) or default_source,
        url=_metadata_text(metadata, ("url",)) or None,
        origin=origin,
        text_offset=offset,
        warnings=tuple(warnings),
    )


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, with dates left as strings.

    The safe loader turns ``date: 2021-02-30`` into an error for the whole front
    matter; as a string it is judged like any other date (kept without a date,
    with a warning) and the title and source still count.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, pattern) for tag, pattern in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _front_matter(text: str, metadata: dict[str, Any], warnings: list[str]) -> int:
    """Read YAML front matter into ``metadata``; returns where the body starts (0 if none)."""
    found = _FRONT_MATTER.match(text[:_FRONT_MATTER_MAX_CHARS])
    if not found:
        return 0
    try:
        # A SafeLoader: no tag can build a Python object.
        values = yaml.load(found.group(1) or "", Loader=_FrontMatterLoader)
    except (yaml.YAMLError, ValueError) as error:
        # ValueError: a number of more than 4,300 digits.
        problem = str(error).splitlines()[0]
        warnings.append(f"front matter is not valid YAML ({problem}); it was kept as text")
        return 0
    except RecursionError:
        warnings.append("front matter is nested too deeply to read; it was kept as text")
        return 0
    if not isinstance(values, dict):
        return 0
    for key, value in values.items():
        # Lists and mappings are ignored: only plain values make a title or a date.
        if isinstance(value, str | int | float | dt.date):
            metadata.setdefault(str(key).strip().lower(), value)
    return found.end()


def _header_lines(text: str, metadata: dict[str, Any]) -> int:
    """Read leading ``Key: value`` lines into ``metadata``; returns where the body starts."""
    position = len(text) - len(text.lstrip())
    body_start = 0
    for _ in range(_MAX_HEADER_LINES):
        end = text.find("\n", position)
        line_end = len(text) if end == -1 else end
        header = _HEADER_LINE.fullmatch(text, position, line_end)
        if not header:
            break
        if header.group(2):
            metadata.setdefault(header.group(1).lower(), header.group(2))
        position = body_start = line_end
        if end == -1:
            break
        position += 1
    return body_start


def _metadata_text(metadata: Mapping[str, Any], keys: Iterable[str]) -> str:
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            cleaned = " ".join(str(value).split())
            if cleaned:
                return cleaned
    return ""


def _check_article_length(text: str, origin: str, what: str = "article") -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputRejected(
            origin,
            f"{what} is {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,} — split "
            "it into smaller files",
        )
    longest = max(text.split(), key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        # spaCy's tokenizer splits marks off such a run one at a time, copying the rest
        # each time: 30,000 "[" in a row took it 80 s.
        raise InputRejected(
            origin,
            f"{what} has {len(longest):,} characters in a row without a space (from character "
            f"{text.find(longest):,}), more than the {MAX_WORD_CHARS:,} a word or link may "
            "have: it does not read as prose",
        )


# --- HTML -----------------------------------------------------------------------------------


def _load_html(text: str, origin: str, default_source: str) -> LoadResult:
    if not text.strip():
        raise InputRejected(origin, "file is empty")
    tree = load_html(text)
    if tree is None:
        raise InputRejected(
            origin, "not an HTML page that could be read; if it is plain text, save it as .txt"
        )
    _check_html_size(tree, origin)
    document = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    body = _normalise_text(document.text or "").strip() if document else ""
    if not body:
        raise InputRejected(origin, "no article text found in the HTML page")
    _check_article_length(body, origin)
    warnings: list[str] = []
    date = _date_with_warning(document.date, warnings)
    return LoadResult(
        articles=[
            Article(
                text=body,
                title=" ".join((document.title or "").split()) or _title_for(body),
                date=date,
                source=(document.sitename or document.hostname or default_source).strip(),
                url=document.url or None,
                origin=origin,
                # The text is extracted from markup, so it starts nowhere in the file as such.
                text_offset=0,
                warnings=tuple(warnings),
            )
        ]
    )


def _check_html_size(tree: HtmlElement, origin: str) -> None:
    """Reject a page too large for trafilatura to read in bounded time and memory.

    trafilatura's time and memory grow with a page's elements and text (about
    0.1 s and 1 MB per thousand elements, 30 MB per million characters): a 20 MB
    page of paragraphs took 96 s and 940 MB before the article it found was
    rejected as too long. Counting on the parsed tree is cheap, so that is
    done first.
    """
    characters = 0
    for elements, element in enumerate(tree.iter(), start=1):
        if elements > MAX_HTML_ELEMENTS:
            raise InputRejected(
                origin,
                f"the page has more than {MAX_HTML_ELEMENTS:,} HTML elements, too many to "
                "find the article in — save the article's text as a .txt file",
            )
        if element.text and isinstance(element.tag, str) and element.tag not in _NON_TEXT_TAGS:
            characters += len(element.text)
        if element.tail:
            characters += len(element.tail)
    if characters > MAX_HTML_TEXT_CHARS:
        raise InputRejected(
            origin,
            f"the page holds {characters:,} characters of text; an article may have at most "
            f"{MAX_ARTICLE_CHARS:,} — split it into smaller files",
        )


# --- rows: CSV, JSON Lines, JSON ------------------------------------------------------------


def _article_from_record(
    record: Mapping[Any, Any], origin: str, label: str, default_source: str
) -> Article:
    """The article in one row or object; ``label`` ("row 3") names it in reasons."""
    fields: dict[str, Any] = {}
    for key, value in record.items():
        fields.setdefault(str(key).strip().lower(), value)
    text_value = next((fields[key] for key in TEXT_FIELDS if _has_content(fields.get(key))), None)
    if text_value is None:
        raise InputRejected(
            origin, f"{label} has no text (expected one of {', '.join(TEXT_FIELDS)})"
        )
    if not isinstance(text_value, str):
        raise InputRejected(
            origin, f"{label} has a text that is a JSON {_json_kind(text_value)}, not a string"
        )
    text = _normalise_text(text_value).strip()
    _check_article_length(text, origin, what=f"the text of {label}")
    for key in ("title", "date", "url", *SOURCE_FIELDS):
        value = fields.get(key)
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise InputRejected(
                origin,
                f"{label} has a field {key!r} of {len(value):,} characters; the limit is "
                f"{MAX_FIELD_CHARS:,}",
            )
    warnings: list[str] = []
    date = _date_with_warning(fields.get("date"), warnings)
    title = _metadata_text(fields, ("title",))
    return Article(
        text=text,
        title=_normalise_text(title) if title else _title_for(text),
        date=date,
        source=_normalise_text(_metadata_text(fields, SOURCE_FIELDS)) or default_source,
        url=_metadata_text(fields, ("url",)) or None,
        origin=origin,
        text_offset=0,
        warnings=tuple(warnings),
    )


def _has_content(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _add_record(
    result: LoadResult,
    record: Mapping[Any, Any],
    origin: str,
    label: str,
    default_source: str,
) -> None:
    try:
        result.articles.append(_article_from_record(record, origin, label, default_source))
    except InputRejected as rejected:
        result.rejections.append(Rejection(rejected.origin, rejected.reason))


def _load_csv(text: str, origin: str, default_source: str) -> LoadResult:
    if not text.strip():
        raise InputRejected(origin, "file is empty")
    _allow_large_csv_fields()
    first_line = text.lstrip("\n").partition("\n")[0]
    delimiter = max(_CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    result = LoadResult()
    row_number = 0
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise InputRejected(origin, "file is empty")
        columns = [cell.strip().lower() for cell in header]
        if not set(columns) & set(TEXT_FIELDS):
            found = ", ".join(_shorten(cell.strip(), 30) for cell in header[:10])
            raise InputRejected(
                origin,
                f"no text column: expected one of {', '.join(TEXT_FIELDS)} (the first row "
                f"has: {found})",
            )
        for row in reader:
            row_number += 1
            if not any(cell.strip() for cell in row):
                continue
            label = f"row {row_number}"
            record = dict(zip(columns, row, strict=False))
            _add_record(result, record, f"{origin}#{row_number}", label, default_source)
            if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
                _warn_last(
                    result,
                    f"{origin}#{row_number}",
                    f"{label} has more cells than the header has columns; the extra cells "
                    "were ignored",
                )
    except csv.Error as error:
        result.rejections.append(
            Rejection(
                origin,
                f"the CSV is malformed after row {row_number} ({error}); the rest of the "
                "file was not read",
            )
        )
    if not result.articles and not result.rejections:
        raise InputRejected(origin, "the CSV has a header row but no data rows")
    return result


def _allow_large_csv_fields() -> None:
    # The csv module's limit (128 KiB) is process-wide; it is only ever raised here,
    # to the file size limit, so a long article in one cell is read and then judged
    # by MAX_ARTICLE_CHARS like any other text.
    if csv.field_size_limit() < MAX_FILE_BYTES:
        csv.field_size_limit(MAX_FILE_BYTES)


def _warn_last(result: LoadResult, origin: str, warning: str) -> None:
    """Add ``warning`` to the last article if it came from ``origin``."""
    if result.articles and result.articles[-1].origin == origin:
        last = result.articles[-1]
        result.articles[-1] = replace(last, warnings=(*last.warnings, warning))


def _load_jsonl(text: str, origin: str, default_source: str) -> LoadResult:
    if not text.strip():
        raise InputRejected(origin, "file is empty")
    result = LoadResult()
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        row_origin = f"{origin}#{line_number}"
        label = f"line {line_number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            result.rejections.append(
                Rejection(
                    row_origin, f"{label} is not valid JSON ({error.msg}: column {error.colno})"
                )
            )
            continue
        except RecursionError:
            result.rejections.append(Rejection(row_origin, f"{label} is nested too deeply"))
            continue
        except ValueError:
            result.rejections.append(Rejection(row_origin, f"{label} {_LONG_NUMBER}"))
            continue
        if not isinstance(value, dict):
            result.rejections.append(
                Rejection(row_origin, f"{label} is a JSON {_json_kind(value)}, not an object")
            )
            continue
        _add_record(result, value, row_origin, label, default_source)
    return result


#: Why ``json.loads`` raises a ValueError that is not a JSONDecodeError.
_LONG_NUMBER = (
    f"holds a number of more than {sys.get_int_max_str_digits():,} digits, too long to read"
)


def _load_json(text: str, origin: str, default_source: str) -> LoadResult:
    if not text.strip():
        raise InputRejected(origin, "file is empty")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputRejected(
            origin,
            f"not valid JSON ({error.msg}: line {error.lineno} column {error.colno})",
        ) from error
    except RecursionError as error:
        raise InputRejected(
            origin, "the JSON is nested too deeply to read; expected a list of objects"
        ) from error
    except ValueError as error:
        raise InputRejected(origin, f"the JSON {_LONG_NUMBER}") from error
    if isinstance(value, dict):
        try:
            article = _article_from_record(value, origin, "the JSON object", default_source)
        except InputRejected as rejected:
            raise InputRejected(origin, rejected.reason + _list_hint(value)) from None
        return LoadResult(articles=[article])
    if not isinstance(value, list):
        raise InputRejected(
            origin, f"the JSON is a {_json_kind(value)}; expected a list of objects or an object"
        )
    if not value:
        raise InputRejected(origin, "the JSON list is empty")
    result = LoadResult()
    for item_number, item in enumerate(value, start=1):
        row_origin = f"{origin}#{item_number}"
        label = f"item {item_number}"
        if isinstance(item, dict):
            _add_record(result, item, row_origin, label, default_source)
        else:
            result.rejections.append(
                Rejection(row_origin, f"{label} is a JSON {_json_kind(item)}, not an object")
            )
    return result


def _list_hint(value: Mapping[str, Any]) -> str:
    """A hint for an object that wraps the list of articles instead of being one."""
    for key, inner in value.items():
        if isinstance(inner, list) and any(isinstance(item, dict) for item in inner):
            return f"; its {key!r} holds a list: give that list as the whole file"
    return ""


def _json_kind(value: object) -> str:
    kinds = {list: "list", dict: "object", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")


_FORMAT_LOADERS: dict[str, Callable[[str, str, str], LoadResult]] = {
    ".txt": _load_plain_text,
    ".md": _load_plain_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".csv": _load_csv,
    ".jsonl": _load_jsonl,
    ".json": _load_json,
}


# --- zip ------------------------------------------------------------------------------------


def _load_zip(archive: zipfile.ZipFile, origin: str) -> LoadResult:
    """Load the members of ``archive`` (one level, in memory, within the size bounds)."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputRejected(
            origin,
            f"archive has {len(members):,} members; the limit is {MAX_ZIP_MEMBERS:,} — split "
            "it into smaller archives",
        )
    result = LoadResult()
    to_read: list[zipfile.ZipInfo] = []
    for member in sorted(members, key=lambda info: info.filename):
        member_origin = f"{origin}!{member.filename}"
        rejection = _member_rejection(member)
        if rejection == "skip":
            continue
        if rejection:
            result.rejections.append(Rejection(member_origin, rejection))
        else:
            to_read.append(member)
    declared = sum(member.file_size for member in to_read)
    if declared > MAX_ZIP_TOTAL_BYTES:
        raise InputRejected(
            origin,
            f"archive unpacks to {_megabytes(declared)}; the limit is "
            f"{_megabytes(MAX_ZIP_TOTAL_BYTES)} — split it into smaller archives",
        )
    budget = MAX_ZIP_TOTAL_BYTES
    for member in to_read:
        member_origin = f"{origin}!{member.filename}"
        try:
            data = _read_member(archive, member, member_origin, budget)
        except InputRejected as rejected:
            result.rejections.append(Rejection(rejected.origin, rejected.reason))
            continue
        budget -= len(data)
        load = functools.partial(_load_data, member.filename, data, member_origin)
        result.extend(_guarded(member_origin, load))
    if not result.articles and not result.rejections:
        # Only folders and hidden files: say so rather than load nothing in silence.
        readable = ", ".join(sorted(SUPPORTED_EXTENSIONS - {".zip"}))
        raise InputRejected(origin, f"the archive holds no file to read (expected {readable})")
    return result


def _member_rejection(member: zipfile.ZipInfo) -> str | None:
    """Why ``member`` is not read: a reason, ``"skip"`` (silently), or None to read it."""
    name = member.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        return f"zip member {name} has an unsafe path"
    if member.is_dir() or parts[0] == "__MACOSX" or any(part.startswith(".") for part in parts):
        return "skip"
    extension = PurePosixPath(name).suffix.lower()
    if extension == ".zip":
        return (
            f"zip member {name} is itself a zip archive; archives inside archives are not "
            "read — unzip it and load its contents"
        )
    if extension not in SUPPORTED_EXTENSIONS:
        return (
            f"unsupported file type {extension or '(no extension)'}; supported: "
            f"{', '.join(sorted(SUPPORTED_EXTENSIONS))}"
        )
    if member.flag_bits & 0x1:
        return f"zip member {name} is encrypted; add it unencrypted"
    limit = _size_limit(extension)
    if member.file_size > limit:
        return (
            f"zip member {name} unpacks to {_megabytes(member.file_size)}; the limit is "
            f"{_megabytes(limit)}"
        )
    return None


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, origin: str, budget: int
) -> bytes:
    """The bytes of ``member``, counted while reading so no header can make it unpack more."""
    limit = min(member.file_size, _size_limit(PurePosixPath(member.filename).suffix.lower()))
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_READ_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise InputRejected(
                        origin,
                        f"zip member {member.filename} unpacks to more than its declared "
                        f"{_megabytes(member.file_size)}",
                    )
                if size > budget:
                    raise InputRejected(
                        origin,
                        f"the archive unpacks to more than {_megabytes(MAX_ZIP_TOTAL_BYTES)}; "
                        f"zip member {member.filename} was not read",
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as error:
        raise InputRejected(
            origin, f"zip member {member.filename} is damaged or cannot be unpacked ({error})"
        ) from error
    return b"".join(chunks)
