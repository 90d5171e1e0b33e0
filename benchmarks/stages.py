"""Where ingest time goes: the spaCy pass against each analysis stage, chunk by chunk.

Usage (from the project root)::

    python benchmarks/stages.py [--limit N] [--rounds R] [--top K] [--no-profile]

On the first N releases of the State Department corpus (the texts of
``benchmarks/ingest.py``), in one process, the texts are taken in chunks of 32
(``TUNED_BATCH_SIZE``, ingest's batch). For each chunk the spaCy pass is timed
(``nlp.pipe``, batch 32, one process), then at once each stage of
``Analyzer.analyse_doc`` over that chunk's Docs, built as ``Analyzer.build``
builds them: actors first (quotes and interactions read the actors found), quotes,
topics, interactions, sentence offsets; then ``analyse_doc`` whole, as a check
that the parts add up to it; then storage of the chunk's analyses
(``store_analyses`` into the round's fresh SQLite database, with the round's one
``ResolverCache``, as ``ingest_loaded`` stores). Loading (``load_paths`` of the
JSON Lines file) is timed once a round, before its chunks. The spaCy time and
each stage's are sums over the chunks, so a share compares neighbouring moments:
a slow phase of a shared machine weighs on both sides of the ratio, not on one.

Every clock is read twice: wall time (``time.perf_counter``) and the CPU time of
the process (``time.process_time``), which other work on the machine disturbs
less. The CPU time of the main thread (``time.thread_time``) is read too: when
spaCy's pass runs on other threads as well (numpy's BLAS keeps a pool), its CPU
time counts several cores against a stage's one, and the output says so.

Before the first round, a warm-up runs a whole round over the first chunk only,
untimed (loading, the spaCy pass, every stage, ``analyse_doc`` and storage into
a throwaway database), so that what is loaded or built on first use is not
charged to the first round. ``--rounds R`` (default 3) repeats the measurement:
each round's shares are printed, then per stage the median share over the rounds
and its min–max, by wall and by CPU time, against its target (quotes ≤ 15%,
topics ≤ 5%, everything beyond spaCy ≤ 10%), the verdict judged on the median.
When the min–max of a share straddles its target, the output says that the run
does not decide it.

The stages whose median misses a target are then run again under cProfile over
the Docs of the last round (the only round that keeps its Docs), and their top
functions printed; when the stages together miss, so is every stage whose median
takes 1% or more of the spaCy pass. A profile's times are inflated by cProfile's
cost per call (each spaCy ``Token`` made counts as a call); compare functions
within it, not with the table.

The measurement runs in a fresh ``python -m benchmarks.stages`` process started
from the project root, which is how it finds ``analysis``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from sqlalchemy import Engine

    from analysis.actors import ArticleActors
    from analysis.models import Analysis, Article
    from analysis.pipeline import Analyzer
    from analysis.store import ResolverCache

ROOT = Path(__file__).resolve().parent.parent

#: Share of the spaCy pass each stage may take (None: only the total applies), in
#: the order of the table.
TARGETS: dict[str, float | None] = {
    "load": None,
    "actors": None,
    "quotes": 0.15,
    "topics": 0.05,
    "interactions": None,
    "sentence offsets": None,
    "storage": None,
}
#: What each stage runs.
DESCRIPTIONS = {
    "load": "load_paths on the JSON Lines file, once a round",
    "actors": "extract_actors",
    "quotes": "extract_quotes",
    "topics": "TopicMatcher.article_topics",
    "interactions": "extract_interactions",
    "sentence offsets": "(start_char, end_char) of doc.sents",
    "storage": "store_analyses chunk by chunk, a fresh SQLite database a round",
}
#: The stages that make up ``Analyzer.analyse_doc``, in the order it runs them.
ANALYSIS_STAGES = ("actors", "quotes", "topics", "interactions", "sentence offsets")
#: Everything beyond the spaCy pass together, so that an ingest keeps 0.9x of spaCy alone.
TOTAL_TARGET = 0.10
#: When the total misses, every stage from this share of the spaCy pass on is profiled too.
PROFILE_FROM = 0.01
#: Above this share of the spaCy pass's CPU time on threads besides the main one,
#: spaCy is taken to use several threads.
OTHER_THREADS_FROM = 0.05
#: The two clocks a share is given by: attributes of :class:`Clock`, and their labels.
CLOCKS = {"wall": "wall", "cpu": "CPU"}

Result = TypeVar("Result")


@dataclass
class Clock:
    """Seconds spent on one thing: wall time, CPU time of the process, of its main thread."""

    wall: float = 0.0
    cpu: float = 0.0
    main_thread: float = 0.0

    def run(self, work: Callable[..., Result], *args: object) -> Result:
        """Run ``work(*args)``, add the time it took to this clock, return its result."""
        wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        result = work(*args)
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu
        self.main_thread += time.thread_time() - main
        return result


@dataclass
class RoundTimes:
    """One round's clocks: the spaCy pass, each stage by name, and analyse_doc whole."""

    spacy: Clock = field(default_factory=Clock)
    stages: dict[str, Clock] = field(default_factory=lambda: {name: Clock() for name in TARGETS})
    whole: Clock = field(default_factory=Clock)

    def share(self, names: Iterable[str], by: str) -> float:
        """The stages ``names`` together as a share of the spaCy pass, by clock ``by``."""
        spent = sum(getattr(self.stages[name], by) for name in names)
        return spent / getattr(self.spacy, by)

    def whole_share(self, by: str) -> float:
        """``analyse_doc`` whole as a share of the spaCy pass, by clock ``by``."""
        return getattr(self.whole, by) / getattr(self.spacy, by)


