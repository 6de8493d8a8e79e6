"""Stage `render`: Documents become RTL Markdown pages and JSON data.

Source text is data. Every piece of it is HTML-escaped, and where it lands in Markdown (headings,
so that MkDocs builds the table of contents) Markdown's own syntax characters are escaped too;
everything else is emitted as raw HTML blocks, which Python-Markdown passes through untouched.
So `<script>`, `[x](y)`, `{: #id }` or `---` inside a seed reach the reader as visible text.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from . import cite, render_refs, render_repairs
from .cite import MARGIN_LABEL_MAX, footnote_attributes, unit_attributes
from .jsonio import compact_json
from .link import Corpus
from .model import Block, BlockKind, Document, Footnote, Span, SpanKind
from .navigation import by_body

KIND_AR = {"resolution": "قرار", "report": "تقرير", "declaration": "إعلان"}
MONTHS_AR = ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
             "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
             "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"]
# The characters Python-Markdown lets a backslash escape (markdown.Markdown.ESCAPED_CHARS).
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
# A run of Latin script (a symbol, a name, an English phrase) inside Arabic text. It is isolated
# with <bdi> so its neutral characters (/, -, parentheses) keep their order; trailing punctuation
# stays outside so a sentence-final period sits where Arabic puts it.
# A comma, or a comma and spaces, between two Latin words belongs to the run ("Report 2018, vol. 1").
LATIN_RUN = re.compile(r"[A-Za-z](?:[A-Za-z0-9./\-–&+:'’()]|(?:, *| +)(?=[A-Za-z0-9(]))*(?<=[A-Za-z0-9)])")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN_LETTER = re.compile("[A-Za-z]")
HTML_SPECIALS = re.compile("[&<>\"']")     # what html.escape(quote=True) replaces
EDITORIAL = "رقم تحريري: لا يرقّم المصدر هذه الفقرة"
SHORT_LABEL = 4     # characters of a margin label that fit a phone's margin on one line ("2.14", "(iv)")
TAG = re.compile("<[^>]+>")


# ---------------------------------------------------------------- text to HTML

def escape_text(text: str, markdown: bool = False) -> str:
    """HTML-escape source text and isolate Latin runs; in Markdown context escape its syntax too."""
    if not LATIN_LETTER.search(text):     # most units of an Arabic text: no run to isolate
        return escape_plain(text, markdown)
    pieces = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        run = balanced(match.group(0))
        pieces.append(escape_plain(text[position:match.start()], markdown))
        pieces.append(f'<bdi dir="ltr">{escape_plain(run, markdown)}</bdi>')
        position = match.start() + len(run)
    pieces.append(escape_plain(text[position:], markdown))
    return "".join(pieces)


def balanced(run: str) -> str:
    """Drop closing parentheses the run did not open: in '(A/67/434)' the ')' belongs to the Arabic."""
    while run.endswith(")") and run.count(")") > run.count("("):
        run = run[:-1].rstrip()
    return run


def escape_plain(text: str, markdown: bool) -> str:
    escaped = html.escape(text, quote=True) if HTML_SPECIALS.search(text) else text
    return MARKDOWN_SPECIALS.sub(r"\\\1", escaped) if markdown else escaped


class NoteLinks:
    """Numbers the uses of each footnote marker on a page, so every use has its own back-link."""

    def __init__(self, doc: Document):
        self.defined = {f.number for f in doc.footnotes}
        self.uses: Counter[int] = Counter()
        self.ids: dict[int, list[str]] = {}

    def marker(self, span: Span) -> str:
        number = span.note
        self.uses[number] += 1
        ref_id = f"fnref{number}" if self.uses[number] == 1 else f"fnref{number}-{self.uses[number]}"
        self.ids.setdefault(number, []).append(ref_id)
        printed = html.escape(span.text)
        if number not in self.defined:
            return (f'<sup class="fnref fnref-missing" id="{ref_id}">{printed}</sup>'
                    f'<span class="flag" role="note">[الحاشية {printed} غير موجودة في نص المصدر]</span>')
        return (f'<sup class="fnref" id="{ref_id}"><a href="#fn{number}" '
                f'aria-label="الحاشية {printed}">{printed}</a></sup>')


def spans_html(spans: tuple[Span, ...], notes: NoteLinks, markdown: bool = False) -> str:
    out = []
    for span in spans:
        if span.kind is SpanKind.NOTE_REF:
            out.append(notes.marker(span))
            continue
        text = escape_text(span.text, markdown)
        if span.kind is SpanKind.STRONG:
            text = f"<strong>{text}</strong>"
        elif span.kind is SpanKind.DELETED:
            text = f'<del title="نص محذوف في تتبع التغييرات">{text}</del>'
        elif span.kind is SpanKind.INSERTED:
            text = f'<ins title="نص مدرج في تتبع التغييرات">{text}</ins>'
        elif span.kind is SpanKind.UNCERTAIN:
            text = f'<mark class="uncertain" title="قراءة غير مؤكدة">{text}</mark>'
        elif span.kind is SpanKind.CITATION:
            text = render_refs.citation_html(span, text)
        elif span.kind is SpanKind.CONCEPT:
            text = render_refs.concept_html(span, text)
        out.append(text)
    return "".join(out)


# ---------------------------------------------------------------- blocks

def margin_label(block: Block) -> tuple[str, str]:
    """What the margin shows for a block, and the CSS class that styles it."""
    if block.kind is BlockKind.SUBITEM:
        if block.number in (None, "-"):
            return "•", "num bullet"
        return f"({block.number})", "num"
    old = f"<del>{html.escape(block.old_number)}</del>" if block.old_number else ""
    if block.number:
        return f"{old} {html.escape(block.number)}".strip(), "num"
    if old:
        return old, "num"
    editorial = re.sub(r"^\D+", "", block.anchor.rsplit("-", 1)[-1])
    return (editorial, "num editorial") if editorial else ("¶", "num")


FLAG_TEXT = {"forward-check-failed": "لم يجتز الإصلاح التحقق من النص الخام: راجع النص الأصلي"}


def block_html(corpus: Corpus, doc: Document, block: Block, notes: NoteLinks,
               aliases: dict[str, list[str]]) -> str:
    if block.kind is BlockKind.HEADING:
        # A heading's repairs follow it as a block of their own: a Markdown heading holds only its text.
        repairs = render_repairs.block_extras(doc, block)
        heading = heading_markdown(block, notes, aliases)
        return f'{heading}\n\n<div class="heading-repairs">{repairs}</div>' if repairs else heading
    cite_attributes = unit_attributes(doc, block)    # the label cites the unit as numbered in the source
    if block.number and len(block.number) > MARGIN_LABEL_MAX:
        # A label that is words, not a number (an ITU cover field such as "الغرض"), heads the text.
        block = replace(block, spans=(Span(block.number + ": ", SpanKind.STRONG),) + block.spans, number=None)
    label, label_class = margin_label(block)
    if len(TAG.sub("", label)) > SHORT_LABEL:
        label_class += " long"      # on a phone's narrow margin it goes above the text (qararat.css)
    classes = ["unit", block.kind.value] + (["deleted"] if block.deleted else [])
    title = f' title="{EDITORIAL}"' if "editorial" in label_class else ""
    parent = f' data-parent="{block.parent}"' if block.parent else ""
    alias_spans = "".join(f'<span class="alias" id="{old}"></span>' for old in aliases.get(block.anchor, []))
    deleted_note = '<span class="deleted-label">نص محذوف (تتبع التغييرات):</span> ' if block.deleted else ""
    body = spans_html(block.spans, notes)
    flags = "".join(f'<span class="flag" data-flag="{flag}">[{FLAG_TEXT.get(flag, flag)}]</span>'
                    for flag in block.flags)
    extras = render_repairs.block_extras(doc, block) + render_refs.block_extras(corpus, doc, block)
    return (f'<div class="{" ".join(classes)}" id="{block.anchor}"{parent}{cite_attributes}>'
            f'{alias_spans}<a class="{label_class}" href="#{block.anchor}"{title}>{label}</a>'
            f'<p{paragraph_direction(block.text)}>{deleted_note}{body}{flags}</p>{extras}</div>')


def heading_markdown(block: Block, notes: NoteLinks, aliases: dict[str, list[str]]) -> str:
    level = min(max(block.level, 2), 4)
    number = escape_text(block.number, markdown=True) + " " if block.number else ""
    text = spans_html(block.spans, notes, markdown=True)
    alias_spans = "".join(f'<span class="alias" id="{old}"></span>' for old in aliases.get(block.anchor, []))
    return f"{'#' * level} {alias_spans}{number}{text} {{: #{block.anchor}{toc_label(block)} }}"


def toc_label(block: Block) -> str:
    """The page's table of contents lists a heading by its text without footnote markers ("…العالمي)"
    rather than "…العالمي)7"). Only for a heading that has one, and whose text the attribute list can
    hold (no braces)."""
    label = " ".join(part for part in (block.number, block.text) if part)
    if not block.note_refs or "{" in label or "}" in label:
        return ""
    return f' data-toc-label="{html.escape(label, quote=True)}"'


def footnote_html(note: Footnote, notes: NoteLinks, attributes: str = "", extras: str = "") -> str:
    body = spans_html(note.spans, notes)
    backs = "".join(
        f' <a class="backref" href="#{ref}" aria-label="العودة إلى موضع الإحالة {i}">↩︎</a>'
        for i, ref in enumerate(notes.ids.get(note.number, []), start=1))
    if not notes.ids.get(note.number):
        backs = ' <span class="flag">[لا تشير إلى هذه الحاشية أي إحالة في النص]</span>'
    return (f'<div class="unit footnote" id="{note.anchor}"{attributes}><a class="num" href="#{note.anchor}">'
            f'{html.escape(note.printed)}</a><p{paragraph_direction(note.text)}>{body}{backs}</p>{extras}</div>')


def paragraph_direction(text: str) -> str:
    """A unit with no Arabic letter at all (an English reference in a footnote) reads left to right:
    isolating its Latin runs one by one would scatter its commas and brackets."""
    return "" if ARABIC_LETTER.search(text) or not text.strip() else ' dir="ltr"'


# ---------------------------------------------------------------- pages

def format_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS_AR[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS_AR[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def front_matter(title: str, description: str) -> str:
    return "---\n" + f"title: {json.dumps(title, ensure_ascii=False)}\n" \
        + f"description: {json.dumps(description, ensure_ascii=False)}\n---\n"


def header_card(doc: Document) -> str:
    meta = doc.meta
    rows = [
        ("الرمز", f'<bdi dir="ltr">{html.escape(meta.symbol)}</bdi>' if meta.symbol else "بلا رمز رسمي في المصدر"),
        ("التاريخ", f'<time datetime="{meta.date}">{format_date(meta.date)}</time>'),
        ("الجهة", html.escape(meta.body)),
        ("النوع", KIND_AR[meta.kind]),
        ("المصدر الرسمي", f'<a href="{html.escape(meta.source_url)}" rel="external">'
                           f'<bdi dir="ltr">{html.escape(meta.source_url)}</bdi></a>'
         if meta.source_url else "لا يوجد عنوان رسمي معروف لهذا النص"),
        ("البيانات", f'<a href="../data/{meta.slug}.json" download>{meta.slug}.json</a>'),
    ]
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="doc-card" data-quality="{meta.quality}"><dl>{cells}</dl></div>'


CLOSING_ROLES = ("meeting", "closing-date")


def source_header(doc: Document, closing: bool, css: str) -> str:
    """The identity lines as the source prints them (or, with `closing`, the lines that close it)."""
    lines = [h for h in doc.header if (h.role in CLOSING_ROLES) == closing]
    if not lines:
        return ""
    items = "".join(f'<p data-line="{h.line}" data-role="{h.role}">{escape_text(h.text)}</p>' for h in lines)
    return f'<div class="{css}">{items}</div>'


def notice_html(doc: Document) -> str:
    extras = render_repairs.notice_extras(doc)
    if not doc.meta.notice and not extras:
        return ""
    css = "notice damaged" if doc.meta.quality == "damaged" else "notice"
    text = f"<p>{html.escape(doc.meta.notice)}</p>" if doc.meta.notice else ""
    return f'<div class="{css}" role="note">{text}{extras}</div>'


def warnings_html(doc: Document) -> str:
    if not doc.warnings:
        return ""
    # The parser's notes are English sentences: set left to right as a block of their own, so that an
    # Arabic page does not reorder their clauses and punctuation.
    items = "".join(f'<li>السطر {w.line or "—"}: <span class="note-en" dir="ltr" lang="en">'
                    f"{html.escape(w.message)}</span></li>" for w in doc.warnings)
    return (f'<details class="editorial-notes"><summary>ملاحظات التحرير على المصدر ({len(doc.warnings)}، '
            f"بالإنجليزية)</summary><ul>{items}</ul></details>")


def document_page(corpus: Corpus, doc: Document) -> str:
    notes = NoteLinks(doc)
    aliases: dict[str, list[str]] = {}
    for old, new in doc.meta.aliases:
        aliases.setdefault(new, []).append(old)
    parts = [front_matter(doc.meta.short_title, doc.meta.title),
             f"# {escape_text(doc.meta.title, markdown=True)} {{: #top }}",
             header_card(doc), notice_html(doc), warnings_html(doc),
             source_header(doc, False, "source-header")]
    parts += [block_html(corpus, doc, block, notes, aliases) for block in doc.blocks]
    parts.append(source_header(doc, True, "source-closing"))
    if doc.footnotes:
        parts.append("## الحواشي {: #notes }")
        parts += [footnote_html(note, notes, footnote_attributes(doc, note), render_repairs.block_extras(doc, note))
                  for note in doc.footnotes]
    parts.append(render_refs.document_extras(corpus, doc))
    return "\n\n".join(p for p in parts if p) + "\n"


def doc_entry(doc: Document, prefix: str) -> str:
    """One document in a list of documents: its title linked, then symbol, date, body, kind, size."""
    meta = doc.meta
    symbol = f'<bdi dir="ltr">{html.escape(meta.symbol)}</bdi>' if meta.symbol else "—"
    return (f'<li class="doc-entry" data-quality="{meta.quality}"><a href="{prefix}{meta.slug}/">{escape_text(meta.title)}</a>'
            f'<span class="meta">{symbol} · {format_date(meta.date)} · {html.escape(meta.body)} · '
            f'{KIND_AR[meta.kind]} · {count_units(doc)} فقرة</span></li>')


def index_page(docs: list[Document]) -> str:
    rows = [doc_entry(doc, "") for doc in sorted(docs, key=lambda d: d.meta.date, reverse=True)]
    intro = ("<p>طبعة عربية مشروحة وقابلة للاستشهاد لقرارات القمة العالمية لمجتمع المعلومات وتقاريرها. "
             "لكل فقرة عنوان ثابت يمكن نسخه والإحالة إليه.</p>")
    return (front_matter("الوثائق", "قائمة وثائق الطبعة") + "# الوثائق {: #top }\n\n" + intro + "\n\n"
            + f'<ul class="doc-list">{"".join(rows)}</ul>\n')


def body_page(group: list[Document]) -> str:
    """The documents of one body, newest first: the navigation's entry for that body."""
    body = group[0].meta.body
    rows = [doc_entry(doc, "../../") for doc in group]
    return (front_matter(body, f"وثائق {body} في الطبعة") + f"# {escape_text(body, markdown=True)} {{: #top }}\n\n"
            + f'<ul class="doc-list">{"".join(rows)}</ul>\n')


