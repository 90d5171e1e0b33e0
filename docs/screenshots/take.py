"""Screenshots of every page on the demo corpus, at 1280×800, in Debian's Chromium.

Run from the project root::

    python -m docs.screenshots.take            # ingests data/sample into a temporary database
    python -m docs.screenshots.take --db URL   # or uses a database you have

Writes ``docs/screenshots/<page>.png`` (the 1280×800 view) and
``<page>-full.png`` (the whole page, 1280 wide).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.served import PROJECT_ROOT, VIEWPORT, launch_chromium, served_dashboard

OUT = Path(__file__).resolve().parent
#: (file name, navigation title, Plotly charts to wait for, an element the page ends with)
PAGES = [
    ("overview", "Overview", 3, "[data-testid='stPageLink']"),
    ("actors", "Actors", 2, "[data-testid='stDataFrame']"),
    ("topics", "Topics", 3, ".st-key-topics_drill"),
    ("quotes", "Quotes", 0, "[data-testid='stExpander']"),
    ("reader", "Reader", 0, ".chancery-article"),
    ("upload", "Upload", 0, ".st-key-upload_files_0"),
]
TIMEOUT_MS = 90_000
FULL_HEIGHT = 2600


def demo_database(folder: Path) -> str:
    """A database of the demo corpus, ingested through the command line."""
    url = f"sqlite:///{folder / 'demo.db'}"
    subprocess.run(
        [sys.executable, "-m", "analysis", "ingest", "data/sample", "--db", url, "--quiet"],
        cwd=PROJECT_ROOT,
        check=True,
    )
    return url


def settle(page, charts: int, last: str) -> None:
    """Wait until the page has drawn its charts and last element, and has stopped running."""
    page.locator(last).first.wait_for()
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}"
        )
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    # Widgets draw a grey placeholder until their code, fetched on first use, arrives.
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def take(database_url: str) -> list[Path]:
    written = []
    with served_dashboard(database_url) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for name, title, charts, last in PAGES:
            for suffix, height in (("", VIEWPORT["height"]), ("-full", FULL_HEIGHT)):
                page = browser.new_page(viewport={"width": VIEWPORT["width"], "height": height})
                page.set_default_timeout(TIMEOUT_MS)
                page.goto(base)
                # Until app.py has run, Streamlit may list the pages/ folder itself
                # ("overview"): wait for the app's own navigation ("Overview").
                nav = page.locator("[data-testid='stSidebarNav']")
                nav.get_by_role("link", name=title, exact=True).click()
                page.get_by_role("heading", name=title, exact=False).first.wait_for()
                settle(page, charts, last)
                path = OUT / f"{name}{suffix}.png"
                page.screenshot(path=path)
                written.append(path)
                page.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: ingest data/sample afresh)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or demo_database(Path(folder))
        for path in take(url):
            print(path.relative_to(PROJECT_ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
