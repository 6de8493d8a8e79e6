"""The fidelity report: words, what each fixer changed, what is unknown or doubtful, what is left."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT, SEEDS, SLUGS, run_build
from qararat.fidelity import (
    DEFECTS, changed_words, displayed_texts, fidelity, fidelity_report, is_known, load_lexicon, residual_defects,
)
from qararat.model import Block, BlockKind, Span
from qararat.parse import parse
from qararat.read import read_source
from test_repair_fixers import repaired_source

OWN = [slug for slug in SLUGS if slug != "a-74-821"]
NONE_LEFT = dict.fromkeys(DEFECTS, 0)


# The damaged report is parsed only by the command's test below: its parse is the costly one.
@pytest.fixture(scope="module")
def raw():
    return {slug: parse(read_source(SEEDS / f"{slug}.txt")) for slug in OWN}


@pytest.fixture(scope="module")
def repaired():
    return {slug: parse(repaired_source(slug)) for slug in OWN}


# What the displayed text carried before the repair stage existed, kind by kind.
RAW_DEFECTS = {
    "a-res-80-173": {"tatweel": 921, "latin-in-word": 5, "cjk": 6, "persian": 5, "fullwidth": 1},
    "itu-cwg-wsis-sdg-2024": {"tatweel": 1, "persian": 1},   # بشـأن (l.75), the label ھ (l.28)
    "a-res-67-195": {},
    "tunis-wsis20-declaration": {},
}


@pytest.mark.parametrize("slug", OWN)
def test_the_detectors_find_the_defects_of_the_raw_text(raw, slug):
    assert residual_defects(displayed_texts(raw[slug])) == NONE_LEFT | RAW_DEFECTS[slug]


@pytest.mark.parametrize("slug", OWN)
def test_no_defect_is_left_in_the_displayed_text(repaired, slug):
    assert residual_defects(displayed_texts(repaired[slug])) == NONE_LEFT


# Each defect STRUCTURE.md lists, as the extraction spells it; none may be displayed after repair.
LISTED = {
    "a-res-80-173": ["الإنترن特", "الإنترنط", "الإنترنٌت", "الإنترنست", "ـ", "特", "تiéتهم", "النواuges", "الأكademية",
                     "الأكademie", "Rowe", "(D-21)", "ی", "，", "للجتماع", "الخاتمة", "إن نشير", "المعون", "نعيّد",
                     "متحاور", "ومحملة", "بتسيير", "مصري", "التعاوه", "79 - شدد"],
    "itu-cwg-wsis-sdg-2024": ["\xa0", "\u2011", "ھ", "GDC))", "UNGIS))", "[bookmark", "الفقرات 82"],
    "a-res-67-195": [],
    "tunis-wsis20-declaration": [],
}


@pytest.mark.parametrize("slug", OWN)
def test_no_listed_defect_is_displayed(raw, repaired, slug):
    before = " ".join(displayed_texts(raw[slug]) + list(raw[slug].raw_lines))
    after = " ".join(displayed_texts(repaired[slug]))
    for defect in LISTED[slug]:
        assert defect in before, defect   # the list is of real defects of this text
        assert defect not in after, defect


def test_the_tatweel_of_the_label_he_is_not_a_defect():
    assert residual_defects(["هـ", "(هـ)"])["tatweel"] == 0
    assert residual_defects(["الـمـهـارـات", "هـذا"])["tatweel"] == 5


LATIN_CASES = [("تiéتهم", 1), ("النواuges.", 1), ("والأكademية،", 1), ("وA/RES/70/1", 0), ("(GDC)", 0),
               ("والشراكWeProtectالشراكا", 1), ("CWG-WSIS&SDG", 0)]


@pytest.mark.parametrize("text, count", LATIN_CASES)
def test_latin_letters_inside_arabic_words(text, count):
    assert DEFECTS["latin-in-word"](text) == count


CHANGED = [("الإنترنط،", "الإنترنت،", 1), ("معربط", "مع ربط", 1), ("القرار\xa01332", "القرار 1332", 1),
           ("a b c", "a x c", 1), ("إن نشير", "إذ نشير", 1), ("a", "a", 0)]


@pytest.mark.parametrize("before, after, count", CHANGED)
def test_words_a_change_touched(before, after, count):
    assert changed_words(before, after) == count


def test_a_word_is_known_with_or_without_its_clitics():
    lexicon = {"تنمية", "مجتمع"}
    assert is_known("والتنمية", lexicon) and is_known("لمجتمع", lexicon) and is_known("التَّنمية", lexicon)
    assert not is_known("تiéتهم", lexicon)


def test_without_the_repair_lexicon_the_clean_texts_vocabulary_is_used(monkeypatch, repaired):
    monkeypatch.setitem(sys.modules, "qararat.repair.lexicon", None)
    lexicon = load_lexicon(list(repaired.values()))
    assert "تكنولوجيات" in lexicon and "يوقّره" not in lexicon and "للجتماع" not in lexicon
    assert fidelity(repaired["a-res-67-195"], lexicon).unknown == 0


def test_the_figures_of_a_repaired_text(repaired):
    doc = repaired["a-res-80-173"]
    figures = fidelity(doc, {"الإنترنت"})
    assert figures.by_fixer == {"drop_tatweel": 239, "fix_internet_spellings": 37, "replace_farsi_yeh": 5,
                                "replace_fullwidth_punctuation": 1}
    assert figures.corrected == 114 and figures.uncertain == 50 and figures.check_failed == 0
    assert figures.residual == NONE_LEFT


def test_units_failing_the_forward_check_are_counted(repaired):
    doc = repaired["tunis-wsis20-declaration"]
    flagged = Block(BlockKind.PARAGRAPH, "x", (Span("نص"),), (1,), flags=("forward-check-failed",))
    doc = type(doc)(**{**doc.__dict__, "blocks": doc.blocks + (flagged,)})
    assert fidelity(doc, set()).check_failed == 1


def test_the_report_has_a_row_per_document(repaired):
    report = fidelity_report([repaired[slug] for slug in OWN])
    rows = {line.split()[0]: line.split() for line in report.splitlines()[1:5]}
    assert set(rows) == set(OWN)
    words, fixed, corrected = (int(x) for x in rows["a-res-80-173"][1:4])
    assert (fixed, corrected) == (282, 114) and words > 8000
    assert rows["tunis-wsis20-declaration"][2:4] == ["0", "0"]
    assert "  a-res-80-173: drop_tatweel 239, fix_internet_spellings 37" in report


def test_the_command_prints_the_report():
    result = run_build(ROOT, "fidelity")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:7] == ["document", "words", "fixed", "corrected", "unknown",
                                                        "uncertain", "check-failed"]
    assert sum(1 for slug in SLUGS if f"\n{slug} " in result.stdout) == 5
