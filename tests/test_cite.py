"""Citation labels, Arabic and English, for units of every kind of the real documents (a table to read)."""
from __future__ import annotations

import html
import re

import pytest

from qararat.cite import Label, document_label, footnote_label, unit_attributes, unit_label

ITU_AR = "تقرير رئيس فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات وأهداف التنمية المستدامة (2024)"
ITU_EN = "Report by the Chair of the CWG-WSIS&SDG (2024)"
TUNIS_AR = "إعلان تونس الوزاري بمناسبة الذكرى العشرين للقمة العالمية لمجتمع المعلومات"
TUNIS_EN = "Tunis Ministerial Outcome Declaration, WSIS+20 (2025)"

# (document, anchor, Arabic label, English label)
LABELS = [
    # numbered paragraphs, Western and Arabic-Indic in the source
    ("a-res-80-173", "p99", "A/RES/80/173، الفقرة 99", "A/RES/80/173, para. 99"),
    ("a-res-67-195", "p14", "A/RES/67/195، الفقرة 14", "A/RES/67/195, para. 14"),
    ("itu-cwg-wsis-sdg-2024", "p2-10-1", f"{ITU_AR}، الفقرة 2.10.1", f"{ITU_EN}, para. 2.10.1"),
    # preambular paragraphs: counted, as UN citations count them
    ("a-res-80-173", "pp3", "A/RES/80/173، الفقرة 3 من الديباجة", "A/RES/80/173, preambular para. 3"),
    ("a-res-67-195", "pp33", "A/RES/67/195، الفقرة 33 من الديباجة", "A/RES/67/195, preambular para. 33"),
    # sub-items: the letter after the paragraph's number
    ("a-74-821", "p93-g", "A/74/821، الفقرة 93 (ز)", "A/74/821, para. 93 (g)"),
    ("a-74-821", "p2-e", "A/74/821، الفقرة 2 (هـ)", "A/74/821, para. 2 (e)"),
    ("itu-cwg-wsis-sdg-2024", "s1-e", f"{ITU_AR}، القسم 1 (هـ)", f"{ITU_EN}, section 1 (e)"),
    # unnumbered paragraphs: the number is the edition's, and the label says so
    ("a-res-80-173", "u1", "A/RES/80/173، الفقرة [1] (ترقيم تحريري)", "A/RES/80/173, para. [1] (editorial numbering)"),
    ("tunis-wsis20-declaration", "u5", f"{TUNIS_AR}، الفقرة [5] (ترقيم تحريري)",
     f"{TUNIS_EN}, para. [5] (editorial numbering)"),
    ("tunis-wsis20-declaration", "u5-b2", f"{TUNIS_AR}، الفقرة [5]، النقطة 2 (ترقيم تحريري)",
     f"{TUNIS_EN}, para. [5], bullet 2 (editorial numbering)"),
    ("tunis-wsis20-declaration", "p1", f"{TUNIS_AR}، الفقرة 1", f"{TUNIS_EN}, para. 1"),
    # the parts of an ITU resolution, as the ITU cites them
    ("itu-cwg-wsis-sdg-2024", "annex-a-recalling-g", f"{ITU_AR}، الملحق A، إذ يشير إلى، البند (ز)",
     f"{ITU_EN}, Annex A, recalling, item (g)"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-recognizing-h-ii", f"{ITU_AR}، الملحق A، وإذ يدرك، البند (ح) (2)",
     f"{ITU_EN}, Annex A, recognizing, item (h) (ii)"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-resolves-3-a", f"{ITU_AR}، الملحق A، يقرر، الفقرة 3 (أ)",
     f"{ITU_EN}, Annex A, resolves, para. 3 (a)"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-instructs-sg-dirs-2", f"{ITU_AR}، الملحق A، يكلف الأمين العام ومديري المكاتب، الفقرة 2",
     f"{ITU_EN}, Annex A, instructs the Secretary-General and the Directors of the Bureaux, para. 2"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-considering-g-v-b3",
     f"{ITU_AR}، الملحق A، وإذ يضع في اعتباره، البند (ز) (5)، النقطة 3",
     f"{ITU_EN}, Annex A, considering, item (g) (v), bullet 3"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-instructs-sg-deleted-7",
     f"{ITU_AR}، الملحق A، يكلف الأمين العام، الفقرة المحذوفة (رقمها القديم 7)",
     f"{ITU_EN}, Annex A, instructs the Secretary-General, deleted para. (old number 7)"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-tor-e", f"{ITU_AR}، الملحق A، الاختصاصات، البند (هـ)",
     f"{ITU_EN}, Annex A, terms of reference, item (e)"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-formula", f"{ITU_AR}، الملحق A، الصيغة الافتتاحية",
     f"{ITU_EN}, Annex A, opening formula"),
    ("itu-cwg-wsis-sdg-2024", "box-purpose", f"{ITU_AR}، الغرض", f"{ITU_EN}, Purpose"),
]


@pytest.mark.parametrize("slug, anchor, arabic, english", LABELS, ids=[f"{s}#{a}" for s, a, _, _ in LABELS])
def test_unit_label(documents, slug, anchor, arabic, english):
    doc = documents[slug]
    assert unit_label(doc, doc.block(anchor)) == Label(arabic, english)


@pytest.mark.parametrize("slug, number, arabic, english", [
    ("a-res-67-195", 10, "A/RES/67/195، الحاشية 10", "A/RES/67/195, footnote 10"),
    ("a-res-80-173", 7, "A/RES/80/173، الحاشية 7", "A/RES/80/173, footnote 7"),
    ("itu-cwg-wsis-sdg-2024", 1, f"{ITU_AR}، الحاشية 1", f"{ITU_EN}, footnote 1"),
])
def test_footnote_label(documents, slug, number, arabic, english):
    doc = documents[slug]
    assert footnote_label(doc, doc.footnote(number)) == Label(arabic, english)


def test_a_document_without_symbol_cites_its_short_title(documents):
    doc = documents["tunis-wsis20-declaration"]
    assert doc.meta.symbol is None
    assert document_label(doc.meta) == Label(doc.meta.short_title, TUNIS_EN)


def test_every_unit_of_every_document_has_a_label(documents):
    """No label is empty, repeats the one of another unit of its page, or names an anchor instead of a number."""
    for slug in ("a-74-821", "a-res-67-195", "a-res-80-173", "itu-cwg-wsis-sdg-2024", "tunis-wsis20-declaration"):
        doc = documents[slug]
        labels = [unit_label(doc, b) for b in doc.blocks if b.kind.value != "heading"]
        labels += [footnote_label(doc, f) for f in doc.footnotes]
        assert len({l.ar for l in labels}) == len(labels), slug
        assert len({l.en for l in labels}) == len(labels), slug
        for label in labels:
            assert not re.search(r"[a-z]+-[a-z0-9]+-", label.en), label   # no anchor leaks into a label


def test_attributes_are_escaped(documents):
    doc = documents["itu-cwg-wsis-sdg-2024"]
    attributes = unit_attributes(doc, doc.block("p2-1"))
    assert attributes == (f' data-cite-ar="{ITU_AR}، الفقرة 2.1"'
                          f' data-cite-en="{html.escape(ITU_EN)}, para. 2.1"')
    assert "CWG-WSIS&amp;SDG" in attributes
