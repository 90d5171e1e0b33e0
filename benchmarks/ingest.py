"""Ingest speed and memory: a user's own spaCy script, a tuned ``nlp.pipe``, Chancery's ingest.

Usage (from the project root)::

    python benchmarks/ingest.py [--limit N] [--processes P] [--repeat R] [--db URL]

On the first N releases of the State Department corpus
(``<root>/../shared/corpora/statedept/releases.jsonl``), in one run:

- **naive**: ``spacy.load`` of the same model, default settings: every component,
  ``nlp.pipe(texts)`` with the model's default batch size, one process;
- **tuned**: the components Chancery runs (``analysis.nlp.load_model``),
  ``nlp.pipe(texts, batch_size=32, n_process=P)``;
- **chancery**: what ``python -m analysis ingest`` does: ``load_paths`` on a JSON
  Lines file of those N releases, then ``ingest_loaded`` into a fresh SQLite
  database (or ``--db``) with ``n_process=P``.

Each case runs in a fresh interpreter (``python -m benchmarks.ingest --case ...``,
started from the project root, which is how ``analysis`` is found) so that no
model, cache or memory carries over. The case times its imports, its set-up
(loading the model, and for chancery building the analyzer) and its processing
(reading the texts through to the last article) separately; throughput is
articles analysed per second of processing. This process samples the memory
of the case's whole process tree (the case and the spaCy workers it forks).
The machine is noisy, so the verdicts are ratios between cases of one run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "statedept" / "releases.jsonl"

CASES = ("naive", "tuned", "chancery")
#: Texts per batch of the tuned case (Chancery's default, ``CHANCERY_BATCH_SIZE``).
TUNED_BATCH_SIZE = 32

#: Targets: chancery's throughput against the two others, and its peak memory.
NAIVE_TARGET = 1.5
TUNED_TARGET = 0.9
PEAK_TARGET_MIB = 1536
PEAK_TARGET_PROCESSES = 2

#: Seconds between samples of the process tree's RSS; PSS (which reads
#: /proc/PID/smaps_rollup, a few ms per process) is read every PSS_EVERY samples.
POLL_SECONDS = 0.2
PSS_EVERY = 5
MIB = 1024 * 1024


def corpus_path() -> Path:
    """The State Department corpus, or exit with a message saying where it was looked for."""
    if not CORPUS.is_file():
        raise SystemExit(
            f"error: the State Department corpus is not at {CORPUS}; it sits beside the project "
            "on developer machines and in CI (see ../shared/corpora/README.md)"
        )
    return CORPUS


def write_first_lines(source: Path, limit: int, folder: Path) -> tuple[Path, int]:
    """Copy the first ``limit`` non-blank lines of ``source`` to a JSON Lines file in ``folder``.

    Returns the new file and the number of lines it holds.
    """
    if limit < 1:
        raise SystemExit(f"error: --limit must be 1 or more, got {limit}")
    lines = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
                if len(lines) == limit:
                    break
    target = folder / f"first-{len(lines)}.jsonl"
    target.write_text("".join(lines), encoding="utf-8")
    return target, len(lines)


def read_texts(jsonl: Path) -> list[str]:
    """The ``text`` of each line of ``jsonl``, as a user's own script would read it."""
    with jsonl.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def machine_lines() -> list[str]:
    """CPU model, cores, memory, Python and spaCy versions of this machine."""
    from benchmarks.machine import hardware, software

    return [hardware(), software("spacy", "thinc", "numpy", "sqlalchemy")]


# --------------------------------------------------------------------------- one case (child)


