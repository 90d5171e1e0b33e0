"""The ``python -m analysis`` command line: ingest into the database, or analyse to JSON Lines."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from analysis.errors import ChanceryError
from analysis.models import Analysis
from analysis.resolution import CorpusResolver, KnownActor

EXIT_OK = 0
EXIT_NOTHING_DONE = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Chancery: load diplomatic news, find actors, quotes and topics.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser(
        "ingest", help="analyse files, folders or zips and store them in the database"
    )
    ingest.add_argument(
        "paths", nargs="+", help="files (.txt .md .html .csv .jsonl .json .zip) or folders"
    )
    ingest.add_argument(
        "--db", help="database URL (default: CHANCERY_DATABASE_URL or data/chancery.db)"
    )
    ingest.add_argument(
        "--batch-size", type=int, default=None, help="texts per spaCy batch (default 32)"
    )
    ingest.add_argument(
        "--processes",
        type=int,
        default=1,
        help="processes that analyse articles (default 1; 2 on a machine with 2 cores or more)",
    )
    ingest.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="analyse on a Dask cluster: its scheduler's address (tcp://HOST:8786), or "
        "'local' for 2 worker processes on this machine; this process only stores",
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    reanalyse = sub.add_parser(
        "reanalyse",
        help="analyse every stored article again (after the word lists or topics changed); "
        "articles and the analyst's actor edits are kept",
    )
    reanalyse.add_argument(
        "--db", help="database URL (default: CHANCERY_DATABASE_URL or data/chancery.db)"
    )
    reanalyse.add_argument(
        "--batch-size", type=int, default=None, help="articles per transaction (default 32)"
    )
    reanalyse.add_argument("--quiet", action="store_true", help="no progress bar")
    retag = sub.add_parser(
        "retag", help="recompute the topics of every stored article with the taxonomy in force"
    )
    retag.add_argument(
        "--db", help="database URL (default: CHANCERY_DATABASE_URL or data/chancery.db)"
    )
    retag.add_argument("--quiet", action="store_true", help="no progress bar")
    analyze = sub.add_parser("analyze", help="analyse without storing; one JSON object per article")
    analyze.add_argument("paths", nargs="+", help="files or folders to analyse")
    analyze.add_argument(
        "--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)"
    )
    analyze.add_argument(
        "--batch-size", type=int, default=None, help="texts per spaCy batch (default 32)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ingest":
            return run_ingest(args)
        if args.command == "retag":
            return run_retag(args)
        if args.command == "reanalyse":
            return run_reanalyse(args)
        return run_analyze(args, sys.stdout)
    except ChanceryError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _analyzer():
    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer

    return Analyzer.build(load_model())


def _with_stored_taxonomy(analyzer, engine):
    """``analyzer`` with the taxonomy in force in ``engine``'s database: the file's
    topics and the analyst's edits."""
    from analysis.taxonomy_store import effective_taxonomy

    return analyzer.with_topics(effective_taxonomy(engine, analyzer.topics))


def _batch_size(args) -> int:
    from analysis.settings import current_settings

    return args.batch_size or current_settings().batch_size


