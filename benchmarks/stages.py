"""Where ingest time goes: the spaCy pass against each analysis stage run over its Docs.

Usage (from the project root)::

    python benchmarks/stages.py [--limit N] [--top K] [--no-profile]

On the first N releases of the State Department corpus (the texts of
``benchmarks/ingest.py``), in one process: ``load_paths`` on them, the spaCy pass
alone (``nlp.pipe``, batch 32, one process, Docs kept), then each stage of
``Analyzer.analyse_doc`` over those Docs (actors, quotes, topics, interactions,
sentence offsets), built as ``Analyzer.build`` builds them, and storage
(``store_analyses`` into a fresh SQLite database, batch by batch as
``ingest_loaded`` stores). Each stage is timed as a share of the spaCy pass,
against its target. The stages that miss a target are then run again under
cProfile, and their top functions printed; when the stages together miss, so
is every stage that takes 1% or more of the spaCy pass. A profile's times are
inflated by cProfile's cost per call (each spaCy ``Token`` made counts as a
call); compare functions within it, not with the table.

The measurement runs in a fresh ``python -m benchmarks.stages`` process started
from the project root, which is how it finds ``analysis``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Share of the spaCy pass each stage may take (None: only the total applies).
TARGETS: dict[str, float | None] = {
    "load": None,
    "actors": None,
    "quotes": 0.15,
    "topics": 0.05,
    "interactions": None,
    "sentence offsets": None,
    "storage": None,
}
#: Everything beyond the spaCy pass together, so that an ingest keeps 0.9x of spaCy alone.
TOTAL_TARGET = 0.10
#: When the total misses, every stage from this share of the spaCy pass on is profiled too.
PROFILE_FROM = 0.01


@dataclass
class Stage:
    """One stage: its name, what it runs (returning its output), and its measured time."""

    name: str
    run: Callable[[], object]
    description: str
    seconds: float = 0.0


def measure_stages(limit: int, top: int, profile: bool) -> int:
    """Time the spaCy pass and each stage, print the table, then profile what missed."""
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

    from analysis.actors import extract_actors
    from analysis.interactions import extract_interactions
    from analysis.loaders import load_paths
    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer
    from analysis.quotes import extract_quotes
    from analysis.store import ResolverCache, open_engine, store_analyses

    nlp = load_model()
    analyzer = Analyzer.build(nlp)
    with tempfile.TemporaryDirectory(prefix="chancery-stages-") as folder:
        work = Path(folder)
        jsonl, count = write_first_lines(source, limit, work)
        print(
            f"corpus: first {count} releases of {source}; model {nlp.meta['lang']}_"
            f"{nlp.meta['name']} {nlp.meta['version']}, pipeline {nlp.pipe_names}"
        )
        articles = load_paths([jsonl]).articles
        texts = [article.text for article in articles]
        print(f"spaCy pass over {len(texts)} texts ...", flush=True)
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=TUNED_BATCH_SIZE))
        spacy_s = time.perf_counter() - started

        # Each stage's output feeds the next as in Analyzer.analyse_doc: quotes and
        # interactions read the actors found.
        state: dict[str, list] = {}
        databases = iter(range(1_000_000))

        def load() -> object:
            return load_paths([jsonl])

        def actors() -> object:
            state["actors"] = [extract_actors(doc, analyzer.actor_lexicon) for doc in docs]
            return state["actors"]

        def quotes() -> object:
            return [
                extract_quotes(doc, found, analyzer.quote_lexicon)
                for doc, found in zip(docs, state["actors"], strict=True)
            ]

        def topics() -> object:
            return [analyzer.topic_matcher.article_topics(doc) for doc in docs]

        def interactions() -> object:
            return [
                extract_interactions(doc, found, article.date, analyzer.interaction_lexicon)
                for doc, found, article in zip(docs, state["actors"], articles, strict=True)
            ]

        def sentence_offsets() -> object:
            return [[(s.start_char, s.end_char) for s in doc.sents] for doc in docs]

        def storage() -> object:
            # A fresh database each time, stored batch by batch as ingest_loaded stores
            # (one resolver kept across the batches).
            engine = open_engine(f"sqlite:///{work / f'stages-{next(databases)}.db'}")
            topic_rows = analyzer.topic_rows()
            store_analyses(engine, [], topic_rows)
            resolvers = ResolverCache()
            analyses = state["analyses"]
            for start in range(0, len(analyses), TUNED_BATCH_SIZE):
                batch = analyses[start : start + TUNED_BATCH_SIZE]
                store_analyses(engine, batch, topic_rows, resolvers)
            engine.dispose()
            return analyses

        stages = [
            Stage("load", load, "load_paths on the JSON Lines file"),
            Stage("actors", actors, "extract_actors"),
            Stage("quotes", quotes, "extract_quotes"),
            Stage("topics", topics, "TopicMatcher.article_topics"),
            Stage("interactions", interactions, "extract_interactions"),
            Stage("sentence offsets", sentence_offsets, "(start_char, end_char) of doc.sents"),
        ]
        for stage in stages:
            stage.seconds = _timed(stage.run)
        # The whole of analyse_doc again (second, warm pass) as a check on the parts; its
        # Analyses are what storage stores.
        started = time.perf_counter()
        state["analyses"] = [
            analyzer.analyse_doc(article, doc) for article, doc in zip(articles, docs, strict=True)
        ]
        whole_s = time.perf_counter() - started
        store = Stage("storage", storage, "store_analyses, fresh SQLite, batches of 32")
        store.seconds = _timed(store.run)
        stages.append(store)

        missed = print_table(stages, spacy_s, whole_s, len(texts))
        if profile and missed:
            for stage in missed:
                print_profile(stage, top)
    return 0


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def print_table(stages: list[Stage], spacy_s: float, whole_s: float, texts: int) -> list[Stage]:
    """Each stage as a share of the spaCy pass, with its target; returns those to profile."""
    print()
    print(f"{'stage':<17} {'seconds':>8} {'% of spaCy':>10} {'target':>8} {'verdict':>7}  what")
    print(
        f"{'spaCy pass':<17} {spacy_s:>8.2f} {100.0:>9.1f}% {'':>8} {'':>7}  "
        f"nlp.pipe(batch_size=32), 1 process, {texts} texts"
    )
    missed: list[Stage] = []
    for stage in stages:
        share = stage.seconds / spacy_s
        target = TARGETS[stage.name]
        if target is None:
            limit = verdict = ""
        else:
            limit, verdict = f"<= {target:.0%}", _verdict(share <= target)
            if share > target:
                missed.append(stage)
        print(
            f"{stage.name:<17} {stage.seconds:>8.2f} {share:>10.1%} {limit:>8} {verdict:>7}  "
            f"{stage.description}"
        )
    beyond = sum(stage.seconds for stage in stages)
    share = beyond / spacy_s
    print(
        f"{'beyond spaCy':<17} {beyond:>8.2f} {share:>10.1%} {f'<= {TOTAL_TARGET:.0%}':>8} "
        f"{_verdict(share <= TOTAL_TARGET):>7}  all of the above together"
    )
    print(
        f"{'(analyse_doc)':<17} {whole_s:>8.2f} {whole_s / spacy_s:>10.1%} {'':>8} {'':>7}  "
        "check: Analyzer.analyse_doc over the same Docs, second (warm) pass"
    )
    print()
    print(
        f"With one process, analysis beyond spaCy at {share:.1%} caps an ingest at "
        f"{1 / (1 + share):.2f}x the throughput of the spaCy pass alone (target 0.9x)."
    )
    if share > TOTAL_TARGET:
        missed += [
            stage
            for stage in stages
            if stage not in missed and stage.seconds / spacy_s >= PROFILE_FROM
        ]
    return missed


def print_profile(stage: Stage, top: int) -> None:
    """Run ``stage`` again under cProfile; print its top functions by own and by total time."""
    profiler = cProfile.Profile()
    profiler.enable()
    stage.run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = [
        (_where(file, line, function), calls, own, total)
        for (file, line, function), (_, calls, own, total, _) in stats.stats.items()
    ]
    print()
    print(f"--- profile of {stage.name} ({stage.description}); {stats.total_tt:.2f} s profiled")
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
    parser.add_argument("--top", type=int, default=15, help="functions per profile (default 15)")
    parser.add_argument(
        "--no-profile", action="store_true", help="do not profile the stages that miss"
    )
    args = parser.parse_args(argv)
    if not __package__:
        # Run as a file, Python puts benchmarks/ on the path, not the project root:
        # run again as a module from the root, where ``analysis`` imports.
        command = [sys.executable, "-m", "benchmarks.stages", *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    return measure_stages(args.limit, args.top, not args.no_profile)


if __name__ == "__main__":
    sys.exit(main())
