"""Uploading through the dashboard against ``python -m analysis ingest``, on one CSV file.

Usage (from the project root)::

    python benchmarks/upload.py [--limit 1000] [--order cli-first|upload-first]

Builds, in a temporary folder, a CSV file of the first N State Department
releases (``<root>/../shared/corpora/statedept/releases.jsonl``; columns title,
date, source, url, text), then, each in a fresh interpreter and into a fresh
SQLite database:

- **cli**: ``python -m analysis ingest FILE --db URL --quiet``, timed from start to
  exit (interpreter start, imports and model loading included);
- **upload**: the Upload page through ``streamlit.testing.v1.AppTest``, as a user
  drives it: the app is opened (not timed), the file is given to the page's file
  uploader (the page parses it and shows the preview), then the "Analyse and
  store" button is clicked. Timed from giving the file to the end of the click's
  run; the model is loaded on that click, as on a fresh server. The progress
  callback that the page hands to :func:`analysis.ingest.ingest_loaded` is
  wrapped to time its calls: the first call (the bar says "Analysing article 1
  of N") and the first call after a stored batch.

It prints both throughputs (articles stored per second), their ratio (target:
the upload at 0.9x the CLI or better) and the time from the click to the first
progress (target: within a second). The machine is noisy: read the ratio of one
run, and use ``--order`` to see whether running second matters.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Target: the upload's throughput against the CLI's, and seconds to the first progress.
THROUGHPUT_TARGET = 0.9
FIRST_PROGRESS_TARGET_S = 1.0
#: AppTest waits this long for one run of the script (the click's run ingests everything).
RUN_TIMEOUT_S = 3600
CSV_COLUMNS = ("title", "date", "source", "url", "text")


def write_csv(source: Path, limit: int, folder: Path) -> tuple[Path, int]:
    """A CSV file in ``folder`` of the first ``limit`` releases of ``source`` that have a
    text; returns it and its number of rows."""
    if limit < 1:
        raise SystemExit(f"error: --limit must be 1 or more, got {limit}")
    target = folder / f"releases-{limit}.csv"
    rows = 0
    with source.open(encoding="utf-8") as lines, target.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if not str(record.get("text") or "").strip():
                continue
            writer.writerow([record.get(column) or "" for column in CSV_COLUMNS])
            rows += 1
            if rows == limit:
                break
    return target, rows


def stored_articles(db_url: str) -> int:
    """How many articles the database at ``db_url`` holds."""
    import sqlalchemy as sa

    from analysis.store import articles, open_engine

    engine = open_engine(db_url)
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    engine.dispose()
    return count


# --------------------------------------------------------------------------- cases (children)


def run_cli(csv_path: Path, db_url: str, logs: Path) -> dict:
    """``python -m analysis ingest`` on ``csv_path``, timed from start to exit."""
    command = [sys.executable, "-m", "analysis", "ingest", str(csv_path), "--db", db_url]
    started = time.perf_counter()
    with (logs / "cli.out").open("w") as out, (logs / "cli.err").open("w") as err:
        finished = subprocess.run(
            [*command, "--quiet"], cwd=ROOT, stdout=out, stderr=err, check=False
        )
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        sys.stderr.write((logs / "cli.err").read_text()[-4000:])
        raise SystemExit(f"error: the CLI ingest failed (exit status {finished.returncode})")
    return {"seconds": seconds, "stored": stored_articles(db_url)}


def run_upload(csv_path: Path, db_url: str, logs: Path) -> dict:
    """The Upload page in a fresh interpreter (``--case upload``); returns its timings."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.upload",
        "--case",
        "upload",
        "--csv",
        str(csv_path),
        "--db",
        db_url,
    ]
    with (logs / "upload.out").open("w") as out, (logs / "upload.err").open("w") as err:
        finished = subprocess.run(command, cwd=ROOT, stdout=out, stderr=err, check=False)
    lines = (logs / "upload.out").read_text().strip().splitlines()
    if finished.returncode != 0 or not lines:
        sys.stderr.write((logs / "upload.err").read_text()[-4000:])
        raise SystemExit(f"error: the upload case failed (exit status {finished.returncode})")
    result = json.loads(lines[-1])
    result["stored"] = stored_articles(db_url)
    return result


