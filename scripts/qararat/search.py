"""Stage `search`: a Pagefind index whose results are citable paragraphs.

Each citable unit of a document (a block or footnote with a citation label in `/data/<slug>.json`,
the same label and reading text its page shows) is one record whose address is `/<slug>/#<anchor>`,
so a result lands on the paragraph and shows how to cite it. The records are made from the document's
data when its other files are rendered (`section_pages`), not from the built pages: parsing hundreds
of kilobytes of HTML per document cost most of this stage. Pagefind then runs over those pages while
MkDocs builds the site (`start_index`, `finish_index`).

Pagefind indexes consecutive records of a document together, as one page per section of about
SECTION_WORDS words: its metadata file, which every query loads whole, lists every indexed page,
and at a page per paragraph it outgrew the query itself (774 KB for 150,000 paragraphs). The search
box splits a section back into its paragraphs (each is an element with the unit's id, and the
section's `units` metadata gives each one's label and word counts) and shows the paragraphs that
answer every word of the query (docs/assets/search.js).

Measured in the browser on these texts (tests/test_search.py holds the query table):
- Pagefind by itself keeps apart forms a reader means as one word: «إعلان» does not find «الإعلان» or
  «والإعلان», «الدولى» does not find «الدولي», «التنميه» does not find «التنمية», «70/125» does not find «125/70».
- Its Arabic stemmer (Snowball) merges unrelated words: with it «المرأة» returned 58 paragraphs, of which 7
  have the word, and «مسئولية» 24, of which 2 have it.
So the records are indexed without a stemmer (no `lang` on the record pages), and every record carries,
after the text readers see, the normalised keys of its words (`word_keys`) and the other written forms of
the UN symbols it cites (`symbol_forms`). The search box keys a query the same way (docs/assets/search.js
mirrors `search_key` and `particle_key`). Readers never see those keys: excerpts are cut from the text.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cite import MARGIN_LABEL_MAX
from .errors import BuildError
from .model import Problem

# ---------------------------------------------------------------- normalisation (mirrored in search.js)

DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")   # harakat, Quranic marks, tatweel
LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",       # hamza and madda on alef
    "ى": "ي", "ی": "ي", "ئ": "ء",                  # alef maqsura, Farsi yeh; hamza on yeh as on waw
    "ؤ": "ء",                                       # hamza on waw
    "ة": "ه", "ھ": "ه",                             # ta marbuta, heh doachashmee
    "ک": "ك",
    **{chr(0x0660 + i): str(i) for i in range(10)},   # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},   # Extended Arabic-Indic digits
})
# The article with what attaches before it: ال، وال، فال، بال، كال، لل، وبال، ولل، فلل ... (before folding)
ARTICLE = re.compile(r"^[وف]?(?:[بك]?ال|لل)(?=..)")
# A single attached conjunction or preposition (و، ف، ب، ك، ل), possibly two (وب، فل).
PARTICLE = re.compile(r"^[وف]?[بكل]?(?=...)")
ARABIC_WORD = re.compile(r"[\u0600-\u06ff]")
WORD = re.compile(r"[\w\u064b-\u065f\u0670]+")   # letters, digits, tatweel and harakat; not ، or ؛


def normalise(word: str) -> str:
    """Letters, digits and marks that Arabic writes in several ways, reduced to one.

    'الإعلانُ' -> 'الاعلان'; 'مسئولية' -> 'مسءولية'; 'الدولى' -> 'الدولي'; '١٢٥' -> '125'."""
    return DIACRITICS.sub("", word).translate(LETTERS).lower()


def search_key(word: str) -> str:
    """The form a word is looked up by: the article and what attaches before it removed, then normalised.

    'والإعلان' -> 'اعلان'; 'للتنمية' -> 'تنميه'; 'فالتنمية' -> 'تنميه'; 'وزارة' -> 'وزاره'. The article goes
    before the alef forms are merged, so 'آلية' (آ, not ال) keeps its first letters: 'اليه'."""
    return ARTICLE.sub("", DIACRITICS.sub("", word)).translate(LETTERS).lower()


def particle_key(key: str) -> str:
    """A key without a single attached particle: 'واعلان' -> 'اعلان', 'بتنميه' -> 'تنميه'.

    Whether the first letter is a particle or part of the word ('وزاره') cannot be told without a
    lexicon, so this form is only ever added beside the key, never instead of it."""
    return PARTICLE.sub("", key)


def bare_key(key: str) -> str:
    """A key as a query typed without hamza reads it: 'الكترونيه' (from إلكترونية or الإلكترونية) ->
    'كترونيه', which is what «الكترونية» typed bare is keyed as."""
    return ARTICLE.sub("", key)


def word_keys(text: str) -> list[str]:
    """The extra forms to index for `text`: each Arabic word's key, bare key and particle-less key,
    where they differ from what the text already says, without repeats."""
    keys: dict[str, None] = {}
    for word in WORD.findall(text):
        keys.update(dict.fromkeys(word_forms(word)))
    return list(keys)


@lru_cache(maxsize=1 << 18)   # a corpus says the same words again and again: each is keyed once
def word_forms(word: str) -> tuple[str, ...]:
    """An Arabic word's key, bare key and particle-less key, those that differ from the word."""
    if not ARABIC_WORD.search(word):
        return ()
    key = search_key(word)
    return tuple(form for form in dict.fromkeys((key, bare_key(key), particle_key(key)))
                 if form != word and len(form) > 1)


