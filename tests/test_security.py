"""Security: the Streamlit settings, raw HTML call sites, CSV injection, and hostile article
text shown inert on every page (AppTest, then a real Chromium), over SQLite and PostgreSQL.

The hostile corpus is stored without NLP (:func:`hostile_analyses`) so that the
speaker, actor and place names carry the payloads too, which no model would find.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import html.parser
import io
import json
import re
import tomllib
from urllib.parse import urlsplit

import pandas as pd
import pytest
from conftest import PROJECT_ROOT
from served import CHROMIUM, VIEWPORT, launch_chromium, served_dashboard
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analysis.display import escape_markdown, highlighted_html
from analysis.exports import csv_bytes, neutralise_cell
from analysis.models import Analysis, Article, ArticleActor, Interaction, Mention, Quote, TopicHit
from analysis.store import open_engine, store_analyses

APP = str(PROJECT_ROOT / "app.py")
PAGES = ["pages/overview.py", "pages/actors.py", "pages/topics.py", "pages/quotes.py",
         "pages/reader.py", "pages/upload.py"]  # fmt: skip
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
LINK = "[click](javascript:alert(1))"
PICTURE = "![x](http://evil.example/x.png)"
PAYLOAD = f"{SCRIPT} {IMAGE} {LINK} {PICTURE}"
#: The only raw-HTML call site, and what makes it safe.
ALLOWED_RAW_HTML = {
    ("pages/reader.py", 'st.markdown(highlighted_html(article["text"], highlights), '
                        "unsafe_allow_html=True)"),
}  # fmt: skip
#: Tags and attributes that highlighted_html writes; anything else came from the article.
READER_TAGS = {"div", "mark", "span"}
READER_ATTRIBUTES = {"class", "style", "title"}
#: Tags the dashboard's charts write into Plotly labels and hover text.
PLOTLY_TAGS = r"(?:b|br|extra)"


# --- settings and call sites ----------------------------------------------------------------


def test_streamlit_settings_keep_xsrf_an_upload_limit_and_no_statistics():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 50
    assert config["browser"]["gatherUsageStats"] is False


def raw_html_call_sites() -> set[tuple[str, str]]:
    """(file, statement) of every Streamlit call that can render raw HTML."""
    found = set()
    sources = [PROJECT_ROOT / "app.py", *PROJECT_ROOT.glob("pages/*.py"),
               *PROJECT_ROOT.glob("chancery_ui/*.py"), *PROJECT_ROOT.glob("analysis/*.py")]  # fmt: skip
    for path in sources:
        text = path.read_text()
        for match in re.finditer(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.v1", text):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            found.add((str(path.relative_to(PROJECT_ROOT)), text[start:end].strip()))
    return found


def test_raw_html_is_rendered_only_where_it_is_escaped():
    assert raw_html_call_sites() == ALLOWED_RAW_HTML


class TagCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_only_reader_markup(markup: str) -> None:
    parser = TagCollector()
    parser.feed(markup)
    for tag, attributes in parser.tags:
        assert tag in READER_TAGS, (tag, markup[:300])
        assert set(attributes) <= READER_ATTRIBUTES, (tag, attributes)
        style = attributes.get("style") or ""
        assert re.fullmatch(r"[a-z0-9 :;.#-]*", style), style  # no url(), no expression()


@pytest.mark.parametrize(
    "text",
    [PAYLOAD, f"One.\n\n{LINK}\n\n{PICTURE} $x$ :red[y] **z**", '"><script>x</script>', "\x00<b>"],
)
def test_the_reader_markup_escapes_article_text_and_labels(text):
    from analysis.display import Highlight

    markup = highlighted_html(
        text,
        [Highlight(0, len(text), "quote", f'Quote: {text}"'),
         Highlight(0, 2, "actor", text, colour="red;background:url(x)")],
    )  # fmt: skip
    assert_only_reader_markup(markup)
    assert "#888888" in markup  # the colour that is not a colour was replaced
    # One line (a blank line would end the HTML block and let Markdown in), and no mark
    # that Markdown, maths or a Streamlit directive could act on outside the tags.
    assert "\n" not in markup
    assert not re.search(r"[\[\]()!*_`$:\\<>]", re.sub(r"<[^>]*>", "", markup))
    assert html.unescape(re.sub(r"<[^>]*>", "", markup)) == text


# --- CSV export ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, exported",
    [
        ("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("plain words", "plain words"),
        ("a=1", "a=1"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)  # fmt: skip
def test_formula_cells_are_neutralised(value, exported):
    assert neutralise_cell(value) == exported


def test_the_exported_csv_has_no_cell_a_spreadsheet_would_run():
    frame = pd.DataFrame(
        {"=header": ["=1+1", "ok", "@x"], "text": ["-1", "\tx", "+y"], "n": [-1, 2, 3]}
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"), newline="")))
    cells = [cell for row in rows for cell in row if not re.fullmatch(r"-?\d+", cell)]
    assert cells and not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert frame.columns[0] == "=header" and frame.iloc[0, 0] == "=1+1"  # input unchanged


def test_the_quotes_page_exports_through_csv_bytes():
    page = (PROJECT_ROOT / "pages" / "quotes.py").read_text()
    assert "download_button" in page and "csv_bytes(found[EXPORTED])" in page
    other_downloads = [p for p in PROJECT_ROOT.glob("pages/*.py")
                       if "download_button" in p.read_text() and p.name != "quotes.py"]  # fmt: skip
    assert other_downloads == []


# --- hostile articles on every page ---------------------------------------------------------


def hostile_analyses() -> list[Analysis]:
    """Two articles whose every text field carries the payloads, with actors, quotes,
    an interaction and a topic, dated so that every chart draws them."""
    made = []
    for number in (1, 2):
        person, other = f"{SCRIPT} Smith{number}", f"{IMAGE} Jones"
        sentences = [
            f"{person} met {other} in Geneva. {PAYLOAD}",
            f"Sanctions and the nuclear deal were discussed. {LINK} {PICTURE}",
            f"We will answer {SCRIPT} {LINK} firmly, {person} said.",
        ]
        text = "\n\n".join(sentences)  # a blank line once let Markdown into the Reader
        spans, start = [], 0
        for sentence in sentences:
            spans.append((start, start + len(sentence)))
            start += len(sentence) + 2
        keys = {person: f"PERSON:{person.lower()}", other: f"PERSON:{other.lower()}"}
        quoted = f"We will answer {SCRIPT} {LINK} firmly"
        quote_start = text.index(quoted)
        made.append(
            Analysis(
                article=Article(
                    text=text,
                    title=f"{PAYLOAD} title {number}",
                    date=dt.date(2021, 6, number * 10),
                    source=f"{IMAGE} {LINK} source",
                    url="javascript:alert(1)",
                    origin=f"{PICTURE}.txt#{number}",
                ),
                actors=[
                    ArticleActor(
                        keys[person],
                        person,
                        "PERSON",
                        {person, f"{LINK} alias of {person}"},
                        {f"{PICTURE} envoy"},
                        country=IMAGE,
                        mentions=2,
                    ),
                    ArticleActor(keys[other], other, "PERSON", {other}, set(), mentions=1),
                ],
                mentions=[
                    Mention(keys[person], person, 0, len(person), 0),
                    Mention(
                        keys[other], other, text.index(other), text.index(other) + len(other), 0
                    ),
                ],
                quotes=[
                    Quote(
                        quoted,
                        quote_start,
                        quote_start + len(quoted),
                        keys[person],
                        person,
                        "PERSON",
                        "direct",
                        cue=f"say {SCRIPT}",
                        channel=LINK,
                        sentence=2,
                    )
                ],
                topics=[TopicHit("iran-nuclear", "Iran nuclear programme", 2, (0, 1))],
                sentences=spans,
                interactions=[
                    Interaction(
                        person,
                        other,
                        "meeting",
                        dt.date(2021, 6, number * 10),
                        IMAGE,
                        f"{PAYLOAD} evidence",
                        keys[person],
                        keys[other],
                    )
                ],
            )
        )
    return made


def store_hostile(url: str, topic_rows: list[dict]) -> str:
    """Store :func:`hostile_analyses` into the empty database ``url``; return ``url``."""
    topic_ids = {row["id"] for row in topic_rows}
    assert "iran-nuclear" in topic_ids, sorted(topic_ids)
    engine = open_engine(url)
    assert len(store_analyses(engine, hostile_analyses(), topic_rows).new) == 2
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def hostile_database(module_database_url, analyzer) -> str:
    """The hostile corpus, on each backend, read by the pages."""
    return store_hostile(module_database_url, analyzer.topic_rows())


@pytest.fixture
def navigation_only(monkeypatch):
    """As in tests/test_pages.py: AppTest must run app.py's navigation, not pages/ alone."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def unescaped(markdown: str) -> str:
    """``markdown`` without its backslash-escaped characters: what Markdown could act on."""
    return re.sub(r"\\.", "", markdown, flags=re.DOTALL)


