"""How quote attribution grows with the quotations of one article.

Usage (from the project root)::

    python benchmarks/quote_density.py [--chars 120000] [--doublings 2]

Two invented texts, each at ``--chars`` characters and then twice, four times
... that (``--doublings`` times): a news article dense with quotations and
reported speech (the paragraphs of :func:`benchmarks.long_article.diplomatic_text`)
and a briefing transcript of short labelled turns. Each text is parsed once
(in pieces, as Chancery parses a long text); then ``extract_quotes`` is timed
on it, best of three. The figure to read is the growth at each doubling
against the size before it, in the same run: 2.0× is linear in the length,
4.0× quadratic.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TURN = (
    "MR PRICE: We have seen the reports from {place} on day {day}. We will have more to "
    "say about {subject} later.\n\n"
    "QUESTION: Is the Secretary travelling to {place} this week?\n\n"
)


def briefing_text(chars: int) -> str:
    """A transcript of alternating labelled turns, about ``chars`` characters."""
    from benchmarks.long_article import PLACES, SUBJECTS

    turns, length, day = [], 0, 0
    while length < chars:
        turn = TURN.format(
            place=PLACES[day % len(PLACES)], subject=SUBJECTS[day % len(SUBJECTS)], day=day
        )
        turns.append(turn)
        length += len(turn)
        day += 1
    return "".join(turns)


def attribution_seconds(text: str, nlp, actor_lexicon, quote_lexicon) -> tuple[float, int]:
    """Best of three timings of ``extract_quotes`` on the parsed ``text``, and the
    number of quotes it found."""
    from analysis.actors import extract_actors
    from analysis.nlp import parse_text
    from analysis.quotes import extract_quotes

    doc = parse_text(nlp, text)
    actors = extract_actors(doc, actor_lexicon)
    best, found = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        quotes, _ = extract_quotes(doc, actors, quote_lexicon)
        best = min(best, time.perf_counter() - started)
        found = len(quotes)
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Growth of quote attribution with the length of one article."
    )
    parser.add_argument(
        "--chars", type=int, default=120_000, help="length of the smallest texts (default 120000)"
    )
    parser.add_argument(
        "--doublings", type=int, default=2, help="times the length is doubled (default 2)"
    )
    args = parser.parse_args(argv)
    if not __package__:
        # Run as a file, Python puts benchmarks/ on the path, not the project root:
        # run again as a module from the root, where ``analysis`` imports.
        command = [sys.executable, "-m", "benchmarks.quote_density", *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode

    from analysis.actors import load_actor_lexicon
    from analysis.nlp import load_model
    from analysis.quotes import load_quote_lexicon
    from benchmarks.ingest import machine_lines
    from benchmarks.long_article import diplomatic_text
    from benchmarks.machine import code_state

    for line in machine_lines():
        print(line)
    print(code_state("analysis"))
    nlp = load_model()
    actor_lexicon, quote_lexicon = load_actor_lexicon(), load_quote_lexicon()
    print(f"{'text':10} {'chars':>9} {'quotes':>7} {'seconds':>8} {'growth':>7}")
    for name, make in (("article", diplomatic_text), ("briefing", briefing_text)):
        before = None
        for step in range(args.doublings + 1):
            chars = args.chars * 2**step
            seconds, quotes = attribution_seconds(make(chars), nlp, actor_lexicon, quote_lexicon)
            growth = f"{seconds / before:.2f}x" if before else "-"
            print(f"{name:10} {chars:>9,} {quotes:>7,} {seconds:>8.2f} {growth:>7}", flush=True)
            before = seconds
    print("growth: seconds against the text half as long, same run; 2.0x is linear.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
