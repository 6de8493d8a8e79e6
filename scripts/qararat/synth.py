"""A synthetic corpus for measuring the pipeline at scale: N documents derived from the real seeds.

Document i is seed number i mod 5 (in slug order), transformed so that it stays the same kind of
text with the same size and the same defects:

- its symbol and slug are renumbered (a resolution keeps its session and gets a new number, written
  in the digits its text uses), so every symbol and slug in the corpus is distinct;
- the bodies of its whole-line units (an operative paragraph on one line, a lettered item, a prose
  paragraph) are shuffled among the units of the same form, numbers and labels staying in place;
  units that carry a footnote marker or markup keep their place, so footnotes stay consistent;
- a few of those units get a citation of another synthetic resolution (`قرارها 214/80`, `A/RES/67/230`)
  inserted before their final punctuation, so the citation graph among the documents is dense;
- the seed's reviewed corrections (seeds/corrections/<slug>.yml) are written for the copy too, each
  moved to the line its words moved to.

The damaged report is renumbered only: its lines are in visual order and half its letters are
mis-mapped, so editing them would change what the repair stage has to undo.

Every document is read, repaired and parsed by the real pipeline as it is written; one that fails is
written again with fewer transformations, and the generator stops with the located errors if even
the renumbered seed does not parse. The same N and seed value give byte-identical files.

    python -m qararat.synth --docs 100 --out build/synth-100
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BuildError
from .model import Problem
from .parse import parse
from .read import YAML_LOADER, read_source
from .repair import repair_source

ROOT = Path(__file__).resolve().parents[2]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
FIRST_NUMBER = 201  # synthetic resolution numbers start here, clear of the real ones in each session

# A line that is one whole unit of its layout: the label that stays (group 1), the body that moves
# (group 2). A body that ends in a full stop or a semicolon is complete, so moving it cannot join it
# to the next line.
UNIT_LINES = {
    "un-resolution": re.compile(r"^((?:- )?[0-9٠-٩]+ - (?:\*\*[^*]+\*\* )?)([^*\[\]⁽^]{40,}[.؛])$"),
    "itu-council-report": re.compile(
        r"^((?:\[bookmark: [^\]]*\])*[ \xa0]*(?:[0-9]+(?:\.[0-9]+)*|[\u0621-\u064a\u06be]{1,2}[ \xa0]*\))\t)"
        r"([^\[\]\t]{40,}[.؛])$"),
    "declaration": re.compile(r"^()([\u0621-\u064a][^\[\]*]{60,}[.؛])$"),
}
TITLE_SYMBOL = re.compile(r"^((?:- )?)([0-9٠-٩]+)/([0-9٠-٩]+)( - )")
CITING = {
    "un-resolution": " على النحو المبين في قرارها {ref}",
    "itu-council-report": " على النحو المبين في قرار الجمعية العامة {ref}",
    "declaration": " على النحو المبين في قرار الجمعية العامة {ref}",
}
CITATIONS_PER_DOCUMENT = (3, 6)
# libyaml where PyYAML has it: a thousand metadata and corrections files are written per corpus.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Seed:
    """One real seed: its lines and its metadata as written on disk."""

    slug: str
    lines: tuple[str, ...]
    meta: dict

    @property
    def layout(self) -> str:
        return self.meta["layout"]


@dataclass(frozen=True)
class Plan:
    """What synthetic document i is: which seed, and the symbol and slug it gets."""

    index: int
    seed: Seed
    slug: str
    symbol: str | None
    number: int | None = None       # resolution number, for resolutions
    session: int | None = None


def load_seeds(seed_dir: Path) -> list[Seed]:
    seeds = []
    for path in sorted(seed_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))
        seeds.append(Seed(path.stem, tuple(text.split("\n")), meta))
    if not seeds:
        raise BuildError([Problem(str(seed_dir), None, "no seed texts (*.txt) to derive documents from")])
    return seeds


def plan_corpus(seeds: list[Seed], count: int) -> list[Plan]:
    """Symbols and slugs for `count` documents, seeds in rotation; a seed's k-th copy (from 0) gets number 201 + k."""
    plans = []
    for index in range(count):
        seed = seeds[index % len(seeds)]
        copy = index // len(seeds)
        plans.append(renumbered(index, seed, copy))
    return plans


def renumbered(index: int, seed: Seed, copy: int) -> Plan:
    symbol = seed.meta.get("symbol")
    match = re.fullmatch(r"A/(RES/)?(\d+)/(\d+)", symbol or "")
    if match:
        session, number = int(match.group(2)), FIRST_NUMBER + copy
        prefix = "A/RES/" if match.group(1) else "A/"
        new_symbol = f"{prefix}{session}/{number}"
        return Plan(index, seed, new_symbol.lower().replace("/", "-"), new_symbol, number, session)
    return Plan(index, seed, f"{seed.slug}-s{copy + 1:04d}", None)


