"""The synthetic corpus generator: deterministic, distinct, parseable, shaped like the seeds, densely cited."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import SEEDS, SLUGS, run_build
from qararat.build import Layout, parse_corpus
from qararat.link import link_corpus, read_tables
from qararat.repair.corrections import is_correction
from qararat.synth import generate

COUNT = 15
# The forms the generator cites another synthetic resolution in: "قرارها 214/80", "٢١٤/٦٧", "A/RES/80/214".
CITATION = re.compile(r"على النحو المبين في قرار(?:ها| الجمعية العامة) "
                      r"(?:A/RES/(\d+)/(\d+)|([0-9٠-٩]+)/([0-9٠-٩]+))[.؛]")
WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "seeds").rglob("*")) if p.is_file()}


def metadata(root: Path, slug: str) -> dict:
    return yaml.safe_load((root / "seeds" / f"{slug}.yml").read_text(encoding="utf-8"))


def cited_symbols(text: str) -> list[str]:
    symbols = []
    for session, number, arabic_number, arabic_session in CITATION.findall(text):
        if session:
            symbols.append(f"A/RES/{session}/{number}")
        else:
            symbols.append(f"A/RES/{arabic_session.translate(WESTERN)}/{arabic_number.translate(WESTERN)}")
    return symbols


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth")
    slugs = generate(COUNT, root, seed_value=0)
    docs, _ = parse_corpus(Layout(root))
    return root, slugs, {d.meta.slug: d for d in docs}


@pytest.fixture(scope="module")
def seed_documents():
    docs, _ = parse_corpus(Layout(SEEDS.parent))
    return {d.meta.slug: d for d in docs}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    generate(5, root, seed_value=7)
    return root


def test_same_count_and_seed_value_give_the_same_files(small, tmp_path):
    generate(5, tmp_path / "b", seed_value=7)
    generate(5, tmp_path / "c", seed_value=8)
    first, second, other = files(small), files(tmp_path / "b"), files(tmp_path / "c")
    assert len([name for name in first if name.endswith(".txt")]) == 5
    assert first == second
    assert first.keys() == other.keys() and first != other, "another seed value shuffles differently"


def test_the_generated_project_builds(small):
    result = run_build(small)
    assert result.returncode == 0, result.stderr
    for slug in ("a-74-201", "a-res-67-201", "a-res-80-201", "itu-cwg-wsis-sdg-2024-s0001",
                 "tunis-wsis20-declaration-s0001"):
        assert (small / "site" / slug / "index.html").exists()


def test_every_document_parses(corpus):
    root, slugs, docs = corpus
    assert len(slugs) == COUNT and sorted(docs) == sorted(slugs)


def test_symbols_and_slugs_are_distinct_and_the_text_prints_its_own_symbol(corpus):
    root, slugs, docs = corpus
    assert len(set(slugs)) == COUNT
    symbols = [docs[s].meta.symbol for s in slugs if docs[s].meta.symbol]
    assert len(symbols) == len(set(symbols)) == 9   # 3 copies each of the three seeds with a symbol
    assert docs["a-res-80-201"].meta.symbol == "A/RES/80/201"
    title = next(h.text for h in docs["a-res-67-203"].header if h.role == "title")
    assert title.startswith("٢٠٣/٦٧ - ")
    assert "A/74/203" in (root / "seeds" / "a-74-203.txt").read_text(encoding="utf-8")
    assert "A/74/821" not in (root / "seeds" / "a-74-203.txt").read_text(encoding="utf-8")
    assert metadata(root, "tunis-wsis20-declaration-s0003")["symbol"] is None


@pytest.mark.parametrize("seed", SLUGS)
def test_copies_keep_the_structure_and_defects_of_their_seed(corpus, seed_documents, seed):
    root, slugs, docs = corpus
    original = seed_documents[seed]
    raw = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    copies = slugs[SLUGS.index(seed)::len(SLUGS)]
    assert len(copies) == 3
    for slug in copies:
        doc = docs[slug]
        text = (root / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")
        assert Counter(b.kind for b in doc.blocks) == Counter(b.kind for b in original.blocks), slug
        assert [f.number for f in doc.footnotes] == [f.number for f in original.footnotes], slug
        assert text.count("\n") == raw.count("\n"), slug
        for defect in ("\u0640", "\u00a0", "特", "\t", "[bookmark:"):
            assert text.count(defect) == raw.count(defect), (slug, defect)
        assert len(raw) <= len(text) <= len(raw) + 6 * 70, slug
        assert doc.meta.layout == original.meta.layout and doc.meta.quality == original.meta.quality
        # Its reviewed corrections and doubts are read from its own project's seeds/corrections.
        assert len(doc.doubts) == len(original.doubts), slug
        assert sum(is_correction(r.fixer) for r in doc.repairs) == \
               sum(is_correction(r.fixer) for r in original.repairs), slug


def test_paragraph_texts_are_shuffled_not_copied(corpus, seed_documents):
    _, _, docs = corpus
    original = {b.anchor: b.text for b in seed_documents["a-res-80-173"].blocks}
    copy = {b.anchor: b.text for b in docs["a-res-80-201"].blocks}
    assert original.keys() == copy.keys()
    moved = [a for a in original if a.startswith("p") and original[a] != copy[a]]
    assert len(moved) > 60
    # a paragraph with a footnote marker keeps its place and its words
    first = docs["a-res-80-201"].block("p1").lines[0]
    assert docs["a-res-80-201"].raw_lines[first - 1] == seed_documents["a-res-80-173"].raw_lines[first - 1]


def test_citation_graph_among_the_documents_is_dense(corpus):
    root, slugs, docs = corpus
    symbols = {docs[s].meta.symbol: s for s in slugs if (docs[s].meta.symbol or "").startswith("A/RES/")}
    edges = set()
    for slug in slugs:
        cited = cited_symbols((root / "seeds" / f"{slug}.txt").read_text(encoding="utf-8"))
        assert all(symbol in symbols for symbol in cited), slug
        assert docs[slug].meta.symbol not in cited, f"{slug} cites itself"
        if docs[slug].meta.layout != "damaged-report":
            assert len(cited) >= 3, slug
        edges |= {(slug, symbols[symbol]) for symbol in cited}
    citing = {a for a, _ in edges}
    cited_docs = {b for _, b in edges}
    assert len(citing) == 12                       # every document but the damaged reports
    assert len(cited_docs) == len(symbols) == 6    # every synthetic resolution is cited
    assert len(edges) >= 3 * 12


def test_the_linker_finds_the_same_graph(corpus):
    """The real link stage resolves every inserted citation to the synthetic resolution it names."""
    root, slugs, docs = corpus
    linked = link_corpus([docs[s] for s in slugs], read_tables(root / "seeds"))
    in_corpus = {r.in_corpus: {c.slug for c in r.cited_by} for r in linked.references if r.in_corpus}
    symbols = {docs[s].meta.symbol: s for s in slugs if (docs[s].meta.symbol or "").startswith("A/RES/")}
    expected: dict[str, set[str]] = {}
    for slug in slugs:
        for symbol in cited_symbols((root / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")):
            expected.setdefault(symbols[symbol], set()).add(slug)
    assert in_corpus == expected


def test_backlinks_name_a_few_documents_and_send_to_the_hub_for_the_rest(corpus):
    """A document page does not grow with the corpus: a reference's other citing documents are
    named up to a limit, and the rest counted with a link to the reference's hub."""
    from bs4 import BeautifulSoup

    from qararat import render_refs

    root, slugs, docs = corpus
    linked = link_corpus([docs[s] for s in slugs], read_tables(root / "seeds"))
    widest = max((r for r in linked.references if r.in_corpus), key=lambda r: len(r.documents))
    assert len(widest.documents) > render_refs.MAX_OTHER_DOCUMENTS + 1
    page = BeautifulSoup(render_refs.document_extras(linked, linked.document(widest.in_corpus)), "html.parser")
    [item] = [li for li in page.select("ul.cited-by > li") if li.select_one(f'a[href="../ref/{widest.id}/"]')]
    assert len(item.select(".citing-doc")) == render_refs.MAX_OTHER_DOCUMENTS
    rest = len(widest.documents) - render_refs.MAX_OTHER_DOCUMENTS
    assert item.select_one("a.more-citing").get_text() == f"و{rest} وثيقة أخرى"