def count_units(doc: Document) -> int:
    return sum(1 for b in doc.blocks if b.kind is not BlockKind.HEADING)


# ---------------------------------------------------------------- JSON

def span_data(span: Span) -> dict:
    data = {"kind": span.kind.value, "text": span.text}
    if span.note is not None:
        data["note"] = span.note
    if span.ref is not None:
        data["ref"] = span.ref
    if span.pinpoint is not None:
        data["pinpoint"] = span.pinpoint
    return data


def cite_data(label) -> dict:
    return {"ar": label.ar, "en": label.en}


def block_data(corpus: Corpus, doc: Document, block: Block) -> dict:
    cited = {} if block.kind is BlockKind.HEADING else {"cite": cite_data(cite.unit_label(doc, block))}
    return cited | render_refs.block_data_extras(corpus, doc, block) | {
        "anchor": block.anchor, "kind": block.kind.value, "number": block.number, "parent": block.parent,
        "level": block.level or None, "deleted": block.deleted, "old_number": block.old_number,
        "text": block.text, "notes": list(block.note_refs), "lines": list(block.lines),
        "spans": [span_data(s) for s in block.spans],
    }


def document_data(corpus: Corpus, doc: Document) -> dict:
    meta = doc.meta
    return {
        "slug": meta.slug, "symbol": meta.symbol, "title": meta.title, "short_title": meta.short_title,
        "date": meta.date, "body": meta.body, "body_en": meta.body_en, "kind": meta.kind,
        "source_url": meta.source_url, "quality": meta.quality, "url": f"/{meta.slug}/",
        "header": [{"role": h.role, "text": h.text, "line": h.line} for h in doc.header],
        "blocks": [block_data(corpus, doc, b) for b in doc.blocks],
        "footnotes": [{"cite": cite_data(cite.footnote_label(doc, f))} | render_refs.block_data_extras(corpus, doc, f) | {
            "anchor": f.anchor, "number": f.number, "printed": f.printed, "text": f.text,
            "lines": list(f.lines), "spans": [span_data(s) for s in f.spans]} for f in doc.footnotes],
        "aliases": {old: new for old, new in meta.aliases},
        "warnings": [{"line": w.line, "message": w.message} for w in doc.warnings],
    }