def citable(plans: list[Plan]) -> list[Plan]:
    """The synthetic resolutions: what the others cite."""
    return [p for p in plans if p.symbol and p.symbol.startswith("A/RES/")]


# ---------------------------------------------------------------- transformations

def renumber_text(plan: Plan, lines: list[str]) -> list[str]:
    """The document's own symbol as its text prints it: the title line of a resolution
    ('- 173/80 - ...', '١٩٥/٦٧ - ...'), the running head of a report ('A/74/821')."""
    old = plan.seed.meta.get("symbol")
    if not old or not plan.symbol:
        return lines
    if plan.number is not None and plan.symbol.startswith("A/RES/"):
        for position, line in enumerate(lines):
            match = TITLE_SYMBOL.match(line)
            if match:
                digits = in_style(str(plan.number), match.group(2))
                lines[position] = f"{match.group(1)}{digits}/{match.group(3)}{match.group(4)}{line[match.end():]}"
                break
        return lines
    return [line.replace(old, plan.symbol) for line in lines]


def in_style(number: str, like: str) -> str:
    """Western digits written the way `like` writes its digits."""
    return number.translate(ARABIC_INDIC) if like != like.translate(WESTERN) else number


def unit_positions(layout: str, lines: list[str]) -> dict[str, list[int]]:
    """Lines that are whole units, grouped by form (a body moves only among units of its form)."""
    pattern = UNIT_LINES.get(layout)
    groups: dict[str, list[int]] = {}
    if not pattern:
        return groups
    for position, line in enumerate(lines):
        match = pattern.match(line)
        if match:
            groups.setdefault(unit_form(match.group(1)), []).append(position)
    return groups


def unit_form(label: str) -> str:
    """'- 12 - ' and '12 - ' are different forms; so are '1.2\\t', 'أ )\\t' and a bold verb."""
    label = re.sub(r"\[bookmark: [^\]]*\]", "", label)
    form = "dash" if label.startswith("- ") else "plain"
    if "**" in label:
        form += "-strong"
    elif re.search(r"[0-9]\.[0-9]", label):
        form += "-dotted"
    elif re.search(r"[\u0621-\u064a\u06be]", label):
        form += "-lettered"
    return form


def shuffle_units(layout: str, lines: list[str], rng: random.Random,
                  pinned: set[int] = frozenset()) -> tuple[list[str], dict[int, int]]:
    """Bodies shuffled among the units of each form, lines in `pinned` left in place; returns the
    lines and where each body went (0-based position it came from -> position it stands at now)."""
    pattern = UNIT_LINES[layout]
    moved: dict[int, int] = {}
    for group in unit_positions(layout, lines).values():
        positions = [p for p in group if p not in pinned]
        labels = [pattern.match(lines[p]).group(1) for p in positions]
        bodies = [pattern.match(lines[p]).group(2) for p in positions]
        order = list(range(len(positions)))
        rng.shuffle(order)
        for slot, source in enumerate(order):
            lines[positions[slot]] = labels[slot] + bodies[source]
            moved[positions[source]] = positions[slot]
    return lines, moved


def insert_citations(plan: Plan, lines: list[str], targets: list[Plan], rng: random.Random,
                     keep: set[int]) -> list[str]:
    """A few units cite other synthetic resolutions, just before their final punctuation; lines in
    `keep` are left as they are."""
    template = CITING.get(plan.seed.layout)
    others = [t for t in targets if t.index != plan.index]
    positions = sorted(p for group in unit_positions(plan.seed.layout, lines).values() for p in group
                       if p not in keep)
    if not template or not others or not positions:
        return lines
    count = min(rng.randint(*CITATIONS_PER_DOCUMENT), len(positions))
    for position in sorted(rng.sample(positions, count)):
        target = rng.choice(others)
        line = lines[position]
        lines[position] = line[:-1] + template.format(ref=citation_form(target, line, rng)) + line[-1]
    return lines


def citation_form(target: Plan, line: str, rng: random.Random) -> str:
    """How the text names the target: mostly the Arabic order 'number/session' in the line's own
    digits, sometimes the full symbol."""
    if rng.random() < 0.25:
        return target.symbol
    ref = f"{target.number}/{target.session}"
    return ref.translate(ARABIC_INDIC) if re.search("[٠-٩]", line) else ref