def upload_case(csv_path: Path, db_url: str) -> dict:
    """Drive the Upload page with AppTest in this process; returns its timings."""
    os.environ["CHANCERY_DATABASE_URL"] = db_url
    os.environ["CHANCERY_DEMO_CORPUS"] = "0"
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    import chancery_ui.data

    # As a served app does after its first run (st.navigation), and as tests/test_pages.py
    # does: without this, AppTest would run pages/upload.py alone, without app.py.
    original_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init

    calls: list[tuple[float, int, int]] = []
    ingest_loaded = chancery_ui.data.ingest_loaded

    def timed_ingest_loaded(engine, analyzer, loaded, progress=None, **options):
        def timed_progress(done: int, todo: int) -> None:
            calls.append((time.perf_counter(), done, todo))
            if progress is not None:
                progress(done, todo)

        return ingest_loaded(engine, analyzer, loaded, timed_progress, **options)

    chancery_ui.data.ingest_loaded = timed_ingest_loaded

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT_S).run()
    at.switch_page("pages/upload.py").run()
    data = csv_path.read_bytes()
    given = time.perf_counter()
    at.file_uploader(key="upload_files_0").upload(csv_path.name, data, "text/csv").run()
    previewed = time.perf_counter()
    _check_clean(at)
    clicked = time.perf_counter()
    at.button(key="upload_store").click().run()
    done = time.perf_counter()
    _check_clean(at)
    first = calls[0][0] if calls else done
    first_batch = next((when for when, stored, _ in calls if stored > 0), done)
    return {
        "seconds": done - given,
        "preview_s": previewed - given,
        "ingest_s": done - clicked,
        "first_progress_s": first - clicked,
        "first_batch_s": first_batch - clicked,
        "progress_calls": len(calls),
        "headline": at.success[0].value if at.success else "",
    }


def _check_clean(at) -> None:
    problems = [e.value for e in at.exception] + [e.value for e in at.error]
    if problems:
        raise SystemExit(f"error: the Upload page failed: {problems}")


# --------------------------------------------------------------------------- driver (parent)


def measure(limit: int, order: str) -> int:
    from benchmarks.ingest import CORPUS, corpus_path, machine_lines
    from benchmarks.machine import code_state

    source = corpus_path()
    for line in machine_lines():
        print(line)
    print(code_state("analysis", "chancery_ui", "pages", "app.py"))
    with tempfile.TemporaryDirectory(prefix="chancery-upload-") as folder:
        work = Path(folder)
        csv_path, rows = write_csv(source, limit, work)
        print(
            f"corpus: a CSV of the first {rows} releases of {CORPUS} "
            f"({csv_path.stat().st_size / 1024 / 1024:.1f} MiB); fresh SQLite databases"
        )
        cases = {
            "cli": lambda: run_cli(csv_path, f"sqlite:///{work / 'cli.db'}", work),
            "upload": lambda: run_upload(csv_path, f"sqlite:///{work / 'upload.db'}", work),
        }
        names = ["cli", "upload"] if order == "cli-first" else ["upload", "cli"]
        results = {}
        for name in names:
            print(f"{name} ...", flush=True)
            results[name] = cases[name]()
    cli, upload = results["cli"], results["upload"]
    cli_rate = cli["stored"] / cli["seconds"]
    upload_rate = upload["stored"] / upload["seconds"]
    ratio = upload_rate / cli_rate
    print()
    print(f"{'case':<7} {'stored':>6} {'seconds':>8} {'articles/s':>10}")
    print(f"{'cli':<7} {cli['stored']:>6} {cli['seconds']:>8.1f} {cli_rate:>10.2f}")
    print(f"{'upload':<7} {upload['stored']:>6} {upload['seconds']:>8.1f} {upload_rate:>10.2f}")
    print()
    print(
        f"  upload = parse and preview {upload['preview_s']:.1f} s + click to done "
        f"{upload['ingest_s']:.1f} s; {upload['progress_calls']} progress updates; "
        f"page says: {upload['headline']!r}"
    )
    if cli["stored"] != upload["stored"]:
        print(f"  WARNING: the two stored different counts ({cli['stored']} vs {upload['stored']})")
    verdict = "met" if ratio >= THROUGHPUT_TARGET else "MISSED"
    print(f"upload / cli throughput: {ratio:.2f}x  (target >= {THROUGHPUT_TARGET}x: {verdict})")
    first = upload["first_progress_s"]
    verdict = "met" if first <= FIRST_PROGRESS_TARGET_S else "MISSED"
    print(
        f"click to first progress: {first:.2f} s  (target <= {FIRST_PROGRESS_TARGET_S:.0f} s: "
        f"{verdict}); click to first stored batch: {upload['first_batch_s']:.2f} s"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Throughput of an upload through the dashboard against the CLI ingest."
    )
    parser.add_argument("--limit", type=int, default=1000, help="CSV rows (default 1000)")
    parser.add_argument(
        "--order",
        choices=["cli-first", "upload-first"],
        default="cli-first",
        help="which case runs first (default cli-first)",
    )
    parser.add_argument("--case", choices=["upload"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(upload_case(args.csv, args.db)))
        return 0
    if not __package__:
        # Run as a file, Python puts benchmarks/ on the path, not the project root:
        # run again as a module from the root, where ``analysis`` imports.
        command = [sys.executable, "-m", "benchmarks.upload", *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    return measure(args.limit, args.order)


if __name__ == "__main__":
    sys.exit(main())
