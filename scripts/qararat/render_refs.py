"""Rendering of the citation graph: links in the text, backlinks, hub pages, concept pages.

Every piece of source text (and of the curated tables) is escaped with `render.escape_text`. Links are
relative: document pages live at `/<slug>/`, hub pages at `/ref/<id>/`, concept pages at `/concepts/<id>/`.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sized
from dataclasses import dataclass
from itertools import islice

from . import cite, render
from .link import Corpus
from .link.annotations import Annotation
from .link.graph import Citing, Reference, citings
from .link.spans import LinkedSpan
from .model import Block, Document, Footnote, Span, SpanKind

EXCERPT = 90          # characters of context on each side of a citation in a hub's excerpt


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def ltr(text: str) -> str:
    return f'<bdi dir="ltr">{html.escape(text)}</bdi>'


# ---------------------------------------------------------------- in the text

def citation_html(span: Span, text_html: str) -> str:
    """A recognised citation in running text; `text_html` is its already escaped text."""
    target = span.target if isinstance(span, LinkedSpan) and span.target else f"ref/{span.ref}/"
    tip = f' title="{attr(span.tip)}"' if isinstance(span, LinkedSpan) and span.tip else ""
    pinpoint = f' data-pinpoint="{attr(span.pinpoint)}"' if span.pinpoint else ""
    return (f'<a class="citation" href="../{attr(target)}" data-ref="{attr(span.ref)}"{pinpoint}{tip}>'
            f'{text_html}</a>')


def concept_html(span: Span, text_html: str) -> str:
    """A mention of a recurring body or process; `text_html` is its already escaped text.

    The link's title is the tooltip (the full name, abbreviation and English name); a mention written
    as an abbreviation is also marked up as one.
    """
    tip = f' title="{attr(span.tip)}"' if isinstance(span, LinkedSpan) and span.tip else ""
    if re.fullmatch(r"[A-Z][A-Za-z&\-]*[A-Z]", span.text):
        text_html = f"<abbr>{text_html}</abbr>"
    return (f'<a class="concept" href="../concepts/{attr(span.ref)}/" data-concept="{attr(span.ref)}"{tip}>'
            f'{text_html}</a>')


# ---------------------------------------------------------------- labels and excerpts

def unit_label(doc: Document, anchor: str) -> str:
    """How a hub names a citing unit inside its document: "الفقرة 58", "الملحق A، إذ يشير إلى، البند (ز)"."""
    key = ("hub unit label", anchor)
    if key not in doc.memo:
        doc.memo[key] = _unit_label(doc, anchor)
    return doc.memo[key]


def _unit_label(doc: Document, anchor: str) -> str:
    found = unit(doc, anchor)
    if found is None:
        return ltr("#" + anchor)
    label = cite.footnote_label(doc, found) if isinstance(found, Footnote) else cite.unit_label(doc, found)
    return render.escape_text(label.ar.removeprefix(cite.document_label(doc.meta).ar + "، "))


def unit(doc: Document, anchor: str) -> Block | Footnote | None:
    return doc.unit(anchor)


def unit_text(doc: Document, anchor: str) -> str:
    """The unit's text as read (joined from its spans once: a unit is quoted on every hub and concept
    page that lists it)."""
    key = ("unit text", anchor)
    if key not in doc.memo:
        doc.memo[key] = unit(doc, anchor).text
    return doc.memo[key]


def excerpt(doc: Document, anchor: str, surface: str) -> str:
    """A short escaped excerpt of the unit around `surface`, which is marked."""
    text = unit_text(doc, anchor)
    at = text.find(surface)
    if at < 0:
        return render.escape_text(text[:2 * EXCERPT]) + ("…" if len(text) > 2 * EXCERPT else "")
    start, end = max(0, at - EXCERPT), min(len(text), at + len(surface) + EXCERPT)
    while start > 0 and not text[start - 1].isspace():
        start += 1
    while end < len(text) and not text[end].isspace():
        end -= 1
    before, after = text[start:at], text[at + len(surface):end]
    return (("…" if start > 0 else "") + render.escape_text(before) + f"<mark>{render.escape_text(surface)}</mark>"
            + render.escape_text(after) + ("…" if end < len(text) else ""))


def doc_link(doc: Document, anchor: str, prefix: str) -> str:
    return f'<a href="{prefix}{doc.meta.slug}/#{anchor}">{unit_label(doc, anchor)}</a>'


def ref_label(reference: Reference) -> str:
    return ltr(reference.ref.label) if reference.ref.symbol or re.match(r"[A-Z]", reference.ref.label) \
        else html.escape(reference.ref.label)


# ---------------------------------------------------------------- JSON

def unit_citations(spans: tuple[Span, ...]) -> list[dict]:
    return [{"id": s.ref, "surface": s.text, "pinpoint": s.pinpoint} for s in spans if s.kind is SpanKind.CITATION]


def annotation_data(note: Annotation) -> dict:
    return {"title": note.title, "text": note.text,
            "links": [{"slug": slug, "anchor": anchor} for slug, anchor in note.links]}


def block_data_extras(corpus: Corpus, doc: Document, block: Block) -> dict:
    """Fields added to a unit in the document's JSON: its citations, concept mentions and notes."""
    extras = {"citations": unit_citations(block.spans),
              "concepts": [{"id": s.ref, "surface": s.text} for s in block.spans if s.kind is SpanKind.CONCEPT]}
    notes = corpus.notes(doc.meta.slug, block.anchor)
    if notes:
        extras["annotations"] = [annotation_data(n) for n in notes]
    return extras


