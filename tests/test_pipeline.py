"""Analysing in worker processes: the same analyses as in one process, in input order."""

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from analysis import pipeline
from analysis.loaders import load_paths
from analysis.settings import SAMPLE_DIR

#: Enough demo articles for tasks on every worker, with a short last one.
ARTICLES = 2 * pipeline.PARALLEL_BATCH_SIZE + 3


@pytest.fixture(scope="module")
def articles():
    return load_paths([SAMPLE_DIR]).articles[:ARTICLES]


@pytest.fixture(scope="module")
def alone(analyzer, articles):
    """The analyses made in this process."""
    return list(analyzer.analyse(articles))


@pytest.mark.parametrize("n_process, batch_size", [(2, 32), (3, 5)])
def test_worker_processes_make_the_analyses_of_one_process(
    analyzer, articles, alone, n_process, batch_size
):
    parallel = list(analyzer.analyse(articles, batch_size=batch_size, n_process=n_process))
    assert [a.article.origin for a in parallel] == [a.origin for a in articles]
    assert parallel == alone
    assert any(a.quotes for a in parallel) and any(a.actors for a in parallel)


def test_analyse_in_batches_hands_over_every_article_once_in_order(analyzer, articles):
    batches = []
    pipeline.analyse_in_batches(analyzer, articles, batches.append, batch_size=6, n_process=2)
    assert [len(b) for b in batches] == [6] * (len(articles) // 6) + [len(articles) % 6]
    origins = [a.article.origin for batch in batches for a in batch]
    assert origins == [a.origin for a in articles]


def _die(articles):
    os._exit(3)


def test_a_worker_that_dies_ends_the_run_instead_of_hanging(analyzer, articles, monkeypatch):
    monkeypatch.setattr(pipeline, "_analyse_chunk", _die)
    with pytest.raises(BrokenProcessPool):
        list(analyzer.analyse(articles, n_process=2))
