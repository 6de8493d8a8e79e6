"""Rendering of the repair record: raw extraction one click away, counts, the repairs page.

    in a unit         a closed <details class="raw">: the unit's lines as extracted and the changes
                      made to them; words left uncertain are named, marked, under the text
    in the notice     how many words the rules changed, how many reviewed corrections changed,
                      how many remain uncertain; a link to the document's repairs page
    /repairs/         every document with those counts, linked to its repairs page
    /repairs/<slug>/  each fixer with its word count and the units it touched, each reviewed
                      correction with its reason, each uncertain word (a page per document: a
                      damaged report alone has thousands of corrections)
    /data/<slug>.repairs.json   the whole record of a document, replayable on the raw lines it holds
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict

from . import render
from .fidelity import changed_words
from .link import Corpus
from .model import Block, Document, Footnote, Repair, SpanKind
from .repair.corrections import is_correction

RAW_SUMMARY = "النص كما استُخرج"
# What each generic fixer does, for readers (the docstrings in repair/fixers.py say it for maintainers).
FIXER_AR = {
    "replace_nbsp": "المسافة غير القابلة للكسر (من ملف Word) تصير مسافة عادية",
    "replace_nonbreaking_hyphen": ("الشرطة غير القابلة للكسر تصير شرطة عادية، ويبقى نطاق الأرقام كما كان يُعرض "
                                   "(82‑29 ← 29-82)"),
    "replace_fullwidth_punctuation": "علامات الترقيم الصينية العريضة تصير العلامة العربية المقابلة (， ← ،)",
    "replace_farsi_yeh": "الياء الفارسية تصير الياء العربية (والدرایة ← والدراية)",
    "replace_heh_doachashmee": "الهاء الأردية تصير هاءً عربية، وتُكتب «هـ» حين تكون رمز بند",
    "drop_tatweel": "حذف التطويل (ـ) الذي يمدّ الكلمات لضبط السطر، إلا في رمز البند «هـ»",
    "fix_internet_spellings": "توحيد أربعة أشكال خاطئة لكلمة «الإنترنت» (الإنترن特، الإنترنط، الإنترنٌت، الإنترنست)",
    "restore_mirrored_parentheses": "إرجاع القوس المعكوس حول اختصار لاتيني: GDC)) ← (GDC)",
}
FEW_CHANGES = 4         # a fixer's distinct changes in a unit quoted one by one; more are counted
WHOLE_LINE = 60         # a change longer than this rewrote a line: named, not quoted (the raw line is shown)
ARROW = "←"             # read right to left: before ← after


# ---------------------------------------------------------------- in a unit

def block_extras(doc: Document, block: Block | Footnote) -> str:
    """HTML placed after a unit's text (the raw extraction of a repaired unit, its uncertain words)."""
    lines = set(block.lines)
    by_line = repairs_by_line(doc)
    repairs = [r for n in sorted(lines) for r in by_line.get(n, ())]
    doubts = [d for d in doc.doubts if d.line in lines]
    return doubts_html(doubts) + (raw_html(doc, block.lines, repairs) if repairs else "")


def repairs_by_line(doc: Document) -> dict[int, list[Repair]]:
    """The record grouped by source line, in record order (asked for once per unit)."""
    if "repairs by line" not in doc.memo:
        grouped: dict[int, list[Repair]] = defaultdict(list)
        for repair in doc.repairs:
            grouped[repair.line].append(repair)
        doc.memo["repairs by line"] = dict(grouped)
    return doc.memo["repairs by line"]


def doubts_html(doubts) -> str:
    """A note under the text naming each uncertain word, marked. A div, not a <p>: a unit's <p> is
    its text, which citation labels and the search index read."""
    return "".join(f'<div class="uncertain-note" role="note">قراءة غير مؤكدة: <mark class="uncertain">'
                   f'<bdi>{html.escape(d.raw)}</bdi></mark> — {html.escape(d.reason)}</div>' for d in doubts)


def raw_html(doc: Document, lines: tuple[int, ...], repairs: list[Repair]) -> str:
    raw = "".join(f'<li value="{n}" dir="rtl">{html.escape(doc.raw_lines[n - 1])}</li>'
                  for n in lines if n <= len(doc.raw_lines))
    by_fixer: dict[str, list[Repair]] = defaultdict(list)
    for repair in repairs:
        by_fixer[repair.fixer].append(repair)
    items = [changes_html(fixer, steps) for fixer, steps in by_fixer.items()]
    summarised = any(len(steps) > FEW_CHANGES or any(whole_line(r) for r in steps) for steps in by_fixer.values())
    record = (f'<li class="more"><a href="../data/{doc.meta.slug}.repairs.json">السجل الكامل</a> '
              f'يذكر كل تغيير بنصه قبله وبعده</li>' if summarised else "")
    return (f'<details class="raw"><summary>{RAW_SUMMARY}</summary>'
            f'<ol class="raw-lines">{raw}</ol><div class="changes-title">التغييرات ({len(repairs)}):</div>'
            f'<ul class="changes">{"".join(items)}{record}</ul></details>')