def citing_data(citing: Citing) -> dict:
    data = {"slug": citing.slug, "anchor": citing.anchor, "surface": citing.surface}
    if citing.pinpoint:
        data["pinpoint"] = citing.pinpoint
    if citing.via:
        data["via"] = list(citing.via)
    return data


def corpus_data_extras(corpus: Corpus) -> dict:
    """Fields added to corpus.json: the citation graph and the concept index."""
    return {
        "references": [{"id": r.id, "hub": r.hub, "title": r.title, "label": r.ref.label, "symbol": r.ref.symbol,
                        "url": r.ref.url, "published_in": r.published_in,
                        "in_corpus": f"/{r.in_corpus}/" if r.in_corpus else None,
                        "cited_by": [citing_data(c) for c in r.cited_by]} for r in corpus.references],
        "concepts": [{"id": c.id, "page": f"/concepts/{c.id}/", "name": c.name, "abbr": c.abbr,
                      "name_en": c.name_en,
                      "mentioned_by": [{"slug": m.slug, "anchor": m.anchor, "surface": m.surface}
                                       for m in c.mentions]} for c in corpus.concepts],
    }


# ---------------------------------------------------------------- on document pages

def cited_ids(doc: Document, block: Block) -> list[str]:
    """Ids the block cites, itself or through the footnotes it calls, in order of first citation."""
    notes = [doc.footnote(n) for n in dict.fromkeys(block.note_refs)]
    spans = list(block.spans) + [s for note in notes if note for s in note.spans]
    return list(dict.fromkeys(s.ref for s in spans if s.kind is SpanKind.CITATION))


# A document page names at most this many other documents for one reference and sends the reader
# to the reference's hub for the rest: the page's size must not grow with the corpus.
MAX_OTHER_DOCUMENTS = 5


@dataclass(frozen=True)
class Others:
    """The other documents citing a reference: the first few, in order of first citation, and how many
    there are in all. Taken in time that does not grow with the number of citing documents."""

    first: tuple[str, ...]
    count: int

    def __bool__(self) -> bool:
        return self.count > 0


def others(reference: Reference, slug: str) -> Others:
    first = islice((other for other in reference.by_document if other != slug), MAX_OTHER_DOCUMENTS)
    return Others(tuple(first), len(reference.by_document) - (slug in reference.by_document))


