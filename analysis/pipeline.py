"""From loaded articles to analyses: one spaCy pass per article, then actors, quotes, topics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from analysis.actors import ActorLexicon, extract_actors, load_actor_lexicon
from analysis.interactions import InteractionLexicon, extract_interactions, load_interaction_lexicon
from analysis.models import Analysis, Article
from analysis.quotes import QuoteLexicon, extract_quotes, load_quote_lexicon
from analysis.settings import DATA_DIR
from analysis.topics import Topic, TopicMatcher, load_taxonomy

#: Texts per spaCy batch: on news-length texts 32 is faster and far lighter than 256.
DEFAULT_BATCH_SIZE = 32


#: Texts per spaCy batch in each worker when several processes run.
PARALLEL_BATCH_SIZE = 8
#: An article carries a topic when this many of its sentences match it ...
MIN_TOPIC_SENTENCES = 2
#: ... or, in an article of at most this many sentences, when one does.
SHORT_ARTICLE_SENTENCES = 5


def min_topic_sentences(doc: Doc) -> int:
    """How many matching sentences make ``doc`` carry a topic: one passing mention
    in a long article is not what it is about."""
    count = sum(1 for _ in doc.sents)
    return 1 if count <= SHORT_ARTICLE_SENTENCES else MIN_TOPIC_SENTENCES


@dataclass
class Analyzer:
    """Everything analysis needs, loaded once: the pipeline, word lists and the taxonomy."""

    nlp: Language
    actor_lexicon: ActorLexicon
    quote_lexicon: QuoteLexicon
    interaction_lexicon: InteractionLexicon
    topics: list[Topic]
    topic_matcher: TopicMatcher

    @classmethod
    def build(
        cls, nlp: Language, data_dir: Path = DATA_DIR, taxonomy: Path | None = None
    ) -> Analyzer:
        """An analyzer over ``nlp`` with the word lists and taxonomy found in ``data_dir``."""
        topics = load_taxonomy(taxonomy or data_dir / "topics.yaml")
        return cls(
            nlp=nlp,
            actor_lexicon=load_actor_lexicon(data_dir),
            quote_lexicon=load_quote_lexicon(data_dir),
            interaction_lexicon=load_interaction_lexicon(data_dir),
            topics=topics,
            topic_matcher=TopicMatcher(nlp, topics),
        )

    def topic_rows(self) -> list[dict]:
        """The taxonomy as rows for the store's ``topics`` table."""
        return [
            {"id": t.id, "label": t.label, "description": t.description, "parent": t.parent}
            for t in self.topics
        ]

    def analyse_doc(self, article: Article, doc: Doc) -> Analysis:
        """Actors, mentions, quotes, topics and interactions of one parsed article."""
        found = extract_actors(doc, self.actor_lexicon)
        quotes, extra_actors = extract_quotes(doc, found, self.quote_lexicon)
        actors = found.actors + [
            a for a in extra_actors if a.key not in {b.key for b in found.actors}
        ]
        return Analysis(
            article=article,
            actors=actors,
            mentions=found.mentions,
            quotes=quotes,
            topics=self.topic_matcher.doc_topics(doc, min_topic_sentences(doc)),
            sentences=[(s.start_char, s.end_char) for s in doc.sents],
            interactions=extract_interactions(doc, found, article.date, self.interaction_lexicon),
        )

    def analyse(
        self,
        articles: Iterable[Article],
        batch_size: int = DEFAULT_BATCH_SIZE,
        n_process: int = 1,
    ) -> Iterator[Analysis]:
        """Analyse ``articles`` lazily, in order, with one ``nlp.pipe`` pass."""
        pairs = ((a.text, a) for a in articles)
        # A spaCy worker's peak memory follows the characters in its batch; with
        # several workers, smaller batches keep the total bounded (measured: two
        # workers at batch 32 peaked near 2 GB, at batch 8 near 1.1 GB).
        spacy_batch = min(batch_size, PARALLEL_BATCH_SIZE) if n_process > 1 else batch_size
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=spacy_batch, n_process=n_process)
        for doc, article in docs:
            yield self.analyse_doc(article, doc)


def analyse_in_batches(
    analyzer: Analyzer,
    articles: Sequence[Article],
    on_batch: Callable[[list[Analysis]], None],
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> None:
    """Analyse ``articles`` and hand them to ``on_batch`` ``batch_size`` at a time (to store)."""
    batch: list[Analysis] = []
    for analysis in analyzer.analyse(articles, batch_size=batch_size, n_process=n_process):
        batch.append(analysis)
        if len(batch) >= batch_size:
            on_batch(batch)
            batch = []
    if batch:
        on_batch(batch)