def assert_inert_markdown(text: str) -> None:
    active = unescaped(text)
    assert not re.search(r"<\s*[A-Za-z!/?]", active), text[:300]
    assert "![" not in active, text[:300]
    for match in re.finditer(r"\]\(([^)]*)\)", active):
        assert match.group(1).startswith(("http://", "https://")), text[:300]
        assert "evil.example" not in match.group(1)


def plotly_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in plotly_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in plotly_strings(v)]
    return []


def rendered(at: AppTest) -> dict[str, list[str]]:
    """The strings the page's elements carry, by how they are rendered."""
    markdown = []
    raw_html = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info",
                 "success", "error"):  # fmt: skip
        for element in at.get(kind):
            allow_html = getattr(element.proto, "allow_html", False)
            (raw_html if allow_html else markdown).append(element.value)
    markdown += [link.proto.label for link in at.get("page_link")]
    charts = [
        s for chart in at.get("plotly_chart") for s in plotly_strings(json.loads(chart.proto.spec))
    ]
    return {"markdown": markdown, "html": raw_html, "plotly": charts}


def test_hostile_text_is_inert_on_every_page(hostile_database, navigation_only, monkeypatch):
    monkeypatch.setenv("CHANCERY_DATABASE_URL", hostile_database)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    at = AppTest.from_file(APP, default_timeout=120).run()
    seen = {"markdown": [], "html": [], "plotly": []}
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if page == "pages/upload.py":
            upload = at.file_uploader(key="upload_files_0")
            upload.upload(f"{SCRIPT}.txt", b"")  # rejected: its name is shown
            upload.upload(f"{LINK}.txt", f"date 2021-07-01 {PAYLOAD}\n\nAn article.".encode())
            at.run()
            assert not at.exception
        for kind, strings in rendered(at).items():
            seen[kind] += strings
    for text in seen["markdown"]:
        assert_inert_markdown(text)
    assert seen["html"], "the Reader shows the article as highlighted HTML"
    for markup in seen["html"]:
        assert_only_reader_markup(markup)
    for text in seen["plotly"]:
        assert not re.search(rf"<(?!/?{PLOTLY_TAGS}\b)", text), text[:300]
    # The payloads were on the pages, escaped: the test looked at the hostile text.
    everything = " ".join(seen["markdown"])
    assert escape_markdown(f"{PAYLOAD} title 1") in everything
    assert escape_markdown(SCRIPT) in everything and escape_markdown(IMAGE) in everything
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; Smith" in s for s in seen["plotly"])
    assert any("&lt;script&gt;" in s for s in seen["html"])


