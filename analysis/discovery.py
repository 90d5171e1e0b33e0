"""Emerging themes: what a period's coverage is about that the rest of the corpus is not.

Themes come from the stored text itself, not from the taxonomy: an NMF
(non-negative matrix factorisation) of the articles' TF-IDF over words and
pairs of adjacent words splits the corpus into themes, each a weighted list of
terms. Articles are the unit of the fit, since words that belong together meet
there; each sentence is then weighed on the themes to pick examples and to see
how far the taxonomy already covers a theme (the share of its weight in
sentences that already carry a topic, and which topic most often). A theme
*emerges* in a period when it takes a larger share of the period's articles'
theme weight than of the rest's. Persons' names are left out: a theme is what
is discussed, not who speaks.

The text is tokenised with a plain word pattern rather than re-parsed with
spaCy: the text and sentence offsets are stored, and on the demo corpus a
tagger pass alone takes longer than the whole discovery (a parse for noun
chunks about three times longer still). The factorisation starts from an SVD
(``nndsvda``) with a fixed ``random_state``, so the same corpus gives the same
themes.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from analysis.errors import ChanceryError
from analysis.settings import DATA_DIR

#: Words of at least three letters (hyphens and apostrophes inside allowed).
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'\-]*[^\W\d_]\b"
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_WORD = re.compile(TOKEN_PATTERN)
#: A sentence belongs to a theme when its weight on that theme is at least this
#: share of its largest weight on any theme.
MEMBERSHIP_SHARE = 0.5
#: A theme counts as covered when at least this share of its sentences already
#: carry a topic of the taxonomy.
COVERED_SHARE = 0.5
#: Terms in more than this share of the articles are too common to tell themes apart.
MAX_ARTICLE_SHARE = 0.5
#: Iterations of the factorisation at most.
MAX_ITERATIONS = 1000
#: Columns of :func:`discover_themes`' frame.
THEME_COLUMNS = [
    "theme",
    "label",
    "terms",
    "period_share",
    "rest_share",
    "growth",
    "period_sentences",
    "examples",
    "overlap_topic",
    "overlap_label",
    "overlap_share",
    "covered",
]
#: Added to both shares before dividing, so that a theme absent from the rest does
#: not grow infinitely and a trace of one in both does not look like growth.
GROWTH_SMOOTHING = 0.01


class DiscoveryError(ChanceryError):
    """Themes cannot be found in these sentences; the message says what is missing."""


@dataclass(frozen=True)
class Period:
    """A closed range of dates, the period whose themes are compared with the rest."""

    start: dt.date
    end: dt.date

    def holds(self, dates: pd.Series) -> np.ndarray:
        """Which of ``dates`` (dates, datetimes or missing) fall in the period."""
        stamps = pd.to_datetime(dates, errors="coerce")
        inside = (stamps >= pd.Timestamp(self.start)) & (stamps <= pd.Timestamp(self.end))
        return inside.fillna(False).to_numpy(dtype=bool)


def default_stopwords_path() -> Path:
    """The extra words discovery leaves out: ``data/discovery_stopwords.txt``."""
    return DATA_DIR / "discovery_stopwords.txt"


def load_stopwords(path: Path) -> frozenset[str]:
    """The words listed in ``path`` (one a line, ``#`` starts a comment), lower-cased,
    together with scikit-learn's English stop words."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DiscoveryError(f"cannot read the discovery stop words {path}: {error}") from error
    words = {line.split("#", 1)[0].strip().lower() for line in lines}
    return frozenset(ENGLISH_STOP_WORDS | {word for word in words if word})


def discover_themes(
    sentences: pd.DataFrame,
    period: Period,
    stopwords: Iterable[str],
    topic_labels: dict[str, str] | None = None,
    n_themes: int = 10,
    n_terms: int = 8,
    n_examples: int = 3,
    random_state: int = 0,
) -> pd.DataFrame:
    """Themes of ``sentences``, most emerging in ``period`` first.

    ``sentences`` has the columns ``article_id``, ``sentence``, ``date``,
    ``title``, ``source``, ``text`` and ``topic_ids`` (a tuple of the taxonomy
    topics the sentence carries), and may have ``person_spans`` (offsets in
    ``text`` of persons' names, left out of the terms: a theme is what is
    discussed, not who speaks). ``topic_labels`` maps topic ids to labels for
    the overlap column.

    Returns one row per theme with the columns of :data:`THEME_COLUMNS`:
    ``theme`` (its number), ``label`` (a suggestion from its top terms),
    ``terms`` (tuple, strongest first), ``period_share`` and ``rest_share`` (its
    share of all theme weight in the articles of the period and in the others'),
    ``growth`` (their ratio, smoothed), ``period_sentences`` (sentences of the
    period that belong to it), ``examples`` (tuple of dicts with ``text``,
    ``title``, ``date``, ``source``: the period's sentences weighing most on it,
    one per article), ``overlap_topic`` and ``overlap_label`` (the taxonomy topic
    its sentences carry most, or None), ``overlap_share`` (the share of its
    sentences' weight in sentences that carry any topic) and ``covered`` (that share is at least
    :data:`COVERED_SHARE`). Raises :class:`DiscoveryError` when the period or the
    rest holds no sentence, or when the sentences share too few words.
    """
    if n_themes < 1 or n_terms < 1:
        raise DiscoveryError("ask for at least one theme and one term")
    frame = sentences.reset_index(drop=True)
    inside = period.holds(frame["date"]) if len(frame) else np.zeros(0, dtype=bool)
    if not inside.any():
        raise DiscoveryError(
            f"no sentence is dated between {period.start} and {period.end}: choose another period"
        )
    if inside.all():
        raise DiscoveryError(
            "every sentence falls in the chosen period, so nothing is left to compare it "
            "with: choose a shorter period or widen the date filter"
        )
    texts = _theme_texts(frame)
    # Themes are fitted on whole articles, where words that belong together meet;
    # sentences are then weighed on them to pick examples and judge overlap.
    article_ids = frame["article_id"].to_numpy()
    order = pd.unique(article_ids)
    joined = pd.Series(texts).groupby(article_ids, sort=False).agg(" ".join).reindex(order)
    article_inside = pd.Series(inside).groupby(article_ids, sort=False).any().reindex(order)
    vectorizer = TfidfVectorizer(
        analyzer=_TermsOf(frozenset(stopwords)),
        min_df=2,
        max_df=MAX_ARTICLE_SHARE,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(joined.tolist())
    except ValueError as error:
        raise DiscoveryError(
            "the articles share too few words to find themes: add articles"
        ) from error
    vocabulary = vectorizer.get_feature_names_out()
    components = min(n_themes, matrix.shape[0] - 1, matrix.shape[1] - 1)
    if components < 1:
        raise DiscoveryError("the articles share too few words to find themes: add articles")
    model = NMF(
        n_components=components,
        init="nndsvda",
        random_state=random_state,
        max_iter=MAX_ITERATIONS,
        beta_loss="frobenius",
    )
    with warnings.catch_warnings():
        # Stopping at the iteration limit still gives usable, repeatable themes.
        warnings.simplefilter("ignore", ConvergenceWarning)
        article_weights = model.fit_transform(matrix)
        weights = model.transform(vectorizer.transform(texts))
    held = article_inside.to_numpy(dtype=bool)
    period_total = article_weights[held].sum() or 1.0
    rest_total = article_weights[~held].sum() or 1.0
    top = weights.max(axis=1, keepdims=True)
    members = (weights >= MEMBERSHIP_SHARE * top) & (top > 0)
    rows = []
    for theme in range(components):
        order = np.argsort(-model.components_[theme], kind="stable")
        terms = _top_terms(vocabulary, order, model.components_[theme], n_terms)
        period_share = float(article_weights[held, theme].sum() / period_total)
        rest_share = float(article_weights[~held, theme].sum() / rest_total)
        growth = (period_share + GROWTH_SMOOTHING) / (rest_share + GROWTH_SMOOTHING)
        member_rows = np.flatnonzero(members[:, theme])
        overlap_topic, overlap_share = _overlap(frame, member_rows, weights[:, theme])
        rows.append(
            {
                "theme": theme,
                "label": _suggested_label(terms),
                "terms": terms,
                "period_share": period_share,
                "rest_share": rest_share,
                "growth": float(growth),
                "period_sentences": int(members[inside, theme].sum()),
                "examples": _examples(frame, weights[:, theme], inside, n_examples),
                "overlap_topic": overlap_topic,
                "overlap_label": (topic_labels or {}).get(overlap_topic, overlap_topic)
                if overlap_topic
                else None,
                "overlap_share": overlap_share,
                "covered": overlap_share >= COVERED_SHARE,
            }
        )
    result = pd.DataFrame(rows, columns=THEME_COLUMNS)
    return result.sort_values(
        ["growth", "period_share", "theme"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def emerging(themes: pd.DataFrame, include_covered: bool = False) -> pd.DataFrame:
    """The themes of :func:`discover_themes` that grew in the period (``growth`` above 1
    and at least two of the period's sentences), leaving out those the taxonomy
    covers unless ``include_covered``; same columns, same order."""
    keep = (themes["growth"] > 1.0) & (themes["period_sentences"] >= 2)
    if not include_covered:
        keep &= ~themes["covered"]
    return themes[keep].reset_index(drop=True)


@dataclass(frozen=True)
class _TermsOf:
    """The terms of a text: its words that are not stop words, and each pair of such
    words standing side by side ("grain exports"; "Kremlin said Russia" gives none).
    Lower case, without the possessive "'s"."""

    stopwords: frozenset[str]

    def __call__(self, text: str) -> list[str]:
        words = _WORD.findall(_POSSESSIVE.sub("", text.lower()))
        keep = [word not in self.stopwords for word in words]
        terms = [word for word, kept in zip(words, keep, strict=True) if kept]
        terms += [
            f"{first} {second}"
            for first, second, kept, kept_next in zip(
                words, words[1:], keep, keep[1:], strict=False
            )
            if kept and kept_next
        ]
        return terms


def _theme_texts(frame: pd.DataFrame) -> list[str]:
    """The sentences' texts, with persons' names blanked out when their spans are given."""
    texts = frame["text"].fillna("").astype(str).tolist()
    if "person_spans" not in frame:
        return texts
    masked = []
    for text, spans in zip(texts, frame["person_spans"], strict=True):
        for start, end in spans or ():
            if 0 <= start < end <= len(text):
                text = text[:start] + " " * (end - start) + text[end:]
        masked.append(text)
    return masked


def _top_terms(
    vocabulary: np.ndarray, order: np.ndarray, loadings: np.ndarray, n_terms: int
) -> tuple[str, ...]:
    """The strongest terms; a word and a stronger or weaker pair holding it are shown
    once, as the pair ("united", "states" become "united states"), so the list says more."""
    chosen: list[str] = []
    for index in order[: n_terms * 4]:
        if loadings[index] <= 0:
            break
        term = str(vocabulary[index])
        words = term.split()
        if any(term in other.split() for other in chosen):
            continue  # a word already inside a chosen pair
        inside = [other for other in chosen if other in words]
        if inside:
            # The pair replaces the word(s) it holds, where the first of them stood.
            position = chosen.index(inside[0])
            chosen = [other for other in chosen if other not in inside]
            chosen.insert(position, term)
            continue
        if len(chosen) < n_terms:
            chosen.append(term)
    return tuple(chosen[:n_terms])


def _suggested_label(terms: Sequence[str]) -> str:
    if not terms:
        return "New theme"
    head = terms[0]
    return head[:1].upper() + head[1:] + (f" and {terms[1]}" if len(terms) > 1 else "")


def _overlap(
    frame: pd.DataFrame, rows: np.ndarray, theme_weights: np.ndarray
) -> tuple[str | None, float]:
    """The topic the theme's sentences carry most, and the share of their weight on
    the theme that lies in sentences carrying any topic: a sentence central to the
    theme counts more than one at its edge."""
    total = float(theme_weights[rows].sum()) if len(rows) else 0.0
    if total <= 0:
        return None, 0.0
    tagged = 0.0
    by_topic: Counter = Counter()
    for i in rows:
        ids = tuple(frame.at[i, "topic_ids"] or ())
        if ids:
            tagged += float(theme_weights[i])
        for topic in ids:
            by_topic[topic] += float(theme_weights[i])
    best = min(by_topic.items(), key=lambda item: (-item[1], item[0]))[0] if by_topic else None
    return best, tagged / total


def _examples(
    frame: pd.DataFrame, theme_weights: np.ndarray, inside: np.ndarray, n_examples: int
) -> tuple[dict, ...]:
    candidates = np.flatnonzero(inside & (theme_weights > 0))
    order = candidates[np.argsort(-theme_weights[candidates], kind="stable")]
    examples: list[dict] = []
    seen: set = set()
    for i in order:
        article = frame.at[i, "article_id"]
        if article in seen:
            continue
        seen.add(article)
        examples.append(
            {
                "text": str(frame.at[i, "text"]).strip(),
                "title": frame.at[i, "title"],
                "date": frame.at[i, "date"],
                "source": frame.at[i, "source"],
            }
        )
        if len(examples) >= n_examples:
            break
    return tuple(examples)
