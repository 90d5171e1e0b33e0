"""Ingesting on a Dask cluster: the spaCy work on the workers, the writing here.

:func:`ingest_distributed` loads nothing but the inputs: it skips the articles
the database already holds, cuts the rest into partitions of a few articles and
has the cluster's workers analyse them (:func:`analyse_partition`). Each worker
process builds its :class:`~analysis.pipeline.Analyzer` once, on its first task,
and keeps it for the tasks after. The :class:`~analysis.models.Analysis` records
come back (plain, picklable dataclasses) and are stored through
:func:`analysis.store.store_analyses`, one transaction per batch, as soon as all
the partitions before them have come back. Articles are stored in input order
because actor resolution depends on what was stored before: so the database
ends up as a single-process ingest leaves it.

The scheduler and the workers need the project on their ``sys.path`` (its
``analysis`` package and, for the workers, ``data/`` and the spaCy model): the
scheduler unpickles the tasks, whose arguments are Chancery's records. Only this
process talks to the database.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from analysis.errors import ChanceryError
from analysis.ingest import IngestReport, ProgressCallback, plan_ingest, store_batch
from analysis.models import Analysis, Article, LoadResult
from analysis.pipeline import DEFAULT_BATCH_SIZE, Analyzer
from analysis.settings import DATA_DIR
from analysis.store import ResolverCache, open_engine, store_analyses
from analysis.taxonomy_store import effective_taxonomy, topic_row
from analysis.topics import Topic, load_taxonomy

if TYPE_CHECKING:
    from distributed import Client

#: The ``address`` that starts a cluster of worker processes on this machine.
LOCAL = "local"
#: Worker processes of that local cluster (one thread each: spaCy is not thread-safe).
LOCAL_WORKERS = 2
#: Articles per task: small enough that the workers finish together, large enough
#: that scheduling (a few milliseconds a task) stays small beside spaCy's work.
DEFAULT_PARTITION_SIZE = 8
#: Partitions in flight or waiting to be stored, per worker thread: enough to keep
#: every worker busy while one slow partition holds up storing, few enough that a
#: corpus of any size never sits whole in the scheduler's memory.
PARTITIONS_PER_THREAD = 4
#: Seconds to wait for a scheduler to answer, and for a first worker to join it.
CONNECT_TIMEOUT = 30.0


class ClusterError(ChanceryError):
    """The Dask cluster could not be reached, or its workers cannot analyse."""


# --- on the workers ---------------------------------------------------------------------

#: This worker process's analyzers, by model name ("" = the worker's default).
#: Like the dashboard's cached model, this is the one place that keeps a model:
#: each worker process loads it once, on its first task, not once per task.
_analyzers: dict[str, Analyzer] = {}
#: The same with a taxonomy the analyst edited in the database, by (model, topics).
_edited_analyzers: dict[tuple[str, tuple[Topic, ...]], Analyzer] = {}
#: spaCy pipelines are not thread-safe: a worker with several threads analyses
#: one partition at a time (start workers with ``--nthreads 1``).
_worker_lock = threading.Lock()


def _worker_analyzer(model: str, topics: tuple[Topic, ...] | None = None) -> Analyzer:
    """The analyzer of ``model`` with the taxonomy ``topics`` (None: the worker's
    data/topics.yaml); each distinct taxonomy's matcher is built once."""
    analyzer = _analyzers.get(model)
    if analyzer is None:
        from analysis.nlp import load_model

        analyzer = Analyzer.build(load_model(model or None))
        _analyzers[model] = analyzer
    if topics is None:
        return analyzer
    edited = _edited_analyzers.get((model, topics))
    if edited is None:
        # Only the latest edited taxonomy is worth keeping: an ingest sends one.
        _edited_analyzers.clear()
        edited = _edited_analyzers[(model, topics)] = analyzer.with_topics(topics)
    return edited


def prepare_worker(model: str) -> tuple[str, list[dict]]:
    """Run on a worker: build its analyzer for ``model`` if not yet built.

    Returns the pipeline's name and version, and the taxonomy's topic rows, so
    that the client can check that every worker analyses alike.
    """
    with _worker_lock:
        analyzer = _worker_analyzer(model)
    meta = analyzer.nlp.meta
    return f"{meta['lang']}_{meta['name']} {meta['version']}", analyzer.topic_rows()


def analyse_partition(
    articles: Sequence[Article],
    model: str,
    batch_size: int,
    topics: tuple[Topic, ...] | None = None,
) -> list[Analysis]:
    """Run on a worker: the analyses of ``articles``, in order, with the taxonomy
    ``topics`` (None: the worker's own data/topics.yaml)."""
    with _worker_lock:
        analyzer = _worker_analyzer(model, topics)
        return list(analyzer.analyse(articles, batch_size=batch_size))


# --- on the client ----------------------------------------------------------------------