def corpus_data(corpus: Corpus) -> dict:
    docs = corpus.documents
    return render_refs.corpus_data_extras(corpus) | {"documents": [
        {"slug": d.meta.slug, "symbol": d.meta.symbol, "title": d.meta.title, "short_title": d.meta.short_title,
         "date": d.meta.date, "body": d.meta.body, "kind": d.meta.kind, "quality": d.meta.quality,
         "url": f"/{d.meta.slug}/", "data": f"/data/{d.meta.slug}.json",
         "counts": dict(sorted(Counter(b.kind.value for b in d.blocks).items())) | {"footnotes": len(d.footnotes)}}
        for d in docs]}


def dump_json(data: dict) -> bytes:
    # Compact: smaller files (qararat.jsonio).
    return compact_json(data) + b"\n"


# ---------------------------------------------------------------- the files

def corpus_files(corpus: Corpus) -> Iterator[tuple[str, str | bytes]]:
    """The generated files about the whole corpus as (path, content), one at a time: indexes, body
    pages, hubs, concepts, repairs."""
    docs = list(corpus.documents)
    yield "index.md", index_page(docs)
    yield "data/corpus.json", dump_json(corpus_data(corpus))
    for slug, group in by_body(docs).items():
        yield f"bodies/{slug}/index.md", body_page(group)
    yield from render_refs.pages(corpus)
    yield from render_repairs.pages(corpus).items()


def document_files(corpus: Corpus, doc: Document) -> dict[str, str | bytes]:
    """One document's generated files: its page, its JSON (which the search index is made from), its repair record."""
    slug = doc.meta.slug
    return {f"{slug}.md": document_page(corpus, doc), f"data/{slug}.json": dump_json(document_data(corpus, doc)),
            **render_repairs.document_files(doc)}
