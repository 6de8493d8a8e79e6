"""How a reader cites a unit: its label in Arabic and in English.

The labels are computed here, once, from the Document; the page carries them as `data-cite-ar` and
`data-cite-en` on each unit, where the copy-citation control and the search index read them.

    A/RES/80/173، الفقرة 99                  A/RES/80/173, para. 99
    A/RES/80/173، الفقرة 3 من الديباجة       A/RES/80/173, preambular para. 3
    A/74/821، الفقرة 2 (أ)                   A/74/821, para. 2 (a)
    <short title>، الفقرة [5] (ترقيم تحريري)  <English title>, para. [5] (editorial numbering)

Numbers are written in Western digits whatever the source prints, as the symbol and the address are.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .model import Block, BlockKind, Document, Footnote, Metadata
from .parse.common import western_digits

# A unit's number longer than this is words (an ITU cover field such as "الغرض"): it heads the text
# instead of standing in the margin, and the search index reads it with the text.
MARGIN_LABEL_MAX = 6


@dataclass(frozen=True)
class Label:
    ar: str
    en: str


@dataclass(frozen=True)
class Piece:
    """One step of a citation path; `attach` joins it to the step before with a space, not a comma."""

    ar: str
    en: str
    attach: bool = False


# Documents without a UN symbol: the English form needs an English title (the metadata has only Arabic).
ENGLISH_TITLES = {
    "itu-cwg-wsis-sdg-2024": "Report by the Chair of the CWG-WSIS&SDG (2024)",
    "tunis-wsis20-declaration": "Tunis Ministerial Outcome Declaration, WSIS+20 (2025)",
}

# Parts of an ITU resolution (the anchor names them as the English text does, DESIGN.md).
PARTS = {
    "recalling": ("إذ يشير إلى", "recalling"),
    "considering": ("وإذ يضع في اعتباره", "considering"),
    "recognizing": ("وإذ يدرك", "recognizing"),
    "noting": ("وإذ يلاحظ", "noting"),
    "resolves": ("يقرر", "resolves"),
    "instructs-cwg": ("يكلف فريق العمل التابع للمجلس", "instructs the Council Working Group"),
    "instructs-sg": ("يكلف الأمين العام", "instructs the Secretary-General"),
    "instructs-sg-dirs": ("يكلف الأمين العام ومديري المكاتب",
                          "instructs the Secretary-General and the Directors of the Bureaux"),
    "invites": ("يدعو", "invites"),
    "tor": ("الاختصاصات", "terms of reference"),
}

# Fields of an ITU cover box, whose label is words rather than a number.
BOX_FIELDS_EN = {
    "purpose": "Purpose",
    "action": "Action required by the Council",
    "links": "Relevant links with the Strategic Plan",
    "finance": "Financial implications",
    "refs": "References",
}

# The printed label of a lettered item, in the form a citation uses ('ھ' and 'ه' are both هـ).
LETTER_FORMS = {"ھ": "هـ", "ه": "هـ", "ا": "أ"}
EDITORIAL = Label(" (ترقيم تحريري)", " (editorial numbering)")
ANNEX = re.compile(r"^annex-([a-z0-9]+)-")
SECTION_ITEM = re.compile(r"^s(\d+)-([a-z]+)$")
BULLET = re.compile(r"-?b(\d+)$")
TRAILING_NUMBER = re.compile(r"(\d+)$")


def document_label(meta: Metadata) -> Label:
    """How a citation names the document: its symbol, or else its short title."""
    if meta.symbol:
        return Label(meta.symbol, meta.symbol)
    return Label(meta.short_title, ENGLISH_TITLES.get(meta.slug, f"{meta.body_en} ({meta.date[:4]})"))


def unit_label(doc: Document, block: Block) -> Label:
    """The full citation of one unit of `doc`, in both languages (asked for by the page and the data)."""
    key = ("unit label", block.anchor)
    if key not in doc.memo:
        pieces, editorial = unit_path(doc, block)
        doc.memo[key] = assemble(document_label(doc.meta), container_pieces(block.anchor) + pieces, editorial)
    return doc.memo[key]


def footnote_label(doc: Document, note: Footnote) -> Label:
    return assemble(document_label(doc.meta), [Piece(f"الحاشية {note.number}", f"footnote {note.number}")], False)


def unit_attributes(doc: Document, block: Block) -> str:
    """Extra HTML attributes on a unit's element (leading space included): its citation labels."""
    return label_attributes(unit_label(doc, block))


