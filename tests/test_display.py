import pytest

from analysis.display import (
    Highlight,
    escape_markdown,
    highlighted_html,
    paragraph_around,
    quote_display,
    safe_url,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain words", "plain words"),
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("![x](http://t/i.png)", "\\!\\[x\\]\\(http\\:\\/\\/t\\/i\\.png\\)"),
        ("<b>bold</b>", "\\<b\\>bold\\<\\/b\\>"),
        (":red[alarm] $x$", "\\:red\\[alarm\\] \\$x\\$"),
        ("# not a heading", "\\# not a heading"),
        ("line one\nline two", "line one  \nline two"),
    ],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("//example.org", None),
        ("https://exa mple.org", None),
        ('https://example.org/"onmouseover', None),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


TEXT = 'Title line\n\nFirst paragraph here.\n\nHe said "yes" loudly. Then left.\n\nLast.'


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (TEXT.index("yes"), TEXT.index("yes") + 3, 'He said "yes" loudly. Then left.'),
        (0, 5, "Title line"),
        (TEXT.index("Last"), len(TEXT), "Last."),
        (len(TEXT) + 5, len(TEXT) + 9, "Last."),  # offsets past the end are clamped
        (-5, 3, "Title line"),
    ],
)
def test_paragraph_around(start, end, expected):
    assert paragraph_around(TEXT, start, end) == expected


def test_a_long_paragraph_narrows_to_lines():
    text = ("x" * 1000 + "\n") * 3 + "the quote\n" + ("y" * 1000 + "\n") * 3
    start = text.index("the quote")
    assert paragraph_around(text, start, start + 9) == "the quote"


def test_highlighted_html_escapes_every_piece_of_text():
    text = '<script>alert("x")</script> Qureshi said <img src=x onerror=alert(1)>'
    start = text.index("Qureshi")
    html = highlighted_html(
        text,
        [
            Highlight(start, start + 7, "actor", 'Qureshi"><script>', "#1f77b4"),
            Highlight(0, len(text), "quote", "Quote: <b>x</b>"),
        ],
    )
    assert "<script>" not in html and "<img" not in html
    assert "&#60;script&#62;alert&#40;&#34;x&#34;&#41;&#60;&#47;script&#62;" in html
    assert 'title="Qureshi&quot;&gt;&lt;script&gt;"' in html
    assert "border-bottom: 3px solid #1f77b4" in html


def test_highlighted_html_nests_actors_inside_quotes_and_keeps_the_text():
    text = "Khan said: we stand with Kashmir."
    quote = Highlight(11, len(text) - 1, "quote", "Quote: Khan")
    actor = Highlight(
        text.index("Kashmir"), text.index("Kashmir") + 7, "actor", "Kashmir", "#2ca02c"
    )
    html = highlighted_html(text, [actor, quote])
    assert html.count("<mark") == 2  # the quote is cut around the actor, both marked
    assert '<mark class="quote" title="Quote: Khan"><span class="actor"' in html
    import re
    from html import unescape

    assert unescape(re.sub(r"<[^>]+>", "", html)) == text


def test_highlighted_html_rejects_bad_colours_and_spans():
    html = highlighted_html("abc", [Highlight(0, 1, "actor", "a", "red;x:expression(1)"),
                                    Highlight(2, 99, "actor", "c")])  # fmt: skip
    assert "expression" not in html and "#888888" in html
    assert html.count('class="actor"') == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One line.", "One line."),
        ('First part runs on\n\n"and ends here.', "First part runs on and ends here."),
        ("First part.\n\n“Second part.\n\n“Third part.", "First part. Second part. Third part."),
        ("British first.\n\n‘British second.", "British first. British second."),
    ],
)
def test_a_quote_over_paragraphs_shows_on_one_line(text, expected):
    assert quote_display(text) == expected
