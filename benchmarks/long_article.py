"""Time and peak memory of analysing one very long article, against normal-length ones.

Usage (from the project root)::

    python benchmarks/long_article.py [--chars 999000] [--normal 60] [--no-whole]

One synthetic article of ``--chars`` characters (just under the loaders' limit,
``MAX_ARTICLE_CHARS``, by default), paragraphs of invented diplomatic sentences
written by :func:`diplomatic_text`, is analysed with ``Analyzer.analyse`` in three
cases, each in a fresh interpreter so that each peak is its own:

- **normal**: ``--normal`` distinct articles of about 4,000 characters from the
  same generator, in one ``analyse`` pass (batch 32): the baseline, the time a
  character takes in an ordinary ingest and the memory of the model at work;
- **pieces**: the long article as Chancery analyses it, parsed in pieces of at
  most ``LONG_TEXT_CHARS`` characters joined into one Doc;
- **whole**: the long article parsed as one Doc (the analyzer's threshold raised
  above its length), as before pieces; it needs about 3 GB (``--no-whole``
  skips it).

Each case prints its seconds, its time per character as a multiple of the normal
case's, its peak resident memory (``ru_maxrss`` of its process) and that peak
above the memory the process held once the model was loaded. The pieces case
is checked against its target, a peak under 1.5 GiB, and every offset of its
analysis (sentences, mentions, quotes, interactions) is checked to index the
article's text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Peak resident memory the pieces case may reach.
PEAK_TARGET_MIB = 1536
#: Characters of each article of the normal case.
NORMAL_CHARS = 4_000

PEOPLE = [
    ("Foreign Minister", "Halvard Brenneke", "Norway"),
    ("Foreign Minister", "Ilona Vasquez-Teller", "Chile"),
    ("Secretary of State", "Marcus Oyelaran", "the United States"),
    ("Foreign Minister", "Tomasz Wierzbicki", "Poland"),
    ("External Affairs Minister", "Priya Raghunathan", "India"),
    ("Foreign Secretary", "Edwina Lockhart", "Britain"),
    ("Special Envoy", "Karim Haddadi", "Jordan"),
    ("Foreign Minister", "Aiko Tanabe", "Japan"),
    ("Deputy Foreign Minister", "Oleksiy Marchenko", "Ukraine"),
    ("Foreign Minister", "Samira Benali", "Morocco"),
]
PLACES = ["Geneva", "Vienna", "Oslo", "Doha", "Nairobi", "Jakarta", "Lima", "Ankara"]
SUBJECTS = [
    "the ceasefire along the border",
    "sanctions on oil exports",
    "the nuclear agreement",
    "fishing rights in the northern sea",
    "the release of detained journalists",
    "a new trade accord",
    "humanitarian corridors",
    "climate finance for small island states",
]
SAYINGS = [
    "We came here to listen, and we leave with a plan",
    "No agreement is better than a bad agreement",
    "The door to dialogue remains open",
    "Our patience is not unlimited",
    "Both sides showed courage today",
    "There will be no lasting peace without justice",
]
TEMPLATES = [
    "{title_a} {name_a} of {country_a} met {title_b} {name_b} of {country_b} in {place} "
    "on Tuesday to discuss {subject}.",
    '"{saying}," {surname_a} told reporters after the meeting in {place}.',
    "{surname_b} said that {country_b} would not accept any deal on {subject} that ignored "
    "its neighbours.",
    "The two ministers spoke by telephone on Friday about {subject}, officials in {place} said.",
    "According to a statement from the ministry, {surname_a} urged {country_b} to return to "
    "the talks on {subject}.",
    '"{saying}," {title_b} {name_b} said, adding that experts would meet again in {place}.',
    "Diplomats in {place} expect a further round of talks on {subject} before the end of the "
    "month.",
    "{country_a} and {country_b} agreed to set up a joint commission on {subject}.",
]


def diplomatic_text(chars: int, seed: int = 11) -> str:
    """An article of exactly ``chars`` characters: paragraphs of two to five invented
    sentences about ministers, meetings, calls and quotes, separated by blank lines."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    length = 0
    while length < chars:
        (title_a, name_a, country_a), (title_b, name_b, country_b) = rng.sample(PEOPLE, 2)
        values = {
            "title_a": title_a,
            "name_a": name_a,
            "country_a": country_a,
            "surname_a": name_a.split()[-1],
            "title_b": title_b,
            "name_b": name_b,
            "country_b": country_b,
            "surname_b": name_b.split()[-1],
            "place": rng.choice(PLACES),
            "subject": rng.choice(SUBJECTS),
            "saying": rng.choice(SAYINGS),
        }
        sentences = rng.sample(TEMPLATES, rng.randint(2, 5))
        paragraph = " ".join(t.format(**values) for t in sentences)
        paragraph = paragraph[0].upper() + paragraph[1:]
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    # Cut at the last word that fits, then fill the rest with a closing line of dots.
    text = text[:chars].rsplit(" ", 1)[0]
    return text + "." * (chars - len(text))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: str, chars: int, normal: int) -> dict:
    """Run one case in this process; returns its figures."""
    from analysis.models import Article
    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer

    nlp = load_model()
    analyzer = Analyzer.build(nlp)
    if case == "normal":
        texts = [diplomatic_text(NORMAL_CHARS, seed=number) for number in range(normal)]
    else:
        texts = [diplomatic_text(chars)]
        if case == "whole":
            analyzer = replace(analyzer, long_text_chars=chars + 1)
    articles = [
        Article(
            text=text, title=f"synthetic {n}", date=None, source="bench", url=None, origin=f"{n}"
        )
        for n, text in enumerate(texts)
    ]
    loaded_mib = _peak_mib()
    started = time.perf_counter()
    analyses = list(analyzer.analyse(articles))
    seconds = time.perf_counter() - started
    peak_mib = _peak_mib()
    bad_offsets = sum(_bad_offsets(analysis) for analysis in analyses)
    return {
        "case": case,
        "texts": len(texts),
        "chars": sum(len(t) for t in texts),
        "seconds": seconds,
        "loaded_mib": loaded_mib,
        "peak_mib": peak_mib,
        "sentences": sum(len(a.sentences) for a in analyses),
        "mentions": sum(len(a.mentions) for a in analyses),
        "quotes": sum(len(a.quotes) for a in analyses),
        "topics": sum(len(a.topics) for a in analyses),
        "interactions": sum(len(a.interactions) for a in analyses),
        "bad_offsets": bad_offsets,
    }