@contextlib.contextmanager
def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Iterator[Client]:
    """A ``distributed.Client`` of the scheduler at ``address`` (``tcp://HOST:8786``),
    or of a new cluster of :data:`LOCAL_WORKERS` processes here when it is ``"local"``.

    Raises :class:`ClusterError` when the scheduler does not answer.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError(
            f"Dask is not installed ({error}): pip install 'dask[distributed]'"
        ) from error
    if address == LOCAL:
        with (
            LocalCluster(
                n_workers=LOCAL_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"cannot reach a Dask scheduler at {address} ({error}): start one with "
            "`dask scheduler` and give its address, tcp://HOST:8786, or use --dask local"
        ) from error
    with client:
        yield client


def prepare_workers(
    client: Client, model: str = "", timeout: float = CONNECT_TIMEOUT
) -> list[dict]:
    """Have every worker of ``client``'s cluster build its analyzer; return the topic rows.

    Raises :class:`ClusterError` when no worker joins within ``timeout`` seconds,
    when the workers cannot import Chancery, or when they do not all run the same
    model and taxonomy.
    """
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as error:
        raise ClusterError(
            f"no Dask worker joined the scheduler within {timeout:.0f} s: start workers "
            "with `dask worker SCHEDULER_ADDRESS`"
        ) from error
    futures = [
        client.submit(
            prepare_worker, model, workers=[worker], allow_other_workers=False, pure=False
        )
        for worker in sorted(client.nthreads())
    ]
    try:
        answers = client.gather(futures)
    except (ImportError, RuntimeError) as error:
        # The scheduler unpickles tasks too, and says so in a RuntimeError.
        cause = error.__cause__ if isinstance(error.__cause__, ImportError) else error
        if not isinstance(cause, ImportError) and "deserializ" not in str(error):
            raise
        raise ClusterError(
            f"the Dask scheduler or a worker cannot import Chancery ({cause}): start them "
            "from the project's folder with PYTHONPATH set to it, in an environment with "
            "its requirements installed"
        ) from error
    models = {name for name, _ in answers}
    if len(models) > 1 or any(rows != answers[0][1] for _, rows in answers):
        raise ClusterError(
            f"the Dask workers do not analyse alike (models: {', '.join(sorted(models))}, "
            "or different data/topics.yaml): install the same Chancery and model on each"
        )
    return answers[0][1]


def ingest_distributed(
    engine_url: str,
    loaded: LoadResult,
    address: str,
    *,
    model: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> IngestReport:
    """Analyse the articles of ``loaded`` on the Dask cluster at ``address`` (or
    ``"local"``) and store them in the database at ``engine_url``.

    ``model`` names the spaCy pipeline the workers load (default: the
    ``CHANCERY_SPACY_MODEL`` setting, else each worker's default model);
    ``batch_size`` is the spaCy batch on the workers and the number of articles
    stored per transaction. ``progress`` is called with (articles stored,
    articles to analyse). Returns what :func:`analysis.ingest.ingest_loaded`
    returns; the database ends up as that single-process ingest leaves it.
    """
    if partition_size < 1 or batch_size < 1:
        raise ValueError("partition_size and batch_size must be 1 or more")
    if model is None:
        from analysis.settings import setting

        model = setting("CHANCERY_SPACY_MODEL")
    report = IngestReport(rejections=list(loaded.rejections))
    engine = open_engine(engine_url)
    try:
        todo, duplicates = plan_ingest(engine, loaded.articles)
        report.duplicates.extend(a.origin for a in duplicates)
        if progress:
            progress(0, len(todo))
        if not todo:
            return report
        with connect(address, connect_timeout) as client:
            topic_rows = prepare_workers(client, model, connect_timeout)
            topics = _edited_taxonomy(engine)
            if topics is not None:
                topic_rows = [topic_row(t) for t in topics]
            store_analyses(engine, [], topic_rows)
            partitions = [
                todo[start : start + partition_size]
                for start in range(0, len(todo), partition_size)
            ]
            stored = 0
            resolvers = ResolverCache()
            for batch in _analysed_in_order(client, partitions, model, batch_size, topics):
                store_batch(engine, batch, topic_rows, report, resolvers=resolvers)
                stored += len(batch)
                if progress:
                    progress(stored, len(todo))
    finally:
        engine.dispose()
    return report


def _edited_taxonomy(engine) -> tuple[Topic, ...] | None:
    """The taxonomy in force in ``engine``'s database when the analyst edited it (the
    workers are then sent it with each task), else None: the workers' own
    data/topics.yaml, which :func:`prepare_workers` found identical on each."""
    default = load_taxonomy(DATA_DIR / "topics.yaml")
    topics = effective_taxonomy(engine, default)
    return None if list(topics) == list(default) else tuple(topics)


def _analysed_in_order(
    client: Client,
    partitions: Sequence[Sequence[Article]],
    model: str,
    batch_size: int,
    topics: tuple[Topic, ...] | None = None,
) -> Iterator[list[Analysis]]:
    """Analyses of all ``partitions`` in input order, ``batch_size`` at a time (the
    last may be fewer), each batch as soon as every partition it draws on and all
    before them are back; a bounded number of partitions in flight."""
    from distributed import as_completed

    window = PARTITIONS_PER_THREAD * max(1, sum(client.nthreads().values()))
    finished = as_completed()
    index_of: dict[str, int] = {}
    waiting: dict[int, list[Analysis]] = {}
    submitted = next_to_yield = 0

    def submit_next() -> None:
        nonlocal submitted
        future = client.submit(
            analyse_partition, partitions[submitted], model, batch_size, topics, pure=False
        )
        index_of[future.key] = submitted
        finished.add(future)
        submitted += 1

    while submitted < min(window, len(partitions)):
        submit_next()
    batch: list[Analysis] = []
    try:
        for future in finished:
            waiting[index_of.pop(future.key)] = future.result()
            future.release()
            while next_to_yield in waiting:
                batch.extend(waiting.pop(next_to_yield))
                next_to_yield += 1
                if submitted < len(partitions):
                    submit_next()
                while len(batch) >= batch_size:
                    yield batch[:batch_size]
                    batch = batch[batch_size:]
    finally:
        finished.clear()
    if batch:
        yield batch