# --- in the browser -------------------------------------------------------------------------

WAIT_MS = 60_000


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"
)
def test_hostile_text_runs_nothing_in_the_browser(database_url, analyzer, tmp_path):
    from playwright.sync_api import sync_playwright

    url = store_hostile(database_url, analyzer.topic_rows())  # the upload writes into it
    upload = tmp_path / "hostile upload.txt"
    upload.write_text(f"date 2021-07-01 {PAYLOAD}\n\n{PAYLOAD} said the minister.\n")
    dialogs: list[str] = []
    foreign: list[str] = []

    def note_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != "127.0.0.1":
            foreign.append(request.url)

    with served_dashboard(url) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", note_request)
        page.goto(base)
        page.wait_for_selector("[data-testid='stSidebar'] .st-key-filters_sources")
        # visit_every_page ends on the Upload page: clicking its link again would rerun
        # the page and could drop the file chosen meanwhile.
        visit_every_page(page)
        page.locator(".st-key-upload_files_0 input[type='file']").set_input_files(upload)
        store = page.get_by_role("button", name="Analyse and store 1 article(s)")
        store.wait_for()
        store.click()
        page.get_by_text("1 new article(s)").wait_for()
        visit_every_page(page)
        context.close()
        browser.close()
    assert dialogs == []
    assert foreign == []


def go_to(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    page.get_by_role("heading", name=title, exact=False).first.wait_for()


def visit_every_page(page) -> None:
    """Each page, its charts hovered; no javascript: link and no foreign image anywhere."""
    for title, ready in [
        ("Overview", ".js-plotly-plot"),
        ("Actors", ".js-plotly-plot"),
        ("Topics", ".js-plotly-plot"),
        ("Quotes", "[data-testid='stMain'] h4"),
        ("Reader", ".chancery-article"),
        ("Upload", "[data-testid='stFileUploader']"),
    ]:
        go_to(page, title)
        page.locator(ready).first.wait_for()
        if title != "Upload":  # the payloads are shown: the page has its data
            page.wait_for_function("document.documentElement.outerHTML.includes('alert(1)')")
        for chart in page.locator(".js-plotly-plot .nsewdrag").all()[:4]:
            chart.hover()
        assert page.locator("[data-testid='stMain'] h1, h2, h3").count() > 0
        javascript_links = page.evaluate(
            "[...document.querySelectorAll('a[href], [src], [action]')]"
            ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
            ".filter(v => v && v.trim().toLowerCase().startsWith('javascript:'))"
        )
        assert javascript_links == [], (title, javascript_links)
        assert page.locator("img[src*='evil.example']").count() == 0, title