def _bad_offsets(analysis) -> int:
    """Offsets of ``analysis`` that do not index its article's text as they should: sentences
    in order within the text, mentions and quotes equal to the text they span and inside
    their sentence, topic hits on sentences that exist, interactions quoting the text."""
    text = analysis.article.text
    sentences = analysis.sentences
    bad = sum(not (0 <= start < end <= len(text)) for start, end in sentences)
    bad += sum(a[1] > b[0] for a, b in itertools.pairwise(sentences))

    def outside(start: int, end: int, sentence: int) -> bool:
        if not 0 <= sentence < len(sentences):
            return True
        return not sentences[sentence][0] <= start < end <= sentences[sentence][1]

    for mention in analysis.mentions:
        bad += text[mention.start : mention.end] != mention.surface
        bad += outside(mention.start, mention.end, mention.sentence)
    for quote in analysis.quotes:
        bad += text[quote.start : quote.end] != quote.text
    for hit in analysis.topics:
        bad += sum(not 0 <= index < len(sentences) for index in hit.sentence_indexes)
    bad += sum(interaction.evidence not in text for interaction in analysis.interactions)
    return bad


def run_in_child(case: str, chars: int, normal: int) -> dict:
    """Run ``case`` in a fresh interpreter; returns its figures."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.long_article",
        "--case",
        case,
        "--chars",
        str(chars),
        "--normal",
        str(normal),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"case {case} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_report(results: list[dict]) -> None:
    """The cases as a table, with ratios against the normal case and the verdict."""
    base = results[0]
    base_rate = base["seconds"] / base["chars"]
    print()
    print(
        f"{'case':<7} {'texts':>5} {'chars':>9} {'seconds':>8} {'us/char':>8} {'x normal':>8} "
        f"{'peak MiB':>9} {'over model':>10} {'x normal':>8}  sentences/mentions/quotes/"
        "topics/interactions, bad offsets"
    )
    for r in results:
        rate = r["seconds"] / r["chars"]
        over = r["peak_mib"] - r["loaded_mib"]
        base_over = base["peak_mib"] - base["loaded_mib"]
        print(
            f"{r['case']:<7} {r['texts']:>5} {r['chars']:>9,} {r['seconds']:>8.1f} "
            f"{rate * 1e6:>8.1f} {rate / base_rate:>8.2f} {r['peak_mib']:>9.0f} {over:>10.0f} "
            f"{over / base_over:>8.1f}  {r['sentences']}/{r['mentions']}/{r['quotes']}/"
            f"{r['topics']}/{r['interactions']}, {r['bad_offsets']}"
        )
    print()
    print(
        "peak MiB: ru_maxrss of the case's process; over model: that peak minus the memory "
        "held once the model was loaded; x normal: against the normal case."
    )
    pieces = next(r for r in results if r["case"] == "pieces")
    ok = pieces["peak_mib"] < PEAK_TARGET_MIB and pieces["bad_offsets"] == 0
    verdict = "met" if ok else "MISSED"
    print(
        f"pieces: peak {pieces['peak_mib']:.0f} MiB (target < {PEAK_TARGET_MIB} MiB), "
        f"{pieces['bad_offsets']} bad offsets: {verdict}"
    )
    whole = next((r for r in results if r["case"] == "whole"), None)
    if whole is not None:
        print(
            f"pieces against whole: peak {pieces['peak_mib'] / whole['peak_mib']:.2f}x, "
            f"time {pieces['seconds'] / whole['seconds']:.2f}x"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time and peak memory of one very long article against normal ones."
    )
    parser.add_argument(
        "--chars", type=int, default=999_000, help="length of the long article (default 999000)"
    )
    parser.add_argument(
        "--normal", type=int, default=60, help="articles of the normal case (default 60)"
    )
    parser.add_argument(
        "--no-whole", action="store_true", help="skip parsing the long article as one Doc"
    )
    parser.add_argument("--case", choices=["normal", "pieces", "whole"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not __package__:
        # Run as a file, Python puts benchmarks/ on the path, not the project root:
        # run again as a module from the root, where ``analysis`` imports.
        command = [sys.executable, "-m", "benchmarks.long_article", *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    if args.case:
        print(json.dumps(run_case(args.case, args.chars, args.normal)))
        return 0

    from analysis.nlp import LONG_TEXT_CHARS
    from benchmarks.ingest import machine_lines
    from benchmarks.machine import code_state

    for line in machine_lines():
        print(line)
    print(code_state("analysis"))
    print(
        f"long article: {args.chars:,} characters of invented diplomatic paragraphs; "
        f"pieces of at most {LONG_TEXT_CHARS:,} characters; normal: {args.normal} articles "
        f"of {NORMAL_CHARS:,} characters"
    )
    cases = ["normal", "pieces"] + ([] if args.no_whole else ["whole"])
    results = []
    for case in cases:
        print(f"running {case} ...", flush=True)
        results.append(run_in_child(case, args.chars, args.normal))
    print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
