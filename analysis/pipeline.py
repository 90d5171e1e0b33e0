"""From loaded articles to analyses: one spaCy pass per article, then actors, quotes, topics."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from analysis.actors import ActorLexicon, extract_actors, load_actor_lexicon
from analysis.interactions import InteractionLexicon, extract_interactions, load_interaction_lexicon
from analysis.models import Analysis, Article
from analysis.nlp import LONG_TEXT_CHARS, parse_text
from analysis.quotes import QuoteLexicon, extract_quotes, load_quote_lexicon
from analysis.settings import DATA_DIR
from analysis.topics import Topic, TopicMatcher, load_taxonomy

#: Texts per spaCy batch: on news-length texts 32 is faster and far lighter than 256.
DEFAULT_BATCH_SIZE = 32


#: Texts per spaCy batch in each worker when several processes run; also the
#: articles a worker analyses per task.
PARALLEL_BATCH_SIZE = 8
#: Tasks waiting or running per worker process: enough that a worker never waits
#: for its next task, few enough that finished analyses never pile up here.
TASKS_PER_WORKER = 3


@dataclass
class Analyzer:
    """Everything analysis needs, loaded once: the pipeline, word lists and the taxonomy.

    Articles longer than ``long_text_chars`` are parsed in pieces of at most that
    many characters, joined into one Doc (:func:`analysis.nlp.parse_text`), so that
    memory stays bounded whatever the length of an article.
    """

    nlp: Language
    actor_lexicon: ActorLexicon
    quote_lexicon: QuoteLexicon
    interaction_lexicon: InteractionLexicon
    topics: list[Topic]
    topic_matcher: TopicMatcher
    long_text_chars: int = LONG_TEXT_CHARS

    @classmethod
    def build(
        cls,
        nlp: Language,
        data_dir: Path = DATA_DIR,
        taxonomy: Path | None = None,
        topics: Sequence[Topic] | None = None,
    ) -> Analyzer:
        """An analyzer over ``nlp`` with the word lists found in ``data_dir`` and
        ``topics`` (default: the taxonomy file, ``data_dir/topics.yaml``)."""
        if topics is None:
            topics = load_taxonomy(taxonomy or data_dir / "topics.yaml")
        return cls(
            nlp=nlp,
            actor_lexicon=load_actor_lexicon(data_dir),
            quote_lexicon=load_quote_lexicon(data_dir),
            interaction_lexicon=load_interaction_lexicon(data_dir),
            topics=list(topics),
            topic_matcher=TopicMatcher(nlp, topics),
        )

    def with_topics(self, topics: Sequence[Topic]) -> Analyzer:
        """This analyzer with another taxonomy (an edited one); the pipeline and word
        lists are shared, not reloaded. Returns ``self`` when ``topics`` is the same."""
        if tuple(topics) == tuple(self.topics):
            return self
        return replace(self, topics=list(topics), topic_matcher=TopicMatcher(self.nlp, topics))

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
            topics=self.topic_matcher.article_topics(doc),
            sentences=[(s.start_char, s.end_char) for s in doc.sents],
            interactions=extract_interactions(doc, found, article.date, self.interaction_lexicon),
        )

    def analyse(
        self,
        articles: Iterable[Article],
        batch_size: int = DEFAULT_BATCH_SIZE,
        n_process: int = 1,
    ) -> Iterator[Analysis]:
        """Analyse ``articles`` lazily, in order, with one ``nlp.pipe`` pass.

        A long article (over ``long_text_chars``) passes through ``nlp.pipe`` as an
        empty text that keeps its place, and is parsed in pieces when its turn comes.
        With ``n_process`` above 1, that many worker processes each parse and
        analyse a share of the articles (see :func:`analyse_in_processes`).
        """
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            # A spaCy worker's peak memory follows the characters in its batch; with
            # several workers, smaller batches keep the total bounded (measured: two
            # workers at batch 32 peaked near 2 GB, at batch 8 near 1.1 GB).
            chunk = min(batch_size, PARALLEL_BATCH_SIZE)
            yield from analyse_in_processes(self, articles, n_process, chunk)
            return
        spacy_batch = min(batch_size, PARALLEL_BATCH_SIZE) if n_process > 1 else batch_size
        limit = self.long_text_chars
        pairs = ((a.text if len(a.text) <= limit else "", a) for a in articles)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=spacy_batch, n_process=n_process)
        for doc, article in docs:
            if len(article.text) > limit:
                doc = parse_text(self.nlp, article.text, limit)
            yield self.analyse_doc(article, doc)


#: The analyzer of a worker process of :func:`analyse_in_processes`, inherited
#: from the process that forked it: the one place a worker keeps its model.
_worker_analyzer: Analyzer | None = None


def _start_worker(analyzer: Analyzer) -> None:
    global _worker_analyzer
    _worker_analyzer = analyzer


def _analyse_chunk(articles: list[Article]) -> list[Analysis]:
    """Run in a worker: the analyses of ``articles``, in order, in one spaCy batch."""
    assert _worker_analyzer is not None, "the worker was started without its analyzer"
    return list(_worker_analyzer.analyse(articles, batch_size=max(1, len(articles))))


def analyse_in_processes(
    analyzer: Analyzer, articles: Iterable[Article], n_process: int, chunk_size: int
) -> Iterator[Analysis]:
    """The analyses of ``articles``, in order, made by ``n_process`` forked worker
    processes, ``chunk_size`` articles per task.

    Each worker inherits ``analyzer`` (its model loaded once, shared with this
    process until written to) and sends back :class:`~analysis.models.Analysis`
    records, much smaller than the Docs that ``nlp.pipe(n_process=...)`` sends,
    which would then be analysed here, in one process. A worker that dies (killed
    for memory) ends the run with ``BrokenProcessPool`` instead of a hang.
    """
    chunks = _chunked(articles, chunk_size)
    pending: deque[Future[list[Analysis]]] = deque()
    executor = ProcessPoolExecutor(
        n_process,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(analyzer,),
    )
    try:
        for chunk in itertools.islice(chunks, n_process * TASKS_PER_WORKER):
            pending.append(executor.submit(_analyse_chunk, chunk))
        while pending:
            analyses = pending.popleft().result()
            chunk = next(chunks, None)
            if chunk is not None:
                pending.append(executor.submit(_analyse_chunk, chunk))
            yield from analyses
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _chunked(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


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
