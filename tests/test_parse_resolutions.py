"""The two General Assembly resolutions and the Tunis declaration, parsed from the real seeds."""
import pytest

from qararat.model import BlockKind

COUNTS = {
    # slug: (preambular, numbered, unnumbered, headings, sub-items, footnote definitions)
    "a-res-80-173": (7, 127, 1, 17, 0, 11),
    "a-res-67-195": (33, 24, 0, 0, 0, 11),
    "tunis-wsis20-declaration": (0, 2, 19, 1, 28, 0),
}

OPENINGS = [
    # slug, anchor, first words as extracted, source lines
    ("a-res-80-173", "u1", "تعتمد الوثيقة الختامية للجتماع الرفيع المستوى", (17,)),
    ("a-res-80-173", "pp1", "إن نشير إلى الوثيقة الخاتمة", (19,)),
    ("a-res-80-173", "pp2", "وإذ نعيّد تأكيد قرار الجمعية العامة 1/70", (21, 23)),
    ("a-res-80-173", "pp7", "وأتناهياً إلى تقرير الاستعراض العشريني", (32,)),
    ("a-res-80-173", "p1", "نؤكد من جديد التزامنا برؤية القمة العالمية", (36,)),
    ("a-res-80-173", "p23", "نلاحظ أن اتفاقية حقوق الأشخاص ذوي الإعاقة", (94, 100)),
    ("a-res-80-173", "p78", "نسلم بأن التكنولوجيات الرقمية والناشرة", (236, 240, 241)),
    ("a-res-80-173", "p85", "تشجع على إنشاء شراكات دولية بشأن بناء القدرات", (271, 272, 273, 274, 275, 276, 277)),
    ("a-res-80-173", "p99", "نقرر أن يصبح منتدى إدارة الإنترنط هيئاً دائمة", (307,)),
    ("a-res-80-173", "p127", "نطلب إلى الجمعية العامة أن تعقد اجتماعاً رفيع المستوى في عام 2035", (371,)),
    ("a-res-80-173", "h1", "مقدمة", (34,)),
    ("a-res-80-173", "h17", "المتابعة والاستعراض", (353,)),
    ("a-res-67-195", "pp1", "إذ تشير إلى قراراتها ١٨٣/٥٦", (14,)),
    ("a-res-67-195", "pp3", "وإذ تشير كذلك إلى إعلان المبادئ", (18, 26)),
    ("a-res-67-195", "pp23", "وإذ تسلم بضرورة أن تكون الإدارة الدولية للإنترنت", (80, 82)),
    ("a-res-67-195", "pp33", "وإذ تؤكد أهمية تعزيز ومواصلة التعاون", (104,)),
    ("a-res-67-195", "p1", "تسلم بأنه يمكن لتكنولوجيات المعلومات", (106,)),
    ("a-res-67-195", "p8", "تسلم أيضا بأن تكنولوجيات المعلومات والاتصالات تطرح", (120, 124)),
    ("a-res-67-195", "p14", "تلاحظ أيضا تنفيذ نتائج القمة العالمية", (136,)),
    ("a-res-67-195", "p20", "تدعو رئيس اللجنة المعنية بتسخير العلم", (142, 146)),
    ("a-res-67-195", "p24", "تقرر أن تدرج في جدول الأعمال المؤقت لدورتها الثامنة والستين", (154,)),
    ("tunis-wsis20-declaration", "u1", "نحن، الوزراء والممثلين رفيعي المستوى", (7,)),
    ("tunis-wsis20-declaration", "u5-b1", "لقد أثبتت خطوط عمل القمة العالمية", (17,)),
    ("tunis-wsis20-declaration", "u6-b6", "أصبحت قاعدة بيانات رصد القمة العالمية", (27,)),
    ("tunis-wsis20-declaration", "p1", "إنشاء مبادرة إقليمية سنوية", (44,)),
    ("tunis-wsis20-declaration", "u12-b5", "الإسهام في تعزيز الاندماج الرقمي", (52,)),
    ("tunis-wsis20-declaration", "h1", "التطلع إلى المرحلة المقبلة", (69,)),
    ("tunis-wsis20-declaration", "u19", "وبمناسبة الاحتفال بالذكرى العشرين", (82,)),
]

