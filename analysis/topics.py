"""Diplomatic topics: the taxonomy in ``data/topics.yaml`` and the sentences that carry each topic.

A topic is carried by a sentence when one of its terms occurs in it, none of its
``exclude`` phrases does, and (if it has any) one of its ``require_any`` phrases
does too. Phrases are compared word by word, ignoring case, and a word matches
if either its form or its lemma equals the form or lemma of the phrase's word,
so "sanction" finds "sanctions", "sanctioned" and "Sanctioning". Dashes and
slashes are ignored ("Iran-US", "Iran–US" and "Iran US" are alike), as are full
stops inside words ("U.S." is "US") and the kind of apostrophe. A phrase word
written in capitals (two letters or more: "US", "WHO", "UN") matches only that
word in capitals, so that "us" and "who" do not count; write a word in lower
case to match it in any case. ``data/topics.yaml`` documents the same rules for
analysts.

The matcher is our own rather than spaCy's ``PhraseMatcher``/``Matcher``: those
compare one attribute per pattern, and here a word must match on its form *or*
its lemma, lemmas must be folded to lower case (spaCy keeps proper nouns'
lemmas capitalised), and dashes must vanish, including inside tokens that the
tokenizer keeps whole ("U.S.-Pakistan"). An index from a phrase's first word to
the phrase keeps it to a few dictionary look-ups per token.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from analysis.errors import ChanceryError
from analysis.models import TopicHit
from analysis.settings import DATA_DIR

#: Components that produce lemmas; all others are switched off when the
#: taxonomy's phrases are lemmatised.
_LEMMA_COMPONENTS = frozenset(
    {"tok2vec", "transformer", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"}
)
_FIELDS = ("label", "description", "parent", "terms", "exclude", "require_any")
_REQUIRED_FIELDS = ("label", "terms")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Characters that join words without being words: hyphens, dashes, slashes.
_JOINERS = re.compile(r"[-\u2010-\u2015\u2212/]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
#: Prefix of the key of a capitalised word, so that "=US" never equals "us".
_CASED = "="

Role = Literal["term", "exclude", "require_any"]


class TaxonomyError(ChanceryError):
    """The topic taxonomy cannot be used; the message names the topic and what is wrong."""


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy, as written in ``data/topics.yaml``."""

    id: str
    label: str
    description: str
    parent: str | None
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()


def matcher_components(nlp: Language) -> list[str]:
    """The components of ``nlp`` a :class:`TopicMatcher` needs (those that give
    lemmas), in pipeline order; the others can be switched off when only topics
    are wanted."""
    return [name for name in nlp.pipe_names if name in _LEMMA_COMPONENTS]


def default_taxonomy_path() -> Path:
    """The taxonomy shipped with Chancery: ``data/topics.yaml``."""
    return DATA_DIR / "topics.yaml"


