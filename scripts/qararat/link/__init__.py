"""Stage `link`: the whole corpus at once: citations recognised, resolved and back-linked.

Each unit (block or footnote) is read as a reader reads it; citations and concept mentions found in
it become CITATION and CONCEPT spans (`citations.py`, `concepts.py`), each knowing where it leads
(`resolve.py`). The graph (`graph.py`) then lists, for every cited document and every concept, the
units that cite or mention it; editorial notes (`annotations.py`) are checked against the anchors.
The curated tables come from `tables.read_tables`, the stage's only file access.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import accumulate

from ..errors import fail_on_errors
from ..model import BlockKind, Document, Footnote, Problem, Span, SpanKind
from ..parallel import map_in_order
from .annotations import Annotation, build_annotations
from .citations import NameIndex, Ref, name_pattern, recognise_folded
from .concepts import Concept, ConceptIndex, concept_of
from .folding import Folded, fold, fold_words
from .graph import Reference, build_concepts, build_references
from .resolve import Catalogue
from .spans import LinkedSpan, Mark, apply_marks
from .tables import Tables, read_tables

__all__ = ["Corpus", "Citation", "citations_in", "link_corpus", "read_tables", "Tables", "Ref"]

IBID = fold_words("المرجع نفسه")


def index_by(items, keys) -> dict:
    """key -> the items (in order) for which `keys(item)` yields that key."""
    index: dict = {}
    for item in items:
        for key in keys(item):
            index.setdefault(key, []).append(item)
    return {key: tuple(found) for key, found in index.items()}


@dataclass(frozen=True)
class Corpus:
    """The documents with their citation spans, and the graph between them."""

    documents: tuple[Document, ...]
    references: tuple[Reference, ...] = field(default=())   # cited documents with who cites them
    concepts: tuple[Concept, ...] = field(default=())       # recurring bodies and processes with who mentions them
    annotations: tuple[Annotation, ...] = field(default=())  # editorial notes, by document and anchor

    # Lookups by key, built once: rendering asks for them once per citation and per unit.
    @cached_property
    def _documents(self) -> dict[str, Document]:
        return {d.meta.slug: d for d in self.documents}

    @cached_property
    def _references(self) -> dict[str, Reference]:
        return {r.id: r for r in self.references}

    @cached_property
    def _notes(self) -> dict[tuple[str, str], tuple[Annotation, ...]]:
        return index_by(self.annotations, lambda a: [(a.slug, a.anchor)])

    @cached_property
    def _cited_in(self) -> dict[str, tuple[Reference, ...]]:
        return index_by(self.references, lambda r: r.by_document)

    @cached_property
    def _cited_documents(self) -> dict[str, tuple[Reference, ...]]:
        return index_by(self.references, lambda r: [r.in_corpus] if r.in_corpus else [])

    @cached_property
    def _published_in(self) -> dict[str, tuple[Reference, ...]]:
        return index_by(self.references, lambda r: [r.published_in] if r.published_in else [])

    def build_lookups(self) -> None:
        """Build every lookup now: worker processes forked after this inherit them instead of each
        building them again (the citing documents of every reference take a third of a second at
        a thousand documents)."""
        for lookup in ("_documents", "_references", "_notes", "_cited_in", "_cited_documents", "_published_in"):
            getattr(self, lookup)

    def references_published_in(self, ref_id: str) -> tuple[Reference, ...]:
        """The cited documents that the references table says this one carries."""
        return self._published_in.get(ref_id, ())

    def references_cited_in(self, slug: str) -> tuple[Reference, ...]:
        """The references one document cites."""
        return self._cited_in.get(slug, ())

    def references_to(self, slug: str) -> tuple[Reference, ...]:
        """The references that are this document of the corpus (one, or more under other symbols)."""
        return self._cited_documents.get(slug, ())

    def document(self, slug: str) -> Document:
        return self._documents[slug]

    def reference(self, ref_id: str) -> Reference | None:
        return self._references.get(ref_id)

    def notes(self, slug: str, anchor: str) -> tuple[Annotation, ...]:
        return self._notes.get((slug, anchor), ())


@dataclass
class Linker:
    """What linking one unit needs: the name indexes and the catalogue; collects every ref it meets."""

    names: NameIndex
    concepts: ConceptIndex
    catalogue: Catalogue
    refs: dict[str, Ref] = field(default_factory=dict)

    @cached_property
    def needles(self) -> tuple[str, ...]:
        return tuple(sorted(self.names.needles | self.concepts.needles))

    def citation(self, ref: Ref, pinpoint: str | None) -> LinkedSpan:
        self.refs.setdefault(ref.id, ref)
        return LinkedSpan("", SpanKind.CITATION, ref=ref.id, pinpoint=pinpoint,
                          target=self.catalogue.target(ref.id, pinpoint), tip=self.catalogue.tip(ref))

    def marks(self, folded: Folded, itu: bool, with_concepts: bool, present: Collection[str]) -> list[Mark]:
        """The citations and concept mentions of one unit's folded text; `present`: the names' and
        concepts' needles the unit contains."""
        marks = []
        for found in recognise_folded(folded.text, self.names, itu, present):
            start, end = folded.original(found.start, found.end)
            marks.append(Mark(start, end, self.citation(found.ref, found.pinpoint)))
        if with_concepts and present:
            taken = [(m.start, m.end) for m in marks]
            for start, end, concept in self.concepts.find(folded.text, present):
                start, end = folded.original(start, end)
                if not any(start < e and s < end for s, e in taken):
                    marks.append(Mark(start, end, LinkedSpan("", SpanKind.CONCEPT, ref=concept.id,
                                                             target=f"concepts/{concept.id}/", tip=concept.tip)))
        return marks

    def ibid(self, note: Footnote, previous: Footnote | None) -> list[Mark]:
        """`المرجع نفسه` (ibid.) cites what the footnote before it cites first."""
        if previous is None or fold(note.text).text.strip(" .،") != IBID:
            return []
        cited = [s for s in previous.spans if s.kind is SpanKind.CITATION]
        if not cited:
            return []
        text = note.text.rstrip(" .،")
        start = len(text) - len(text.lstrip())
        return [Mark(start, len(text), self.citation(self.refs[cited[0].ref], None))]

    def unit_spans(self, doc: Document) -> tuple[dict[int, tuple[Span, ...]], dict[int, tuple[Span, ...]]]:
        """The new spans of the units in which citations or concepts are found, by the unit's position
        among the blocks and among the footnotes (a worker sends back only these)."""
        itu = doc.meta.body_en.startswith("ITU")
        folded = [fold(unit.text) for unit in (*doc.blocks, *doc.footnotes)]
        present = needles_by_unit([f.text for f in folded], self.needles)
        blocks = {}
        for i, block in enumerate(doc.blocks):
            marks = self.marks(folded[i], itu, block.kind is not BlockKind.HEADING, present[i])
            if marks:
                blocks[i] = apply_marks(block.spans, marks)[0]
        notes = {}
        previous = None
        for i, note in enumerate(doc.footnotes):
            at = len(doc.blocks) + i
            marks = self.marks(folded[at], itu, True, present[at]) or self.ibid(note, previous)
            if marks:
                note = replace(note, spans=apply_marks(note.spans, marks)[0])
                notes[i] = note.spans
            previous = note
        return blocks, notes


