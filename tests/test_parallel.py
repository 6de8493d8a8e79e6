"""Documents worked on in forked worker processes: the same results, in the same order, as in one process."""
from __future__ import annotations

import os
import time

import pytest

from qararat import build, link, parallel
from qararat.errors import BuildError
from qararat.model import Problem
from qararat.build import Layout, parse_corpus
from qararat.link import link_corpus, read_tables
from qararat.synth import generate

SEVERAL_CORES = (os.cpu_count() or 1) > 1     # with one core, map_in_order works in this process


def record_processes(monkeypatch, owner, name: str, log):
    """`owner.name` now also writes the id of the process that runs it to the file `log`."""
    original = getattr(owner, name)

    def recorded(*args, **kwargs):
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)
    monkeypatch.setattr(owner, name, recorded)


def processes(log) -> set[int]:
    return {int(pid) for pid in log.read_text().split()}


def test_results_keep_the_order_of_the_items_and_come_from_several_processes():
    offset = 7    # a closure: the function is inherited by the workers, never pickled

    def slow(n):
        time.sleep(0.01)    # long enough that no worker takes every item before another starts
        return n + offset, os.getpid()

    results = list(parallel.map_in_order(slow, range(40)))
    assert [value for value, _ in results] == list(range(7, 47))
    if (os.cpu_count() or 1) > 1:
        assert len({pid for _, pid in results}) > 1 and os.getpid() not in {pid for _, pid in results}
        # a worker is replaced after a few batches, and its replacement still finds the job
        assert len({pid for _, pid in results}) > min(os.cpu_count(), 40)


def test_few_items_stay_in_this_process():
    results = list(parallel.map_in_order(lambda n: os.getpid(), range(parallel.PARALLEL_FROM - 1)))
    assert set(results) == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_build():
    def fail_on_five(n):
        if n == 5:
            raise ValueError("five")
        return n
    with pytest.raises(ValueError, match="five"):
        list(parallel.map_in_order(fail_on_five, range(20)))


def test_a_corpus_parsed_by_workers_is_the_corpus_parsed_in_one_process(tmp_path, monkeypatch):
    generate(parallel.PARALLEL_FROM + 2, tmp_path, seed_value=3)
    record_processes(monkeypatch, build, "parse", tmp_path / "parsed-by")
    in_workers, _ = parse_corpus(Layout(tmp_path))
    if SEVERAL_CORES:
        assert processes(tmp_path / "parsed-by") and os.getpid() not in processes(tmp_path / "parsed-by")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10 ** 6)
    in_one, _ = parse_corpus(Layout(tmp_path))
    assert [d.meta.slug for d in in_workers] == [d.meta.slug for d in in_one]
    for a, b in zip(in_workers, in_one):
        assert (a.blocks, a.footnotes, a.header, a.repairs, a.warnings) == \
               (b.blocks, b.footnotes, b.header, b.repairs, b.warnings), a.meta.slug


def test_a_corpus_linked_by_workers_is_the_corpus_linked_in_one_process(tmp_path, monkeypatch):
    generate(parallel.PARALLEL_FROM + 2, tmp_path, seed_value=4)
    docs, _ = parse_corpus(Layout(tmp_path))
    tables = read_tables(tmp_path / "seeds")
    record_processes(monkeypatch, link.Linker, "unit_spans", tmp_path / "linked-by")
    in_workers = link_corpus(docs, tables)
    if SEVERAL_CORES:
        assert processes(tmp_path / "linked-by") and os.getpid() not in processes(tmp_path / "linked-by")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10 ** 6)
    in_one = link_corpus(docs, tables)
    assert [(d.blocks, d.footnotes) for d in in_workers.documents] == [(d.blocks, d.footnotes) for d in in_one.documents]
    assert [(r.id, r.title, r.cited_by) for r in in_workers.references] == [(r.id, r.title, r.cited_by) for r in in_one.references]
    assert sum(len(r.cited_by) for r in in_one.references) > 20


def test_a_document_that_fails_in_a_worker_is_reported_with_its_file_and_line(tmp_path, monkeypatch):
    generate(parallel.PARALLEL_FROM + 2, tmp_path, seed_value=5)
    record_processes(monkeypatch, build, "repair_source", tmp_path / "repaired-by")
    text = tmp_path / "seeds" / "a-res-80-201.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    lines.insert(40, "سطر زائد")      # the reviewed corrections below it no longer find their words
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        parse_corpus(Layout(tmp_path))
    problems = failure.value.problems
    assert problems and all(isinstance(p, Problem) for p in problems)
    assert {p.path for p in problems} == {"seeds/corrections/a-res-80-201.yml"}
    assert all(isinstance(p.line, int) and "is not on that line" in p.message for p in problems)
    assert str(failure.value).splitlines()[0] == str(problems[0])
    if SEVERAL_CORES:
        assert os.getpid() not in processes(tmp_path / "repaired-by")


def test_an_error_returned_by_a_worker_keeps_its_problems_and_its_message():
    error = BuildError([Problem("seeds/x.txt", 3, "bad line")])
    back = list(parallel.map_in_order(lambda n: error, range(parallel.PARALLEL_FROM)))[-1]    # pickled back
    assert back.problems == error.problems and str(back) == str(error) == "seeds/x.txt:3: error: bad line"


def test_a_document_sent_between_processes_is_the_same_document(parsed_corpus):
    """A parsed document goes from a worker to the build as a pickle (its repair record as one flat run of
    fields): it comes back equal, record for record, without what it had derived and kept."""
    import pickle
    damaged = next(doc for doc in parsed_corpus if doc.meta.quality == "damaged")
    assert len(damaged.repairs) > 2000
    for doc in parsed_corpus:
        doc.memo["derived"] = True
        doc.unit(doc.blocks[0].anchor)
        sent = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
        doc.memo.pop("derived")
        assert sent == doc and sent.repairs == doc.repairs and sent.raw_lines == doc.raw_lines
        assert [type(r) for r in sent.repairs] == [type(r) for r in doc.repairs]
        assert "derived" not in sent.memo
