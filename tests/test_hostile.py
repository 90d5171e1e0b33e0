"""The hostile inputs of ``tests/hostile.py`` through the loaders, the CLI and the upload page.

Each case must load without an exception and give what it expects: its articles,
and for each rejection expected a reason that names the file (row or member) and
says what is wrong. The command line reads them all at once beside two good files
and must store the good ones, name every bad one, show no traceback, write nothing
outside its database folder and stay within :data:`CLI_PEAK_RSS_BOUND` of memory.
The upload page runs on SQLite and on PostgreSQL (``database_url``).
"""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import PROJECT_ROOT
from hostile import (
    CYRILLIC_TEXT,
    GOOD_TEXT,
    GREEK_TEXT,
    HostileCase,
    hostile_cases,
    page_sample,
    write_cases,
)
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analysis.loaders import MAX_ARTICLE_CHARS, load_bytes
from analysis.models import LoadResult
from analysis.store import articles, open_engine

CASES = hostile_cases()
APP = str(PROJECT_ROOT / "app.py")
#: Peak resident memory of ``python -m analysis ingest`` over every hostile case at once.
#: Measured at 1.19 GiB; most of it is spaCy parsing the 300,000-character article
#: (the model alone is 180 MB, loading every case 280 MB).
CLI_PEAK_RSS_BOUND = 2 * 1024**3
CLI_TIMEOUT_S = 420
GOOD_FILES = {
    "good-muscat.txt": (
        "date 2022-03-14 Envoys meet in Muscat\n\n"
        "Oman's Foreign Minister Badr Albusaidi hosted talks in Muscat on Monday.\n\n"
        '"Patience will build bridges," Albusaidi told reporters.\n'
    ),
    "good-geneva.txt": (
        "date 2022-03-15 Talks in Geneva\n\n"
        "Swiss Foreign Minister Ignazio Cassis opened a conference in Geneva on Tuesday.\n\n"
        '"Dialogue is never wasted," Cassis said.\n'
    ),
}
#: Caches that other tools keep in the project folder, not written by the code under test.
TOOL_CACHES = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".venv"}


def check_result(case: HostileCase, result: LoadResult) -> None:
    """Assert that ``result`` is what ``case`` expects, with every rejection named."""
    expect = case.expect
    reasons = [str(r) for r in result.rejections]
    assert len(result.articles) == expect.articles, reasons
    for pattern in expect.reasons:
        assert any(re.search(pattern, r) for r in reasons), (pattern, reasons[:5])
    if not expect.reasons:
        assert reasons == []
    for rejection in result.rejections:
        assert rejection.origin == case.name or rejection.origin.startswith(
            (f"{case.name}#", f"{case.name}!")
        ), rejection
        assert rejection.reason and "unexpected error" not in rejection.reason, rejection
    for article in result.articles:
        assert article.text.strip() and len(article.text) <= MAX_ARTICLE_CHARS
        assert article.origin.startswith(case.name)
    if expect.warning:
        warnings = [w for a in result.articles for w in a.warnings]
        assert any(re.search(expect.warning, w) for w in warnings), warnings


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_hostile_case_loads_as_expected(case, caplog):
    with caplog.at_level(logging.ERROR, logger="analysis"):
        result = load_bytes(case.name, case.data)
    check_result(case, result)
    ours = [r for r in caplog.records if r.name.startswith("analysis")]
    assert ours == [], "no error may be logged: each is a bug, with a traceback"


def test_there_are_at_least_200_hostile_cases_of_every_kind():
    assert len(CASES) >= 200
    names = " ".join(c.name for c in CASES)
    for kind in ("binary-", "invalid-utf8", "nobom", "empty", "line-10mb", "ragged",
                 "unbalanced-quote", "field-300k", "no-text-column", "nested-100k",
                 "broken-", "html-20mb", "bomb-", "unsafe-", "members-10000", "nested.zip",
                 "article-1.5m", "date-feb-30", "date-far-future"):  # fmt: skip
        assert kind in names, kind


def test_nothing_in_a_hostile_file_is_followed_or_run():
    by_name = {c.name: c for c in CASES}
    xxe = load_bytes("x.html", by_name["html-xxe.html"].data)
    assert "root:" not in xxe.articles[0].text  # the external entity was not read
    link = load_bytes("s.zip", by_name["symlink-member.zip"].data)
    assert link.articles[0].text == "/etc/passwd"  # the link's target as text, not followed
    load_bytes("t.md", by_name["yaml-python-tag.md"].data)
    assert not Path("/tmp/pwned").exists()


def zip_bomb_ratio(data: bytes) -> float:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(i.file_size for i in archive.infolist()) / len(data)