# ---------------------------------------------------------------- documents

@dataclass(frozen=True)
class Synthetic:
    text: str
    corrections: dict | None        # the seed's reviewed corrections, moved with the words they fix


def synthesize(plan: Plan, plans: list[Plan], seed_value: int, level: int, corrections: dict | None,
               pinned: set[int] = frozenset()) -> Synthetic:
    """The synthetic text; `level` 2 is every transformation, 1 renumbering and shuffling, 0 renumbering.
    Lines in `pinned` (0-based) keep their words in place."""
    rng = random.Random(f"{seed_value}:{plan.index}")
    original = list(plan.seed.lines)
    lines = renumber_text(plan, list(original))
    moved: dict[int, int] = {}
    if level >= 1 and plan.seed.layout in UNIT_LINES:
        keep = pinned | label_spans(plan.seed.layout, original, corrections)
        lines, moved = shuffle_units(plan.seed.layout, lines, rng, keep)
    corrections = follow_moves(corrections, moved)
    if level >= 2:
        lines = insert_citations(plan, lines, citable(plans), rng, fragile_lines(corrections))
    return Synthetic("\n".join(lines), corrections)


def fragile_lines(corrections: dict | None) -> set[int]:
    """Lines (0-based) where an inserted citation could break a reviewed correction: its span ends
    the line (the citation goes before the final punctuation) or could recur in the citation's words."""
    phrase = " ".join(CITING.values())
    return {entry["line"] - 1 for entries in (corrections or {}).values() for entry in entries or ()
            if str(entry.get("raw", "")).endswith((".", "؛")) or str(entry.get("raw", "")) in phrase}


def follow_moves(corrections: dict | None, moved: dict[int, int]) -> dict | None:
    """A reviewed correction points at a line; when the words it fixes moved, it moves with them."""
    if not corrections:
        return corrections
    return {section: [{**entry, "line": moved.get(entry["line"] - 1, entry["line"] - 1) + 1}
                      for entry in entries or ()]
            for section, entries in corrections.items()}


def label_spans(layout: str, lines: list[str], corrections: dict | None) -> set[int]:
    """Lines (0-based) whose corrected span reaches into the unit's label ('4 - تؤكد'): such a unit
    keeps its body, so the span stays whole. The span is read after the generic fixers, so where it
    is not found as it stands, one that starts with a digit or a dash is taken to reach the label."""
    pattern = UNIT_LINES.get(layout)
    pinned = set()
    for entries in (corrections or {}).values():
        for entry in entries or ():
            position, span = entry["line"] - 1, str(entry.get("raw", ""))
            match = pattern.match(lines[position]) if pattern and position < len(lines) else None
            if not match:
                continue
            at = lines[position].find(span)
            if (at != -1 and at < match.end(1)) or (at == -1 and span[:1] in "-0123456789٠١٢٣٤٥٦٧٨٩"):
                pinned.add(position)
    return pinned


def read_seed_corrections(source: Path, slug: str) -> dict | None:
    path = source / "seeds" / "corrections" / f"{slug}.yml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) if path.exists() else None


def document_meta(plan: Plan) -> dict:
    meta = dict(plan.seed.meta)
    meta["slug"] = plan.slug
    if plan.symbol:
        meta["symbol"] = plan.symbol
        meta["source_url"] = None   # a synthetic text has no official source
    label = plan.symbol or f"{plan.index + 1}"
    meta["short_title"] = f"{plan.seed.meta['short_title']} [نص اصطناعي {label}]"
    return meta


def write_document(seed_dir: Path, plan: Plan, document: Synthetic) -> Path:
    path = seed_dir / f"{plan.slug}.txt"
    path.write_text(document.text, encoding="utf-8")
    path.with_suffix(".yml").write_text(dump(document_meta(plan)), encoding="utf-8")
    corrections = seed_dir / "corrections" / f"{plan.slug}.yml"
    if document.corrections is not None:
        corrections.parent.mkdir(exist_ok=True)
        corrections.write_text(dump(document.corrections), encoding="utf-8")
    else:
        corrections.unlink(missing_ok=True)
    return path


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10_000)


def parses(path: Path, corrections: dict | None) -> BuildError | None:
    """None if the pipeline reads, repairs (with the copy's reviewed corrections) and parses the file
    without error. The corrections are read from a fresh folder each time: the repair stage keeps
    what it read by path, and a retry rewrites the same file."""
    with tempfile.TemporaryDirectory() as folder:
        if corrections is not None:
            (Path(folder) / f"{path.stem}.yml").write_text(dump(corrections), encoding="utf-8")
        try:
            parse(repair_source(read_source(path), Path(folder)))
        except BuildError as error:
            return error
    return None