def grouped_links(corpus: Corpus, reference: Reference, named: Others, prefix: str) -> str:
    """'<short title>: <unit>، <unit>' for each of the first documents, then a link to the hub for the rest."""
    key = ("grouped links", named, prefix)
    if key not in reference.memo:
        reference.memo[key] = _grouped_links(corpus, reference, named, prefix)
    return reference.memo[key]


def _grouped_links(corpus: Corpus, reference: Reference, named: Others, prefix: str) -> str:
    parts = []
    for slug in named.first:
        doc = corpus.document(slug)
        anchors = dict.fromkeys(c.anchor for c in reference.by_document[slug])
        links = "، ".join(doc_link(doc, a, prefix) for a in anchors)
        parts.append(f'<span class="citing-doc">{render.escape_text(doc.meta.short_title)}: {links}</span>')
    rest = named.count - len(named.first)
    if rest > 0:
        parts.append(f'<a class="more-citing" href="{prefix}ref/{reference.id}/">و{rest} وثيقة أخرى</a>')
    return "؛ ".join(parts)


def annotation_html(note: Annotation) -> str:
    body = "".join(f'<a href="../{p.slug}/#{p.anchor}">{render.escape_text(p.text)}</a>' if p.slug
                   else render.escape_text(p.text) for p in note.parts)
    return (f'<details class="info annotation"><summary>ملاحظة تحريرية: {render.escape_text(note.title)}</summary>'
            f'<div class="annotation-text">{body}</div></details>')


def also_cited_row(corpus: Corpus, doc: Document, ref_id: str) -> str:
    """The other documents citing `ref_id`, as a list item of a unit of `doc` ("" when none do); the same
    for every unit of the page that cites it, so made once per page."""
    key = ("also cited row", ref_id)
    if key not in doc.memo:
        reference = corpus.reference(ref_id)
        elsewhere = others(reference, doc.meta.slug) if reference else []
        doc.memo[key] = (f'<li><a href="../ref/{ref_id}/">{ref_label(reference)}</a>: '
                         f"{grouped_links(corpus, reference, elsewhere, '../')}</li>") if elsewhere else ""
    return doc.memo[key]


def block_extras(corpus: Corpus, doc: Document, block: Block) -> str:
    """HTML placed inside a unit after its text: editorial notes, then "also cited by"."""
    parts = [annotation_html(n) for n in corpus.notes(doc.meta.slug, block.anchor)]
    rows = [row for row in (also_cited_row(corpus, doc, ref_id) for ref_id in cited_ids(doc, block)) if row]
    if rows:
        parts.append(f'<details class="abstract also-cited"><summary>تستشهد بالمراجع نفسها أيضًا ({len(rows)})</summary>'
                     f'<ul>{"".join(rows)}</ul></details>')
    return "".join(parts)


def document_extras(corpus: Corpus, doc: Document) -> str:
    """The end of a document page: what cites this document, and every reference it cites."""
    slug = doc.meta.slug
    parts = []
    cited = [r for r in corpus.references_to(slug) if others(r, slug)]
    if cited:
        parts.append("## يستشهد بهذه الوثيقة {: #cited-by }")
        items = "".join(f"<li>{grouped_links(corpus, r, others(r, slug), '../')}</li>" for r in cited)
        parts.append(f'<ul class="cited-by">{items}</ul>')
    mine = list(corpus.references_cited_in(slug))
    if mine:
        first: dict[str, int] = {}
        for position, (ref_id, _) in enumerate(citings(doc)):
            first.setdefault(ref_id, position)
        mine.sort(key=lambda r: first[r.id])
        rows = []
        for r in mine:
            here = "، ".join(dict.fromkeys(doc_link(doc, c.anchor, "../") for c in r.by_document[slug]))
            elsewhere = others(r, slug)
            also = (f'<span class="also">ويستشهد به أيضًا: {grouped_links(corpus, r, elsewhere, "../")}</span>'
                    if elsewhere else "")
            title = f" — {render.escape_text(r.title)}" if r.title and r.title != r.ref.label else ""
            rows.append(f'<li><a href="../ref/{r.id}/">{ref_label(r)}</a>{title}: {here}{"<br>" if also else ""}'
                        f"{also}</li>")
        parts.append("## المراجع التي تستشهد بها الوثيقة {: #references }")
        parts.append(f'<ul class="references">{"".join(rows)}</ul>')
    return "\n\n".join(parts)