def footnote_attributes(doc: Document, note: Footnote) -> str:
    return label_attributes(footnote_label(doc, note))


def label_attributes(label: Label) -> str:
    return (f' data-cite-ar="{html.escape(label.ar, quote=True)}"'
            f' data-cite-en="{html.escape(label.en, quote=True)}"')


# ---------------------------------------------------------------- the path inside a document

def assemble(document: Label, pieces: list[Piece], editorial: bool) -> Label:
    ar, en = document.ar, document.en
    for piece in pieces:
        ar += (" " if piece.attach else "، ") + piece.ar
        en += (" " if piece.attach else ", ") + piece.en
    if editorial:
        ar, en = ar + EDITORIAL.ar, en + EDITORIAL.en
    return Label(ar, en)


def container_pieces(anchor: str) -> list[Piece]:
    """The annex and the part of a resolution a unit sits in, read from its anchor.

    'annex-a-resolves-3' -> [Annex A, resolves]; 'p99' -> [].
    """
    pieces = []
    rest = anchor
    annex = ANNEX.match(anchor)
    if annex:
        letter = annex.group(1).upper()
        pieces.append(Piece(f"الملحق {letter}", f"Annex {letter}"))
        rest = anchor[annex.end():]
    part = max((key for key in PARTS if rest.startswith(key + "-")), key=len, default=None)
    if part:
        pieces.append(Piece(*PARTS[part]))
    return pieces


def unit_path(doc: Document, block: Block) -> tuple[list[Piece], bool]:
    """The steps from the top of the document (or its part) down to `block`, and whether any
    number on the way is editorial (the source numbers nothing there)."""
    piece, editorial = own_piece(block)
    nested = block.kind in (BlockKind.SUBITEM, BlockKind.UNNUMBERED) and not SECTION_ITEM.match(block.anchor)
    if block.parent and nested:
        above, above_editorial = unit_path(doc, doc.block(block.parent))
        return above + [piece], editorial or above_editorial
    return [piece], editorial


def own_piece(block: Block) -> tuple[Piece, bool]:
    last = block.anchor.rsplit("-", 1)[-1]
    number = western_digits(block.number.strip()) if block.number else None
    if block.kind is BlockKind.FORMULA:
        return Piece("الصيغة الافتتاحية", "opening formula"), False
    if block.kind is BlockKind.HEADING:
        return Piece(block.text, block.anchor), False
    if block.kind is BlockKind.SUBITEM:
        return subitem_piece(block, last), False
    if block.kind is BlockKind.UNNUMBERED:
        if number:    # a cover-box field: its label is words
            return Piece(number, BOX_FIELDS_EN.get(last, last)), False
        return Piece(f"الفقرة [{anchor_number(block)}]", f"para. [{anchor_number(block)}]"), True
    if block.deleted and not number and block.old_number:
        old = western_digits(block.old_number)
        return Piece(f"الفقرة المحذوفة (رقمها القديم {old})", f"deleted para. (old number {old})"), False
    if number and not number[0].isdigit():
        return Piece(f"البند ({LETTER_FORMS.get(number, number)})", f"item ({last})"), False
    if block.kind is BlockKind.PREAMBLE:
        k = number or anchor_number(block)
        return Piece(f"الفقرة {k} من الديباجة", f"preambular para. {k}"), False
    if number:
        return Piece(f"الفقرة {number}", f"para. {number}"), False
    return Piece(f"الفقرة [{anchor_number(block)}]", f"para. [{anchor_number(block)}]"), True


def subitem_piece(block: Block, last: str) -> Piece:
    """'(ز)' under its paragraph, a section's list item, or the k-th bullet."""
    section_item = SECTION_ITEM.match(block.anchor)
    printed = (block.number or "").strip(" '’‘\u00a0")
    printed = LETTER_FORMS.get(printed, western_digits(printed))
    if section_item:
        return Piece(f"القسم {section_item.group(1)} ({printed})",
                     f"section {section_item.group(1)} ({section_item.group(2)})")
    bullet = BULLET.search(block.anchor)
    if bullet and printed in ("", "-"):
        return Piece(f"النقطة {bullet.group(1)}", f"bullet {bullet.group(1)}")
    return Piece(f"({printed})", f"({last})", attach=True)


def anchor_number(block: Block) -> str:
    """The position the anchor gives a unit the source leaves unnumbered: 'u5' -> '5', 'pp3' -> '3'."""
    match = TRAILING_NUMBER.search(block.anchor)
    return match.group(1) if match else block.anchor
