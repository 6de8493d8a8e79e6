"""The generic fixers: small named `str -> str` functions, one defect each, run on every line.

Each fixer is deterministic, changes nothing a reader would call wording, and leaves a line it
has nothing to do with exactly as it was. The examples in the docstrings are real lines (or
parts of lines) of the seeds; they run as doctests.

Word-level readings that no rule can decide (a Latin word inside an Arabic one, a misspelling)
are not fixers: they are reviewed corrections, stored as data (see `corrections`).
"""
from __future__ import annotations

import re
from typing import Callable

TATWEEL = "\u0640"
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
ARABIC_MARK = "\u064b-\u0652"


def replace_nbsp(text: str) -> str:
    """No-break spaces (U+00A0) of a Word file become plain spaces.

    >>> replace_nbsp("القرار\\xa01332 (المعدَّل عام 2024)")
    'القرار 1332 (المعدَّل عام 2024)'

    Other spaces (TAB, which separates a label from its text) are left alone.
    """
    return text.replace("\xa0", " ")


# "82‑29" between Arabic words: a range typed with U+2011 (a bidi neutral), which an RTL line
# shows as "29‑82". With a plain hyphen the two numbers form one left-to-right run, so they
# are swapped to keep what the document showed.
_NUMBER_RANGE = re.compile(r"(?<![\w./\-\u2011])(\d+)\u2011(\d+)(?![\w/\-\u2011]|\.\d)")
_STRONG_CHAR = re.compile(f"[A-Za-z{ARABIC_LETTER}]")


def replace_nonbreaking_hyphen(text: str) -> str:
    """Non-breaking hyphens (U+2011) become '-'; a number range between Arabic words keeps its
    displayed order.

    >>> replace_nonbreaking_hyphen("للفريق CWG‑WSIS&SDG.")
    'للفريق CWG-WSIS&SDG.'
    >>> replace_nonbreaking_hyphen("الواردة في الفقرات 82‑29 من برنامج عمل تونس")
    'الواردة في الفقرات 29-82 من برنامج عمل تونس'

    A range after Latin text is not reordered by the display, so it is not swapped; plain
    hyphens are left alone:

    >>> replace_nonbreaking_hyphen("paragraphs 29‑82")
    'paragraphs 29-82'
    >>> replace_nonbreaking_hyphen("للفترة 2023-2024")
    'للفترة 2023-2024'
    """
    def swap(match: re.Match[str]) -> str:
        before = _STRONG_CHAR.findall(text[:match.start()])
        if before and not before[-1].isascii():
            return f"{match[2]}-{match[1]}"
        return f"{match[1]}-{match[2]}"

    return _NUMBER_RANGE.sub(swap, text).replace("\u2011", "-")


_FULLWIDTH = str.maketrans({"，": "،", "；": "؛", "？": "؟"})


def replace_fullwidth_punctuation(text: str) -> str:
    """CJK fullwidth punctuation becomes the Arabic mark it stands for.

    >>> replace_fullwidth_punctuation("“تحويل عالمنا: خطة التنمية المستدامة لعام 2030”，")
    '“تحويل عالمنا: خطة التنمية المستدامة لعام 2030”،'

    Arabic and ASCII punctuation are left alone.
    """
    return text.translate(_FULLWIDTH)


_FARSI_YEH_FINAL = re.compile(f"\u06cc(?![{ARABIC_LETTER}{ARABIC_MARK}{TATWEEL}])")


def replace_farsi_yeh(text: str) -> str:
    """Persian yeh (U+06CC) becomes the Arabic letter it is drawn as: yeh (U+064A) inside a
    word, alef maksura (U+0649) at its end, where Persian yeh has no dots.

    >>> replace_farsi_yeh("الشمول الرقمي والدرایة الرقمية")
    'الشمول الرقمي والدراية الرقمية'
    >>> replace_farsi_yeh("قضایا المساواة")
    'قضايا المساواة'
    >>> replace_farsi_yeh("فی")
    'فى'

    Arabic yeh and alef maksura are left alone.
    """
    return _FARSI_YEH_FINAL.sub("\u0649", text).replace("\u06cc", "\u064a")


_HEH_DOACHASHMEE_ALONE = re.compile(f"(?<![{ARABIC_LETTER}])\u06be(?![{ARABIC_LETTER}{TATWEEL}])")


def replace_heh_doachashmee(text: str) -> str:
    """Heh doachashmee (U+06BE, an Urdu letter) becomes Arabic heh; standing alone, as the
    fifth list label, it is written 'هـ' as the other labels of the same texts are.

    >>> replace_heh_doachashmee("ھ )\\tمساهمة الاتحاد في الميثاق الرقمي العالمي")
    'هـ )\\tمساهمة الاتحاد في الميثاق الرقمي العالمي'
    >>> replace_heh_doachashmee("ھذا")
    'هذا'

    Arabic heh (U+0647) is left alone.
    """
    return _HEH_DOACHASHMEE_ALONE.sub("هـ", text).replace("\u06be", "\u0647")


# The word for "the Internet" in A/RES/80/173 ends in four wrong ways besides the right one:
# a CJK character, ط, dammatan before ت, and an extra س. Only after "إنترن" and at a word's end.
_INTERNET_ENDING = re.compile(f"(?<=إنترن)(?:特|ط|\u064cت|ست)(?![{ARABIC_LETTER}])")


