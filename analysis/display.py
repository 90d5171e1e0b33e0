"""Making article-derived text safe and readable on screen.

Titles, sources, speaker names and article text come from files anyone can
upload. Whatever of it reaches a page goes through one of these functions so
that it is shown as text, never run as markup: :func:`escape_markdown` for
Markdown, :func:`highlighted_html` (character references for every mark) for
the Reader's highlighted article, :func:`safe_url` for links.
"""

from __future__ import annotations

import html
import itertools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

#: Every ASCII punctuation character may be backslash-escaped in CommonMark, and
#: escaping them all also disarms Streamlit's own ``:color[...]`` and ``:icon:``
#: directives and ``$`` maths.
_MARKDOWN_SPECIALS = frozenset(string.punctuation)
_SAFE_SCHEMES = frozenset({"http", "https"})
_COLOUR_DIGITS = frozenset("0123456789abcdefABCDEF")
#: The Reader's article goes to ``st.markdown`` as HTML, and Markdown reads what follows
#: a blank line inside an HTML block as Markdown again: a link or image in a second
#: paragraph came alive. Every ASCII punctuation mark (``html.escape``'s five among them)
#: and every line break become character references, so the HTML block never ends and
#: no Markdown, maths or Streamlit directive is seen; the browser shows the characters.
_INERT_HTML = str.maketrans(
    {**{ch: f"&#{ord(ch)};" for ch in string.punctuation}, "\n": "&#10;", "\r": "&#13;"}
)
#: A paragraph longer than this is cut at line breaks instead of blank lines.
_MAX_PARAGRAPH_CHARS = 1500


def escape_markdown(text: str) -> str:
    """``text`` with every Markdown-active character backslash-escaped, so it renders as is.

    Line breaks are kept as hard breaks (two spaces before the newline).
    """
    escaped = "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)
    return escaped.replace("\r", "").replace("\n", "  \n")


#: A paragraph break inside a quotation and the opening mark repeated after it.
_RUN_ON_BREAK = re.compile(r"\s*\n\s*\n\s*[\"“‘'«]?")


def quote_display(text: str) -> str:
    """A quote's text on one line: a quotation over several paragraphs (the opening
    mark repeated at each) reads on from one paragraph to the next."""
    return _RUN_ON_BREAK.sub(" ", text.strip())


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or quotes, else None.

    Anything but a string (None, a missing value) gives None.
    """
    if not isinstance(url, str) or not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ch in "\"'<>`\\" for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def paragraph_around(text: str, start: int, end: int) -> str:
    """The paragraph of ``text`` holding ``text[start:end]``, stripped.

    Paragraphs are separated by blank lines; one longer than 1,500 characters is
    narrowed to the lines holding the span.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    for separator in ("\n\n", "\n"):
        left = text.rfind(separator, 0, start)
        left = 0 if left < 0 else left + len(separator)
        right = text.find(separator, end)
        right = len(text) if right < 0 else right
        if right - left <= _MAX_PARAGRAPH_CHARS:
            break
    return text[left:right].strip()


@dataclass(frozen=True)
class Highlight:
    """A span of article text to mark: an actor mention (with its colour) or a quote."""

    start: int
    end: int
    kind: Literal["actor", "quote"]
    label: str
    colour: str = "#888888"


def _checked_colour(colour: str) -> str:
    if len(colour) == 7 and colour[0] == "#" and all(c in _COLOUR_DIGITS for c in colour[1:]):
        return colour
    return "#888888"


def _attribute(value: str) -> str:
    """``value`` escaped for a quoted attribute, on one line (see ``_INERT_HTML``)."""
    return html.escape(value).replace("\n", "&#10;").replace("\r", "&#13;")


def _open_tags(quote: Highlight | None, actor: Highlight | None) -> tuple[str, str]:
    opening, closing = "", ""
    if quote is not None:
        opening += f'<mark class="quote" title="{_attribute(quote.label)}">'
        closing = "</mark>" + closing
    if actor is not None:
        colour = _checked_colour(actor.colour)
        opening += (
            f'<span class="actor" style="border-bottom: 3px solid {colour}; font-weight: 600" '
            f'title="{_attribute(actor.label)}">'
        )
        closing = "</span>" + closing
    return opening, closing


def highlighted_html(text: str, highlights: Sequence[Highlight]) -> str:
    """The article ``text`` as HTML with actors underlined in their colour and quotes marked.

    Every label is passed through ``html.escape``, and in ``text`` every punctuation
    mark and line break is written as a character reference (see ``_INERT_HTML``);
    line breaks are kept by the ``white-space: pre-wrap`` of the wrapping block.
    Spans outside the text are ignored; where actors overlap, the earlier one wins.
    """
    spans = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    pieces = ['<div class="chancery-article" style="white-space: pre-wrap; line-height: 1.7">']
    for left, right in itertools.pairwise(cuts):
        covering = [h for h in spans if h.start <= left and right <= h.end]
        quote = next((h for h in covering if h.kind == "quote"), None)
        actor = next((h for h in covering if h.kind == "actor"), None)
        opening, closing = _open_tags(quote, actor)
        pieces.append(opening + text[left:right].translate(_INERT_HTML) + closing)
    pieces.append("</div>")
    return "".join(pieces)