def whole_line(repair: Repair) -> bool:
    return max(len(repair.before), len(repair.after)) > WHOLE_LINE


def changes_html(fixer: str, steps: list[Repair]) -> str:
    """One fixer's changes in a unit: each quoted while they are few and short; else counted, and the
    lines it rewrote whole named (the raw lines are just above, every step is in the JSON record)."""
    words = Counter((r.before, r.after) for r in steps if not whole_line(r))
    if len(words) <= FEW_CHANGES:
        out = "".join(change_html(fixer, before, after, times) for (before, after), times in words.items())
    else:
        out = f'<li><code>{html.escape(fixer)}</code> ×{sum(words.values())}</li>'
    lines = list(dict.fromkeys(r.line for r in steps if whole_line(r)))
    if lines:
        out += (f'<li><code>{html.escape(fixer)}</code> {"السطر" if len(lines) == 1 else "الأسطر"} '
                f'{"، ".join(map(str, lines))} كاملًا</li>')
    return out


def change_html(fixer: str, before: str, after: str, times: int = 1) -> str:
    repeat = f" ×{times}" if times > 1 else ""
    return (f'<li><code>{html.escape(fixer)}</code> <bdi class="before">{html.escape(before)}</bdi>'
            f' {ARROW} <bdi class="after">{html.escape(after)}</bdi>{repeat}</li>')


# ---------------------------------------------------------------- in the notice

def counts(doc: Document) -> tuple[int, int, int]:
    """(words changed by rules, words changed by reviewed corrections, words left uncertain); asked for
    by the notice, the document's repairs page and the repairs index, counted once."""
    if "repair counts" not in doc.memo:
        doc.memo["repair counts"] = count_changes(doc)
    return doc.memo["repair counts"]


def count_changes(doc: Document) -> tuple[int, int, int]:
    automatic = corrected = 0
    for r in doc.repairs:      # a damaged report's record is thousands of changes: one pass
        if is_correction(r.fixer):
            corrected += changed_words(r.before, r.after)
        else:
            automatic += changed_words(r.before, r.after)
    marked = sum(1 for unit in [*doc.blocks, *doc.footnotes] for s in unit.spans if s.kind is SpanKind.UNCERTAIN)
    return automatic, corrected, len(doc.doubts) + marked


def summary_sentence(doc: Document) -> str:
    automatic, corrected, uncertain = counts(doc)
    return (f"كلمات غيّرتها قواعد الإصلاح الآلية: {automatic}؛ كلمات غيّرتها تصحيحات مراجَعة: {corrected}؛ "
            f"كلمات بقيت قراءتها غير مؤكدة: {uncertain}.")


def notice_extras(doc: Document) -> str:
    """What the document's notice adds about its repairs."""
    return (f'<p class="repair-summary">{summary_sentence(doc)} '
            f'<a href="../repairs/{doc.meta.slug}/">سجل الإصلاحات</a></p>')


# ---------------------------------------------------------------- the repairs pages

def units_by_line(doc: Document) -> dict[int, list[str]]:
    """The anchors of the units each source line went into (header lines: the page top)."""
    where: dict[int, list[str]] = defaultdict(list)
    for line in doc.header:
        where[line.line].append("top")
    for unit in [*doc.blocks, *doc.footnotes]:
        for number in unit.lines:
            if unit.anchor not in where[number]:
                where[number].append(unit.anchor)
    return where


def unit_links(doc: Document, lines, where: dict[int, list[str]]) -> str:
    anchors: list[str] = []
    for number in sorted(set(lines)):
        anchors += [a for a in where.get(number, []) if a not in anchors]
    return "، ".join(unit_link(doc, a) for a in anchors) or "—"


def unit_link(doc: Document, anchor: str) -> str:
    """A link from the document's repairs page (/repairs/<slug>/) to one of its units."""
    return f'<a href="../../{doc.meta.slug}/#{anchor}">{anchor}</a>'


def fixer_items(doc: Document, where: dict[int, list[str]]) -> list[str]:
    by_fixer: dict[str, list[Repair]] = defaultdict(list)
    for repair in doc.repairs:
        if not is_correction(repair.fixer):
            by_fixer[repair.fixer].append(repair)
    items = []
    for fixer, repairs in by_fixer.items():
        words = sum(changed_words(r.before, r.after) for r in repairs)
        lines = {r.line for r in repairs}
        what = f" — {render.escape_text(FIXER_AR[fixer])}." if fixer in FIXER_AR else ":"
        items.append(f"<li><code>{fixer}</code>{what} كلمات: {words}؛ أسطر: {len(lines)}؛ الوحدات: "
                     f"{unit_links(doc, lines, where)}</li>")
    return items


