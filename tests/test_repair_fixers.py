"""The generic fixers, one by one on real lines, and the repair stage that runs them."""
from __future__ import annotations

import doctest
import functools
import inspect
import sys
from pathlib import Path
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, SLUGS
from qararat.errors import BuildError
from qararat.model import Repair
from qararat.parse import parse
from qararat.read import read_source
from qararat.repair import change_records, fix_line, fix_text, repair_broken_font, repair_source, replay
from qararat.repair import fixers
from qararat.repair.fixers import ACTS_ON, FIXERS

# The damaged report's own repair (line order, broken font) is tested with it; here it is a stub.
OWN = [slug for slug in SLUGS if slug != "a-74-821"]

# (fixer, input, expected, what the case shows). Inputs are spans of the seeds, as extracted.
CASES = [
    ("replace_nbsp", "القرار\xa01332 (المعدَّل عام 2024)", "القرار 1332 (المعدَّل عام 2024)", "itu l.70"),
    ("replace_nbsp", "أ )\tالقرار 140", "أ )\tالقرار 140", "TAB is a separator, not a space to fix"),
    ("replace_nonbreaking_hyphen", "CWG‑WSIS&SDG-40/INF/5", "CWG-WSIS&SDG-40/INF/5", "itu l.35"),
    ("replace_nonbreaking_hyphen", "الواردة في الفقرات 82‑29 من برنامج عمل تونس",
     "الواردة في الفقرات 29-82 من برنامج عمل تونس", "itu l.107: the range keeps its displayed order"),
    ("replace_nonbreaking_hyphen", "للفترة 2023-2024", "للفترة 2023-2024", "a plain hyphen is left alone"),
    ("replace_fullwidth_punctuation", "خطة التنمية المستدامة لعام 2030”，", "خطة التنمية المستدامة لعام 2030”،",
     "80/173 l.23"),
    ("replace_fullwidth_punctuation", "لعام 2030، المعنون", "لعام 2030، المعنون", "Arabic comma left alone"),
    ("replace_farsi_yeh", "والدرایة الرقمية", "والدراية الرقمية", "80/173 l.144"),
    ("replace_farsi_yeh", "غایيات ومؤشرات", "غاييات ومؤشرات", "80/173 l.339: only the Persian letter"),
    ("replace_farsi_yeh", "في", "في", "Arabic yeh left alone"),
    ("replace_heh_doachashmee", "ھ )\tمساهمة الاتحاد", "هـ )\tمساهمة الاتحاد", "itu l.28: a list label"),
    ("replace_heh_doachashmee", "هـ )\tالقرار 200", "هـ )\tالقرار 200", "Arabic heh left alone"),
    ("drop_tatweel", "مستـندة إلى إطار مسارات العمل الذي وضعـ في القمة",
     "مستندة إلى إطار مسارات العمل الذي وضع في القمة", "80/173 l.132"),
    ("drop_tatweel", "أـتاحت طرقـاً", "أتاحت طرقاً", "80/173 l.134: after a letter that does not join"),
    ("drop_tatweel", "هـ )\tإعلان المبادئ", "هـ )\tإعلان المبادئ", "itu l.114: the label هـ"),
    ("drop_tatweel", "ـ" * 114, "ـ" * 114, "itu l.14: a rule is furniture"),
    ("fix_internet_spellings", "خطاب الكراهية على الإنترن特 والتخفيف", "خطاب الكراهية على الإنترنت والتخفيف",
     "80/173 l.240"),
    ("fix_internet_spellings", "إدارة الإنترنٌت", "إدارة الإنترنت", "80/173 l.283, heading h14"),
    ("fix_internet_spellings", "لإدارة الإنترنست والأنشطة", "لإدارة الإنترنت والأنشطة", "80/173 l.315"),
    ("fix_internet_spellings", "كل مدرسة بالإنترنط", "كل مدرسة بالإنترنت", "with a prefix"),
    ("fix_internet_spellings", "لإنترنت الأشياء", "لإنترنت الأشياء", "80/173 l.150: right as it is"),
    ("restore_mirrored_parentheses", "الميثاق الرقمي العالمي GDC))، بمشاركة", "الميثاق الرقمي العالمي (GDC)، بمشاركة",
     "itu l.35"),
    ("restore_mirrored_parentheses", "الوثيقة CWG-WSIS&SDG-39/14)،", "الوثيقة CWG-WSIS&SDG-39/14)،",
     "itu l.33: one closing parenthesis is not mirrored"),
]


@pytest.mark.parametrize("name, before, after, why", CASES)
def test_fixer_case(name, before, after, why):
    assert FIXERS[name](before) == after, why


