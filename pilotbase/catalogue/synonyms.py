"""The synonym table of catalogue search: words an enterprise uses that the base's text may not.

Article 11 (供需对接): a request for 试产 must find a service written as 小批量试生产, 化验 must find
检测, tomato must find 番茄. The table is a plain text file (``synonyms.txt``, one group per line,
terms separated by ``/``) so that an administrator can edit it without touching code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pilotbase.catalogue import analysis

SYNONYMS_PATH = Path(__file__).with_name("synonyms.txt")


@dataclass(frozen=True)
class SynonymTable:
    """Groups of interchangeable terms, each normalised (half-width, lower case)."""

    groups: tuple[tuple[str, ...], ...]
    _chinese: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _english: dict[tuple[str, ...], tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _longest_chinese: int = field(init=False, repr=False, compare=False)
    _longest_english: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        chinese: dict[str, list[int]] = {}
        english: dict[tuple[str, ...], list[int]] = {}
        for number, group in enumerate(self.groups):
            for term in group:
                tokens = tuple(analysis.ascii_tokens(term))
                if tokens and not analysis.has_chinese(term):
                    english.setdefault(tokens, []).append(number)
                elif len(term) >= 2:
                    # A single character (枣、棉) is too ambiguous to trigger expansion by itself,
                    # but it may still be reached from the other words of its group.
                    chinese.setdefault(term, []).append(number)
        object.__setattr__(self, "_chinese", {k: tuple(v) for k, v in chinese.items()})
        object.__setattr__(self, "_english", {k: tuple(v) for k, v in english.items()})
        object.__setattr__(self, "_longest_chinese", max(map(len, chinese), default=0))
        object.__setattr__(self, "_longest_english", max(map(len, english), default=0))

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> SynonymTable:
        groups: list[tuple[str, ...]] = []
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            terms = tuple(dict.fromkeys(t for t in (analysis.normalise(p) for p in line.split("/")) if t))
            if len(terms) >= 2:
                groups.append(terms)
        return cls(tuple(groups))

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]

    def find(self, text: str) -> list[tuple[str, int]]:
        """The table's terms present in a normalised query, as (term, group number), in query order.

        Chinese terms are found by longest match from left to right, so 太阳能电池 is read as one
        term rather than as 电池 (which would pull in lithium batteries); English terms must be whole
        words or phrases.
        """
        found: list[tuple[int, str, int]] = []
        i, n = 0, len(text)
        while i < n:
            for length in range(min(self._longest_chinese, n - i), 1, -1):
                groups = self._chinese.get(text[i : i + length])
                if groups:
                    found.extend((i, text[i : i + length], g) for g in groups)
                    i += length
                    break
            else:
                i += 1
        tokens = analysis.ascii_tokens(text)
        j = 0
        while j < len(tokens):
            for length in range(min(self._longest_english, len(tokens) - j), 0, -1):
                phrase = tuple(tokens[j : j + length])
                groups = self._english.get(phrase)
                if groups:
                    # English terms sort after Chinese ones: positions are not comparable.
                    found.extend((n + j, " ".join(phrase), g) for g in groups)
                    j += length
                    break
            else:
                j += 1
        found.sort(key=lambda item: item[0])
        return [(term, group) for _pos, term, group in found]

    def alternatives(self, group: int, term: str) -> list[str]:
        return [other for other in self.groups[group] if other != term]


def load_synonyms(path: Path | str | None = None) -> SynonymTable:
    """Read a synonym file (default: the package's ``synonyms.txt``)."""
    with open(path or SYNONYMS_PATH, encoding="utf-8") as handle:
        return SynonymTable.from_lines(handle)