# ---------------------------------------------------------------- UN symbols

RESOLUTION = re.compile(r"\bA/(?:RES/)?(\d{1,3})/(\d{1,4})\b")
PAIR = re.compile(r"(?<![\w/.])(\d{1,4})/(\d{1,4})(?![\w/])")
LAST_SESSION = 90   # above this, a number is a resolution's number, not a General Assembly session


def symbol_forms(text: str) -> list[str]:
    """Every way the texts write the UN symbols that `text` cites.

    '… قرارها 125/70 …' -> ['70/125', '125/70', 'A/RES/70/125']: the Arabic order puts the number first;
    'A/70/125' cites the same resolution; ECOSOC '46/2006' is also written '2006/46'."""
    text = normalise(text).replace("a/res/", "A/RES/").replace("a/", "A/")
    forms: dict[str, None] = {}
    for session, number in RESOLUTION.findall(text):
        for form in (f"A/RES/{session}/{number}", f"A/{session}/{number}", f"{session}/{number}",
                     f"{number}/{session}"):
            forms[form] = None
    for first, second in PAIR.findall(text):
        a, b = int(first), int(second)
        if len(first) == 4 or len(second) == 4:
            forms[f"{first}/{second}"] = forms[f"{second}/{first}"] = None
            continue
        session, number = (a, b) if b > LAST_SESSION else (b, a)
        for form in (f"{session}/{number}", f"{number}/{session}", f"A/RES/{session}/{number}"):
            forms[form] = None
    return list(forms)


# ---------------------------------------------------------------- records from the built data files

@dataclass(frozen=True)
class Record:
    url: str            # "/a-res-80-173/#p99"
    label: str          # "A/RES/80/173، الفقرة 99"
    document: str       # the document's short title (the filter)
    text: str           # what the reader reads, as one line
    keys: str           # the hidden forms, appended after the text

    @property
    def document_url(self) -> str:
        return self.url.partition("#")[0]

    @property
    def anchor(self) -> str:
        return self.url.partition("#")[2]

    @property
    def words(self) -> int:
        return len(self.text.split())


def data_records(site_dir: Path) -> list[Record]:
    """The records of every document, read from the data files (/data/<slug>.json) of a built site."""
    records = []
    for data_file in sorted((site_dir / "data").glob("*.json")):
        if data_file.stem != "corpus" and not data_file.name.endswith(".repairs.json"):
            records += document_records(json.loads(data_file.read_text(encoding="utf-8")))
    return records