@dataclass
class Chunk:
    """One chunk of articles, their Docs, and what the stages made of them."""

    articles: list[Article]
    docs: list[Doc]
    actors: list[ArticleActors] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)


@dataclass
class RoundStore:
    """A fresh SQLite database holding the taxonomy, and the one resolver of its ingest."""

    engine: Engine
    topic_rows: list[dict]
    resolvers: ResolverCache

    @classmethod
    def open(cls, path: Path, analyzer: Analyzer) -> RoundStore:
        """Create the database at ``path`` and store the taxonomy, as ``ingest_loaded`` starts."""
        from analysis.store import ResolverCache, open_engine, store_analyses

        engine = open_engine(f"sqlite:///{path}")
        topic_rows = analyzer.topic_rows()
        store_analyses(engine, [], topic_rows)
        return cls(engine, topic_rows, ResolverCache())

    def store(self, chunk: Chunk) -> None:
        """Store the chunk's analyses as one batch."""
        from analysis.store import store_analyses

        store_analyses(self.engine, chunk.analyses, self.topic_rows, self.resolvers)

    def close(self) -> None:
        """Release the database's connections."""
        self.engine.dispose()


@dataclass
class Bench:
    """What every round uses: the model, the analyzer, its stages over a chunk, the texts."""

    nlp: Language
    analyzer: Analyzer
    stages: dict[str, Callable[[Chunk], object]]
    jsonl: Path
    folder: Path
    chunk_size: int


def chunk_stages(analyzer: Analyzer) -> dict[str, Callable[[Chunk], object]]:
    """The stages of ``analyse_doc`` over a chunk's Docs, by name, in the order they run.

    The actors stage keeps what it found on the chunk, since quotes and
    interactions read it, as in ``Analyzer.analyse_doc``.
    """
    from analysis.actors import extract_actors
    from analysis.interactions import extract_interactions
    from analysis.quotes import extract_quotes

    def actors(chunk: Chunk) -> object:
        chunk.actors = [extract_actors(doc, analyzer.actor_lexicon) for doc in chunk.docs]
        return chunk.actors

    def quotes(chunk: Chunk) -> object:
        return [
            extract_quotes(doc, found, analyzer.quote_lexicon)
            for doc, found in zip(chunk.docs, chunk.actors, strict=True)
        ]

    def topics(chunk: Chunk) -> object:
        return [analyzer.topic_matcher.article_topics(doc) for doc in chunk.docs]

    def interactions(chunk: Chunk) -> object:
        return [
            extract_interactions(doc, found, article.date, analyzer.interaction_lexicon)
            for doc, found, article in zip(chunk.docs, chunk.actors, chunk.articles, strict=True)
        ]

    def sentence_offsets(chunk: Chunk) -> object:
        return [[(s.start_char, s.end_char) for s in doc.sents] for doc in chunk.docs]

    runs = (actors, quotes, topics, interactions, sentence_offsets)
    return dict(zip(ANALYSIS_STAGES, runs, strict=True))