def needles_by_unit(texts: list[str], needles: tuple[str, ...]) -> list[set[str]]:
    """For each text, the needles it contains. Most units contain none of the names' and concepts'
    needles, so each needle is looked for once in the whole document rather than once per unit."""
    joined = "\n".join(texts)      # no needle holds a line break
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    present: list[set[str]] = [set() for _ in texts]
    for needle in needles:
        at = joined.find(needle)
        while at >= 0:
            unit = bisect_right(starts, at) - 1
            present[unit].add(needle)
            if unit + 1 == len(starts):
                break
            at = joined.find(needle, starts[unit + 1])    # the unit has it: look on from the next one
    return present


def with_spans(doc: Document, blocks: dict[int, tuple[Span, ...]], notes: dict[int, tuple[Span, ...]]) -> Document:
    """The document with the given units' spans replaced; the other units are shared with it."""
    return replace(doc, blocks=tuple(replace(b, spans=blocks[i]) if i in blocks else b for i, b in enumerate(doc.blocks)),
                   footnotes=tuple(replace(f, spans=notes[i]) if i in notes else f for i, f in enumerate(doc.footnotes)))


@dataclass(frozen=True)
class Citation:
    """A citation found in a text: the words as written, the cited document, the cited paragraph."""

    surface: str
    ref: Ref
    pinpoint: str | None = None