@contextlib.contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback, (articles done, articles to do), that draws a bar on
    stderr when it is a terminal and ``quiet`` is not set; silent otherwise."""
    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="article", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.n = done
            bar.refresh()

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()


def run_ingest(args) -> int:
    from analysis.ingest import ingest_loaded
    from analysis.loaders import load_paths
    from analysis.store import default_database_url, open_engine

    if args.dask and args.processes != 1:
        raise ChanceryError(
            "--processes does not apply with --dask: the cluster's workers do the analysis"
        )
    loaded = load_paths(args.paths)
    engine = open_engine(args.db)
    if loaded.articles:
        # With --dask the workers load the model; this process only stores.
        analyzer = None if args.dask else _with_stored_taxonomy(_analyzer(), engine)
        with _progress_bar(args.quiet) as progress:
            if args.dask:
                from analysis.distributed import ingest_distributed

                engine.dispose()
                report = ingest_distributed(
                    args.db or default_database_url(),
                    loaded,
                    args.dask,
                    batch_size=_batch_size(args),
                    progress=progress,
                )
            else:
                report = ingest_loaded(
                    engine, analyzer, loaded, progress, _batch_size(args), args.processes
                )
    else:
        from analysis.ingest import IngestReport

        report = IngestReport(rejections=list(loaded.rejections))
    for line in report.lines():
        print(line)
    return EXIT_OK if report.did_anything else EXIT_NOTHING_DONE


def run_reanalyse(args) -> int:
    from analysis.curation import reanalyse
    from analysis.store import open_engine

    engine = open_engine(args.db)
    analyzer = _with_stored_taxonomy(_analyzer(), engine)
    with _progress_bar(args.quiet) as progress:
        report = reanalyse(engine, analyzer, progress, _batch_size(args))
    for line in report.lines():
        print(line)
    return EXIT_OK if report.articles else EXIT_NOTHING_DONE


def run_retag(args) -> int:
    """Re-tag the stored corpus with the file's taxonomy and the analyst's edits."""
    from analysis.store import open_engine
    from analysis.taxonomy_store import retag_corpus

    engine = open_engine(args.db)
    analyzer = _with_stored_taxonomy(_analyzer(), engine)
    with _progress_bar(args.quiet) as progress:
        summary = retag_corpus(engine, analyzer.nlp, analyzer.topic_matcher, progress)
    print(
        f"re-tagged {summary.articles} article(s) with {len(analyzer.topics)} topics; "
        f"the topics of {summary.changed} changed ({summary.pairs_before} article-topic "
        f"pairs before, {summary.pairs_after} now)"
    )
    return EXIT_OK if summary.articles else EXIT_NOTHING_DONE


def run_analyze(args, out: TextIO) -> int:
    from analysis.loaders import load_paths

    loaded = load_paths(args.paths)
    for rejection in loaded.rejections:
        print(f"rejected {rejection}", file=sys.stderr)
    if not loaded.articles:
        print("error: no article could be read", file=sys.stderr)
        return EXIT_NOTHING_DONE
    analyzer = _analyzer()
    resolver = CorpusResolver([])
    ids = itertools.count(1)
    for analysis in analyzer.analyse(loaded.articles, batch_size=_batch_size(args)):
        out.write(json.dumps(jsonl_record(analysis, resolver, ids), ensure_ascii=False) + "\n")
    return EXIT_OK


def jsonl_record(analysis: Analysis, resolver: CorpusResolver, ids) -> dict:
    """The ``analyze`` contract for one article, with names merged across the run.

    Keys: source, title, date, actors (name, type, aliases, mentions), quotes
    (text, start, end, speaker, speaker_type, kind), topics (topic, sentences),
    interactions (a, b, type, date, place, evidence). Offsets are into the
    file's decoded text, so ``text[start:end]`` is the quote.
    """
    canonical: dict[str, str] = {}
    merged: dict[str, dict] = {}
    for actor in analysis.actors:
        known = resolver.match(actor)
        if known is None:
            known = KnownActor(id=next(ids), key=actor.key, name=actor.name, type=actor.type)
            resolver.add(known)
        for alias in actor.aliases:
            resolver.add_alias(known.id, alias)
        canonical[actor.key] = known.name
        entry = merged.setdefault(
            known.key, {"name": known.name, "type": actor.type, "aliases": set(), "mentions": 0}
        )
        entry["aliases"].update(actor.aliases)
        entry["mentions"] += actor.mentions
    article = analysis.article
    offset = article.text_offset
    return {
        "source": article.origin,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "actors": [
            {
                "name": e["name"],
                "type": e["type"],
                "aliases": sorted(e["aliases"]),
                "mentions": e["mentions"],
            }
            for e in merged.values()
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start + offset,
                "end": q.end + offset,
                # Without an actor: how the article describes the speaker, if at all.
                "speaker": canonical.get(q.speaker_key, q.speaker) if q.speaker_key else q.speaker,
                "speaker_type": q.speaker_type if q.speaker_key else None,
                "kind": q.kind,
            }
            for q in analysis.quotes
        ],
        "topics": [{"topic": t.label, "sentences": t.sentences} for t in analysis.topics],
        "interactions": [
            {
                "a": canonical.get(i.a_key, i.a),
                "b": canonical.get(i.b_key, i.b),
                "type": i.type,
                "date": i.date.isoformat() if i.date else None,
                "place": i.place,
                "evidence": i.evidence,
            }
            for i in analysis.interactions
        ],
    }