def analyse_chunk(analyzer: Analyzer, chunk: Chunk) -> list[Analysis]:
    """``Analyzer.analyse_doc`` over the chunk's Docs: the whole the stages are parts of."""
    return [
        analyzer.analyse_doc(article, doc)
        for article, doc in zip(chunk.articles, chunk.docs, strict=True)
    ]


def measure_stages(limit: int, rounds: int, top: int, profile: bool) -> int:
    """Warm up, time ``rounds`` rounds, print each and the table, then profile what missed."""
    from benchmarks.ingest import (
        TUNED_BATCH_SIZE,
        corpus_path,
        machine_lines,
        write_first_lines,
    )
    from benchmarks.machine import code_state

    source = corpus_path()
    for line in machine_lines():
        print(line)
    print(code_state("analysis"))

    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer

    nlp = load_model()
    analyzer = Analyzer.build(nlp)
    with tempfile.TemporaryDirectory(prefix="chancery-stages-") as folder:
        work = Path(folder)
        jsonl, count = write_first_lines(source, limit, work)
        print(
            f"corpus: first {count} releases of {source}; model {nlp.meta['lang']}_"
            f"{nlp.meta['name']} {nlp.meta['version']}, pipeline {nlp.pipe_names}"
        )
        bench = Bench(nlp, analyzer, chunk_stages(analyzer), jsonl, work, TUNED_BATCH_SIZE)
        measure_round(bench, "warm-up", chunks=1)
        print(f"warm-up: a round over the first {TUNED_BATCH_SIZE} texts only, untimed", flush=True)
        measured: list[RoundTimes] = []
        for number in range(1, rounds + 1):
            times, kept = measure_round(bench, f"round-{number}", keep=number == rounds)
            measured.append(times)
            print_round(number, rounds, times)
        print_threads(measured)
        missed = print_table(measured, count, TUNED_BATCH_SIZE)
        if profile:
            for name in missed:
                print_profile(name, profile_work(name, bench, kept), top)
    return 0


def measure_round(
    bench: Bench, label: str, chunks: int | None = None, keep: bool = False
) -> tuple[RoundTimes, list[Chunk]]:
    """Load the texts, then time spaCy and every stage chunk by chunk into a fresh database.

    ``chunks`` stops after that many chunks (the warm-up). Returns the round's
    clocks and, with ``keep``, its chunks (Docs and all); without it each chunk
    is dropped once measured, so that a round holds one chunk's Docs at a time.
    """
    from analysis.loaders import load_paths

    times = RoundTimes()
    load, storage = times.stages["load"], times.stages["storage"]
    articles = load.run(lambda: load_paths([bench.jsonl]).articles)
    store = storage.run(RoundStore.open, bench.folder / f"stages-{label}.db", bench.analyzer)
    kept = []
    for start in range(0, len(articles), bench.chunk_size)[:chunks]:
        chunk = measure_chunk(bench, articles[start : start + bench.chunk_size], store, times)
        if keep:
            kept.append(chunk)
    storage.run(store.close)
    return times, kept


def measure_chunk(
    bench: Bench, articles: list[Article], store: RoundStore, times: RoundTimes
) -> Chunk:
    """Time the spaCy pass over ``articles``, then at once each stage, analyse_doc and storage."""
    texts = [article.text for article in articles]
    docs = times.spacy.run(lambda: list(bench.nlp.pipe(texts, batch_size=bench.chunk_size)))
    chunk = Chunk(articles, docs)
    for name, stage in bench.stages.items():
        times.stages[name].run(stage, chunk)
    chunk.analyses = times.whole.run(analyse_chunk, bench.analyzer, chunk)
    times.stages["storage"].run(store.store, chunk)
    return chunk


def print_round(number: int, rounds: int, times: RoundTimes) -> None:
    """One line: the round's spaCy seconds, and its shares beyond spaCy and of quotes."""
    beyond = {by: times.share(TARGETS, by) for by in CLOCKS}
    quotes = {by: times.share(["quotes"], by) for by in CLOCKS}
    print(
        f"round {number} of {rounds}: spaCy {times.spacy.wall:.1f} s wall, "
        f"{times.spacy.cpu:.1f} s CPU; beyond spaCy {beyond['wall']:.1%} wall, "
        f"{beyond['cpu']:.1%} CPU; quotes {quotes['wall']:.1%} wall, {quotes['cpu']:.1%} CPU",
        flush=True,
    )