def document_records(data: dict) -> list[Record]:
    """The records of one document, from its data (what /data/<slug>.json holds): each unit with a
    citation label, its reading text (no deletions, no footnote markers) as the page shows it."""
    records = []
    for unit in [*data["blocks"], *data["footnotes"]]:
        if "cite" not in unit:
            continue
        number = unit.get("number")
        label = f"{number}: " if isinstance(number, str) and len(number) > MARGIN_LABEL_MAX else ""
        text = " ".join((label + unit["text"]).split())
        if text:
            keys = " ".join(word_keys(text) + symbol_forms(text))
            records.append(Record(f"/{data['slug']}/#{unit['anchor']}", unit["cite"]["ar"], data["short_title"],
                                  text, keys))
    return records


# ---------------------------------------------------------------- the index

SECTION_WORDS = 600   # reading words per indexed page: fewer pages, but each result loads its whole section


def sections(records: list[Record]) -> list[list[Record]]:
    """Consecutive records of one document, about SECTION_WORDS reading words at a time."""
    out: list[list[Record]] = []
    words = 0
    for record in records:
        if not out or words >= SECTION_WORDS or out[-1][0].document_url != record.document_url:
            out.append([])
            words = 0
        out[-1].append(record)
        words += record.words
    return out


def section_page(section: list[Record]) -> str:
    """The page Pagefind indexes for a section: each record's text then its hidden keys, in an element
    with the unit's id; each unit's address, label and word counts are metadata, outside the indexed body.
    No `lang`: no stemmer (see above)."""
    def esc(value: str) -> str:
        return html.escape(value, quote=True)
    units = [[record.anchor, record.label, record.words, len(record.keys.split())] for record in section]
    body = "".join(f'<div id="{esc(r.anchor)}"><p>{esc(r.text)}</p><p>{esc(r.keys)}</p></div>' for r in section)
    return (f'<!doctype html><html><head><meta charset="utf-8"></head>'
            f'<body><main data-pagefind-body>{body}</main>'
            f'<div data-pagefind-meta="address">{esc(section[0].document_url)}</div>'
            f'<div data-pagefind-meta="units">{esc(json.dumps(units, ensure_ascii=False))}</div>'
            f'<div data-pagefind-filter="document">{esc(section[0].document)}</div></body></html>')


SEARCH_PAGES = "search-pages"   # generated files under this folder are Pagefind's input, not pages of the site


def section_pages(data: dict) -> dict[str, str]:
    """A document's pages for Pagefind, from its data: search-pages/<slug>/<n>.html. Rendered with the
    document's other files, so a rebuild indexes an unchanged document without keying its words again."""
    return {f"{SEARCH_PAGES}/{data['slug']}/{number}.html": section_page(section)
            for number, section in enumerate(sections(document_records(data)))}


class Indexing:
    """Pagefind running over the section pages while the site is built: started by `start_index`, waited
    for by `finish_index`; `seconds` is how long it ran."""

    def __init__(self, command: list[str]):
        self.started = time.perf_counter()
        self.seconds = 0.0
        self.printed = ""
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.waiter = threading.Thread(target=self.wait_for_exit, daemon=True)
        self.waiter.start()

    def wait_for_exit(self) -> None:
        self.printed, _ = self.process.communicate()
        self.seconds = time.perf_counter() - self.started

    def stop(self) -> None:
        """Stop it (the build failed elsewhere); nothing if it has finished."""
        self.process.kill()
        self.waiter.join()


def start_index(pages_dir: Path, output: Path) -> Indexing:
    """Start the Pagefind binary (shipped by the `pagefind[extended]` package) over the section pages of
    every document, writing the index into `output`. It needs nothing of the built site, so it runs
    while MkDocs builds it."""
    if not any(pages_dir.rglob("*.html")):
        raise BuildError([Problem(str(pages_dir), None, "search: no citable unit to index")])
    shutil.rmtree(output, ignore_errors=True)
    return Indexing([sys.executable, "-m", "pagefind", "--site", str(pages_dir.resolve()),
                     "--output-path", str(output.resolve()), "--quiet"])


def finish_index(indexing: Indexing, output: Path, site_dir: Path) -> None:
    """Wait for Pagefind, then move its index into the built site as `pagefind/`."""
    indexing.waiter.join()
    if indexing.process.returncode != 0:
        raise BuildError([Problem(str(output), None, f"search: Pagefind failed:\n{indexing.printed.strip()}")])
    output.rename(site_dir / "pagefind")