# --------------------------------------------------------------------------- loading and saving


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (PyYAML keeps the last one silently)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise TaxonomyError(
                f"{key!r} is defined twice in one mapping (again on line {line}); "
                "topic ids, and the fields of a topic, must be unique"
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def load_taxonomy(path: Path) -> list[Topic]:
    """The topics defined in the YAML file at ``path``, in file order.

    Raises :class:`TaxonomyError` when the file is missing or is not valid YAML,
    when an id is repeated or is not a slug, when a topic lacks a label or
    terms, has an unknown field, or names a parent that does not exist (or
    makes a cycle of parents).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise TaxonomyError(f"cannot read the topic taxonomy {path}: {error}") from error
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except TaxonomyError as error:
        raise TaxonomyError(f"{path}: {error}") from error
    except yaml.YAMLError as error:
        raise TaxonomyError(f"{path} is not valid YAML: {error}") from error
    if (
        not isinstance(data, dict)
        or set(data) != {"topics"}
        or not isinstance(data["topics"], dict)
    ):
        raise TaxonomyError(f"{path} must hold one mapping, 'topics:', of topic id -> topic")
    topics = [_topic_from_yaml(topic_id, fields) for topic_id, fields in data["topics"].items()]
    check_taxonomy(topics)
    return topics


def _topic_from_yaml(topic_id: object, fields: object) -> Topic:
    if not isinstance(topic_id, str):
        raise TaxonomyError(
            f"topic {topic_id!r}: an id must be a text slug like 'trade-investment'"
        )
    if not isinstance(fields, dict):
        raise TaxonomyError(
            f"topic {topic_id}: expected fields (label, terms, ...), got {fields!r}"
        )
    unknown = sorted(str(name) for name in fields if name not in _FIELDS)
    if unknown:
        raise TaxonomyError(
            f"topic {topic_id}: unknown field(s) {', '.join(unknown)}; "
            f"the fields are {', '.join(_FIELDS)}"
        )
    missing = [name for name in _REQUIRED_FIELDS if name not in fields]
    if missing:
        raise TaxonomyError(f"topic {topic_id}: missing field(s) {', '.join(missing)}")
    parent = fields.get("parent")
    return Topic(
        id=topic_id,
        label=_text_field(topic_id, "label", fields["label"]),
        description=_text_field(topic_id, "description", fields.get("description") or ""),
        parent=None if parent is None else _text_field(topic_id, "parent", parent),
        terms=_phrase_list(topic_id, "terms", fields["terms"]),
        exclude=_phrase_list(topic_id, "exclude", fields.get("exclude") or []),
        require_any=_phrase_list(topic_id, "require_any", fields.get("require_any") or []),
    )


def _text_field(topic_id: str, name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TaxonomyError(f"topic {topic_id}: {name} must be text, got {value!r}")
    return value.strip()


def _phrase_list(topic_id: str, name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TaxonomyError(f"topic {topic_id}: {name} must be a list of phrases, got {value!r}")
    phrases = []
    for item in value:
        # YAML reads a bare 370 or yes as a number or a boolean; only text is a phrase.
        if not isinstance(item, str):
            raise TaxonomyError(
                f"topic {topic_id}: {name} holds {item!r}, which is not text; put it in quotes"
            )
        phrases.append(item.strip())
    return tuple(phrases)


def check_taxonomy(topics: Sequence[Topic]) -> None:
    """Raise :class:`TaxonomyError` unless ``topics`` form a usable taxonomy.

    Ids are unique slugs; every topic has a one-line label and at least one
    term; no phrase is blank; every parent is another topic's id and parents
    never loop back.
    """
    by_id: dict[str, Topic] = {}
    for topic in topics:
        if not _SLUG.fullmatch(topic.id):
            raise TaxonomyError(
                f"topic {topic.id!r}: an id must be a slug of lower-case letters, digits and "
                "hyphens, like 'trade-investment'"
            )
        if topic.id in by_id:
            raise TaxonomyError(f"topic {topic.id}: the id is used by two topics")
        by_id[topic.id] = topic
        if not topic.label.strip():
            raise TaxonomyError(f"topic {topic.id}: the label is empty")
        for name, value in (("label", topic.label), ("description", topic.description)):
            if "\n" in value.strip():
                raise TaxonomyError(f"topic {topic.id}: the {name} must be one line")
        if not topic.terms:
            raise TaxonomyError(f"topic {topic.id}: terms is empty; give at least one phrase")
        for name in ("terms", "exclude", "require_any"):
            if any(not phrase.strip() for phrase in getattr(topic, name)):
                raise TaxonomyError(f"topic {topic.id}: {name} holds an empty phrase")
    for topic in topics:
        if topic.parent is None:
            continue
        if topic.parent not in by_id:
            raise TaxonomyError(f"topic {topic.id}: the parent {topic.parent!r} is not a topic id")
        lineage = [topic.id]
        parent: str | None = topic.parent
        while parent is not None:
            if parent in lineage:
                cycle = " -> ".join([*lineage, parent])
                raise TaxonomyError(f"topic {topic.id}: its parents form a loop ({cycle})")
            lineage.append(parent)
            parent = by_id[parent].parent


def save_taxonomy(path: Path, topics: list[Topic]) -> None:
    """Write ``topics`` to ``path`` as YAML that :func:`load_taxonomy` reads back unchanged.

    Topics keep their order. The comment block at the top of an existing file
    (the documentation for analysts) is kept; comments further down are not.
    The file is replaced in one step, so a failed save leaves the old file.
    """
    check_taxonomy(topics)
    path = Path(path)
    header = _leading_comments(path)
    document = {"topics": {topic.id: _topic_to_yaml(topic) for topic in topics}}
    body = yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(header + body)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _topic_to_yaml(topic: Topic) -> dict[str, object]:
    fields: dict[str, object] = {"label": topic.label, "description": topic.description}
    if topic.parent is not None:
        fields["parent"] = topic.parent
    fields["terms"] = list(topic.terms)
    if topic.exclude:
        fields["exclude"] = list(topic.exclude)
    if topic.require_any:
        fields["require_any"] = list(topic.require_any)
    return fields


def _leading_comments(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        return ""
    header = []
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            break
        header.append(line)
    text = "".join(header).rstrip("\n")
    return text + "\n\n" if text else ""


# --------------------------------------------------------------------------- matching


@functools.lru_cache(maxsize=1 << 16)
def _units(text: str, lemma: str) -> tuple[tuple[str, ...], ...]:
    """The match keys of one token: one tuple of keys per word the token holds.

    A token with no word in it (a dash, a full stop) gives no units; one joined
    by dashes that the tokenizer kept whole ("U.S.-Pakistan") gives several.
    Cached because a corpus repeats a few thousand forms over and over.
    """
    text = text.translate(_APOSTROPHES).replace(".", "")
    pieces = [piece for piece in _JOINERS.split(text) if piece]
    units = []
    for piece in pieces:
        keys = [piece.lower()]
        if len(pieces) == 1 and lemma:
            lemma_key = lemma.translate(_APOSTROPHES).replace(".", "").lower()
            if lemma_key and lemma_key != keys[0]:
                keys.append(lemma_key)
        if _is_capitalised(piece):
            keys.append(_CASED + piece)
        units.append(tuple(keys))
    return tuple(units)


def _is_capitalised(word: str) -> bool:
    return word.isupper() and sum(char.isalpha() for char in word) >= 2


@dataclass(frozen=True)
class PhraseMatch:
    """One taxonomy phrase found in a ``Doc``: whose, in which role, and where.

    ``role`` is the field the phrase comes from ("term", "exclude" or
    "require_any"); ``start`` and ``end`` are token indexes (end exclusive) and
    ``sentence`` is the position of their sentence in ``list(doc.sents)``.
    """

    topic_id: str
    role: Role
    phrase: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True, eq=False)
class _Phrase:
    """A taxonomy phrase compiled for matching: one set of acceptable keys per word."""

    slots: tuple[frozenset[str], ...]
    topic_id: str
    role: Role
    text: str


class TopicMatcher:
    """Finds which sentences of a parsed ``Doc`` carry which topics.

    Build it once per pipeline and taxonomy (building lemmatises every phrase);
    after that it holds no changing state, so one matcher can serve every
    session of the dashboard.
    """

    def __init__(self, nlp: Language, topics: Sequence[Topic]) -> None:
        check_taxonomy(topics)
        self.topics: tuple[Topic, ...] = tuple(topics)
        self._needs_context = frozenset(topic.id for topic in self.topics if topic.require_any)
        self._ancestors = _ancestors(self.topics)
        phrases = [
            (topic.id, role, text)
            for topic in self.topics
            for role, texts in (
                ("term", topic.terms),
                ("exclude", topic.exclude),
                ("require_any", topic.require_any),
            )
            for text in texts
        ]
        slots_by_text = _phrase_slots(nlp, {text for _, _, text in phrases})
        by_first_key: dict[str, list[_Phrase]] = defaultdict(list)
        for topic_id, role, text in phrases:
            slots = slots_by_text[text]
            if not slots:
                raise TaxonomyError(f"topic {topic_id}: the phrase {text!r} has no word to match")
            phrase = _Phrase(slots, topic_id, role, text)
            for key in slots[0]:
                by_first_key[key].append(phrase)
        self._by_first_key = dict(by_first_key)

    def sentence_topics(self, doc: Doc) -> dict[int, set[str]]:
        """Sentence index (position in ``list(doc.sents)``) -> ids of the topics it carries.

        Only sentences that carry a topic appear. A ``Doc`` without sentence
        boundaries counts as one sentence. A sentence that carries a child topic
        does not carry its parent as well: "Iran's enrichment" is about the Iran
        nuclear programme, not arms control at large.
        """
        found: dict[int, set[tuple[str, Role]]] = defaultdict(set)
        for match in self.phrase_matches(doc):
            found[match.sentence].add((match.topic_id, match.role))
        carried: dict[int, set[str]] = {}
        for sentence, roles in sorted(found.items()):
            ids = {
                topic_id
                for topic_id, role in roles
                if role == "term"
                and (topic_id, "exclude") not in roles
                and (topic_id not in self._needs_context or (topic_id, "require_any") in roles)
            }
            ids -= {ancestor for topic_id in ids for ancestor in self._ancestors[topic_id]}
            if ids:
                carried[sentence] = ids
        return carried

    def doc_topics(self, doc: Doc, min_sentences: int = 1) -> list[TopicHit]:
        """The topics ``doc`` carries in at least ``min_sentences`` sentences.

        Each hit gives the number of sentences and their indexes (ascending);
        hits are sorted by that number, most first, then by label.
        """
        if min_sentences < 1:
            raise ValueError(f"min_sentences must be 1 or more, got {min_sentences}")
        return topic_hits(
            self.topics,
            self.sentence_topics(doc),
            lambda indexes: len(indexes) >= min_sentences,
        )

    def article_topics(self, doc: Doc) -> list[TopicHit]:
        """The topics the article parsed as ``doc`` is about (see :func:`article_carries`).

        Each hit gives the number of sentences carrying the topic and their
        indexes; most sentences first, then by label.
        """
        count = sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 1
        return article_topic_hits(self.topics, self.sentence_topics(doc), count)

    def phrase_matches(self, doc: Doc) -> list[PhraseMatch]:
        """Every taxonomy phrase found in ``doc``, in text order.

        This is what :meth:`sentence_topics` decides from; it shows an analyst
        why a sentence carries a topic, or which exclusion vetoed it. A phrase
        must lie within one sentence.
        """
        strings = doc.vocab.strings
        # Reading forms and lemmas as one array spares creating a Token per word.
        units = [
            (keys, index)
            for index, (orth, lemma) in enumerate(doc.to_array([ORTH, LEMMA]).tolist())
            for keys in _units(strings[orth], strings[lemma])
        ]
        if not units:
            return []
        if doc.has_annotation("SENT_START"):
            sentence_starts = [sentence.start for sentence in doc.sents]
        else:
            sentence_starts = [0]
        matches = []
        for position, (keys, first_token) in enumerate(units):
            candidates = [phrase for key in keys for phrase in self._by_first_key.get(key, ())]
            # A form and its lemma can both lead to one phrase: try it once.
            for phrase in dict.fromkeys(candidates):
                last = position + len(phrase.slots) - 1
                if last >= len(units) or any(
                    slot.isdisjoint(units[position + offset][0])
                    for offset, slot in enumerate(phrase.slots[1:], start=1)
                ):
                    continue
                last_token = units[last][1]
                sentence = bisect.bisect_right(sentence_starts, first_token) - 1
                if sentence != bisect.bisect_right(sentence_starts, last_token) - 1:
                    continue
                matches.append(
                    PhraseMatch(
                        phrase.topic_id,
                        phrase.role,
                        phrase.text,
                        sentence,
                        first_token,
                        last_token + 1,
                    )
                )
        return sorted(
            matches,
            key=lambda match: (match.start, match.end, match.topic_id, match.role, match.phrase),
        )


def _ancestors(topics: Sequence[Topic]) -> dict[str, frozenset[str]]:
    """Each topic id -> the ids of its parent, its parent's parent, and so on."""
    parents = {topic.id: topic.parent for topic in topics}
    found = {}
    for topic in topics:
        chain, parent = [], parents.get(topic.id)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = parents.get(parent)
        found[topic.id] = frozenset(chain)
    return found


def _phrase_slots(nlp: Language, phrases: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]]:
    """Each phrase -> one set of keys per word, from the form and lemma the pipeline gives it.

    A capitalised word ("US", "WHO") keeps only its capitalised key; other
    words accept their lower-case form and their lemma.
    """
    texts = sorted(phrases)
    disable = [name for name in nlp.pipe_names if name not in _LEMMA_COMPONENTS]
    slots_by_phrase = {}
    for text, doc in zip(texts, nlp.pipe(texts, disable=disable), strict=True):
        slots = []
        for token in doc:
            for keys in _units(token.text, token.lemma_):
                cased = [key for key in keys if key.startswith(_CASED)]
                slots.append(frozenset(cased or keys))
        slots_by_phrase[text] = tuple(slots)
    return slots_by_phrase