@pytest.mark.parametrize("name, before, after, why", CASES)
def test_fixer_is_idempotent(name, before, after, why):
    assert FIXERS[name](FIXERS[name](before)) == FIXERS[name](before)


def test_every_fixer_is_in_the_table_has_cases_and_a_docstring_example():
    functions = {name for name, f in inspect.getmembers(fixers, inspect.isfunction)
                 if f.__module__ == fixers.__name__ and not name.startswith("_")}
    assert set(FIXERS) == functions
    assert {case[0] for case in CASES} == set(FIXERS)
    for name, fixer in FIXERS.items():
        assert ">>> " + name in fixer.__doc__ and "left alone" in fixer.__doc__.lower(), name


def test_docstring_examples_run():
    result = doctest.testmod(fixers)
    assert result.failed == 0 and result.attempted >= 2 * len(FIXERS)


def has_what_it_acts_on(name: str, text: str) -> bool:
    return any(what in text for what in ACTS_ON[name])


@pytest.mark.parametrize("name, before, after, why", [case for case in CASES if case[1] != case[2]])
def test_what_a_fixer_changes_is_what_the_repair_stage_runs_it_on(name, before, after, why):
    """The repair stage runs a fixer only on a line with something it acts on (ACTS_ON)."""
    assert has_what_it_acts_on(name, before), why
    assert fix_text(before) != before, why


def test_every_fixer_says_what_it_acts_on():
    assert set(ACTS_ON) == set(FIXERS) and all(ACTS_ON.values())


def test_a_fixer_leaves_every_line_without_what_it_acts_on_as_it_is():
    """On the real seeds: the lines the repair stage does not give a fixer are those it leaves alone."""
    skipped = 0
    for slug in SLUGS:
        for line in (SEEDS / f"{slug}.txt").read_text(encoding="utf-8").split("\n"):
            for name, fixer in FIXERS.items():
                if not has_what_it_acts_on(name, line):
                    skipped += 1
                    assert fixer(line) == line, (name, line)
    assert skipped > 500 * len(FIXERS)


# Arabic letters and marks, Latin letters, digits, spaces, tabs and the punctuation of the texts, with
# the characters the fixers act on and their neighbours (ن ط ت س, parentheses, hyphens).
NEAR_FIXERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىءأإآةئؤ\u064b\u064c\u0650ABCGDSW0123456789٠١٢ \t.,،؛؟()-/&\xa0\u2011，；？\u06cc\u06be\u0640特"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=NEAR_FIXERS, max_size=60), st.sampled_from(sorted(FIXERS)))
def test_no_fixer_changes_random_text_without_what_it_acts_on(text, name):
    assume(not has_what_it_acts_on(name, text))
    assert FIXERS[name](text) == text


def test_fixers_reach_a_fixed_point_on_every_line_of_every_seed():
    for slug in SLUGS:
        for line in (SEEDS / f"{slug}.txt").read_text(encoding="utf-8").split("\n"):
            once = fix_text(line)
            assert fix_text(once) == once
            assert fix_line(once, FIXERS) == []


def test_a_step_is_recorded_only_when_it_changes_the_line():
    steps = fix_line("منتدى إدارة الإنترنط هيئاً دائمة", FIXERS)
    assert steps == [("fix_internet_spellings", "منتدى إدارة الإنترنط هيئاً دائمة",
                      "منتدى إدارة الإنترنت هيئاً دائمة")]
    assert fix_line("منتدى إدارة الإنترنت", FIXERS) == []


def test_records_name_the_changed_words():
    before = "مما يتيحـ الحصول على المعلومات، وفي كثير من الحالـات"
    records = change_records("drop_tatweel", 132, before, fixers.drop_tatweel(before))
    assert records == [Repair("drop_tatweel", 132, "يتيحـ", "يتيح"), Repair("drop_tatweel", 132, "الحالـات", "الحالات")]


def test_records_fall_back_to_the_whole_line_when_words_cannot_replay():
    # The second "ab" changes, the first does not: replacing the first occurrence would be wrong.
    assert change_records("x", 1, "ab ab", "ab cd") == [Repair("x", 1, "ab ab", "ab cd")]
    assert change_records("x", 1, "ab ab", "cd ab") == [Repair("x", 1, "ab", "cd")]


@functools.lru_cache(maxsize=None)
def repaired_source(slug: str):
    """A seed through the repair stage, once per session: the other repair tests share it."""
    return repair_source(read_source(SEEDS / f"{slug}.txt"))


