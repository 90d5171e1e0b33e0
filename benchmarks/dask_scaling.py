"""Distributed ingestion from 1 to 2 Dask workers, beside the single-process ingest.

Usage (from the project root)::

    python -m benchmarks.dask_scaling [--limit N] [--workers 1 2] [--partition-size P]

On the first N (default 100) releases of the State Department corpus
(``<root>/../shared/corpora/statedept/releases.jsonl``), each into a fresh SQLite
database:

- **dask, W workers**: a ``LocalCluster`` of W worker processes, one thread each.
  Its start-up (starting the processes, each loading the model, timed by
  ``prepare_workers``) is reported apart; the ingest time is
  ``ingest_distributed`` from the loaded articles to the last stored batch.
- **in-process**: ``ingest_loaded`` in this process with the model already
  loaded, one spaCy process: what the cluster is weighed against.

The speed-up is the 1-worker ingest time over the W-worker one. The client (this
process, which stores) and the scheduler share the machine with the workers, so
on a machine with as many cores as workers the speed-up stays below W.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.ingest import corpus_path, machine_lines, write_first_lines


def time_cluster(workers: int, jsonl: Path, folder: Path, partition_size: int) -> dict:
    """Start a local cluster of ``workers`` processes and ingest ``jsonl`` with it."""
    from distributed import Client, LocalCluster

    from analysis.distributed import ingest_distributed, prepare_workers
    from analysis.loaders import load_paths

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        prepare_workers(client)
        ready = time.perf_counter()
        loaded = load_paths([jsonl])
        began = time.perf_counter()
        report = ingest_distributed(
            f"sqlite:///{folder / f'dask-{workers}.db'}",
            loaded,
            cluster.scheduler_address,
            partition_size=partition_size,
        )
        done = time.perf_counter()
    return {
        "case": f"dask, {workers} worker(s)",
        "start_s": ready - started,
        "ingest_s": done - began,
        "articles": len(report.new),
    }


def time_in_process(jsonl: Path, folder: Path) -> dict:
    """Ingest ``jsonl`` in this process, as ``python -m analysis ingest`` does."""
    from analysis.ingest import ingest_loaded
    from analysis.loaders import load_paths
    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer
    from analysis.store import open_engine

    started = time.perf_counter()
    analyzer = Analyzer.build(load_model())
    ready = time.perf_counter()
    loaded = load_paths([jsonl])
    engine = open_engine(f"sqlite:///{folder / 'in-process.db'}")
    began = time.perf_counter()
    report = ingest_loaded(engine, analyzer, loaded)
    done = time.perf_counter()
    engine.dispose()
    return {
        "case": "in-process",
        "start_s": ready - started,
        "ingest_s": done - began,
        "articles": len(report.new),
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Distributed ingestion: 1 vs 2 Dask workers.")
    parser.add_argument("--limit", type=int, default=100, help="first N releases (default 100)")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)"
    )
    parser.add_argument(
        "--partition-size", type=int, default=8, help="articles per Dask task (default 8)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each case; the fastest counts (1)"
    )
    parser.add_argument(
        "--no-in-process", action="store_true", help="skip the single-process comparison"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if min(args.workers) < 1 or args.repeat < 1:
        raise SystemExit("error: --workers and --repeat must be 1 or more")
    source = corpus_path()
    with tempfile.TemporaryDirectory(prefix="chancery-dask-") as name:
        folder = Path(name)
        jsonl, count = write_first_lines(source, args.limit, folder)
        for line in machine_lines():
            print(line)
        print("load average at the start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(
            f"corpus: first {count} releases of {source}; partitions of "
            f"{args.partition_size} article(s); each case into a fresh SQLite database"
        )
        cases = [
            (
                f"dask with {w} worker(s)",
                lambda w=w: time_cluster(w, jsonl, folder, args.partition_size),
            )
            for w in args.workers
        ]
        if not args.no_in_process:
            cases.append(("in-process", lambda: time_in_process(jsonl, folder)))
        best: dict[str, dict] = {}
        for run in range(1, args.repeat + 1):
            for label, case in cases:
                print(f"run {run}: {label} ...", flush=True)
                for database in folder.glob("*.db*"):
                    database.unlink()
                result = case()
                result["load"] = os.getloadavg()[0]
                if label not in best or result["ingest_s"] < best[label]["ingest_s"]:
                    best[label] = result
        results = [best[label] for label, _ in cases]
    baseline = results[0]["ingest_s"]
    print()
    print(
        f"{'case':<20} {'start-up s':>10} {'ingest s':>9} {'articles/s':>10} {'speed-up':>8} "
        f"{'load':>5}"
    )
    for result in results:
        rate = result["articles"] / result["ingest_s"]
        print(
            f"{result['case']:<20} {result['start_s']:>10.1f} {result['ingest_s']:>9.1f} "
            f"{rate:>10.2f} {baseline / result['ingest_s']:>7.2f}x {result['load']:>5.2f}"
        )
    print()
    print(
        f"speed-up = ingest s of '{results[0]['case']}' / ingest s of the case; start-up "
        "(worker processes and model loading, in parallel) is not in the ingest time; "
        f"fastest of {args.repeat} run(s); 'load' is the 1-minute load average when that run "
        "ended: the cases themselves make about as many busy processes as they have workers, "
        "anything above that is other work on the machine, which takes cores from the workers."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
