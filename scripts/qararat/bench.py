"""The benchmark: build a synthetic corpus of N documents end to end and measure what it costs.

    python -m qararat.bench [--docs N ...] [--runs K] [--seed S]

For each N it writes the corpus (`qararat.synth`) into build/bench/n<N>/, builds it K times, each
time in a fresh process, and records the median time of every stage. It builds it once more with the
memory of all its processes sampled, for the peak memory (sampling slows the build it watches, so the
timed builds are not sampled). It records the size of the site, and what a browser transfers to open
a document page and to run one search query. The records go to build/bench.json (one per N) and are
printed as a table.

Stages are timed around the pipeline's own functions while `build.build` runs them in its own
order: nothing of the pipeline is re-implemented here, so the benchmark measures the build that
`qararat build` runs. Time the pipeline spends outside those functions (moving folders) counts in
the total only.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import build as pipeline
from . import parallel
from .cache import BuildCache
from .synth import ROOT, generate

DEFAULT_DOCS = (10, 100, 1000)
STAGES = {
    # stage: the pipeline functions (names in qararat.build) whose time counts for it
    "parse": ("parse_corpus", "read_corpus", "repair_source", "parse"),
    "link": ("link_corpus",),
    "render": ("stage_site", "write_site_config"),
    # MkDocs' own run time (`Background.seconds`) and the splice after it. The search index is written
    # while MkDocs runs, so those two stages overlap and the sum of the stages exceeds the total.
    "mkdocs": ("splice_site",),
    "search": ("write_index",),
}
READ_TO_RENDER = ("parse", "link", "render")     # the pipeline before MkDocs, whose throughput is measured
SEARCH_QUERY = "الرقمية"
RESULT = ".md-search-result__item, .pagefind-ui__result"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


# ---------------------------------------------------------------- timing one build (worker process)

class StageClock:
    """Wraps the pipeline's functions so each call adds its time to its stage; a call made inside
    another call of the same stage (parse_corpus -> parse) is not counted twice."""

    def __init__(self):
        self.seconds = {stage: 0.0 for stage in STAGES}
        self.active: set[str] = set()

    def wrap(self, stage: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if stage in self.active:
                return function(*args, **kwargs)
            self.active.add(stage)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start
                self.active.discard(stage)
        return timed

    @contextlib.contextmanager
    def installed(self):
        originals = {}
        for stage, names in STAGES.items():
            for name in names:
                if hasattr(pipeline, name):
                    originals[name] = getattr(pipeline, name)
                    setattr(pipeline, name, self.wrap(stage, originals[name]))
        try:
            yield self
        finally:
            for name, function in originals.items():
                setattr(pipeline, name, function)


def keeping(results: list, function):
    """`function`, keeping what each call returns in `results`."""
    @functools.wraps(function)
    def kept(*args, **kwargs):
        results.append(function(*args, **kwargs))
        return results[-1]
    return kept


def time_build(root: Path, full: bool = True, sample_memory: bool = False, one_process: bool = False) -> dict:
    """One build of the project at `root`, in this process: stage times, total, the documents
    regenerated, and with `sample_memory` the peak memory of all its processes. A full build starts
    without the build cache; a rebuild keeps it. Sampling reads every process's page tables several
    times a second, which on two cores slows the build it measures: timed builds are not sampled.
    `one_process` builds without worker processes."""
    layout = pipeline.Layout(root.resolve())
    if full:
        shutil.rmtree(layout.cache, ignore_errors=True)
    cache = BuildCache(layout.cache)
    clock = StageClock()
    mkdocs_runs: list = []
    start_mkdocs = pipeline.start_mkdocs
    pipeline.start_mkdocs = keeping(mkdocs_runs, start_mkdocs)
    try:
        with clock.installed(), without_workers(one_process), \
                (MemorySampler() if sample_memory else contextlib.nullcontext()) as memory:
            start = time.perf_counter()
            pipeline.build(layout, cache)
            total = time.perf_counter() - start
    finally:
        pipeline.start_mkdocs = start_mkdocs
    clock.seconds["mkdocs"] += sum(run.seconds for run in mkdocs_runs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"stage_seconds": clock.seconds, "total_seconds": total, "regenerated": cache.regenerated,
            "memory_mb": memory.peak_bytes / 1024 / 1024 if memory else None,
            "rss_pipeline_mb": own, "rss_subprocess_mb": children}


@contextlib.contextmanager
def without_workers(enabled: bool):
    """With `enabled`, every stage runs in this one process (qararat.parallel never starts workers)."""
    saved = parallel.PARALLEL_FROM
    if enabled:
        parallel.PARALLEL_FROM = sys.maxsize
    try:
        yield
    finally:
        parallel.PARALLEL_FROM = saved


class MemorySampler:
    """The memory a build uses, all its processes together: every `interval` seconds, the proportional
    set size (PSS: a page shared by several processes counted once, split among them) of this process
    and of every process descended from it (forked workers, MkDocs), summed; the peak is kept."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak_bytes = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.peak_bytes = max(self.peak_bytes, sum(pss_bytes(pid) for pid in process_tree(os.getpid())))