# ---------------------------------------------------------------- hub pages

def hub_card(corpus: Corpus, reference: Reference) -> str:
    rows = [("المعرّف", ltr(reference.id))]
    if reference.ref.symbol:
        rows.append(("الرمز", ltr(reference.ref.symbol)))
    if reference.title:
        rows.append(("العنوان", render.escape_text(reference.title)))
    names = [n for n in reference.names if n != reference.title]
    if names:
        rows.append(("يرد في النصوص باسم", "، ".join(f"«{render.escape_text(n)}»" for n in names)))
    if reference.ref.url:
        rows.append(("المصدر الرسمي", f'<a href="{attr(reference.ref.url)}" rel="external">{ltr(reference.ref.url)}</a>'))
    if reference.published_in:
        carrier = corpus.reference(reference.published_in)
        rows.append(("منشور في", f'<a href="../{reference.published_in}/">{ref_label(carrier)}</a>'
                     if carrier else ltr(reference.published_in)))
    carried = corpus.references_published_in(reference.id)
    if carried:
        rows.append(("يتضمن", "، ".join(f'<a href="../{r.id}/">{ref_label(r)}</a>' for r in carried)))
    if reference.in_corpus:
        doc = corpus.document(reference.in_corpus)
        rows.append(("في هذه الطبعة", f'<a href="../../{doc.meta.slug}/">{render.escape_text(doc.meta.short_title)}</a>'))
    rows.append(("الاستشهادات", f"{len(reference.cited_by)} في {len(reference.documents)} من وثائق الطبعة"))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="doc-card ref-card"><dl>{cells}</dl></div>'


PARAGRAPH_ANCHOR = re.compile(r"p\d+")


def citing_item(corpus: Corpus, citing: Citing, prefix: str) -> str:
    doc = corpus.document(citing.slug)
    via = ""
    if citing.via:
        via = " (" + "، ".join(doc_link(doc, a, prefix) for a in citing.via) + ")"
    pinpoint = (f' <span class="pinpoint">(يحيل إلى الفقرة {citing.pinpoint[1:]})</span>'
                if citing.pinpoint and PARAGRAPH_ANCHOR.fullmatch(citing.pinpoint) else "")
    return (f'<li>{doc_link(doc, citing.anchor, prefix)}{via}{pinpoint}: '
            f'<span class="excerpt">{excerpt(doc, citing.anchor, citing.surface)}</span></li>')


# ---------------------------------------------------------------- pages of a hub or concept page

# A hub or concept page lists its documents a page at a time, whole documents of at most this many
# units a page (one document with more has a page to itself): at a thousand documents the single page
# of the most cited reference was 5.3 MB of HTML. Page 1 is at the hub's own address (/ref/<id>/),
# page k at /ref/<id>/<k>/.
UNITS_PER_PAGE = 250