def fix_internet_spellings(text: str) -> str:
    """The misspelt endings of 'الإنترنت' become 'ت', with any prefix the word carries.

    >>> fix_internet_spellings("على الإنترن特، مع")
    'على الإنترنت، مع'
    >>> fix_internet_spellings("منتدى إدارة الإنترنط هيئاً دائمة")
    'منتدى إدارة الإنترنت هيئاً دائمة'
    >>> fix_internet_spellings("إدارة الإنترنٌت")
    'إدارة الإنترنت'
    >>> fix_internet_spellings("أمانة منتدى إدارة الإنترنست لتمكينها")
    'أمانة منتدى إدارة الإنترنت لتمكينها'
    >>> fix_internet_spellings("بالإنترنط")
    'بالإنترنت'

    Other words, and 'الإنترنت' itself, are left alone ('لإنترنت الأشياء' stays).
    """
    return _INTERNET_ENDING.sub("ت", text)


# The letter heh standing alone, with the tatweel that writes it as a list label or an
# abbreviation ("هـ )", "(هـ)"), is not justification.
_HEH_LABEL = re.compile(f"(?<![{ARABIC_LETTER}{TATWEEL}])ه{TATWEEL}(?![{ARABIC_LETTER}{TATWEEL}])")
_TATWEEL_RUN = re.compile(f"{TATWEEL}+")
_TATWEEL_RULE = re.compile(f"\\s*{TATWEEL}+\\s*")


def drop_tatweel(text: str) -> str:
    """Tatweel (U+0640) that stretches a word for justification is removed, wherever it
    stands in the word, including after letters that do not join, and in runs standing
    between words.

    >>> drop_tatweel("أـتاحت طرقـاً جديدة لتـقـيـر التعليم والـتـدـريـبـ في المـدارـسـ")
    'أتاحت طرقاً جديدة لتقير التعليم والتدريب في المدارس'
    >>> drop_tatweel("بـالـإـنـترـنـتـ بـحـلـولـ عـامـ 2030ـ.")
    'بالإنترنت بحلول عام 2030.'

    Left alone: the label 'هـ' (the letter heh written alone), and a line made only of
    tatweel, which is a rule (page furniture) and belongs to no word.

    >>> drop_tatweel("هـ )\\tالقرار 200")
    'هـ )\\tالقرار 200'
    >>> drop_tatweel("ــــــــــ")
    'ــــــــــ'
    """
    if _TATWEEL_RULE.fullmatch(text):
        return text
    return _TATWEEL_RUN.sub(_keep_heh_label, text)


def _keep_heh_label(match: re.Match[str]) -> str:
    start = match.start()
    is_label = match.group() == TATWEEL and start and _HEH_LABEL.match(match.string, start - 1)
    return match.group() if is_label else ""


# "GDC))" for "(GDC)": a Latin abbreviation in parentheses inside Arabic text whose opening
# parenthesis the extraction turned into a second closing one.
_MIRRORED_PARENTHESES = re.compile(r"(?<![(\w&\-])([A-Z][A-Za-z0-9&+\-]*)\)\)")


def restore_mirrored_parentheses(text: str) -> str:
    """'ABBR))' with no opening parenthesis becomes '(ABBR)'.

    >>> restore_mirrored_parentheses("الميثاق الرقمي العالمي GDC)) وعلاقته")
    'الميثاق الرقمي العالمي (GDC) وعلاقته'
    >>> restore_mirrored_parentheses("المعني بمجتمع المعلومات UNGIS)) للفترة 2023-2024")
    'المعني بمجتمع المعلومات (UNGIS) للفترة 2023-2024'

    Balanced parentheses, and a nested pair such as '(CWG-WSIS&SDG-39/14))', are left alone.

    >>> restore_mirrored_parentheses("(الوثيقة CWG-WSIS&SDG-39/14))")
    '(الوثيقة CWG-WSIS&SDG-39/14))'
    """
    return _MIRRORED_PARENTHESES.sub(r"(\1)", text)


Fixer = Callable[[str], str]

# Every generic fixer by name, in the order they run. Each runs on every document.
FIXERS: dict[str, Fixer] = {fixer.__name__: fixer for fixer in (
    replace_nbsp,
    replace_nonbreaking_hyphen,
    replace_fullwidth_punctuation,
    replace_farsi_yeh,
    replace_heh_doachashmee,
    drop_tatweel,
    fix_internet_spellings,
    restore_mirrored_parentheses,
)}

# What each fixer acts on: a fixer leaves a line without any of these as it is, so the repair stage runs it
# only on lines that have one (most lines of a clean text have nothing for any fixer). A new fixer says
# here what it acts on.
ACTS_ON: dict[str, tuple[str, ...]] = {
    "replace_nbsp": ("\xa0",),
    "replace_nonbreaking_hyphen": ("\u2011",),
    "replace_fullwidth_punctuation": tuple(chr(code) for code in _FULLWIDTH),
    "replace_farsi_yeh": ("\u06cc",),
    "replace_heh_doachashmee": ("\u06be",),
    "drop_tatweel": (TATWEEL,),
    "fix_internet_spellings": ("إنترن",),
    "restore_mirrored_parentheses": ("))",),
}