def process_tree(root: int) -> list[int]:
    """`root` and every process descended from it, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def pss_bytes(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def run_worker(root: Path, full: bool = True, sample_memory: bool = False, one_process: bool = False) -> dict:
    """`time_build` in a fresh interpreter, so memory and in-process caches start from nothing each run."""
    result = subprocess.run([sys.executable, "-m", "qararat.bench", "--worker", str(root),
                             *([] if full else ["--keep-cache"]), *(["--memory"] if sample_memory else []),
                             *(["--one-process"] if one_process else [])],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the build of {root} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def time_rebuild(root: Path, slug: str) -> dict:
    """A rebuild after one document's metadata changed (a trailing newline): what it regenerates."""
    path = root / "seeds" / f"{slug}.yml"
    original = path.read_bytes()
    path.write_bytes(original + b"\n")
    try:
        return run_worker(root, full=False)
    finally:
        path.write_bytes(original)


# ---------------------------------------------------------------- sizes

def folder_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def measure_sizes(root: Path, slugs: list[str]) -> dict:
    site = root / "site"
    pages = [site / slug / "index.html" for slug in slugs]
    return {
        "source_bytes": folder_bytes(root / "seeds", "*.txt"),
        "site_bytes": folder_bytes(site),
        "html_bytes_per_doc": round(sum(p.stat().st_size for p in pages) / len(pages)),
    }


def sample_page(root: Path, slugs: list[str]) -> str:
    """The document page the browser opens: the largest resolution text (its size is the same for every N)."""
    first_copies = slugs[:5]   # one document per seed, the same ones for every N
    resolutions = [s for s in first_copies if s.startswith("a-res-")] or first_copies
    return max(resolutions, key=lambda s: (root / "seeds" / f"{s}.txt").stat().st_size)


# ---------------------------------------------------------------- what a browser transfers

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host would: text compressed with gzip when the browser accepts it.
    Every response is logged (path, bytes sent, when) in `sent`."""

    sent: list[tuple[str, int, float]] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        url_path = unquote(urlparse(self.path).path)
        path = Path(self.directory) / url_path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((url_path, len(body), time.monotonic()))


@contextlib.contextmanager
def serve(site: Path):
    log: list[tuple[str, int, float]] = []
    handler = functools.partial(type("Handler", (GzipHandler,), {"sent": log}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


class Transfers:
    """Bytes received per request, as Chromium reports them (Network.loadingFinished.encodedDataLength).

    The page's CDP session does not see what a web worker fetches (Material's search worker loads
    its script itself); for a response the server sent but the page session never saw, the body
    bytes the server sent stand in."""

    def __init__(self, context, page, server_log: list[tuple[str, int, float]]):
        self.started: dict[str, float] = {}
        self.received: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.server_log = server_log
        self.since_log = len(server_log)
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        session.on("Network.requestWillBeSent", self.request)
        session.on("Network.loadingFinished", self.finished)
        self.session = session

    def request(self, event):
        self.started.setdefault(event["requestId"], time.monotonic())
        self.urls[event["requestId"]] = event["request"]["url"]

    def finished(self, event):
        self.received[event["requestId"]] = int(event["encodedDataLength"])

    def responses(self, since: float = 0.0) -> list[tuple[str, int, float]]:
        """(path, bytes, when) for every response of this page, by Chromium's count where it has one."""
        seen = {urlparse(self.urls[rid]).path: rid for rid in self.received if rid in self.urls}
        out = [(urlparse(self.urls[rid]).path, size, self.started.get(rid, 0.0))
               for rid, size in self.received.items() if rid in self.urls]
        out += [entry for entry in self.server_log[self.since_log:] if entry[0] not in seen]
        return [entry for entry in out if entry[2] >= since]

    def total(self, since: float = 0.0) -> int:
        return sum(size for _, size, _ in self.responses(since))


