"""Reviewed corrections: read from seeds/corrections, checked against the text, applied, explained."""
from __future__ import annotations

import re

import pytest

from conftest import SEEDS, SLUGS
from qararat.errors import BuildError
from qararat.model import Repair
from qararat.parse import parse
from qararat.read import read_source
from qararat.repair import fix_text, repair_source
from qararat.repair.corrections import (
    CORRECTION_FIXER, CORRECTIONS_DIR, Correction, Corrections, applies_to, apply_corrections, read_corrections,
)
from test_repair_fixers import repaired_source

OWN = [slug for slug in SLUGS if slug != "a-74-821"]


@pytest.fixture(scope="module")
def repaired():
    return {slug: repaired_source(slug) for slug in OWN}


@pytest.fixture(scope="module")
def docs(repaired):
    return {slug: parse(source) for slug, source in repaired.items()}


def test_every_document_but_the_damaged_report_has_a_corrections_file():
    for slug in OWN:
        assert (CORRECTIONS_DIR / f"{slug}.yml").exists()
    assert not applies_to(read_source(SEEDS / "a-74-821.txt").meta)


def test_how_many_corrections_and_doubts_each_text_has():
    found = {slug: (len(read_corrections(CORRECTIONS_DIR, slug).corrections),
                    len(read_corrections(CORRECTIONS_DIR, slug).doubts)) for slug in OWN}
    assert found == {"a-res-80-173": (112, 50), "a-res-67-195": (0, 3),
                     "itu-cwg-wsis-sdg-2024": (0, 0), "tunis-wsis20-declaration": (0, 1)}


def test_each_correction_is_recorded_where_it_stands(repaired):
    source = repaired["a-res-80-173"]
    records = [r for r in source.repairs if r.fixer == CORRECTION_FIXER]
    entries = read_corrections(CORRECTIONS_DIR, "a-res-80-173").corrections
    assert records == [Repair(CORRECTION_FIXER, c.line, c.raw, c.reading) for c in entries]
    for c in entries:
        assert c.reading in source.lines[c.line - 1]


# Readings as a reader now reads them: (document, unit, words of the repaired text).
READINGS = [
    ("a-res-80-173", "u1", "تعتمد الوثيقة الختامية للاجتماع الرفيع المستوى"),
    ("a-res-80-173", "pp1", "إذ نشير إلى الوثيقة الختامية للاجتماع الرفيع المستوى"),
    ("a-res-80-173", "pp2", "وإذ نعيد تأكيد قرار الجمعية العامة 1/70 المؤرخ 25 أيلول/سبتمبر 2015، المعنون"),
    ("a-res-80-173", "p1", "لبناء مجتمع معلومات متمحور حول الناس وشامل للجميع وموجه نحو التنمية"),
    ("a-res-80-173", "p1", "في تعزيز تنميتهم المستدامة"),
    ("a-res-80-173", "pp7", "اللجنة المعنية بتسخير العلم والتكنولوجيا"),
    ("a-res-80-173", "pp7", "ومساهمات ميسري مسارات عمل القمة"),
    ("a-res-80-173", "p67", "بتنفيذ هذه النواتج."),
    ("a-res-80-173", "p79", "نشدد على أهمية ضمان"),
    ("a-res-80-173", "p79", "مشاركة كاملة ومتساوية وهادفة في العصر الرقمي"),
    ("a-res-80-173", "p99", "نقرر أن يصبح منتدى إدارة الإنترنت هيئة دائمة"),
    ("a-res-80-173", "p105", "والأوساط التقنية والأكاديمية، كل في إطار دوره"),
    ("a-res-80-173", "p113", "مع ربط مسارات عمل القمة العالمية بغايات أهداف التنمية المستدامة ذات الصلة "
                             "والتزامات التعاهد الرقمي العالمي"),
    ("a-res-80-173", "p119", "والشباب والأوساط التقنية والأكاديمية والمنظمات الدولية"),
    ("a-res-80-173", "fn11", "انظر القرار 2200 ألف (د-21)، المرفق."),
]


@pytest.mark.parametrize("slug, anchor, words", READINGS)
def test_the_page_reads_the_correction(docs, slug, anchor, words):
    doc = docs[slug]
    unit = doc.footnote(int(anchor[2:])) if anchor.startswith("fn") else doc.block(anchor)
    assert words in unit.text


# Where a reason quotes a word "«…» في السطر N" (or "السطرين N وM"), the word stands on that line of
# the repaired text: the evidence a correction gives is checked, not just written down.
EVIDENCE = re.compile(r"«([^»]+)» (?:كما )?في (?:(تقرير الاتحاد الدولي للاتصالات|إعلان تونس|A/RES/67/195)، )?"
                      r"(?:الحاشية \d+، )?السطر(?:ين)? (\d+)(?: و(\d+))?")
