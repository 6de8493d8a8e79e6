"""Stage `search`: a static index whose results are citable paragraphs.

Each citable unit of a document (a block or footnote with a citation label in `/data/<slug>.json`,
the same label and reading text its page shows) is one record whose address is `/<slug>/#<anchor>`,
so a result lands on the paragraph and shows how to cite it. Consecutive records of a document make a
section of about SECTION_WORDS words. The index is made from the documents' data files by
`write_index`, while MkDocs builds the site (the search stage). The site holds, under /search/:

- `sections/<slug>/<n>.json`: a section's units: anchor, label, reading text, hidden keys;
- `index/<hash>.json`: chunks of the sorted forms, each form with the sections that have it and how often;
- `meta.json`: the documents (slug, number of sections, title) and the first form of each chunk.

A query loads the meta, the chunks of its words only, then the sections it shows, a few at a time
(docs/assets/search.js); its cost does not grow with the corpus the way a single index file would.
Pagefind did this job before: at a thousand documents it needed 4.3 GB and 72 s to index and a query
loaded 240 KB, because it keeps every page's words in memory and lists every indexed page in a
file each query loads.

Measured in the browser on these texts (tests/test_search.py holds the query table), a reader means
one word by many written forms: «إعلان» should find «الإعلان» and «والإعلان», «الدولى» «الدولي»,
«التنميه» «التنمية», «70/125» «125/70»; and a stemmer (Pagefind's Snowball) merges unrelated words:
«المرأة» returned 58 paragraphs, of which 7 have the word. So there is no stemmer: a word is indexed
by its normalised key, its key without an attached particle (`text_forms`), and the hidden keys each
record carries (`word_keys`, and the other written forms of the UN symbols it cites, `symbol_forms`).
The search box keys a query the same way (docs/assets/search.js mirrors `search_key`,
`particle_key` and `clean`). Readers never see those keys: excerpts are cut from the text.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

from .cite import MARGIN_LABEL_MAX
from .errors import BuildError
from .jsonio import compact_json, read_json
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
    return list(dict.fromkeys(chain.from_iterable(map(word_forms, WORD.findall(text)))))


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
    if "/" not in text:         # every symbol form has one
        return []
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
            records += document_records(read_json(data_file))
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


SEARCH = "search"   # the index's folder in the site
COUNT_BITS = 4      # a posting is (section - previous section) << COUNT_BITS | how often (at most 15)
CHUNK_BYTES = 16_000


def clean(word: str) -> str:
    """A word of the text without its punctuation: letters, digits, marks and '/' (symbols) kept, as
    search.js cleans a word before keying it."""
    return "".join(c for c in word if c == "/" or unicodedata.category(c)[0] in "LNM")


@lru_cache(maxsize=1 << 18)
def text_forms(word: str) -> tuple[str, ...]:
    """The forms a query word can meet a word of the text by, as search.js compares them: its key and
    its key without a particle."""
    key = search_key(clean(word))
    return tuple(form for form in dict.fromkeys((key, particle_key(key))) if form)


def record_forms(record: Record) -> list[str]:
    """Every form a query can find a record by: its text words' forms and its hidden keys."""
    return [*chain.from_iterable(map(text_forms, record.text.split())), *record.keys.lower().split()]


def section_file(section: list[Record]) -> bytes:
    """What the search box loads to show a section's paragraphs: each unit's anchor, citation label,
    reading text and hidden keys."""
    units = [[r.anchor, r.label, r.text, r.keys.lower().split()] for r in section]
    return compact_json({"units": units})


def read_data(path: Path) -> dict:
    try:
        return read_json(path)
    except (OSError, ValueError) as error:
        raise BuildError([Problem(str(path), None, f"search: unreadable document data: {error}")]) from error


def write_index(folder: Path, data_dir: Path, slugs: list[str]) -> None:
    """The index the search box reads, made from the documents' data files (in corpus order) while MkDocs
    builds the site: each document's section files, then `meta.json` (the documents with their section
    counts and titles, and the first form of each chunk) and the chunks `index/<hash>.json`, each a run
    of forms in sorted order with their postings. A query loads the meta and only the chunks of its
    words, then only the sections it shows."""
    shutil.rmtree(folder, ignore_errors=True)
    postings: dict[str, array] = {}
    last: dict[str, int] = {}       # the section each form was last posted for
    documents = []
    number = 0
    for slug in slugs:
        data = read_data(data_dir / f"{slug}.json")
        found = sections(document_records(data))
        (folder / "sections" / slug).mkdir(parents=True)
        for n, section in enumerate(found):
            (folder / "sections" / slug / f"{n}.json").write_bytes(section_file(section))
            for form, count in Counter(chain.from_iterable(map(record_forms, section))).items():
                target = postings.get(form)
                if target is None:
                    target = postings[form] = array("I")
                target.append((number - last.get(form, 0)) << COUNT_BITS | min(count, (1 << COUNT_BITS) - 1))
                last[form] = number
            number += 1
        documents.append([slug, len(found), data["short_title"]])
    if not number:
        raise BuildError([Problem(str(data_dir), None, "search: no citable unit to index")])
    chunks = [[first, write_chunk(folder, chunk)] for first, chunk in chunked(postings)]
    meta = {"sections": number, "countBits": COUNT_BITS, "documents": documents, "chunks": chunks}
    (folder / "meta.json").write_bytes(compact_json(meta))


def chunked(postings: dict[str, array]):
    """(first form, {form: postings}) runs of the sorted forms, about CHUNK_BYTES of postings each."""
    chunk: dict[str, list[int]] = {}
    size = 0
    for form in sorted(postings, key=utf16):
        values = postings[form].tolist()
        chunk[form] = values
        size += len(form) + 4 * len(values)
        if size >= CHUNK_BYTES:
            yield next(iter(chunk)), chunk
            chunk, size = {}, 0
    if chunk:
        yield next(iter(chunk)), chunk


def utf16(form: str) -> bytes:
    """The order JavaScript compares strings in (UTF-16 code units), which the search box's lookup assumes."""
    return form.encode("utf-16-be")


def write_chunk(folder: Path, chunk: dict[str, list[int]]) -> str:
    """Write one chunk under a name taken from its content (a browser never mixes two builds' chunks)."""
    text = compact_json(chunk)
    name = hashlib.sha256(text).hexdigest()[:12]
    (folder / "index").mkdir(exist_ok=True)
    (folder / "index" / f"{name}.json").write_bytes(text)
    return name