def is_search_resource(path: str) -> bool:
    """The index files a search needs (this site's: search/; Material's: search/, workers/; Pagefind's: pagefind/)."""
    return any(part in path for part in ("/search/", "/workers/search", "/pagefind/", "search_index"))


def settle(page, quiet_ms: int = 1500) -> None:
    """Wait until the network has been idle for a while (search workers fetch after the load event)."""
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=30_000)
    page.wait_for_timeout(quiet_ms)


def search_box(page):
    for selector in ("input.md-search__input", ".pagefind-ui__search-input", "input[type=search]",
                     "input[name=query]"):
        box = page.locator(selector).first
        if box.count() and box.is_visible():
            return box
    for opener in ("label.md-search__icon", "label[for=__search]", "[data-md-toggle=search]"):
        with contextlib.suppress(Exception):
            page.locator(opener).first.click(timeout=2000)
            break
    return page.locator("input[type=search], input.md-search__input").first


def measure_browser(site: Path, slug: str) -> dict:
    """First-visit bytes for one document page, and bytes for one search query typed into the header box
    (on the site's search page if it has one, else on the home page)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        print("chromium not found: browser measurements skipped", file=sys.stderr)
        return {"page_transfer_bytes": None, "search_query_bytes": None}
    search_page = "search/" if (site / "search" / "index.html").exists() else ""
    with serve(site) as (base, log), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            transfers = Transfers(context, page, log)
            page.goto(f"{base}/{slug}/")
            settle(page)
            page_bytes = transfers.total()
            context.close()

            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            transfers = Transfers(context, page, log)
            page.goto(f"{base}/{search_page}")
            settle(page)
            box = search_box(page)
            typing = time.monotonic()
            box.click()
            box.type(SEARCH_QUERY, delay=30)
            box.press("End")   # a real key: typing non-ASCII text fires no keyup
            with contextlib.suppress(Exception):
                page.wait_for_selector(RESULT, timeout=30_000)
            settle(page, 2500)
            if not page.locator(RESULT).count():
                print(f"no search result for {SEARCH_QUERY!r} on {base}/{search_page}", file=sys.stderr)
            # What the query costs: everything fetched once typing started, plus the search files
            # the page had already fetched in advance (Material's lunr index loads with the page).
            query_bytes = transfers.total(since=typing) + sum(
                size for path, size, when in transfers.responses() if when < typing and is_search_resource(path))
            context.close()
        finally:
            browser.close()
    return {"page_transfer_bytes": page_bytes, "search_query_bytes": query_bytes}


# ---------------------------------------------------------------- one record per N

def bench(count: int, runs: int, seed: int, browser: bool = True) -> dict:
    root = ROOT / "build" / "bench" / f"n{count}"
    slugs = generate(count, root, seed)
    timings = [run_worker(root) for _ in range(runs)]
    sampled = run_worker(root, sample_memory=True)     # one more full build, for its peak memory
    # And one without workers: the pipeline's own work before MkDocs, with none of the cost of sharing it
    # out. Divided among the cores it is the least time any way of sharing it out could take.
    alone = run_worker(root, one_process=True)
    rebuild = time_rebuild(root, slugs[-1])
    record = {
        "docs": count,
        "stage_seconds": {stage: round(statistics.median(t["stage_seconds"][stage] for t in timings), 3)
                          for stage in STAGES},
        "total_seconds": round(statistics.median(t["total_seconds"] for t in timings), 3),
        "peak_rss_mb": round(sampled["memory_mb"], 1),
        # High-water marks by process: the build's own, and the largest of its children's.
        "peak_rss_parts_mb": {"pipeline": round(max(t["rss_pipeline_mb"] for t in [*timings, sampled]), 1),
                              "largest_subprocess": round(max(t["rss_subprocess_mb"] for t in [*timings, sampled]), 1)},
        "runs": runs,
        "one_process_seconds": round(sum(alone["stage_seconds"][stage] for stage in READ_TO_RENDER), 3),
        "cores": os.cpu_count() or 1,
        "rebuild_seconds": round(rebuild["total_seconds"], 3),
        "rebuild_regenerated": rebuild["regenerated"],
        **measure_sizes(root, slugs),
    }
    record = {"docs": count, "source_bytes": record.pop("source_bytes"), **record}
    page = sample_page(root, slugs)
    record.update(measure_browser(root / "site", page) if browser else
                  {"page_transfer_bytes": None, "search_query_bytes": None})
    record["page"] = f"/{page}/"
    return record


# ---------------------------------------------------------------- the table

def kb(value: int | None) -> str:
    return "—" if value is None else f"{value / 1024:,.0f}"


def mb(value: int) -> str:
    return f"{value / 1024 / 1024:,.1f}"


def table(records: list[dict]) -> str:
    """The records as a Markdown table; 'per doc ×' is the total time per document relative to the smallest N;
    'ceiling' is the read→render throughput if the one-process time were shared perfectly among the cores.
    Every MB is 1024 × 1024 bytes, the throughputs' too."""
    base = min(records, key=lambda r: r["docs"])
    base_per_doc = base["total_seconds"] / base["docs"]
    head = ["docs", "source MB", "parse s", "link s", "render s", "mkdocs s", "search s", "total s",
            "per doc ms", "per doc ×", "read→render MB/s", "ceiling MB/s", "peak RSS MB", "site MB", "HTML/doc KB", "page KB",
            "query KB", "rebuild s", "regenerated"]
    rows = []
    for r in sorted(records, key=lambda r: r["docs"]):
        s = r["stage_seconds"]
        source_mb = r["source_bytes"] / 1024 / 1024
        per_doc = r["total_seconds"] / r["docs"]
        rows.append([f"{r['docs']:,}", mb(r["source_bytes"]), *(f"{s[k]:.2f}" for k in STAGES),
                     f"{r['total_seconds']:.1f}", f"{per_doc * 1000:.0f}", f"{per_doc / base_per_doc:.2f}",
                     f"{source_mb / sum(s[stage] for stage in READ_TO_RENDER):.2f}",
                     f"{source_mb / (r['one_process_seconds'] / r['cores']):.2f}",
                     f"{r['peak_rss_mb']:,.0f}", mb(r["site_bytes"]), kb(r["html_bytes_per_doc"]),
                     kb(r["page_transfer_bytes"]), kb(r["search_query_bytes"]),
                     f"{r['rebuild_seconds']:.1f}", str(len(r["rebuild_regenerated"]))])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qararat.bench",
                                     description="Build synthetic corpora of N documents and measure the cost.")
    parser.add_argument("--docs", type=int, nargs="+", default=list(DEFAULT_DOCS),
                        help="corpus sizes (default: 10 100 1000)")
    parser.add_argument("--runs", type=int, default=3, help="builds per size; times are medians (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="random seed value of the corpus (default 0)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(time_build(args.worker, full=not args.keep_cache, sample_memory=args.memory,
                                    one_process=args.one_process)))
        return 0
    records = []
    for count in sorted(set(args.docs)):
        print(f"benchmarking {count} documents ({args.runs} runs)...", file=sys.stderr, flush=True)
        records.append(bench(count, max(1, args.runs), args.seed, browser=not args.no_browser))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(records))
    print(f"\nrecords written to {args.out}; machine: {os.cpu_count()} cores", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