@pytest.fixture(scope="module")
def sources():
    return {slug: read_source(SEEDS / f"{slug}.txt") for slug in SLUGS}


@pytest.fixture(scope="module")
def repaired():
    return {slug: repaired_source(slug) for slug in SLUGS}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_record_replays_on_the_raw_lines(repaired, sources, slug):
    source = repaired[slug]
    assert source.raw_lines == sources[slug].lines
    assert len(source.lines) == len(source.raw_lines)
    assert replay(source.raw_lines, source.repairs) == source.lines
    assert all(r.before != r.after for r in source.repairs)


def test_what_each_fixer_changed_in_the_texts(repaired):
    counts = {slug: {} for slug in SLUGS}
    for slug, source in repaired.items():
        for r in source.repairs:
            counts[slug][r.fixer] = counts[slug].get(r.fixer, 0) + 1
    assert counts["a-res-80-173"] == {"replace_fullwidth_punctuation": 1, "replace_farsi_yeh": 5,
                                      "drop_tatweel": 239, "fix_internet_spellings": 37,
                                      "reviewed-correction": 112}
    assert counts["itu-cwg-wsis-sdg-2024"] == {"replace_nbsp": 167, "replace_nonbreaking_hyphen": 4,
                                               "replace_heh_doachashmee": 1, "drop_tatweel": 1,
                                               "restore_mirrored_parentheses": 3}
    assert counts["a-res-67-195"] == {} and counts["tunis-wsis20-declaration"] == {}
    # The four misspellings of الإنترنت, as many times as the text has each.
    internet = [r.before for r in repaired["a-res-80-173"].repairs if r.fixer == "fix_internet_spellings"]
    endings = {ending: sum(1 for word in internet if "إنترن" + ending in word)
               for ending in ("特", "ط", "\u064cت", "ست")}
    assert endings == {"特": 6, "ط": 19, "\u064cت": 10, "ست": 2} and len(internet) == 37


def test_the_tatweel_of_a_rule_and_of_the_label_he_survive(repaired):
    itu = repaired["itu-cwg-wsis-sdg-2024"]
    assert itu.lines[13] == itu.raw_lines[13] == "ـ" * 114
    assert itu.lines[27].endswith("هـ )\tمساهمة الاتحاد في الميثاق الرقمي العالمي (GDC) وعلاقته بعملية القمة "
                                  "العالمية لمجتمع المعلومات")


@pytest.mark.parametrize("slug", OWN)
def test_repair_leaves_the_structure_alone(sources, repaired, slug):
    before, after = parse(sources[slug]), parse(repaired[slug])
    assert before.anchors() == after.anchors()
    assert [b.lines for b in before.blocks] == [b.lines for b in after.blocks]
    assert after.raw_lines == sources[slug].lines and after.repairs == repaired[slug].repairs


def test_a_damaged_report_goes_to_the_broken_font_repair(monkeypatch, sources):
    calls = []

    def repair_lines(lines, corrections):
        calls.append((lines, corrections))
        return lines[:1] + ("مصلح",) + lines[2:], (Repair("map_broken_font_glyphs", 2, lines[1], "مصلح"),)

    fake = type(sys)("qararat.repair.broken_font")
    fake.repair_lines = repair_lines
    fake.load_corrections = lambda path: [path.name]
    monkeypatch.setitem(sys.modules, "qararat.repair.broken_font", fake)
    result = repair_source(sources["a-74-821"])
    assert calls and "\u0640" not in "".join(calls[0][0])  # generic fixers ran first
    assert calls[0][1] == ["a-74-821.yml"]                  # the document's own reviewed corrections
    assert result.lines[1] == "مصلح" and result.repairs[-1].fixer == "map_broken_font_glyphs"
    assert replay(result.raw_lines, result.repairs) == result.lines


def test_a_broken_font_repair_that_drops_lines_stops_the_build(monkeypatch):
    fake = type(sys)("qararat.repair.broken_font")
    fake.repair_lines = lambda lines, corrections: (lines[1:], ())
    fake.load_corrections = lambda path: []
    monkeypatch.setitem(sys.modules, "qararat.repair.broken_font", fake)
    with pytest.raises(BuildError, match="must keep every line in place"):
        repair_broken_font(("a", "b"), "seeds/a-74-821.txt", Path("seeds/corrections/a-74-821.yml"))


@pytest.mark.parametrize("slug", OWN)
def test_repairing_a_repaired_text_changes_nothing(repaired, tmp_path, slug):
    again = repair_source(replace(repaired[slug], raw_lines=()), corrections_dir=tmp_path)
    assert again.lines == repaired[slug].lines and again.repairs == ()