def print_threads(rounds: list[RoundTimes]) -> None:
    """Say whether the spaCy pass ran on threads besides the main one, from its CPU times."""
    wall = sum(times.spacy.wall for times in rounds)
    cpu = sum(times.spacy.cpu for times in rounds)
    # The two CPU clocks are read a moment apart: clamp the trace of that at zero.
    others = max(0.0, cpu - sum(times.spacy.main_thread for times in rounds)) / cpu
    measured = (
        f"{others:.1%} of the spaCy pass's CPU time was on threads besides the main one "
        f"(its CPU time / wall time: {cpu / wall:.2f})"
    )
    if others > OTHER_THREADS_FROM:
        print(
            f"threads: {measured}: spaCy used several threads, the stages one, so a share by "
            "CPU time sets one core's work against several cores' and comes out lower than "
            "the same share by wall time on an idle machine"
        )
    else:
        print(f"threads: {measured}: spaCy ran on one thread, as the stages do")


@dataclass
class Row:
    """One line of the table: a share of the spaCy pass in each round, by each clock."""

    label: str
    shares: dict[str, list[float]]
    target: float | None
    description: str

    def median(self, by: str) -> float:
        """The median share over the rounds by clock ``by``."""
        return statistics.median(self.shares[by])

    def misses(self) -> bool:
        """Whether the median by either clock is over the target."""
        return self.target is not None and any(self.median(by) > self.target for by in CLOCKS)


def print_table(rounds: list[RoundTimes], texts: int, chunk_size: int) -> list[str]:
    """Each stage's median share and min–max over the rounds; returns the stages to profile."""
    rows, total, check = table_rows(rounds)
    print()
    print(f"As a share of the spaCy pass, median and min–max over {len(rounds)} round(s):")
    print(
        f"{'stage':<17} {'wall %':>6} {'min–max':<11} {'CPU %':>6} {'min–max':<11} "
        f"{'target':>6} {'wall/CPU':<13} what"
    )
    seconds = {by: [getattr(times.spacy, by) for times in rounds] for by in CLOCKS}
    print(
        f"{'spaCy pass (s)':<17} {_cells(seconds, 1)} {'':>6} {'':<13} "
        f"nlp.pipe(batch_size={chunk_size}) chunk by chunk, 1 process, {texts} texts"
    )
    for row in [*rows, total, check]:
        print(_row(row))
    print()
    for row in [*rows, total]:
        _print_spread(row, always=row is total)
    share = total.median("wall")
    print(
        f"With one process, analysis beyond spaCy at a median {share:.1%} (wall) caps an "
        f"ingest at {1 / (1 + share):.3f}x the throughput of the spaCy pass alone "
        f"({1 / (1 + TOTAL_TARGET):.3f}x at the {TOTAL_TARGET:.0%} target)."
    )
    return stages_to_profile(rows, total)


def table_rows(rounds: list[RoundTimes]) -> tuple[list[Row], Row, Row]:
    """The rows of the table: one per stage, the total beyond spaCy, and the check."""
    rows = [
        Row(name, _shares(rounds, [name]), TARGETS[name], DESCRIPTIONS[name]) for name in TARGETS
    ]
    total = Row("beyond spaCy", _shares(rounds, TARGETS), TOTAL_TARGET, "all of the above together")
    parts = statistics.median(times.share(ANALYSIS_STAGES, "wall") for times in rounds)
    check = Row(
        "(analyse_doc)",
        {by: [times.whole_share(by) for times in rounds] for by in CLOCKS},
        None,
        f"check: Analyzer.analyse_doc over the same Docs, warm; the five stages it "
        f"runs: {parts:.1%} wall",
    )
    return rows, total, check


def stages_to_profile(rows: list[Row], total: Row) -> list[str]:
    """The stages whose median misses; when the total misses, also every stage of 1% or more."""
    missed = [row.label for row in rows if row.misses()]
    if total.misses():
        missed += [
            row.label
            for row in rows
            if row.label not in missed and row.median("wall") >= PROFILE_FROM
        ]
    return missed


def _shares(rounds: list[RoundTimes], names: Iterable[str]) -> dict[str, list[float]]:
    return {by: [times.share(names, by) for times in rounds] for by in CLOCKS}


