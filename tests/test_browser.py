"""The served dashboard in Debian's Chromium (Playwright): overview, quotes, upload, console;
over the demo corpus on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import BACKENDS, empty_database
from served import CHROMIUM, VIEWPORT, launch_chromium, served_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"
    ),
]

WAIT_MS = 60_000
NEW_ARTICLE = (
    "date 2022-03-14 Envoys meet in Muscat\n\n"
    "Oman's Foreign Minister Badr Albusaidi hosted talks in Muscat on Monday.\n\n"
    '"Patience will build bridges between old rivals," Albusaidi told reporters.\n'
)

#: True once every speaker shown on the Quotes page is the one given (bold, beside
#: the bold count of quotes); the filtered rerun replaces the page element by element.
SPEAKERS_SHOWN = """speaker => {
    const shown = [...document.querySelectorAll("[data-testid='stMain'] strong")]
        .map(e => e.innerText).filter(t => !t.includes("quote(s)"));
    return shown.length > 0 && shown.every(t => t.startsWith(speaker));
}"""


@pytest.fixture(scope="module", params=BACKENDS)
def dashboard(request, demo_corpus, tmp_path_factory):
    """The dashboard served over a database of its own holding the demo corpus, on each
    backend (the upload writes into it, so not the shared ``demo_database_url``)."""
    for url in empty_database(request.param, tmp_path_factory.mktemp("browser")):
        demo_corpus.store(url)
        with served_dashboard(url) as base:
            yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the browser console logged an error."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


def open_dashboard(page, base: str) -> None:
    page.goto(base)
    page.wait_for_selector("[data-testid='stSidebar'] .st-key-filters_sources")


def go_to(page, title: str) -> None:
    """Follow the sidebar navigation, as a reader would (a deep URL makes Streamlit probe
    ``/<page>/_stcore/health`` first, which logs a 404 in the console)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    page.get_by_role("heading", name=title, exact=False).first.wait_for()


def test_the_overview_shows_metrics_and_charts(dashboard, page):
    open_dashboard(page, dashboard)
    page.get_by_role("heading", name="Overview").wait_for()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 3")
    metric = page.locator("[data-testid='stMetric']").first
    assert "Articles" in metric.inner_text()
    assert page.locator(".js-plotly-plot .gtitle").first.text_content() == "Articles per month"


def test_quotes_filtered_by_speaker(dashboard, page):
    open_dashboard(page, dashboard)
    go_to(page, "Quotes")
    page.get_by_text("quote(s)", exact=False).first.wait_for()
    quote = page.locator("h4", has_text="We have moved forward on matters of substance")
    assert quote.count() == 0  # an old quote, not on the first page
    page.locator(".st-key-quotes_speakers input").click()
    page.keyboard.type("Zalmay Khalilzad")
    page.keyboard.press("Enter")
    quote.first.wait_for()
    page.wait_for_function(SPEAKERS_SHOWN, arg="Zalmay Khalilzad")  # the rerun is complete
    speakers = [t for t in page.locator("[data-testid='stMain'] strong").all_inner_texts()
                if "quote(s)" not in t]  # fmt: skip
    assert speakers and all(t.startswith("Zalmay Khalilzad") for t in speakers), speakers


def test_an_uploaded_article_is_found_on_the_quotes_page(dashboard, page, tmp_path):
    article = tmp_path / "muscat.txt"
    article.write_text(NEW_ARTICLE)
    open_dashboard(page, dashboard)
    go_to(page, "Upload")
    page.locator(".st-key-upload_files_0 input[type='file']").set_input_files(article)
    store = page.get_by_role("button", name="Analyse and store 1 article(s)")
    store.wait_for()
    store.click()
    page.get_by_text("1 new article(s)").wait_for()
    go_to(page, "Quotes")
    search = page.locator(".st-key-quotes_search input")
    search.fill("build bridges")
    search.press("Enter")
    page.locator("h4", has_text="Patience will build bridges between old rivals").wait_for()
    assert page.get_by_text("Badr Albusaidi").count() > 0
