"""Concept mentions: the recurring bodies and processes of `seeds/concepts.yml` found in the text."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from .citations import (core_literal, is_plainly_spaced, name_pattern, needle, positions_by_needle, with_needles,
                        word_start)
from .tables import ConceptEntry


@dataclass(frozen=True)
class Mention:
    """Where a concept is mentioned: the unit's anchor and the words as written."""

    slug: str
    anchor: str
    surface: str


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    abbr: str | None
    name_en: str
    forms: tuple[str, ...]
    mentions: tuple[Mention, ...] = ()

    @property
    def tip(self) -> str:
        """What a mention's tooltip says: the Arabic name, its abbreviation and the English name."""
        return f"{self.name} ({self.abbr}): {self.name_en}" if self.abbr else f"{self.name}: {self.name_en}"


def concept_of(entry: ConceptEntry) -> Concept:
    return Concept(entry.id, entry.name, entry.abbr, entry.name_en, entry.forms)


class ConceptIndex:
    """Every surface form of every concept, longest first."""

    def __init__(self, concepts: tuple[Concept, ...]):
        forms = [(name_pattern(form), needle(form), core_literal(form), concept)
                 for concept in concepts for form in concept.forms]
        self.forms: list[tuple[re.Pattern[str], str, str, Concept]] = sorted(forms, key=lambda f: -len(f[0].pattern))
        self.by_needle = positions_by_needle(word for _, word, _, _ in self.forms)

    @property
    def needles(self) -> set[str]:
        return set(self.by_needle)

    def find(self, text: str, present: Collection[str] | None = None) -> list[tuple[int, int, Concept]]:
        """Mentions in a folded text, longest first where two overlap, in reading order (`present`:
        see NameIndex.find)."""
        candidates = []
        plain = is_plainly_spaced(text)
        for pattern, word, literal, concept in with_needles(self.forms, self.by_needle, present):
            if word not in text or (plain and literal not in text):
                continue
            for match in pattern.finditer(text):
                start = word_start(text, match.start("cited"))
                if start is not None:
                    candidates.append((start, match.end("cited"), concept))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        chosen: list[tuple[int, int, Concept]] = []
        for candidate in candidates:
            if not chosen or candidate[0] >= chosen[-1][1]:
                chosen.append(candidate)
        return chosen
