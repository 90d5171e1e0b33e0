"""Ingesting articles: skip what is stored, analyse the rest, store batch by batch.

Each batch is one transaction, so an ingest stopped at any point leaves whole
articles only, and running it again completes the rest without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from analysis.loaders import unique_articles
from analysis.models import Analysis, Article, LoadResult, Rejection
from analysis.pipeline import DEFAULT_BATCH_SIZE, Analyzer, analyse_in_batches
from analysis.store import ResolverCache, known_identities, store_analyses

#: Called with (articles done, articles to do) after each stored batch.
ProgressCallback = Callable[[int, int], None]


@dataclass
class IngestReport:
    """What an ingest did: origins of new and duplicate articles, and every rejection."""

    new: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    quotes: int = 0

    @property
    def did_anything(self) -> bool:
        return bool(self.new or self.duplicates)

    def lines(self) -> list[str]:
        """A human summary: counts, then each rejection with its reason."""
        lines = [
            f"{len(self.new)} new article(s), {len(self.duplicates)} duplicate(s), "
            f"{len(self.rejections)} rejected, {self.quotes} quote(s) found"
        ]
        lines.extend(f"rejected {r.origin}: {r.reason}" for r in self.rejections)
        return lines


def plan_ingest(engine: Engine, articles: Sequence[Article]) -> tuple[list[Article], list[Article]]:
    """Split ``articles`` into those to analyse and those already stored or repeated."""
    first, repeated = unique_articles(articles)
    with engine.connect() as conn:
        stored = known_identities(conn, (a.identity for a in first))
    todo = [a for a in first if a.identity not in stored]
    duplicates = repeated + [a for a in first if a.identity in stored]
    return todo, duplicates


def store_batch(
    engine: Engine,
    batch: Sequence[Analysis],
    topic_rows: Sequence[dict],
    report: IngestReport,
    resolvers: ResolverCache | None = None,
) -> None:
    """Store ``batch`` in one transaction and add to ``report`` what that did.

    An article that another process stored since the ingest was planned counts
    as a duplicate. ``resolvers`` is the ingest's resolver, kept between its batches.
    """
    summary = store_analyses(engine, batch, topic_rows, resolvers)
    report.new.extend(summary.new)
    report.duplicates.extend(summary.duplicates)
    stored = set(summary.new)
    report.quotes += sum(len(a.quotes) for a in batch if a.article.origin in stored)


def ingest_loaded(
    engine: Engine,
    analyzer: Analyzer | Callable[[], Analyzer],
    loaded: LoadResult,
    progress: ProgressCallback | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> IngestReport:
    """Analyse and store the articles of ``loaded``; rejections are carried into the report.

    ``analyzer`` may be a function that returns one (loading a model takes
    seconds): it is called after the first progress report, so that what is to
    be done shows at once.
    """
    report = IngestReport(rejections=list(loaded.rejections))
    todo, duplicates = plan_ingest(engine, loaded.articles)
    report.duplicates.extend(a.origin for a in duplicates)
    done = 0
    if progress:
        progress(0, len(todo))
    if not isinstance(analyzer, Analyzer):
        analyzer = analyzer()
    topic_rows = analyzer.topic_rows()
    store_analyses(engine, [], topic_rows)
    resolvers = ResolverCache()

    def store(batch: list[Analysis]) -> None:
        nonlocal done
        store_batch(engine, batch, topic_rows, report, resolvers)
        done += len(batch)
        if progress:
            progress(done, len(todo))

    analyse_in_batches(analyzer, todo, store, batch_size=batch_size, n_process=n_process)
    return report