@dataclass(frozen=True)
class Paging:
    """One page of a hub or concept page: its number, how many pages there are, its documents."""

    number: int
    count: int
    slugs: tuple[str, ...]

    @property
    def prefix(self) -> str:
        """From this page to the site's root (page 1 is /<folder>/<id>/, page k one folder deeper)."""
        return "../../" if self.number == 1 else "../../../"

    def path(self, folder: str, page_id: str) -> str:
        return f"{folder}/{page_id}.md" if self.number == 1 else f"{folder}/{page_id}/{self.number}.md"

    def title(self, title: str) -> str:
        return title if self.number == 1 else f"{title} (الصفحة {self.number})"

    def nav(self, where: str) -> str:
        """Links to every page, the current one marked; nothing when there is one page. `where` names the
        copy (above or below the list), so that the two navigation landmarks have distinct names."""
        if self.count == 1:
            return ""
        links = " ".join(f'<a href="{self.href(k)}"' + (' aria-current="page"' if k == self.number else "") + f">{k}</a>"
                         for k in range(1, self.count + 1))
        return (f'<nav class="pager" aria-label="صفحات القائمة ({where})">'
                f"الصفحة {self.number} من {self.count}: {links}</nav>")

    def href(self, number: int) -> str:
        if self.number == 1:
            return "./" if number == 1 else f"{number}/"
        return "../" if number == 1 else f"../{number}/"


def pagings(units_by_document: dict[str, Sized]) -> list[Paging]:
    """The documents (slug -> their units, in the page's order) cut into pages of whole documents."""
    pages: list[list[str]] = [[]]
    size = 0
    for slug, units in units_by_document.items():
        if pages[-1] and size + len(units) > UNITS_PER_PAGE:
            pages.append([])
            size = 0
        pages[-1].append(slug)
        size += len(units)
    return [Paging(number, len(pages), tuple(slugs)) for number, slugs in enumerate(pages, start=1)]


def hub_pages(corpus: Corpus, reference: Reference) -> Iterator[tuple[str, str]]:
    for paging in pagings(reference.by_document):
        yield paging.path("ref", reference.id), hub_page(corpus, reference, paging)


def hub_page(corpus: Corpus, reference: Reference, paging: Paging) -> str:
    label = reference.ref.label
    summary = (f"{render.escape_text(reference.title)}. " if reference.title and reference.title != label else "") \
        + f"يُستشهد به {len(reference.cited_by)} مرة في {len(reference.documents)} من وثائق الطبعة."
    parts = [render.front_matter(paging.title(label), reference.title or label),
             f"# {render.escape_text(paging.title(label), markdown=True)} {{: #top }}",
             f'<p class="ref-summary">{summary}</p>', hub_card(corpus, reference) if paging.number == 1 else "",
             paging.nav("أعلى")]
    for slug in paging.slugs:
        doc = corpus.document(slug)
        parts.append(f"## {render.escape_text(doc.meta.short_title, markdown=True)} {{: #from-{slug} }}")
        items = "".join(citing_item(corpus, c, paging.prefix) for c in reference.by_document[slug])
        parts.append(f'<ul class="citing">{items}</ul>')
    parts.append(paging.nav("أسفل"))
    return "\n\n".join(p for p in parts if p) + "\n"


def hub_index(corpus: Corpus) -> str:
    ordered = sorted(corpus.references, key=lambda r: (-len(r.cited_by), r.id))
    rows = "".join(
        f'<tr><td><a href="{r.id}/">{ref_label(r)}</a></td>'
        f'<td>{render.escape_text(r.title) if r.title and r.title != r.ref.label else ""}</td>'
        f"<td>{len(r.cited_by)}</td><td>{len(r.documents)}</td></tr>" for r in ordered)
    intro = ("<p>كل وثيقة تستشهد بها نصوص الطبعة، مرتبة بحسب عدد الاستشهادات. لكل منها صفحة تجمع كل فقرة "
             "تستشهد بها.</p>")
    table = (f'<table class="ref-index"><thead><tr><th>المرجع</th><th>العنوان</th><th>الاستشهادات</th>'
             f"<th>الوثائق</th></tr></thead><tbody>{rows}</tbody></table>")
    return (render.front_matter("المراجع المستشهد بها", "كل وثيقة تستشهد بها نصوص الطبعة")
            + "# المراجع المستشهد بها {: #top }\n\n" + intro + "\n\n" + table + "\n")


# ---------------------------------------------------------------- concept pages