OTHER_TEXTS = {"تقرير الاتحاد الدولي للاتصالات": "itu-cwg-wsis-sdg-2024", "إعلان تونس": "tunis-wsis20-declaration",
               "A/RES/67/195": "a-res-67-195"}


def test_every_quoted_piece_of_evidence_stands_on_the_line_it_names(repaired):
    quotes = 0
    for slug in OWN:
        for c in read_corrections(CORRECTIONS_DIR, slug).corrections:
            for quote, other, first, second in EVIDENCE.findall(c.reason):
                lines = repaired[OTHER_TEXTS[other] if other else slug].lines
                for number in filter(None, (first, second)):
                    for piece in quote.split(" ... "):
                        assert piece in lines[int(number) - 1], f"{slug} line {c.line}: «{piece}» not on {number}"
                quotes += 1
    assert quotes >= 112


def test_no_correction_rewrites_what_the_texts_do_not_attest():
    """Every correction quotes its evidence: a line of the corpus where the word stands."""
    for c in read_corrections(CORRECTIONS_DIR, "a-res-80-173").corrections:
        assert EVIDENCE.search(c.reason), c


def test_doubts_leave_the_word_as_extracted(repaired, docs):
    source = repaired["a-res-67-195"]
    for d in read_corrections(CORRECTIONS_DIR, "a-res-67-195").doubts:
        assert d.raw in source.lines[d.line - 1] and d.raw in source.raw_lines[d.line - 1]
    assert docs["a-res-67-195"].block("p22").text.startswith("تحت في هذا الصدد المجتمع الدولي")
    assert "٢٧٠/٥٧ بء" in docs["a-res-67-195"].block("pp1").text


# ---------------------------------------------------------------- the build rejects bad entries

BAD_FILES = [
    # (file content, line of the entry, what the message says)
    ("corrections:\n  - line: 17\n    raw: للاجتماعات\n    reading: للاجتماع\n    reason: x\n",
     2, "'للاجتماعات' is not on that line"),
    ("corrections:\n  - line: 19\n    raw: المستوى\n    reading: المستويات\n    reason: x\n",
     2, "stands 2 times on that line"),
    ("corrections:\n  - line: 900\n    raw: أ\n    reading: ب\n    reason: x\n",
     2, "the text has only 371 lines"),
    ("corrections:\n  - line: 17\n    raw: تعتمد\n    reason: x\n", 2, "missing reading"),
    ("corrections:\n  - line: 17\n    raw: تعتمد\n    reading: تعتمد\n    reason: x\n", 2, "the raw span itself"),
    ("corrections:\n  - line: x\n    raw: تعتمد\n    reading: يعتمد\n    reason: x\n", 2, "not a line number"),
    ("corrections: []\ndoubts:\n  - line: 17\n    raw: غير موجود\n    reason: x\n", 3, "doubt on line 17"),
    ("fixes: []\n", 1, "unknown section 'fixes'"),
    ("corrections:\n  - [17, a]\n", 2, "an entry must be a mapping"),
]


@pytest.mark.parametrize("content, line, message", BAD_FILES)
def test_a_bad_entry_stops_the_build_saying_where(tmp_path, content, line, message):
    folder = tmp_path / "seeds" / "corrections"
    folder.mkdir(parents=True)
    (folder / "a-res-80-173.yml").write_text(content, encoding="utf-8")
    with pytest.raises(BuildError) as error:
        repair_source(read_source(SEEDS / "a-res-80-173.txt"), corrections_dir=folder)
    problems = [str(p) for p in error.value.problems]
    assert any(p.startswith(f"seeds/corrections/a-res-80-173.yml:{line}: error:") and message in p
               for p in problems), problems


def test_every_bad_entry_is_reported_at_once():
    lines = tuple(fix_text(line) for line in read_source(SEEDS / "a-res-80-173.txt").lines)
    bad = Corrections("seeds/corrections/x.yml", (Correction(17, "غير موجود", "نعم", "r", 3),
                                                     Correction(19, "غير موجود", "نعم", "r", 8)))
    with pytest.raises(BuildError) as error:
        apply_corrections(lines, bad)
    assert [p.line for p in error.value.problems] == [3, 8]


def test_without_a_file_a_document_has_no_corrections(tmp_path):
    source = read_source(SEEDS / "a-res-67-195.txt")
    assert repair_source(source, corrections_dir=tmp_path).repairs == ()