def test_the_zip_bombs_unpack_at_least_1000_times_their_size():
    bombs = [c for c in CASES if c.name in {"bomb-text.zip", "bomb-zeros.zip"}]
    assert bombs and all(zip_bomb_ratio(c.data) >= 1000 for c in bombs)


# --- the command line -----------------------------------------------------------------------


def listing(root: Path, deep: bool = True) -> set[str]:
    """Paths under ``root`` (all levels, or only the first), tool caches left out."""
    if not deep:
        return {entry.name for entry in root.iterdir()}
    found = set()
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in TOOL_CACHES]
        found.update(os.path.relpath(os.path.join(directory, f), root) for f in files)
    return found


def run_measured(command: list[str], cwd: Path, env: dict, out: Path, err: Path):
    """Run ``command``; return (exit status, peak RSS in bytes of it and its children)."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=stderr)
    watchdog = threading.Timer(CLI_TIMEOUT_S, os.kill, (process.pid, signal.SIGKILL))
    watchdog.start()
    try:
        # wait4 gives this child's own resource usage, whatever other children did.
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss * 1024


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """The CLI ingest of every hostile case plus two good files, run once.

    On SQLite only: what it checks is the files the command writes (none outside its
    database folder) and its memory, over a run of minutes; the command's storing on
    PostgreSQL is in tests/test_cli.py, and the hostile files reach PostgreSQL through
    the upload page below.
    """
    root = tmp_path_factory.mktemp("hostile-cli")
    inputs, database, scratch, workdir = (root / n for n in ("inputs", "db", "tmp", "cwd"))
    write_cases(CASES, inputs)
    for name, text in GOOD_FILES.items():
        (inputs / name).write_text(text)
    for folder in (database, scratch, workdir):
        folder.mkdir()
    url = f"sqlite:///{database / 'chancery.db'}"
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TMPDIR": str(scratch),
        "CHANCERY_DATABASE_URL": url,
    }
    before = (listing(PROJECT_ROOT), listing(Path("/tmp"), deep=False), listing(inputs))
    command = [sys.executable, "-m", "analysis", "ingest", str(inputs), "--db", url, "--quiet"]
    status, peak = run_measured(command, workdir, env, root / "out.txt", root / "err.txt")
    after = (listing(PROJECT_ROOT), listing(Path("/tmp"), deep=False), listing(inputs))
    return {
        "status": status,
        "peak": peak,
        "out": (root / "out.txt").read_text(),
        "err": (root / "err.txt").read_text(),
        "inputs": inputs,
        "url": url,
        "before": before,
        "after": after,
        "folders": {n: listing(f) for n, f in (("tmp", scratch), ("cwd", workdir))},
        "database": listing(database),
    }


def test_the_cli_finishes_without_a_traceback(cli_run):
    assert cli_run["status"] == 0, cli_run["err"][-3000:]
    for stream in ("out", "err"):
        assert "Traceback" not in cli_run[stream], cli_run[stream][-3000:]
        assert "unexpected error" not in cli_run[stream]


def test_the_cli_stores_the_good_files_beside_the_bad(cli_run):
    engine = open_engine(cli_run["url"])
    with engine.connect() as conn:
        origins = set(conn.execute(sa.select(articles.c.origin)).scalars())
    inputs = cli_run["inputs"]
    for name in [*GOOD_FILES, "invalid-utf8-cp1252.txt", "long-link.txt"]:
        assert str(inputs / name) in origins, name
    # The 10,000 members of one text (stored once from an earlier file) are duplicates.
    duplicates = int(re.search(r"(\d+) duplicate", cli_run["out"]).group(1))
    assert duplicates >= 10_000
    with engine.connect() as conn:
        texts = set(conn.execute(sa.select(articles.c.text)).scalars())
    engine.dispose()
    assert {CYRILLIC_TEXT, GREEK_TEXT} <= texts  # read from UTF-16 and UTF-32 without a BOM


def test_the_cli_names_every_bad_file_with_its_reason(cli_run):
    rejected = [line for line in cli_run["out"].splitlines() if line.startswith("rejected ")]
    inputs = cli_run["inputs"]
    for case in CASES:
        prefix = f"rejected {inputs / case.name}"
        lines = [line for line in rejected if line.startswith(prefix)]
        for pattern in case.expect.reasons:
            assert any(re.search(pattern, line) for line in lines), (case.name, pattern)


def test_the_cli_writes_nothing_outside_its_database_folder(cli_run):
    project_before, tmp_before, inputs_before = cli_run["before"]
    project_after, tmp_after, inputs_after = cli_run["after"]
    assert project_after == project_before
    assert tmp_after - tmp_before == set()
    assert inputs_after == inputs_before
    assert cli_run["folders"] == {"tmp": set(), "cwd": set()}
    assert cli_run["database"] <= {"chancery.db", "chancery.db-wal", "chancery.db-shm"}


def test_the_cli_peak_memory_stays_bounded(cli_run):
    print(f"peak RSS of the hostile CLI ingest: {cli_run['peak'] / 2**20:.0f} MiB")
    assert cli_run["peak"] < CLI_PEAK_RSS_BOUND


# --- the upload page ------------------------------------------------------------------------


@pytest.fixture
def navigation_only(monkeypatch):
    """As in tests/test_pages.py: AppTest must run app.py's navigation, not pages/ alone."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def page_texts(at: AppTest) -> tuple[list[str], list[str]]:
    """(every rejection shown as ``origin: reason``, every report line shown)."""
    shown = [w.value.replace("\\", "") for w in at.warning]
    for table in at.dataframe:
        frame = table.value
        if {"file", "reason"} <= set(frame.columns):
            shown += [
                f"Rejected {f}: {r}" for f, r in zip(frame["file"], frame["reason"], strict=True)
            ]
        if "detail" in frame.columns:
            shown += list(frame["detail"])
    return shown, [m.value.replace("\\", "") for m in at.markdown]