MARKERS = [
    # slug, anchor of the block, footnote numbers its markers point to, in order
    ("a-res-80-173", "pp5", (1,)),
    ("a-res-80-173", "p1", (2,)),
    ("a-res-80-173", "p2", (3, 4, 5)),
    ("a-res-80-173", "p18", (6,)),
    ("a-res-80-173", "p23", (7,)),
    ("a-res-80-173", "p25", (8,)),
    ("a-res-80-173", "p69", (9,)),
    ("a-res-80-173", "p72", (10,)),
    ("a-res-80-173", "p74", (11,)),
    ("a-res-80-173", "p80", (12,)),
    ("a-res-67-195", "pp3", (1, 2, 3, 4)),
    ("a-res-67-195", "pp7", (8,)),
    ("a-res-67-195", "pp12", (9,)),
    ("a-res-67-195", "p4", (10,)),
    ("a-res-67-195", "p10", (1, 3)),
    ("a-res-67-195", "p14", (8,)),
    ("a-res-67-195", "p18", (11,)),
]

FOOTNOTES = [
    ("a-res-80-173", 1, "القرار 323/79، المرفق."),
    ("a-res-80-173", 6, "القرار 1/70"),
    # printed in reversed order in the extraction, read in logical order
    ("a-res-80-173", 7, "United Nations, Treaty Series, vol. 2515, No. 44910."),
    ("a-res-80-173", 9, "A/CONF.157/24 (Part I)"),
    ("a-res-80-173", 10, "A/HRC/17/31، المرفق"),
    ("a-res-80-173", 11, "انظر القرار 2200 ألف (D-21)، المرفق."),
    ("a-res-67-195", 1, "انظر A/C.2/59/3، المرفق."),
    ("a-res-67-195", 8, "A/67/66-E/2012/49 و Add.1."),
    ("a-res-67-195", 11, "A/67/65-E/2012/48 و Corr.1."),
]


@pytest.mark.parametrize("slug", COUNTS)
def test_counts(documents, slug):
    doc = documents[slug]
    kinds = (BlockKind.PREAMBLE, BlockKind.PARAGRAPH, BlockKind.UNNUMBERED, BlockKind.HEADING, BlockKind.SUBITEM)
    assert tuple(doc.count(k) for k in kinds) + (len(doc.footnotes),) == COUNTS[slug]


@pytest.mark.parametrize("slug", ["a-res-80-173", "a-res-67-195"])
def test_numbered_paragraphs_run_in_order(documents, slug):
    numbered = [b.anchor for b in documents[slug].blocks if b.kind is BlockKind.PARAGRAPH]
    assert numbered == [f"p{n}" for n in range(1, len(numbered) + 1)]


@pytest.mark.parametrize("slug, anchor, opening, lines", OPENINGS)
def test_opening_words(documents, slug, anchor, opening, lines):
    block = documents[slug].block(anchor)
    assert block.text.startswith(opening)
    assert block.lines == lines


@pytest.mark.parametrize("slug, anchor, notes", MARKERS)
def test_footnote_markers(documents, slug, anchor, notes):
    assert documents[slug].block(anchor).note_refs == notes


@pytest.mark.parametrize("slug, number, text", FOOTNOTES)
def test_footnote_text(documents, slug, number, text):
    assert documents[slug].footnote(number).text == text


def test_marker_without_definition_is_flagged(documents):
    doc = documents["a-res-80-173"]
    assert doc.footnote(12) is None
    assert [w.line for w in doc.warnings if "no definition" in w.message] == [249]


def test_arabic_indic_numbers_keep_their_printed_form(documents):
    doc = documents["a-res-67-195"]
    assert doc.block("p14").number == "١٤"
    assert doc.footnote(10).printed == "١٠"


def test_operative_verbs_keep_their_bold(documents):
    spans = documents["a-res-67-195"].block("p3").spans
    assert spans[0].kind.value == "strong" and spans[0].text == "تعرب عن القلق"


def test_header_and_closing(documents):
    roles = [(h.role, h.line) for h in documents["a-res-67-195"].header]
    assert roles == [("body", 3), ("agenda", 4), ("adopted", 6), ("draft", 8), ("title", 10), ("formula", 12),
                     ("meeting", 156), ("closing-date", 158)]
    title = next(h for h in documents["a-res-80-173"].header if h.role == "title")
    assert title.text.startswith("- 173/80 - الوثيقة الختامية")


def test_tunis_out_of_order_bullets_are_flagged_not_moved(documents):
    doc = documents["tunis-wsis20-declaration"]
    assert [b.anchor for b in doc.blocks if b.parent == "u6"] == [f"u6-b{k}" for k in range(1, 12)]
    assert [w.line for w in doc.warnings] == [27]


def test_no_extraction_markup_left_in_text(documents):
    for slug in COUNTS:
        for block in documents[slug].blocks:
            assert "**" not in block.text and "](#)" not in block.text and "⁽" not in block.text
            assert "^(" not in block.text