def _cells(values: dict[str, list[float]], scale: float) -> str:
    """Median and min–max by each clock (times ``scale``), as the table's four columns."""
    cells = []
    for by in CLOCKS:
        low, high = min(values[by]), max(values[by])
        spread = f"{low * scale:.1f}–{high * scale:.1f}"
        cells.append(f"{statistics.median(values[by]) * scale:>6.1f} {spread:<11}")
    return " ".join(cells)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _row(row: Row) -> str:
    if row.target is None:
        limit = verdict = ""
    else:
        limit = f"<= {row.target:.0%}"
        verdict = "/".join(_verdict(row.median(by) <= row.target) for by in CLOCKS)
    return f"{row.label:<17} {_cells(row.shares, 100)} {limit:>6} {verdict:<13} {row.description}"


def _print_spread(row: Row, always: bool) -> None:
    """Say, by each clock, whether the rounds' min–max of ``row`` straddles its target."""
    if row.target is None:
        return
    for by in CLOCKS:
        low, high = min(row.shares[by]), max(row.shares[by])
        where = f"{row.label} by {CLOCKS[by]} time: {low:.1%}–{high:.1%}"
        if low <= row.target < high:
            print(f"{where} straddles the {row.target:.0%} line: not decided by this run.")
        elif always:
            side = "below" if high <= row.target else "above"
            print(f"{where}, every round {side} the {row.target:.0%} line.")


def profile_work(name: str, bench: Bench, kept: list[Chunk]) -> Callable[[], object]:
    """What profiling stage ``name`` runs again: the stage over the last round's chunks."""
    if name == "load":
        from analysis.loaders import load_paths

        return lambda: load_paths([bench.jsonl])
    if name == "storage":
        return lambda: store_chunks(bench, kept)
    stage = bench.stages[name]
    return lambda: [stage(chunk) for chunk in kept]


def store_chunks(bench: Bench, chunks: list[Chunk]) -> None:
    """Store the analyses of ``chunks`` into a fresh database, chunk by chunk."""
    store = RoundStore.open(bench.folder / "stages-profile.db", bench.analyzer)
    for chunk in chunks:
        store.store(chunk)
    store.close()


def print_profile(name: str, work: Callable[[], object], top: int) -> None:
    """Run ``work`` under cProfile; print its top functions by own and by total time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = [
        (_where(file, line, function), calls, own, total)
        for (file, line, function), (_, calls, own, total, _) in stats.stats.items()
    ]
    print()
    print(f"--- profile of {name} ({DESCRIPTIONS[name]}); {stats.total_tt:.2f} s profiled")
    print(f"top {top} by own time:")
    _print_rows(sorted(rows, key=lambda row: -row[2])[:top])
    project = [row for row in rows if row[0].startswith("analysis/")]
    print(f"top {top} Chancery functions by total time (own + callees):")
    _print_rows(sorted(project, key=lambda row: -row[3])[:top])


def _print_rows(rows: list[tuple[str, int, float, float]]) -> None:
    print(f"  {'calls':>9} {'own s':>7} {'total s':>8}  function")
    for where, calls, own, total in rows:
        print(f"  {calls:>9} {own:>7.3f} {total:>8.3f}  {where}")


def _where(file: str, line: int, function: str) -> str:
    if file == "~":
        return function
    path = Path(file)
    if path.is_relative_to(ROOT):
        return f"{path.relative_to(ROOT)}:{line}({function})"
    if "site-packages" in path.parts:
        inside = path.parts[path.parts.index("site-packages") + 1 :]
        return f"{'/'.join(inside)}:{line}({function})"
    return f"{path.name}:{line}({function})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the spaCy pass against each analysis stage over its Docs."
    )
    parser.add_argument("--limit", type=int, default=300, help="first N releases (default 300)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the whole measurement (default 3)"
    )
    parser.add_argument("--top", type=int, default=15, help="functions per profile (default 15)")
    parser.add_argument(
        "--no-profile", action="store_true", help="do not profile the stages that miss"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds must be 1 or more, got {args.rounds}")
    if not __package__:
        # Run as a file, Python puts benchmarks/ on the path, not the project root:
        # run again as a module from the root, where ``analysis`` imports.
        command = [sys.executable, "-m", "benchmarks.stages", *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    return measure_stages(args.limit, args.rounds, args.top, not args.no_profile)


if __name__ == "__main__":
    sys.exit(main())
