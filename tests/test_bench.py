"""The benchmark on a small synthetic corpus: the record it writes and how it measures memory."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from qararat import bench, parallel

KEYS = {"docs", "source_bytes", "stage_seconds", "total_seconds", "peak_rss_mb", "site_bytes", "html_bytes_per_doc",
        "page_transfer_bytes", "search_query_bytes"}


def test_a_record_has_every_key_and_the_table_every_stage():
    record = bench.bench(5, runs=1, seed=0, browser=False)
    assert KEYS <= record.keys()
    assert record["docs"] == 5 and record["source_bytes"] > 300_000
    assert set(record["stage_seconds"]) == {"parse", "link", "render", "mkdocs", "search"}
    assert all(seconds > 0 for seconds in record["stage_seconds"].values())
    # The index is written while MkDocs builds: every stage but the search follows the one before it.
    stages = record["stage_seconds"]
    assert sum(stages.values()) - stages["search"] <= record["total_seconds"]
    assert stages["search"] < stages["mkdocs"] + stages["render"]
    # Memory is measured (the sampler's summing over processes has its own test below).
    assert record["peak_rss_mb"] > 50 and record["peak_rss_parts_mb"]["pipeline"] > 50
    assert record["rebuild_regenerated"] == [sorted(p.stem for p in (bench.ROOT / "build/bench/n5/seeds").glob("*.txt"))[-1]]
    # The one-process build times the same stages; its time shared among the cores is the ceiling.
    assert 0 < record["one_process_seconds"] < record["total_seconds"] * 3 and record["cores"] == os.cpu_count()
    table = bench.table([record])
    assert table.splitlines()[0].startswith("| docs | source MB | parse s | link s | render s | mkdocs s | search s |")
    assert table.splitlines()[2].startswith("| 5 | 0.3 |")
    row = dict(zip(table.splitlines()[0].split(" | "), table.splitlines()[2].split(" | ")))
    ceiling = record["source_bytes"] / 1024 / 1024 / (record["one_process_seconds"] / record["cores"])
    assert row["ceiling MB/s"] == f"{ceiling:.2f}"


def test_the_one_process_build_starts_no_worker():
    items = range(parallel.PARALLEL_FROM * 3)
    with bench.without_workers(True):
        assert set(parallel.map_in_order(lambda n: os.getpid(), items)) == {os.getpid()}
    if (os.cpu_count() or 1) > 1:
        assert os.getpid() not in set(parallel.map_in_order(lambda n: os.getpid(), items))


def test_memory_is_summed_over_the_processes_descended_from_the_build():
    child = subprocess.Popen([sys.executable, "-c", "x = bytearray(200 * 1024 * 1024); import time; time.sleep(3)"])
    try:
        time.sleep(1.5)
        assert child.pid in bench.process_tree(os.getpid())
        with bench.MemorySampler(interval=0.05) as memory:
            time.sleep(0.3)
        assert memory.peak_bytes > bench.pss_bytes(os.getpid()) + 190 * 1024 * 1024
    finally:
        child.kill()
        child.wait()