def run_case(case: str, jsonl: Path, processes: int, db_url: str) -> dict:
    """Run one case in this process; returns its timings and counts."""
    runners = {"naive": _naive, "tuned": _tuned, "chancery": _chancery}
    started = time.perf_counter()
    result = runners[case](jsonl, processes, db_url, started)
    result["rusage_self_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["rusage_children_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have ended.

    spaCy joins its worker processes when ``nlp.pipe`` is exhausted, so after a
    pass their CPU time is in the children's figure.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _naive(jsonl: Path, _processes: int, _db_url: str, started: float) -> dict:
    import spacy

    from analysis.nlp import model_name

    imported = time.perf_counter()
    nlp = spacy.load(model_name())
    loaded, cpu_loaded = time.perf_counter(), cpu_seconds()
    texts = read_texts(jsonl)
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    done, cpu_done = time.perf_counter(), cpu_seconds()
    return {
        "articles": len(texts),
        "analysed": len(texts),
        "tokens": tokens,
        "import_s": imported - started,
        "load_s": loaded - imported,
        "process_s": done - loaded,
        "process_cpu_s": cpu_done - cpu_loaded,
        "total_cpu_s": cpu_done,
        "model": _model_label(nlp.meta),
        "setup": f"pipeline {nlp.pipe_names}, batch size {nlp.batch_size}, 1 process",
    }


def _tuned(jsonl: Path, processes: int, _db_url: str, started: float) -> dict:
    from analysis.nlp import load_model

    imported = time.perf_counter()
    nlp = load_model()
    loaded, cpu_loaded = time.perf_counter(), cpu_seconds()
    texts = read_texts(jsonl)
    docs = nlp.pipe(texts, batch_size=TUNED_BATCH_SIZE, n_process=processes)
    tokens = sum(len(doc) for doc in docs)
    done, cpu_done = time.perf_counter(), cpu_seconds()
    return {
        "articles": len(texts),
        "analysed": len(texts),
        "tokens": tokens,
        "import_s": imported - started,
        "load_s": loaded - imported,
        "process_s": done - loaded,
        "process_cpu_s": cpu_done - cpu_loaded,
        "total_cpu_s": cpu_done,
        "model": _model_label(nlp.meta),
        "setup": f"pipeline {nlp.pipe_names}, batch size {TUNED_BATCH_SIZE}, "
        f"{processes} process(es)",
    }


def _chancery(jsonl: Path, processes: int, db_url: str, started: float) -> dict:
    from analysis.ingest import ingest_loaded
    from analysis.loaders import load_paths, unique_articles
    from analysis.nlp import load_model
    from analysis.pipeline import Analyzer
    from analysis.settings import current_settings
    from analysis.store import open_engine

    imported = time.perf_counter()
    nlp = load_model()
    model_loaded = time.perf_counter()
    analyzer = Analyzer.build(nlp)
    loaded, cpu_loaded = time.perf_counter(), cpu_seconds()
    batch_size = current_settings().batch_size
    result = load_paths([jsonl])
    engine = open_engine(db_url)
    report = ingest_loaded(engine, analyzer, result, batch_size=batch_size, n_process=processes)
    engine.dispose()
    done, cpu_done = time.perf_counter(), cpu_seconds()
    _, repeated = unique_articles(result.articles)
    return {
        "articles": len(result.articles) + len(result.rejections),
        "analysed": len(report.new),
        "duplicates": len(report.duplicates),
        "already_stored": len(report.duplicates) - len(repeated),
        "rejected": len(report.rejections),
        "quotes": report.quotes,
        "import_s": imported - started,
        "load_s": loaded - imported,
        "model_load_s": model_loaded - imported,
        "analyzer_build_s": loaded - model_loaded,
        "process_s": done - loaded,
        "process_cpu_s": cpu_done - cpu_loaded,
        "total_cpu_s": cpu_done,
        "model": _model_label(nlp.meta),
        "setup": f"pipeline {nlp.pipe_names}, batch size {batch_size}, {processes} process(es)",
    }


def _model_label(meta: dict) -> str:
    return f"{meta['lang']}_{meta['name']} {meta['version']}"


# --------------------------------------------------------------------------- driver (parent)


@dataclass
class Measured:
    """One case as seen from outside: its own report plus the memory of its process tree."""

    case: str
    report: dict
    wall_s: float
    main_pid: int = 0
    peak_rss_by_pid: dict[int, int] = field(default_factory=dict)
    tree_rss_peak: int = 0
    tree_pss_peak: int = 0
    processes_seen: int = 0
    machine_busy_s: float = 0.0

    @property
    def rate(self) -> float:
        """Articles analysed per second of processing."""
        return self.report["analysed"] / self.report["process_s"]

    @property
    def other_load(self) -> float:
        """Cores kept busy by other processes (and this sampler) while the case ran."""
        return max(0.0, self.machine_busy_s - self.report["total_cpu_s"]) / self.wall_s

    @property
    def peak_mib(self) -> float:
        """Sum of each process's own peak RSS (the main process's exact peak from rusage)."""
        peaks = dict(self.peak_rss_by_pid)
        own = int(self.report["rusage_self_mib"] * MIB)
        peaks[self.main_pid] = max(peaks.get(self.main_pid, 0), own)
        return sum(peaks.values()) / MIB


def measure(case: str, jsonl: Path, processes: int, db_url: str, logs: Path) -> Measured:
    """Run ``case`` in a fresh interpreter and sample its process tree's memory meanwhile."""
    import psutil

    command = [
        sys.executable,
        "-m",
        "benchmarks.ingest",
        "--case",
        case,
        "--jsonl",
        str(jsonl),
        "--processes",
        str(processes),
        "--db",
        db_url,
    ]
    out_path, err_path = logs / f"{case}.out", logs / f"{case}.err"
    started, busy_before = time.perf_counter(), _machine_busy_seconds()
    with out_path.open("w") as out, err_path.open("w") as err:
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        measured = Measured(case=case, report={}, wall_s=0.0, main_pid=child.pid)
        main = psutil.Process(child.pid)
        samples = 0
        while child.poll() is None:
            try:
                tree = [main, *main.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            with_pss = samples % PSS_EVERY == 0
            rss_total = pss_total = 0
            for process in tree:
                try:
                    memory = process.memory_full_info() if with_pss else process.memory_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                rss_total += memory.rss
                pss_total += memory.pss if with_pss else 0
                previous = measured.peak_rss_by_pid.get(process.pid, 0)
                measured.peak_rss_by_pid[process.pid] = max(previous, memory.rss)
            measured.tree_rss_peak = max(measured.tree_rss_peak, rss_total)
            measured.tree_pss_peak = max(measured.tree_pss_peak, pss_total)
            samples += 1
            time.sleep(POLL_SECONDS)
        child.wait()
    measured.wall_s = time.perf_counter() - started
    measured.machine_busy_s = _machine_busy_seconds() - busy_before
    measured.processes_seen = len(measured.peak_rss_by_pid)
    lines = out_path.read_text().strip().splitlines()
    if child.returncode != 0 or not lines:
        sys.stderr.write(err_path.read_text()[-4000:])
        raise SystemExit(f"error: the {case} case failed (exit status {child.returncode})")
    measured.report = json.loads(lines[-1])
    return measured


def _machine_busy_seconds() -> float:
    """CPU seconds all cores of the machine have spent busy since boot (not idle or waiting)."""
    import psutil

    times = psutil.cpu_times()
    # On Linux, guest time is already counted in user time.
    total = sum(times) - getattr(times, "guest", 0.0) - getattr(times, "guest_nice", 0.0)
    return total - times.idle - getattr(times, "iowait", 0.0)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


@dataclass
class CaseSummary:
    """A case over all rounds: median processing time, highest memory."""

    runs: list[Measured]

    @property
    def report(self) -> dict:
        return self.runs[0].report

    def median(self, key: str) -> float:
        return statistics.median(run.report[key] for run in self.runs)

    @property
    def rate(self) -> float:
        """Articles analysed per second of the median processing time."""
        return self.report["analysed"] / self.median("process_s")

    @property
    def cpu_rate(self) -> float:
        """Articles analysed per CPU second of the median processing CPU time."""
        return self.report["analysed"] / self.median("process_cpu_s")

    def highest(self, value: Callable[[Measured], float]) -> float:
        return max(value(run) for run in self.runs)


def print_report(rounds: dict[str, list[Measured]], processes: int) -> None:
    """The table, the ratios against the targets, and how memory was measured."""
    summaries = {case: CaseSummary(runs) for case, runs in rounds.items()}
    naive, tuned, chancery = (summaries[case] for case in CASES)
    repeat = len(naive.runs)
    print()
    print(
        f"{'case':<9} {'articles':>8} {'analysed':>8} {'import s':>8} {'load s':>6} "
        f"{'process s':>9} {'articles/s':>10} {'CPU s':>6} {'cores':>5} {'others':>6} "
        f"{'wall s':>6}"
    )
    for case in CASES:
        c = summaries[case]
        print(
            f"{case:<9} {c.report['articles']:>8} {c.report['analysed']:>8} "
            f"{c.median('import_s'):>8.2f} {c.median('load_s'):>6.2f} "
            f"{c.median('process_s'):>9.2f} {c.rate:>10.2f} {c.median('process_cpu_s'):>6.1f} "
            f"{c.median('process_cpu_s') / c.median('process_s'):>5.2f} "
            f"{statistics.median(m.other_load for m in c.runs):>6.2f} "
            f"{statistics.median(m.wall_s for m in c.runs):>6.1f}"
        )
    print()
    print(
        f"{'case':<9} {'peak RSS MiB':>12} {'tree RSS MiB':>12} {'tree PSS MiB':>12} "
        f"{'processes':>9}"
    )
    for case in CASES:
        c = summaries[case]
        print(
            f"{case:<9} {c.highest(lambda m: m.peak_mib):>12.0f} "
            f"{c.highest(lambda m: m.tree_rss_peak) / MIB:>12.0f} "
            f"{c.highest(lambda m: m.tree_pss_peak) / MIB:>12.0f} "
            f"{c.highest(lambda m: m.processes_seen):>9.0f}"
        )
    print()
    for case in CASES:
        print(f"  {case:<9} {summaries[case].report['setup']}")
    print(
        f"  chancery load = model {chancery.median('model_load_s'):.2f} s + Analyzer.build "
        f"{chancery.median('analyzer_build_s'):.2f} s; it stored {chancery.report['analysed']} "
        f"new article(s), {chancery.report['duplicates']} duplicate(s), "
        f"{chancery.report['rejected']} rejected, {chancery.report['quotes']} quote(s)"
    )
    if naive.report["tokens"] != tuned.report["tokens"]:
        print(
            f"  WARNING: naive and tuned made different token counts "
            f"({naive.report['tokens']} vs {tuned.report['tokens']})"
        )
    if chancery.report["already_stored"]:
        print(
            f"  WARNING: {chancery.report['already_stored']} article(s) were already in the "
            "database, so chancery did not analyse them; give --db an empty database"
        )
    if repeat > 1:
        print(f"  process s per round (rounds run naive, tuned, chancery in turn, {repeat} times):")
        for case in CASES:
            times = ", ".join(f"{m.report['process_s']:.1f}" for m in summaries[case].runs)
            print(f"    {case:<9} {times}")
    print()
    vs_naive = chancery.rate / naive.rate
    vs_tuned = chancery.rate / tuned.rate
    print(
        f"chancery / naive throughput: {vs_naive:.2f}x  (target >= {NAIVE_TARGET}x: "
        f"{_verdict(vs_naive >= NAIVE_TARGET)}){_per_round(rounds, 'chancery', 'naive')}"
    )
    print(
        f"chancery / tuned throughput: {vs_tuned:.2f}x  (target >= {TUNED_TARGET}x: "
        f"{_verdict(vs_tuned >= TUNED_TARGET)}){_per_round(rounds, 'chancery', 'tuned')}"
    )
    print(
        f"tuned / naive throughput:    {tuned.rate / naive.rate:.2f}x  (no target)"
        f"{_per_round(rounds, 'tuned', 'naive')}"
    )
    _print_wrapped(
        f"by CPU time (articles per CPU second of all processes; less sensitive to other load, "
        f"blind to parallelism): chancery / naive {chancery.cpu_rate / naive.cpu_rate:.2f}x, "
        f"chancery / tuned {chancery.cpu_rate / tuned.cpu_rate:.2f}x, tuned / naive "
        f"{tuned.cpu_rate / naive.cpu_rate:.2f}x"
    )
    peak = chancery.highest(lambda m: m.peak_mib)
    if processes == PEAK_TARGET_PROCESSES:
        verdict = _verdict(peak <= PEAK_TARGET_MIB)
    else:
        verdict = f"not judged: the target is for --processes {PEAK_TARGET_PROCESSES}"
    print(
        f"chancery peak RSS: {peak:.0f} MiB  (target <= {PEAK_TARGET_MIB} MiB with "
        f"{PEAK_TARGET_PROCESSES} processes: {verdict})"
    )
    print()
    _print_wrapped(
        "Articles/s = articles analysed / process s (the median over rounds). 'process s' "
        "starts once the model is loaded (chancery: and Analyzer.build done) and covers "
        "reading the texts to the last article (chancery: load_paths, open_engine, "
        "ingest_loaded); 'import s' and 'load s' are not in it; 'wall s' is the whole "
        "subprocess. 'CPU s' is the CPU time of all the case's processes over 'process s', "
        "'cores' their average use of the machine's cores, 'others' the cores busy with other "
        "processes meanwhile (whole case; includes this sampler): when others is high, the "
        "seconds are inflated. chancery skips texts that repeat an earlier one, so it may "
        "analyse fewer than it was given."
    )
    rusage = ", ".join(
        f"{case} {summaries[case].highest(lambda m: m.report['rusage_self_mib']):.0f} / "
        f"{summaries[case].highest(lambda m: m.report['rusage_children_mib']):.0f}"
        for case in CASES
    )
    _print_wrapped(
        f"Memory (highest over rounds), sampled with psutil every {POLL_SECONDS} s over the "
        "case's process tree (the case and the spaCy workers it forks): 'peak RSS' = the sum "
        "of each process's own peak RSS (the main process's from getrusage, exact), the figure "
        "judged; 'tree RSS' = the highest sum of RSS at one sample; 'tree PSS' = the same in "
        f"proportional set size, sampled every {PSS_EVERY * POLL_SECONDS:.0f} s, which counts "
        "the pages forked workers share with their parent (the model) once instead of once per "
        f"process. getrusage cross-check (MiB, self / largest child): {rusage}."
    )


def _per_round(rounds: dict[str, list[Measured]], case: str, baseline: str) -> str:
    if len(rounds[case]) < 2:
        return ""
    ratios = [
        ours.rate / theirs.rate for ours, theirs in zip(rounds[case], rounds[baseline], strict=True)
    ]
    return "; per round " + ", ".join(f"{ratio:.2f}" for ratio in ratios)


def _print_wrapped(text: str) -> None:
    print(textwrap.fill(text, width=100))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Ingest throughput and peak memory: naive spaCy, tuned spaCy, Chancery."
    )
    parser.add_argument("--limit", type=int, default=300, help="first N releases (default 300)")
    parser.add_argument(
        "--processes", type=int, default=1, help="spaCy processes of tuned and chancery (1)"
    )
    parser.add_argument(
        "--db", help="database URL for chancery (default: a fresh SQLite file in a temp dir)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of the three cases, in turn; times are medians (default 1)",
    )
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.processes < 1:
        raise SystemExit(f"error: --processes must be 1 or more, got {args.processes}")
    if args.case:
        print(json.dumps(run_case(args.case, args.jsonl, args.processes, args.db)))
        return 0
    if args.repeat < 1:
        raise SystemExit(f"error: --repeat must be 1 or more, got {args.repeat}")
    if args.db and args.repeat > 1:
        raise SystemExit("error: each round needs an empty database; with --db, use --repeat 1")
    try:
        import psutil  # noqa: F401
    except ImportError:
        raise SystemExit(
            "error: this benchmark samples memory with psutil: pip install psutil"
        ) from None
    source = corpus_path()
    with tempfile.TemporaryDirectory(prefix="chancery-bench-") as folder:
        work = Path(folder)
        jsonl, count = write_first_lines(source, args.limit, work)
        characters = sum(len(text) for text in read_texts(jsonl))
        from benchmarks.machine import code_state

        for line in machine_lines():
            print(line)
        print(code_state("analysis"))
        print(
            f"corpus: first {count} releases of {source} ({characters:,} characters); "
            f"--processes {args.processes}; chancery database: "
            f"{'a fresh SQLite file' if not args.db else 'as given by --db'}"
        )
        rounds: dict[str, list[Measured]] = {case: [] for case in CASES}
        for number in range(1, args.repeat + 1):
            db_url = args.db or f"sqlite:///{work / f'chancery-{number}.db'}"
            for case in CASES:
                print(f"round {number}/{args.repeat}: {case} ...", flush=True)
                rounds[case].append(measure(case, jsonl, args.processes, db_url, work))
        print(f"model: {rounds['tuned'][0].report['model']}")
        print_report(rounds, args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