# --------------------------------------------------------------------------- article decision

#: An article of at most this many sentences carries a topic that one of them carries.
SHORT_ARTICLE_SENTENCES = 5
#: Otherwise it needs this many sentences carrying the topic ...
MIN_TOPIC_SENTENCES = 2
#: ... the first of them within this leading share of the article, unless the
#: lead sentence carries it: news puts what a story is about first, and a topic
#: that only surfaces late is background.
LEADING_SHARE = 0.5


def article_carries(sentence_indexes: Sequence[int], sentence_count: int) -> bool:
    """Whether an article of ``sentence_count`` sentences, whose sentences at
    ``sentence_indexes`` carry a topic, is about that topic.

    Yes when the article is short (at most :data:`SHORT_ARTICLE_SENTENCES`) and
    one sentence carries it, when its lead sentence carries it, or when at least
    :data:`MIN_TOPIC_SENTENCES` do and the first lies in the leading half.
    """
    if not sentence_indexes:
        return False
    if sentence_count <= SHORT_ARTICLE_SENTENCES or min(sentence_indexes) == 0:
        return True
    return (
        len(sentence_indexes) >= MIN_TOPIC_SENTENCES
        and min(sentence_indexes) < sentence_count * LEADING_SHARE
    )


def article_topic_hits(
    topics: Sequence[Topic], carried: dict[int, set[str]], sentence_count: int
) -> list[TopicHit]:
    """The topics an article is about, from which of its sentences carry which topics
    (:meth:`TopicMatcher.sentence_topics`) and its number of sentences; sorted as
    :meth:`TopicMatcher.doc_topics` sorts them."""
    return topic_hits(topics, carried, lambda indexes: article_carries(indexes, sentence_count))