def concept_pages(corpus: Corpus, concept) -> Iterator[tuple[str, str]]:
    first_surface: dict[str, dict[str, str]] = {}     # slug -> anchor -> the unit's first mention
    for mention in concept.mentions:
        first_surface.setdefault(mention.slug, {}).setdefault(mention.anchor, mention.surface)
    for paging in pagings(first_surface):
        yield paging.path("concepts", concept.id), concept_page(corpus, concept, first_surface, paging)


def concept_page(corpus: Corpus, concept, first_surface: dict[str, dict[str, str]], paging: Paging) -> str:
    title = paging.title(concept.name + (f" ({concept.abbr})" if concept.abbr else ""))
    rows = [("الاسم بالعربية", render.escape_text(concept.name)),
            ("الاسم بالإنجليزية", ltr(concept.name_en))]
    if concept.abbr:
        rows.append(("الاختصار", f"<abbr title=\"{attr(concept.name_en)}\">{ltr(concept.abbr)}</abbr>"))
    rows.append(("يرد في النصوص باسم", "، ".join(f"«{render.escape_text(f)}»" for f in concept.forms)))
    rows.append(("الإشارات", str(len(concept.mentions))))
    card = f'<div class="doc-card concept-card"><dl>{"".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)}</dl></div>'
    documents = len(first_surface)     # every document that mentions it, not only this page's
    summary = (f"{render.escape_text(concept.name)}" + (f" ({ltr(concept.abbr)})" if concept.abbr else "")
               + f": {ltr(concept.name_en)}. يرد ذكره {len(concept.mentions)} مرة في {documents} من وثائق الطبعة.")
    parts = [render.front_matter(title, concept.name_en), f"# {render.escape_text(title, markdown=True)} {{: #top }}",
             f'<p class="concept-summary">{summary}</p>', card if paging.number == 1 else "", paging.nav("أعلى")]
    for slug in paging.slugs:
        doc = corpus.document(slug)
        parts.append(f"## {render.escape_text(doc.meta.short_title, markdown=True)} {{: #in-{slug} }}")
        items = [f'<li>{doc_link(doc, anchor, paging.prefix)}: <span class="excerpt">{excerpt(doc, anchor, surface)}</span></li>'
                 for anchor, surface in first_surface[slug].items()]
        parts.append(f'<ul class="mentions">{"".join(items)}</ul>')
    parts.append(paging.nav("أسفل"))
    return "\n\n".join(p for p in parts if p) + "\n"


def glossary(corpus: Corpus) -> str:
    rows = "".join(
        f'<tr><td><a href="{c.id}/">{render.escape_text(c.name)}</a></td>'
        f'<td>{ltr(c.abbr) if c.abbr else ""}</td><td>{ltr(c.name_en)}</td><td>{len(c.mentions)}</td></tr>'
        for c in corpus.concepts)
    intro = "<p>الهيئات والعمليات التي تتكرر في نصوص الطبعة، بأسمائها العربية واختصاراتها، مع كل فقرة تذكرها.</p>"
    table = (f'<table class="glossary"><thead><tr><th>الاسم</th><th>الاختصار</th><th>بالإنجليزية</th>'
             f"<th>الإشارات</th></tr></thead><tbody>{rows}</tbody></table>")
    return (render.front_matter("مسرد الهيئات والعمليات", "الهيئات والعمليات المتكررة في نصوص الطبعة")
            + "# مسرد الهيئات والعمليات {: #top }\n\n" + intro + "\n\n" + table + "\n")


def pages(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """Extra generated files (hub pages, their index, concept pages) as (path, content), one at a time:
    a large corpus's hub pages together would be a large string."""
    for reference in corpus.references:
        yield from hub_pages(corpus, reference)
    yield "ref/index.md", hub_index(corpus)          # always there: the about page links both indexes
    for concept in corpus.concepts:
        yield from concept_pages(corpus, concept)
    yield "concepts/index.md", glossary(corpus)