def generate(count: int, out: Path, seed_value: int = 0, source: Path = ROOT) -> list[str]:
    """Write a project folder with `count` synthetic seeds; returns their slugs in order.

    Each document is read, repaired (with its reviewed corrections) and parsed as it is written."""
    seeds = load_seeds(source / "seeds")
    corrections = {seed.slug: read_seed_corrections(source, seed.slug) for seed in seeds}
    references = read_references(source / "seeds")
    pinned = title_lines(source / "seeds", references)
    plans = plan_corpus(seeds, count)
    seed_dir = out / "seeds"
    shutil.rmtree(seed_dir, ignore_errors=True)
    seed_dir.mkdir(parents=True)
    copy_site_config(source, out)
    first_copies = {p.seed.slug: p.slug for p in plans[:len(seeds)]}
    copy_tables(source / "seeds", seed_dir, references, first_copies)
    for plan in plans:
        error = None
        for level in (2, 1, 0):
            document = synthesize(plan, plans, seed_value, level, corrections.get(plan.seed.slug),
                                  pinned.get(plan.seed.slug, set()))
            error = parses(write_document(seed_dir, plan, document), document.corrections)
            if error is None:
                break
        if error is not None:
            raise BuildError(error.problems)
    return [p.slug for p in plans]


def read_references(seeds: Path) -> list[dict]:
    path = seeds / "references.yml"
    return (yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or []) if path.exists() else []


def title_lines(seeds: Path, references: list[dict]) -> dict[str, set[int]]:
    """For each seed, the lines (0-based) of the units the references table reads a title from
    (`title_from: a-res-80-173#p2`): their words stay in place in every copy, so the title is
    read there again."""
    wanted: dict[str, set[str]] = {}
    for entry in references:
        if entry.get("title_from"):
            slug, anchor = str(entry["title_from"]).split("#", 1)
            wanted.setdefault(slug, set()).add(anchor)
    pinned: dict[str, set[int]] = {}
    for slug, anchors in wanted.items():
        path = seeds / f"{slug}.txt"
        if not path.exists():
            continue
        doc = parse(repair_source(read_source(path), seeds / "corrections"))
        units = {u.anchor: u for u in [*doc.blocks, *doc.footnotes]}
        pinned[slug] = {line - 1 for a in anchors if a in units for line in units[a].lines}
    return pinned


def copy_site_config(source: Path, out: Path) -> None:
    """What `qararat build --root` reads besides the seeds: the MkDocs config and the hand-written pages."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", out / "mkdocs.yml")
    shutil.rmtree(out / "docs", ignore_errors=True)
    shutil.copytree(source / "docs", out / "docs")


def copy_tables(seeds: Path, target: Path, references: list[dict], first_copies: dict[str, str]) -> None:
    """The link stage's tables for the synthetic corpus. A reference's title is read from the same
    unit of the first copy of its seed (that unit keeps its words); where the corpus is too small
    to hold that copy, a UN document goes without its title and a named document is left out.
    The editorial annotations link to paragraphs of the real documents and are left out."""
    if (seeds / "concepts.yml").exists():
        shutil.copy(seeds / "concepts.yml", target / "concepts.yml")
    if not (seeds / "references.yml").exists():
        return
    entries, dropped = [], set()
    for entry in references:
        entry = dict(entry)
        if entry.get("title_from"):
            slug, anchor = str(entry["title_from"]).split("#", 1)
            if slug in first_copies:
                entry["title_from"] = f"{first_copies[slug]}#{anchor}"
            elif "id" in entry:
                dropped.add(entry["id"])
                continue
            else:
                entry.pop("title_from")
                entry.pop("title", None)
        entries.append(entry)
    for entry in entries:
        if entry.get("published_in") in dropped:
            entry.pop("published_in")
    (target / "references.yml").write_text(dump(entries), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qararat.synth",
                                     description="Write a synthetic corpus of N documents derived from the seeds.")
    parser.add_argument("--docs", type=int, required=True, help="how many documents")
    parser.add_argument("--out", type=Path, required=True, help="project folder to write (seeds/, docs/, mkdocs.yml)")
    parser.add_argument("--seed", type=int, default=0, help="random seed value (default 0)")
    args = parser.parse_args(argv)
    try:
        slugs = generate(args.docs, args.out, args.seed)
    except BuildError as error:
        print(f"a synthetic document does not parse ({len(error.problems)} errors):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{len(slugs)} synthetic documents written to {args.out / 'seeds'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