def topic_hits(
    topics: Sequence[Topic],
    carried: dict[int, set[str]],
    keep: Callable[[Sequence[int]], bool],
) -> list[TopicHit]:
    """A hit for each of ``topics`` whose carrying sentences (from ``carried``,
    sentence index -> topic ids) ``keep`` accepts; most sentences first, then by label."""
    sentences_by_topic: dict[str, list[int]] = defaultdict(list)
    for sentence, ids in sorted(carried.items()):
        for topic_id in ids:
            sentences_by_topic[topic_id].append(sentence)
    hits = [
        TopicHit(
            topic_id=topic.id,
            label=topic.label,
            sentences=len(sentences_by_topic[topic.id]),
            sentence_indexes=tuple(sentences_by_topic[topic.id]),
        )
        for topic in topics
        if sentences_by_topic.get(topic.id) and keep(sentences_by_topic[topic.id])
    ]
    return sorted(hits, key=lambda hit: (-hit.sentences, hit.label))


def topic_slug(label: str, taken: Iterable[str] = ()) -> str:
    """A topic id made from ``label`` ("Grain exports" -> "grain-exports"), with
    "-2", "-3"... appended when it is already ``taken``.

    Raises :class:`TaxonomyError` when the label holds no letter or digit.
    """
    import unicodedata

    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_label.lower()))[:80].strip("-")
    if not slug:
        raise TaxonomyError(f"the label {label!r} gives no id: use letters or digits")
    taken = set(taken)
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