def citations_in(text: str, tables: Tables | None = None, itu: bool = False) -> list[Citation]:
    """Every citation of one text, as the link stage reads it (`itu`: the text is an ITU Council text).

    >>> [c.ref.id for c in citations_in("إذ تشير إلى قراراتها ١٨٣/٥٦ و ٢٣٨/٥٧")]
    ['a-res-56-183', 'a-res-57-238']
    """
    tables = tables or Tables()
    names = NameIndex(tuple((name, e.ref) for e in tables.references for name in e.names))
    folded = fold(text)
    out = []
    for found in recognise_folded(folded.text, names, itu):
        start, end = folded.original(found.start, found.end)
        out.append(Citation(text[start:end], found.ref, found.pinpoint))
    return out


def check_titles(tables: Tables, documents: tuple[Document, ...], problems: list[Problem]) -> None:
    """A title in the references table must be read in the paragraph it says it comes from."""
    by_slug = {d.meta.slug: d for d in documents}
    for entry in tables.references:
        if entry.title_from is None:
            continue
        slug, anchor = entry.title_from
        unit = by_slug[slug].unit(anchor) if slug in by_slug else None
        text = unit.text if unit else None
        where = "#".join(entry.title_from)
        if text is None:
            problems.append(Problem(tables.references_path, entry.line, f"'title_from' {where} is no unit of the corpus"))
        elif not name_pattern(entry.title).search(fold(text).text):
            problems.append(Problem(tables.references_path, entry.line,
                                    f"title of {entry.ref.id} is not found in {where}"))


def link_corpus(documents: list[Document], tables: Tables | None = None) -> Corpus:
    """Recognise, resolve and back-link every citation of the corpus; raises BuildError on table errors."""
    tables = tables or Tables()
    documents = tuple(documents)
    catalogue = Catalogue.build(tables, documents)
    linker = Linker(NameIndex(tuple((name, e.ref) for e in tables.references for name in e.names)),
                    ConceptIndex(tuple(concept_of(e) for e in tables.concepts)), catalogue)

    def link_document(doc: Document) -> tuple[dict, dict, dict[str, Ref]]:
        linker.refs = {}    # what this document cites; `ibid` looks up what its earlier footnotes cited
        return (*linker.unit_spans(doc), linker.refs)

    results = list(map_in_order(link_document, documents))
    linked = tuple(with_spans(doc, blocks, notes) for doc, (blocks, notes, _) in zip(documents, results))
    linker.refs = {}
    for _, _, cited in results:
        for ref_id, ref in cited.items():
            linker.refs.setdefault(ref_id, ref)
    problems: list[Problem] = []
    check_titles(tables, linked, problems)
    annotations = build_annotations(tables.annotations, linked, problems)
    fail_on_errors(problems)
    return Corpus(linked, build_references(linked, catalogue, linker.refs),
                  build_concepts(linked, tuple(concept_of(e) for e in tables.concepts)), annotations)