def correction_items(doc: Document, where: dict[int, list[str]]) -> list[str]:
    reviewed = doc.reviewed.corrections if doc.reviewed else ()
    reasons = {(c.line, c.raw, c.reading): c.reason for c in reviewed}
    items = []
    for r in doc.repairs:
        if is_correction(r.fixer):
            reason = reasons.get((r.line, r.before, r.after))
            why = f" — {render.escape_text(reason)}" if reason else ""
            items.append(f"<li>السطر {r.line}: «{render.escape_text(r.before)}» {ARROW} «{render.escape_text(r.after)}»{why} — "
                         f"{unit_links(doc, [r.line], where)}</li>")
    return items


def doubt_items(doc: Document, where: dict[int, list[str]]) -> list[str]:
    items = [f"<li>السطر {d.line}: «{render.escape_text(d.raw)}» — {render.escape_text(d.reason)} — {unit_links(doc, [d.line], where)}</li>"
             for d in doc.doubts]
    for unit in [*doc.blocks, *doc.footnotes]:
        for span in unit.spans:
            if span.kind is SpanKind.UNCERTAIN:
                items.append(f"<li>«{render.escape_text(span.text)}» — {unit_link(doc, unit.anchor)}</li>")
    return items


def document_page(doc: Document) -> str:
    """The repairs page of one document: /repairs/<slug>/. Its lists are HTML, so MkDocs passes them
    by (qararat.splice) however long they are."""
    slug = doc.meta.slug
    where = units_by_line(doc)
    title = f"سجل الإصلاحات: {doc.meta.short_title}"
    parts = [render.front_matter(title, f"ما غيّره الإصلاح في {doc.meta.short_title}، ولماذا")
             + f"# {render.escape_text(title, markdown=True)} {{: #top }}",
             f'<p>{summary_sentence(doc)} <a href="../../{slug}/">الوثيقة</a> · '
             f'<a href="../../data/{slug}.repairs.json">السجل الكامل (JSON)</a> · '
             f'<a href="../">سجل الإصلاحات في كل الوثائق</a></p>']
    sections = (("القواعد الآلية", "fixers", fixer_items(doc, where)),
                ("التصحيحات المراجَعة", "corrections", correction_items(doc, where)),
                ("قراءات غير مؤكدة", "doubts", doubt_items(doc, where)))
    for heading, key, items in sections:
        parts.append(f"## {heading} {{: #{key} }}")
        parts.append(f'<ul class="repair-items">{"".join(items)}</ul>' if items else "<p>لا شيء.</p>")
    return "\n\n".join(parts) + "\n"


INTRO = ("<p>النصوص المعروضة في هذه الطبعة مستخرجة من ملفات PDF وWord، وفي الاستخراج عيوب. تُصلَح العيوب "
         "التي تحكمها قاعدة (التطويل، وحرف صيني أو فارسي داخل كلمة عربية، والفاصلة العريضة، والأقواس "
         "المعكوسة...) بقواعد آلية صغيرة مسمّاة، وتُصلَح الكلمات التي لا تحكمها قاعدة بتصحيحات مراجَعة، "
         "لكل منها سببه من النص نفسه. وما لم يحسمه النص يبقى كما استُخرج ويُذكر هنا غير مؤكد. "
         "كل فقرة غُيّرت تعرض نصها كما استُخرج تحت «النص كما استُخرج»، ولكل وثيقة سجلها.</p>")


def index_page(docs: list[Document]) -> str:
    """/repairs/: every document with its counts, linked to its own repairs page. Each entry keeps the
    document's slug as its id, the address of its record when all records were on this page."""
    entries = "".join(f'<li id="{doc.meta.slug}"><a href="{doc.meta.slug}/">{render.escape_text(doc.meta.short_title)}</a>: '
                      f"{summary_sentence(doc)}</li>" for doc in docs)
    head = render.front_matter("سجل الإصلاحات", "ما غيّره الإصلاح في كل وثيقة، ولماذا") + "# سجل الإصلاحات {: #top }"
    return "\n\n".join([head, INTRO, f'<ul class="repair-documents">{entries}</ul>']) + "\n"


def record_data(doc: Document) -> dict:
    changed = sorted({r.line for r in doc.repairs})
    return {
        "slug": doc.meta.slug,
        "replay": "for each repair in order: raw_lines[line] = raw_lines[line].replace(before, after, 1)",
        "raw_lines": {str(n): doc.raw_lines[n - 1] for n in changed},
        "repairs": [{"fixer": r.fixer, "line": r.line, "before": r.before, "after": r.after} for r in doc.repairs],
        "doubts": [{"line": d.line, "raw": d.raw, "reason": d.reason} for d in doc.doubts],
    }


def pages(corpus: Corpus) -> dict[str, str]:
    """The repairs index of the whole corpus, path -> content."""
    return {"repairs/index.md": index_page(list(corpus.documents))}


def document_files(doc: Document) -> dict[str, str | bytes]:
    """One document's repairs page and its record, path -> content."""
    return {f"repairs/{doc.meta.slug}.md": document_page(doc),
            f"data/{doc.meta.slug}.repairs.json": render.dump_json(record_data(doc))}