def test_the_upload_page_names_each_rejection_and_stores_the_good_files(
    navigation_only, database_url, monkeypatch
):
    url = database_url
    monkeypatch.setenv("CHANCERY_DATABASE_URL", url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    sample = page_sample(CASES, 40)
    assert len(sample) == 40 and any(c.name == "html-20mb-text.html" for c in sample)
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page("pages/upload.py").run()
    uploader = at.file_uploader(key="upload_files_0")
    for case in sample:
        uploader.upload(case.name, case.data)
    for name, text in GOOD_FILES.items():
        uploader.upload(name, text.encode(), "text/plain")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown, _ = page_texts(at)
    for case in sample:
        for pattern in case.expect.reasons:
            named = [s for s in shown if s.startswith(f"Rejected {case.name}")]
            assert any(re.search(pattern, s) for s in named), (case.name, pattern)
    expected = sum(c.expect.articles for c in sample) + len(GOOD_FILES)
    previews = [t.value for t in at.dataframe if "status" in t.value.columns]
    assert len(previews) == 1 and len(previews[0]) == expected
    at.button(key="upload_store").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert re.match(r"\d+ new article\(s\)", at.success[0].value)
    engine = open_engine(url)
    with engine.connect() as conn:
        origins = set(conn.execute(sa.select(articles.c.origin)).scalars())
    engine.dispose()
    assert set(GOOD_FILES) <= origins


@pytest.mark.slow
def test_an_article_just_under_the_limit_is_analysed(analyzer):
    """999,000 characters: under spaCy's ``max_length`` (1,000,000), so one Doc, no error.

    The text quotes and names people once, then runs on in plain sentences: quote and
    interaction extraction take time quadratic in the article's length when it holds
    thousands of quotes or meetings (see the report of the hostile-input work), which
    would make this test take hours rather than show a crash.
    """
    from analysis.pipeline import analyse_in_batches

    filler = "The council discussed the grain trade and the river border at length. "
    text = GOOD_TEXT + "\n\n" + filler * ((999_000 - len(GOOD_TEXT)) // len(filler) + 1)
    text = text[:999_000].rstrip() + "."
    result = load_bytes("long.txt", text.encode())
    assert len(result.articles) == 1 and len(result.articles[0].text) > 998_000
    analysed = []
    analyse_in_batches(analyzer, result.articles, analysed.extend)
    assert len(analysed) == 1 and analysed[0].quotes and len(analysed[0].sentences) > 10_000


def test_a_corpus_spanning_centuries_offers_no_daily_chart(
    navigation_only, database_url, monkeypatch
):
    """A stray old date made the Actors chart by day take minutes (740,000 days)."""
    import datetime as dt

    from corpus import TOPICS, make_analysis

    from analysis.store import store_analyses

    url = database_url
    engine = open_engine(url)
    store_analyses(engine, [
        make_analysis(["Mike Pompeo spoke of Iran."], dt.date(1850, 1, 1), "Old"),
        make_analysis(["Mike Pompeo spoke of Iran again."], dt.date(2021, 1, 1), "New"),
    ], TOPICS)  # fmt: skip
    engine.dispose()
    monkeypatch.setenv("CHANCERY_DATABASE_URL", url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/actors.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="actors_period").options == ["Month", "Quarter"]
