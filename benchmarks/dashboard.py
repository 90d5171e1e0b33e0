"""Dashboard speed and memory on synthetic corpora of 10,000 to 1,000,000 articles.

Usage (from the project root)::

    python benchmarks/dashboard.py [--sizes 10000,100000] [--runs 5] [--db URL]
                                   [--pages overview,actors,...] [--seed 7] [--fresh]

For each size, a synthetic corpus (:mod:`benchmarks.synthetic_corpus`) is written
into a database of its own, or reused when a previous run left one of the same
size, seed and generator version: by default a SQLite file
``<tmp>/chancery-bench/synthetic-<size>-seed<seed>.db``; ``--db`` takes any URL,
where ``{size}`` is replaced by the size (a PostgreSQL database is created on its
server when missing). Then a fresh interpreter renders each page of the app with
Streamlit's ``AppTest``, as the served app runs it (``app.py``, its sidebar, the page):

- **cold**: the first render of the page with every Streamlit cache emptied
  (frames and the engine), ``--runs`` times;
- **warm**: after each cold render, a re-render after one change of the sidebar
  filters, cycling through: the date range cut to one year, one source chosen,
  the start of the range moved a quarter later (which keeps most of the corpus).

It prints median and 95th percentile of each, the resident memory of the process
after the page's runs (and its peak), the 10k/100k/1M curve of warm and cold
medians, and the targets at 100,000 articles (every page ≤ 0.5 s warm and ≤ 2 s
cold, ≤ 1.5 GiB). Times are also given as ratios to a **baseline** measured in
the same process: the median ``AppTest`` render of a one-line script, i.e. the
cost of a Streamlit run itself, so figures from different machines compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

APP = ROOT / "app.py"
PAGES = ["overview", "actors", "topics", "quotes", "reader", "upload"]
DEFAULT_SIZES = "10000,100000"
#: Targets at this size.
TARGET_SIZE = 100_000
WARM_TARGET_S = 0.5
COLD_TARGET_S = 2.0
RSS_TARGET_MIB = 1536
MIB = 1024 * 1024
TIMEOUT_S = 900
BASELINE_SCRIPT = 'import streamlit as st\n\nst.title("Baseline")\nst.write("One line.")\n'


# --------------------------------------------------------------------------- the corpus


def database_url(template: str | None, size: int, seed: int) -> str:
    """The URL of the database for ``size`` articles."""
    if template is None:
        folder = Path(tempfile.gettempdir()) / "chancery-bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / f'synthetic-{size}-seed{seed}.db'}"
    return template.replace("{size}", str(size))


def _create_postgres_database(url: str) -> None:
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            ).scalar()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    finally:
        admin.dispose()


def _drop_database(url: str) -> None:
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    if target.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target.database}{suffix}").unlink(missing_ok=True)
        return
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
    finally:
        admin.dispose()


def ensure_corpus(url: str, size: int, seed: int, fresh: bool) -> str:
    """Make the database at ``url`` hold the synthetic corpus; returns what was done."""
    import sqlalchemy as sa

    from analysis.store import open_engine
    from benchmarks.synthetic_corpus import shape_for, stored_shape, write_corpus

    if not fresh and sa.engine.make_url(url).get_backend_name() == "postgresql":
        _create_postgres_database(url)
    if not fresh:
        engine = open_engine(url)
        try:
            stored = stored_shape(engine)
        finally:
            engine.dispose()
        if stored == shape_for(size, seed):
            return "reused"
        # Another size, seed or generator version: written again from scratch.
        fresh = stored is not None
    if fresh:
        _drop_database(url)
    if sa.engine.make_url(url).get_backend_name() == "postgresql":
        _create_postgres_database(url)
    engine = open_engine(url)
    try:
        report = write_corpus(engine, size, seed)
    finally:
        engine.dispose()
    rows = sum(report.rows.values())
    return (
        f"generated in {report.total_s:.0f} s ({rows:,} rows; generating {report.generate_s:.0f} s,"
        f" writing {report.write_s:.0f} s, indexing and summing up {report.index_s:.0f} s)"
    )


# --------------------------------------------------------------------------- one size (child)


def _keep_navigation() -> None:
    """Keep AppTest from running a page of ``pages/`` alone, as a legacy pages folder
    (see ``navigation_only`` in tests/test_pages.py): the served app never does."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def _rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / MIB


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _filter_change(at, run: int, first: dt.date, last: dt.date, sources: list[str]) -> str:
    """Change the sidebar filters of ``at`` in the ``run``-th way; returns what changed."""
    kind = run % 3
    if kind == 0:
        year = min(first.year + 1 + run // 3, last.year)
        start, end = max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))
        at.date_input(key="filters_dates").set_value((start, end))
        return f"dates {start}..{end}"
    if kind == 1:
        source = sources[min(2 + run // 3, len(sources) - 1)]
        at.multiselect(key="filters_sources").set_value([source])
        return f"source {source}"
    start = min(first + dt.timedelta(days=91 * (1 + run // 3)), last)
    at.date_input(key="filters_dates").set_value((start, last))
    return f"dates {start}..{last}"


def _problems(at) -> list[str]:
    return [str(e.value)[:300] for e in at.exception] + [str(e.value)[:300] for e in at.error]


def measure(url: str, pages: list[str], runs: int) -> dict:
    """Render ``pages`` cold and warm ``runs`` times each on the database at ``url``."""
    os.environ["CHANCERY_DATABASE_URL"] = url
    os.environ["CHANCERY_DEMO_CORPUS"] = "0"
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    from analysis import queries
    from analysis.store import open_engine

    set_log_level("error")  # AppTest's "no runtime" warnings, twice a render
    _keep_navigation()
    engine = open_engine(url)
    bounds = queries.date_bounds(engine).iloc[0]
    first, last = bounds["first_date"], bounds["last_date"]
    sources = queries.source_options(engine)["source"].tolist()
    engine.dispose()

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "baseline.py"
        script.write_text(BASELINE_SCRIPT)
        AppTest.from_file(str(script)).run()  # imports and first-run costs
        baseline = []
        for _ in range(max(runs, 5)):
            at = AppTest.from_file(str(script))
            tick = time.perf_counter()
            at.run()
            baseline.append(time.perf_counter() - tick)

    results: dict = {"baseline_s": statistics.median(baseline), "pages": {}}
    for page in pages:
        cold, warm, changes, problems = [], [], [], []
        for run in range(runs):
            _clear_caches()
            at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
            tick = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - tick)
            problems += _problems(at)
            if not at.title or at.title[0].value.split()[0].lower() not in page:
                problems.append(f"rendered {at.title[0].value if at.title else 'no title'!r}")
            changes.append(_filter_change(at, run, first, last, sources))
            tick = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - tick)
            problems += _problems(at)
        results["pages"][page] = {
            "cold": cold,
            "warm": warm,
            "changes": changes,
            "rss_mib": _rss_mib(),
            "problems": sorted(set(problems)),
        }
        print(
            f"  {page}: cold {statistics.median(cold):.2f} s, warm {statistics.median(warm):.2f} s",
            file=sys.stderr,
        )
    results["peak_mib"] = _peak_mib()
    return results


# --------------------------------------------------------------------------- report


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def machine_lines(url: str) -> list[str]:
    """CPU, cores, memory, Python, library and database versions, and the commit."""
    import sqlalchemy as sa

    from analysis.store import open_engine
    from benchmarks.machine import code_state, hardware, software

    engine = open_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            database = "SQLite " + conn.exec_driver_sql("select sqlite_version()").scalar()
        else:
            database = conn.execute(sa.text("select version()")).scalar().split(" on ")[0]
    engine.dispose()
    return [
        hardware(),
        software("streamlit", "pandas", "sqlalchemy", "plotly", extra=database),
        code_state("analysis", "chancery_ui", "pages", "app.py"),
    ]


def print_size(size: int, how: str, result: dict) -> None:
    base = result["baseline_s"]
    print(f"\n{size:,} articles ({how}); baseline render {base * 1000:.0f} ms")
    print(
        f"  {'page':10} {'cold median':>11} {'p95':>7} {'× base':>7}   "
        f"{'warm median':>11} {'p95':>7} {'× base':>7}   {'RSS MiB':>7}"
    )
    for page, m in result["pages"].items():
        cold, warm = statistics.median(m["cold"]), statistics.median(m["warm"])
        print(
            f"  {page:10} {cold:>10.2f}s {_p95(m['cold']):>6.2f}s {cold / base:>7.0f}   "
            f"{warm:>10.2f}s {_p95(m['warm']):>6.2f}s {warm / base:>7.0f}   {m['rss_mib']:>7.0f}"
        )
        for problem in m["problems"]:
            print(f"    ! {problem}")
    print(f"  peak RSS {result['peak_mib']:.0f} MiB")


def print_curve(results: dict[int, dict]) -> None:
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    print("\nCurve (median seconds, cold / warm):")
    print("  " + f"{'page':10}" + "".join(f"{f'{s:,}':>18}" for s in sizes) + "   warm growth")
    pages = results[sizes[0]]["pages"]
    for page in pages:
        cells, warms = [], []
        for size in sizes:
            m = results[size]["pages"].get(page)
            if m is None:
                cells.append(f"{'-':>18}")
                continue
            cold, warm = statistics.median(m["cold"]), statistics.median(m["warm"])
            warms.append((size, warm))
            cells.append(f"{cold:>9.2f} /{warm:>6.2f}")
        growth = ""
        if len(warms) >= 2:
            (s0, w0), (s1, w1) = warms[0], warms[-1]
            growth = f"×{w1 / w0:.1f} for ×{s1 / s0:.0f} articles"
        print(f"  {page:10}" + "".join(cells) + f"   {growth}")


def print_targets(results: dict[int, dict]) -> None:
    result = results.get(TARGET_SIZE)
    if result is None:
        return
    print(
        f"\nTargets at {TARGET_SIZE:,} articles (warm ≤ {WARM_TARGET_S} s, cold ≤ "
        f"{COLD_TARGET_S} s, RSS ≤ {RSS_TARGET_MIB} MiB):"
    )
    for page, m in result["pages"].items():
        cold, warm = statistics.median(m["cold"]), statistics.median(m["warm"])
        verdict = "ok" if cold <= COLD_TARGET_S and warm <= WARM_TARGET_S else "MISSED"
        print(f"  {page:10} cold {cold:.2f} s, warm {warm:.2f} s: {verdict}")
    peak = result["peak_mib"]
    print(f"  peak RSS {peak:.0f} MiB: {'ok' if peak <= RSS_TARGET_MIB else 'MISSED'}")


# --------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"articles per corpus, comma-separated ({DEFAULT_SIZES})",
    )
    parser.add_argument("--runs", type=int, default=5, help="cold and warm renders per page (5)")
    parser.add_argument(
        "--db", help="database URL; {size} is replaced by the size (default: SQLite in a temp dir)"
    )
    parser.add_argument("--pages", default=",".join(PAGES), help="pages to render (all)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the corpus (7)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the corpora")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(pages) - set(PAGES)
    if unknown:
        raise SystemExit(f"error: unknown page(s) {', '.join(sorted(unknown))}")
    if args.measure:
        print(json.dumps(measure(args.measure, pages, args.runs)))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.db and "{size}" not in args.db and len(sizes) > 1:
        raise SystemExit("error: with several sizes, --db must contain {size}")
    results: dict[int, dict] = {}
    for size in sizes:
        url = database_url(args.db, size, args.seed)
        print(f"{size:,} articles: preparing {url}", file=sys.stderr)
        how = ensure_corpus(url, size, args.seed, args.fresh)
        print(f"{size:,} articles: {how}; rendering", file=sys.stderr)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", url, "--runs", str(args.runs),
             "--pages", ",".join(pages)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )  # fmt: skip
        if child.returncode != 0:
            raise SystemExit(f"error: rendering {size:,} articles failed ({child.returncode})")
        results[size] = json.loads(child.stdout.strip().splitlines()[-1])
        if size == sizes[0]:
            print("\n".join(machine_lines(url)))
        print_size(size, how, results[size])
    print_curve(results)
    print_targets(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
