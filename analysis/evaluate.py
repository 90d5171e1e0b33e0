"""Scoring extraction against human annotations.

    python -m analysis.evaluate quotes  [--polnear DIR] [--own DIR] [--limit N]
    python -m analysis.evaluate actors  [--own DIR] [--limit N]
    python -m analysis.evaluate topics  [--own DIR] [--limit N]
    python -m analysis.evaluate interactions [--own DIR] [--limit N]

Quotes are scored as the Gender Gap Tracker scores them: a predicted quote
matches a gold quote when it covers more than 30% (and, reported apart, 80%) of
the gold span's characters; each gold quote takes its best unused prediction.
``--own`` is the project's annotated set (``data/eval``, format in its README);
``--polnear`` a PolNeAR split directory holding ``text/`` and ``attributions/``
(``dev`` by default; ``train`` and ``test`` read the same way), whose attributions
are read as: a Content fragment enclosed in quotation marks is a direct quote, a
Content whose Cue is a speech verb is reported speech. ``--limit N`` scores only the
first N annotated articles of each set, in file-name order.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.models import Article, Quote
from analysis.names import full_names_match, load_name_lexicon, name_parts

OPENING = "\"“‘'«"
CLOSING = "\"”’'»"
PRONOUNS = frozenset("he she they it i we you him her them his hers their".split())
#: Cues that make a PolNeAR attribution reported speech. Fixed here, apart from the
#: extractor's own word list, so that editing that list cannot move the gold.
GOLD_SPEECH_VERBS = frozenset(
    """say tell add state announce declare insist argue claim stress note emphasize
    emphasise underscore reiterate urge assert affirm acknowledge admit allege maintain
    explain suggest predict promise pledge vow confirm deny report reply respond answer
    caution contend concede observe remark recall mention repeat accuse complain propose
    demand conclude write tweet post ask call describe warn testify according""".split()
)
DEFAULT_OWN = Path(__file__).resolve().parent.parent / "data" / "eval"
DEFAULT_POLNEAR = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "polnear" / "dev"
)


@dataclass(frozen=True)
class GoldQuote:
    """A gold quotation: character span in the article text, speaker, kind."""

    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_named: bool = True


@dataclass
class QuoteScore:
    """Counts behind precision, recall and F1, and speaker accuracy over matches."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_judged: int = 0
    speaker_right: int = 0

    def add(self, other: QuoteScore) -> None:
        for name in ("gold", "predicted", "matched", "speaker_judged", "speaker_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_judged if self.speaker_judged else 0.0


def coverage(gold: GoldQuote, start: int, end: int) -> float:
    """Share of the gold span's characters that the predicted span covers."""
    overlap = max(0, min(gold.end, end) - max(gold.start, start))
    return overlap / max(1, gold.end - gold.start)


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """A predicted speaker names the gold one: the same name, a variant of it, or its
    surname; a bare pronoun or nothing is wrong."""
    if not predicted or not gold:
        return False
    p, g = name_parts(predicted), name_parts(gold)
    if not p or not g or (len(p) == 1 and p[0] in PRONOUNS):
        return False
    lexicon = load_name_lexicon()
    if p == g or full_names_match(p, g, lexicon):
        return True
    # Titles are no part of the name: "Mr. Castañeda" is "Jorge Castañeda".
    bare = _bare(gold)
    if bare and bare != g and (bare == p or full_names_match(p, bare, lexicon)):
        return True
    # A gold source may carry a description ("Ines Varga, executive director of
    # ..."): the predicted surname must be one of its capitalised words, compared
    # as name parts (no accents, hyphens or edge punctuation).
    capitalised = {
        part for w in gold.split() if w[:1].isupper() for part in name_parts(w.strip(".,;:()’'\""))
    }
    if p[-1] in capitalised or any(len(n) == 1 and n[0] in p for n in (g, bare)):
        return True
    # An institution named once by its initials and once in full: "the AP" is the
    # Associated Press, "the IMF" the International Monetary Fund.
    return bool({_initials(predicted), _initials(gold)} & (_acronyms(gold) | _acronyms(predicted)))


def _acronyms(name: str) -> set[str]:
    """The words of ``name`` written in capitals, two letters or more ("AP", "DNC")."""
    return set(re.findall(r"\b[A-Z]{2,6}\b", name))


def _initials(name: str) -> str:
    """The initials of the capitalised words of ``name`` ("International Monetary
    Fund" -> "IMF"); empty for a name of one word, which has no acronym."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def score_quotes(
    gold: Sequence[GoldQuote],
    predicted: Sequence[Quote],
    threshold: float,
    kinds: frozenset[str],
    speaker_matches=same_speaker,
) -> QuoteScore:
    """Match predictions to gold quotes of ``kinds`` at ``threshold`` coverage.

    Of predictions that cover a gold quote alike, the one with the fewest
    characters outside it is the best: a clause reported inside a longer one
    ("according to X, she said that A") is matched by its own quote.
    """
    gold = [g for g in gold if g.kind in kinds]
    predicted = [p for p in predicted if p.kind in kinds]
    score = QuoteScore(gold=len(gold), predicted=len(predicted))
    used: set[int] = set()
    for g in gold:
        best, best_fit = None, (threshold, 0)
        for index, p in enumerate(predicted):
            if index in used:
                continue
            cover = coverage(g, p.start, p.end)
            if cover <= threshold:
                continue
            outside = (p.end - p.start) - max(0, min(g.end, p.end) - max(g.start, p.start))
            if best is None or (cover, -outside) > best_fit:
                best, best_fit = index, (cover, -outside)
        if best is None:
            continue
        used.add(best)
        score.matched += 1
        if g.speaker_named:
            score.speaker_judged += 1
            score.speaker_right += speaker_matches(predicted[best].speaker, g.speaker)
    return score


# --- the project's own annotated set -------------------------------------------------


@dataclass
class OwnDocument:
    """One annotated article of ``data/eval``: the loaded article and its gold JSON."""

    article: Article
    gold: dict
    quotes: list[GoldQuote] = field(default_factory=list)


def _nth(text: str, needle: str, occurrence: int) -> int:
    position = -1
    for _ in range(max(1, occurrence)):
        position = text.find(needle, position + 1)
        if position < 0:
            return -1
    return position


def load_own_set(directory: Path, limit: int | None = None) -> list[OwnDocument]:
    """The annotated articles in ``directory`` (pairs ``NAME.txt`` + ``NAME.json``), in
    file-name order; only the first ``limit`` of them when a limit is given."""
    from analysis.loaders import load_paths

    documents = []
    for gold_path in sorted(directory.glob("*.json")):
        if limit is not None and len(documents) >= limit:
            break
        text_path = gold_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        loaded = load_paths([text_path])
        if not loaded.articles:
            continue
        article = loaded.articles[0]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        quotes = []
        for entry in gold.get("quotes", []):
            start = _nth(article.text, entry["text"], entry.get("occurrence", 1))
            if start < 0:
                raise ValueError(f"{gold_path.name}: quote not in text: {entry['text'][:60]!r}")
            quotes.append(
                GoldQuote(start, start + len(entry["text"]), entry["kind"], entry.get("speaker"))
            )
        documents.append(OwnDocument(article=article, gold=gold, quotes=quotes))
    return documents


# --- PolNeAR --------------------------------------------------------------------------


def _fragments(spec: str, text: str) -> list[tuple[int, int]]:
    """The (start, end) pieces of a BRAT span; pieces that only whitespace of
    ``text`` separates are one piece (annotation tools split spans at line and
    token boundaries)."""
    pieces: list[tuple[int, int]] = []
    for a, b in (part.split() for part in spec.split(";")):
        start, end = int(a), int(b)
        if pieces and start >= pieces[-1][1] and not text[pieces[-1][1] : start].strip():
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return pieces


def polnear_gold(text: str, annotation: str, is_speech_verb) -> list[GoldQuote]:
    """Gold quotes of one PolNeAR annotation file (BRAT standoff).

    Every Content fragment enclosed in quotation marks is a direct quote (marks
    excluded); a Content none of whose fragments is quoted, with a speech-verb Cue,
    is reported speech. The speaker is the Source text; pronoun and descriptive
    sources ("he", "a source") are not judged for speaker accuracy.
    """
    spans: dict[str, tuple[str, str]] = {}
    events = []
    for line in annotation.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, spec = parts[1].partition(" ")
            spans[parts[0]] = (kind, spec)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(item.split(":", 1) for item in parts[1].split()))
    gold = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""))
        said_by = _fragments(source[1], text) if source else []
        source_text = " ".join(text[a:b] for a, b in said_by) if source else None
        named = bool(source_text) and source_is_named(
            source_text, text, said_by[0][0] if said_by else 0
        )
        cue = spans.get(event.get("Cue", ""))
        cue_text = " ".join(text[a:b] for a, b in _fragments(cue[1], text)) if cue else ""
        pieces = _fragments(content[1], text)
        direct_found = False
        for a, b in pieces:
            inner = _inside_marks(text, a, b)
            if inner is not None:
                direct_found = True
                gold.append(GoldQuote(inner[0], inner[1], "direct", source_text, named))
        if not direct_found and cue_text and is_speech_verb(cue_text):
            gold.append(GoldQuote(pieces[0][0], pieces[-1][1], "indirect", source_text, named))
    return gold


def _inside_marks(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The span inside the quotation marks that enclose text[a:b], if they do."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:"):
        b -= 1
    opens = (a < b and text[a] in OPENING) or (a > 0 and text[a - 1] in OPENING)
    closes = (b > a and text[b - 1] in CLOSING) or (b < len(text) and text[b] in CLOSING)
    if not (opens and closes):
        return None
    if text[a] in OPENING:
        a += 1
    if text[b - 1] in CLOSING:
        b -= 1
    while b > a and text[b - 1] in ".,;:!? ":
        b -= 1
    return (a, b) if b > a else None


def source_is_named(source: str, text: str = "", at: int = 0) -> bool:
    """A source that holds a name. A capital that only opens the sentence
    ("Several cast members said", "Police said") marks no name when the article
    also writes that word in lower case."""
    words = re.findall(r"[A-Za-z][\w'’.-]*", source)
    if not words or (len(words) == 1 and words[0].lower() in PRONOUNS):
        return False
    if any(w[0].isupper() for w in words[1:] if w.lower() not in {"the", "a", "an"}):
        return True
    first = words[0]
    if not first[0].isupper() or first.lower() in {"the", "a", "an"}:
        return False
    before = text[:at].rstrip()
    if before and before[-1] not in '.!?:;_—–-\n"”’':
        return True  # capitalised inside a sentence
    common = re.compile(rf"(?<![\w]){re.escape(first.lower())}(?![\w])")
    return common.search(text) is None


def load_polnear(
    directory: Path, limit: int | None = None
) -> list[tuple[Article, list[GoldQuote]]]:
    """PolNeAR articles of one split with gold quotes, in file-name order (the first
    ``limit`` annotated articles when a limit is given); the first annotator's file
    per article."""
    from analysis.loaders import plain_spaces

    inflected = _inflections(GOLD_SPEECH_VERBS)

    def is_speech_verb(cue: str) -> bool:
        words = re.findall(r"[a-z]+", cue.lower())
        return any(w in inflected for w in words)

    result = []
    for text_path in sorted((directory / "text").glob("*.txt")):
        if limit is not None and len(result) >= limit:
            break
        annotations = sorted((directory / "attributions").glob(text_path.stem + "_*.ann"))
        if not annotations:
            continue
        text = plain_spaces(text_path.read_text(encoding="utf-8"))
        gold = polnear_gold(text, annotations[0].read_text(encoding="utf-8"), is_speech_verb)
        article = Article(
            text=text,
            title=text_path.stem,
            date=None,
            source="polnear",
            url=None,
            origin=str(text_path),
        )
        result.append((article, gold))
    return result


def _inflections(lemmas: Iterable[str]) -> frozenset[str]:
    irregular = {"say": ["said", "says"], "tell": ["told"], "write": ["wrote", "written"]}
    forms = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms.update({lemma, lemma + "s", lemma + "d", stem + "ed", stem + "ing", lemma + "es"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ied", lemma[:-1] + "ies"})
        forms.update(irregular.get(lemma, []))
    return frozenset(forms)


# --- running ---------------------------------------------------------------------------


def _analyzer():
    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer

    return Analyzer.build(load_model())


def quote_report(
    name: str, pairs: Sequence[tuple[Sequence[GoldQuote], Sequence[Quote]]]
) -> list[str]:
    """Lines of the quote scores of one set at 30% and 80% coverage."""
    lines = [f"{name}: {len(pairs)} articles"]
    for threshold in (0.3, 0.8):
        for label, kinds in (
            ("direct", frozenset({"direct"})),
            ("all", frozenset({"direct", "indirect"})),
        ):
            total = QuoteScore()
            for gold, predicted in pairs:
                total.add(score_quotes(gold, predicted, threshold, kinds))
            lines.append(
                f"  {label:6} >{int(threshold * 100)}%: gold {total.gold:4}  predicted {total.predicted:4}  "
                f"P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}  "
                f"speaker {total.speaker_accuracy:.3f} (of {total.speaker_judged} judged)"
            )
    return lines


def evaluate_quotes(own: Path | None, polnear: Path | None, limit: int | None = None) -> list[str]:
    """Report lines of the quote scores on the own set and a PolNeAR split (each when it
    exists), over the first ``limit`` articles of each when a limit is given."""
    analyzer = _analyzer()
    lines = []
    if own is not None and own.exists():
        documents = load_own_set(own, limit)
        analyses = analyzer.analyse([d.article for d in documents])
        pairs = [(d.quotes, a.quotes) for d, a in zip(documents, analyses, strict=True)]
        lines += quote_report(f"own set {own}", pairs)
    if polnear is not None and polnear.exists():
        data = load_polnear(polnear, limit)
        analyses = analyzer.analyse([article for article, _ in data])
        pairs = [(gold, a.quotes) for (_, gold), a in zip(data, analyses, strict=True)]
        lines += quote_report(f"PolNeAR {polnear}", pairs)
    return lines


def evaluate_topics(own: Path, limit: int | None = None) -> list[str]:
    """Micro and macro F1 of article topics against the gold topic ids."""
    analyzer = _analyzer()
    documents = load_own_set(own, limit)
    counts: dict[str, Counter] = {}
    total = Counter()
    for document, analysis in zip(
        documents, analyzer.analyse([d.article for d in documents]), strict=True
    ):
        gold = set(document.gold.get("topics", []))
        predicted = {t.topic_id for t in analysis.topics}
        for topic in gold | predicted:
            c = counts.setdefault(topic, Counter())
            c["tp"] += topic in gold and topic in predicted
            c["fp"] += topic in predicted and topic not in gold
            c["fn"] += topic in gold and topic not in predicted
    for c in counts.values():
        total.update(c)

    def f1(c: Counter) -> float:
        return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0

    macro = sum(f1(c) for c in counts.values()) / max(1, len(counts))
    precision = total["tp"] / max(1, total["tp"] + total["fp"])
    recall = total["tp"] / max(1, total["tp"] + total["fn"])
    return [
        f"topics on {len(documents)} articles: micro P {precision:.3f} R {recall:.3f} "
        f"F1 {f1(total):.3f}; macro F1 {macro:.3f} over {len(counts)} topics"
    ]


def _bare(form: str) -> tuple[str, ...]:
    """A surface form without its titles, as comparable name parts: "President
    Biden" and "Biden" are the same form of a person."""
    from analysis.names import clean_surface, split_title

    return name_parts(split_title(clean_surface(form), load_name_lexicon())[1])


def gold_form_spans(text: str, persons: Sequence[dict]) -> list[tuple[int, int, int]]:
    """Where the gold persons' forms occur in ``text``: (start, end, person index),
    whole words only, a longer form keeping characters a shorter one would share
    ("Kim Yo Jong" over "Kim")."""
    forms = sorted(
        ((form, index) for index, person in enumerate(persons) for form in person["forms"]),
        key=lambda item: -len(item[0]),
    )
    taken: list[tuple[int, int, int]] = []
    for form, index in forms:
        if not form.strip():
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
        for match in pattern.finditer(text):
            a, b = match.span()
            if not any(a < end and start < b for start, end, _ in taken):
                taken.append((a, b, index))
    return sorted(taken)


def owners_by_position(
    mentions: Iterable[tuple[int, int]], spans: Sequence[tuple[int, int, int]]
) -> set[int]:
    """The gold persons one of whose form occurrences a predicted mention overlaps:
    "Ms Kim" and "Mr Kim" stay two people though both read "Kim" without titles."""
    return {index for a, b in mentions for start, end, index in spans if a < end and start < b}


def evaluate_actors(own: Path, limit: int | None = None) -> list[str]:
    """Person precision, recall, F1; split persons and merged actors, per article and corpus-wide.

    A predicted person belongs to the gold persons at whose forms in the text its
    mentions stand; one with no mention there (a gold form the text spells
    otherwise) to those sharing a title-less form with it."""
    from analysis.resolution import CorpusResolver, KnownActor

    analyzer = _analyzer()
    documents = load_own_set(own, limit)
    resolver = CorpusResolver([])
    next_id = iter(range(1, 10**9))
    tp = fp = fn = split = merged = gold_total = 0
    corpus_names: dict[str, set[str]] = {}
    for document, analysis in zip(
        documents, analyzer.analyse([d.article for d in documents]), strict=True
    ):
        gold = document.gold.get("persons", [])
        gold_total += len(gold)
        predicted = [a for a in analysis.actors if a.type == "PERSON"]
        canonical = {}
        for actor in predicted:
            known = resolver.match(actor)
            if known is None:
                known = KnownActor(id=next(next_id), key=actor.key, name=actor.name, type="PERSON")
                resolver.add(known)
            for alias in actor.aliases:
                resolver.add_alias(known.id, alias)
            canonical[actor.key] = known.name
        hits: dict[int, set[str]] = {}
        gold_forms = [{_bare(f) for f in g["forms"]} for g in gold]
        spans = gold_form_spans(document.article.text, gold)
        for actor in predicted:
            mentions = [(m.start, m.end) for m in analysis.mentions if m.actor_key == actor.key]
            owners = owners_by_position(mentions, spans)
            if not owners:
                aliases = {_bare(a) for a in actor.aliases}
                owners = {i for i, forms in enumerate(gold_forms) if forms & aliases}
            if owners:
                tp += 1
                merged += len(owners) > 1
                for i in owners:
                    hits.setdefault(i, set()).add(actor.key)
                    corpus_names.setdefault(gold[i]["name"], set()).add(canonical[actor.key])
            else:
                fp += 1
        fn += sum(1 for i in range(len(gold)) if i not in hits)
        split += sum(1 for keys in hits.values() if len(keys) > 1)
    precision = tp / max(1, tp + fp)
    recall = (gold_total - fn) / max(1, gold_total)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    corpus_split = sum(1 for names in corpus_names.values() if len(names) > 1)
    return [
        f"persons on {len(documents)} articles: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; "
        f"gold {gold_total}, predicted {tp + fp}",
        f"  split within an article: {split} ({split / max(1, gold_total):.1%} of gold persons); "
        f"merged actors: {merged} ({merged / max(1, tp + fp):.1%} of predicted)",
        f"  split across the corpus: {corpus_split} of {len(corpus_names)} gold persons found "
        "carry more than one canonical name",
    ]


def evaluate_interactions(own: Path, limit: int | None = None) -> list[str]:
    """Precision (and recall) of predicted interaction pairs against the gold pairs."""
    analyzer = _analyzer()
    documents = load_own_set(own, limit)
    right = predicted_total = gold_total = found = 0
    for document, analysis in zip(
        documents, analyzer.analyse([d.article for d in documents]), strict=True
    ):
        gold = document.gold.get("interactions", [])
        gold_total += len(gold)
        matched_gold = set()
        for interaction in analysis.interactions:
            predicted_total += 1
            for i, g in enumerate(gold):
                pair = {(interaction.a, g["a"]), (interaction.b, g["b"])}
                swapped = {(interaction.a, g["b"]), (interaction.b, g["a"])}
                if all(same_speaker(p, q) for p, q in pair) or all(
                    same_speaker(p, q) for p, q in swapped
                ):
                    right += 1
                    matched_gold.add(i)
                    break
        found += len(matched_gold)
    precision = right / max(1, predicted_total)
    recall = found / max(1, gold_total)
    return [
        f"interactions on {len(documents)} articles: precision {precision:.3f} "
        f"({right}/{predicted_total}), recall {recall:.3f} ({found}/{gold_total})"
    ]


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of articles, got {value}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("what", choices=["quotes", "actors", "topics", "interactions"])
    parser.add_argument(
        "--own", type=Path, default=DEFAULT_OWN, help="annotated set (default data/eval)"
    )
    parser.add_argument(
        "--polnear", type=Path, default=DEFAULT_POLNEAR, help="PolNeAR split directory"
    )
    parser.add_argument(
        "--limit",
        type=_positive_int,
        default=None,
        metavar="N",
        help="score only the first N annotated articles of each set (file-name order)",
    )
    args = parser.parse_args(argv)
    if args.what != "quotes" and not args.own.exists():
        lines = []
    elif args.what == "quotes":
        lines = evaluate_quotes(args.own, args.polnear, args.limit)
    elif args.what == "topics":
        lines = evaluate_topics(args.own, args.limit)
    elif args.what == "actors":
        lines = evaluate_actors(args.own, args.limit)
    else:
        lines = evaluate_interactions(args.own, args.limit)
    if not lines:
        print("nothing to evaluate: no annotated set found", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
