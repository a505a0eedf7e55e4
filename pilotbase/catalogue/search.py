"""In-memory search over the pilot-service catalogue (中试服务清单) and the directory of bases.

Article 7(七) makes every filed base publish its service catalogue and Article 11 asks PilotBase to
match enterprises' demands with it (供需对接). ``spec/catalogue.md`` fixes what a service holds and
how the search is called; this module is the ranking behind ``pilotbase catalogue search`` and
``GET /api/v1/services``. It imports nothing from Django: the Django layer feeds it documents.

Ranking is BM25F (Robertson & Zaragoza's field-weighted BM25): a term found in the title counts more
than one found in the description. On top of jieba words, three things let everyday wording find
services written in a base's technical wording:

* character bigrams, at a lower weight, for words the segmenter cuts differently;
* the synonym table (``synonyms.txt``), at a lower weight, for words the service text does not use;
* each kind's and chain's label and cue words (``vocabulary.py``) indexed in the kind and chain
  fields, so that 检测 in a query ranks product_testing services higher.

Kinds, chains and divisions are also exact filters; an unknown code raises ``UnknownFilter``.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from pilotbase.catalogue import analysis, vocabulary
from pilotbase.catalogue.synonyms import SynonymTable, load_synonyms

_BIGRAM = "\x00"  # prefix that keeps bigram terms apart from words in the postings


class ServiceKey(NamedTuple):
    """A service is identified by its base's filing number and the base's own reference for it."""

    base: str
    ref: str


class Hit(NamedTuple):
    key: Any  # ServiceKey for services, the filing number for bases
    score: float
    matched_terms: tuple[str, ...]


class UnknownFilter(ValueError):
    """A filter code that is neither in the vocabulary nor used by any indexed document."""

    _LABELS = {"chain": "产业链", "kind": "服务类型", "division": "师市或推荐单位"}

    def __init__(self, field: str, code: str) -> None:
        self.field = field
        self.code = code
        super().__init__(f"未知的{self._LABELS.get(field, field)}代码：{code}")


def _strings(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value if v)


@dataclass(frozen=True)
class ServiceDocument:
    """One entry of a base's service catalogue, with the base facts search needs (spec/catalogue.md)."""

    base: str
    ref: str
    title: str
    kinds: tuple[str, ...] = ()
    industry_chains: tuple[str, ...] = ()
    description: str = ""
    equipment: tuple[str, ...] = ()
    capacity: str = ""
    lead_time_days: int | None = None
    fee: str = ""
    base_name: str = ""
    base_division: str = ""
    base_description: str = ""

    def __post_init__(self) -> None:
        for name in ("kinds", "industry_chains", "equipment"):
            object.__setattr__(self, name, _strings(getattr(self, name)))

    @property
    def key(self) -> ServiceKey:
        return ServiceKey(self.base, self.ref)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ServiceDocument:
        """Build from an import row or JSON object; unknown keys are ignored."""
        names = cls.__dataclass_fields__.keys()
        values = {k: data[k] for k in names if k in data and data[k] is not None}
        return cls(**values)


@dataclass(frozen=True)
class BaseDocument:
    """A filed base as the public directory shows it."""

    filing_number: str
    name: str
    organisation: str = ""
    division: str = ""
    industry_chains: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "industry_chains", _strings(self.industry_chains))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BaseDocument:
        names = cls.__dataclass_fields__.keys()
        values = {k: data[k] for k in names if k in data and data[k] is not None}
        if "division" not in values and data.get("recommending_unit"):
            values["division"] = data["recommending_unit"]
        return cls(**values)


SERVICE_FIELDS = ("title", "kinds", "chains", "equipment", "description", "capacity", "base")
BASE_FIELDS = ("name", "chains", "description", "services")


@dataclass(frozen=True)
class RankingConfig:
    """Tuning of the ranking. ``baseline()`` is plain BM25 over the whole text, kept for comparison."""

    field_weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {
                "title": 3.0,
                "kinds": 0.6,
                "chains": 0.8,
                "equipment": 1.5,
                "description": 1.0,
                "capacity": 0.5,
                "base": 0.4,
                # base directory fields
                "name": 3.0,
                "services": 1.0,
            }
        )
    )
    field_b: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"title": 0.5, "kinds": 0.3, "chains": 0.3, "equipment": 0.6, "name": 0.5}
        )
    )
    k1: float = 1.2
    b: float = 0.75
    synonym_weight: float = 0.5
    # weight of a search-mode part of a longer query word (葡萄 of 葡萄酒): the whole word matters more
    subword_weight: float = 0.5
    bigram_weight: float = 0.3
    use_fields: bool = True
    use_synonyms: bool = True
    use_bigrams: bool = True
    use_cues: bool = True

    @classmethod
    def baseline(cls) -> RankingConfig:
        """BM25 on one field holding all the text: no field weights, synonyms, bigrams or cue words."""
        return cls(use_fields=False, use_synonyms=False, use_bigrams=False, use_cues=False)


class _FieldIndex:
    """BM25F postings over named fields for documents identified by arbitrary hashable keys.

    Each term's postings are two typed arrays: internal document ids (ascending, since ids only
    grow) and the term's frequency in each field packed 8 bits per field. That keeps 10,000
    services with their bigrams within tens of megabytes. A removed document is only marked dead
    and skipped; the arrays are compacted once dead entries pile up. Per-term score vectors are
    computed on first use and dropped whenever the collection changes, because BM25's idf and
    average lengths depend on the whole collection.
    """

    _BITS = 8
    _MAX_TF = (1 << _BITS) - 1

    def __init__(self, fields: Sequence[str], config: RankingConfig) -> None:
        self.fields = tuple(fields) if config.use_fields else ("all",)
        if len(self.fields) * self._BITS > 64:
            raise ValueError("too many fields to pack into 64 bits")
        self._field_of = {f: (self.fields.index(f) if config.use_fields else 0) for f in fields}
        self.config = config
        self._weights = np.array(
            [config.field_weights.get(f, 1.0) if config.use_fields else 1.0 for f in self.fields]
        )
        self._b = np.array(
            [config.field_b.get(f, config.b) if config.use_fields else config.b for f in self.fields]
        )
        self._shifts = np.arange(len(self.fields), dtype=np.uint64) * np.uint64(self._BITS)
        self._content_mask = sum(
            self._MAX_TF << (slot * self._BITS)
            for slot, name in enumerate(self.fields)
            if name not in ("kinds", "chains")
        )
        self._ids: dict[Any, int] = {}
        self._keys: list[Any] = []
        self._postings: dict[str, tuple[array, array]] = {}
        self._lengths = np.zeros((16, len(self.fields)))
        self._bigram_lengths = np.zeros((16, len(self.fields)))
        self._alive = np.zeros(16, dtype=bool)
        self._dead = 0
        self._compiled: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._norms: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    @property
    def capacity(self) -> int:
        return len(self._keys)

    def id_of(self, key: Any) -> int | None:
        return self._ids.get(key)

    def key_of(self, doc_id: int) -> Any:
        return self._keys[doc_id]

    def add(self, key: Any, texts: Mapping[str, str]) -> int:
        doc_id = len(self._keys)
        self._keys.append(key)
        self._ids[key] = doc_id
        if doc_id >= len(self._alive):
            grow = len(self._alive)
            self._lengths = np.vstack([self._lengths, np.zeros_like(self._lengths)])
            self._bigram_lengths = np.vstack([self._bigram_lengths, np.zeros_like(self._bigram_lengths)])
            self._alive = np.concatenate([self._alive, np.zeros(grow, dtype=bool)])
        self._alive[doc_id] = True
        packed: dict[str, int] = {}
        for name, text in texts.items():
            if not text:
                continue
            slot = self._field_of[name]
            shift = slot * self._BITS
            words, grams = analysis.analyse(text)
            self._lengths[doc_id, slot] += len(words)
            counts = Counter(words)
            if self.config.use_bigrams:
                self._bigram_lengths[doc_id, slot] += len(grams)
                counts.update(_BIGRAM + gram for gram in grams)
            for term, count in counts.items():
                previous = packed.get(term, 0)
                current = min(((previous >> shift) & self._MAX_TF) + count, self._MAX_TF)
                packed[term] = (previous & ~(self._MAX_TF << shift)) | (current << shift)
        for term, value in packed.items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = (array("q"), array("Q"))
            postings[0].append(doc_id)
            postings[1].append(value)
        self._changed()
        return doc_id

    def add_many(self, items: Sequence[tuple[Any, Mapping[str, str]]]) -> list[int]:
        """``add`` for many documents at once, with the same postings, much faster.

        Each distinct text is analysed once and turned into an array of term numbers; the counts
        per (term, document, field) then come from one sort of all occurrences instead of a Python
        loop per term, and each term's postings are appended in one piece."""
        if not items:
            return []
        first = len(self._keys)
        for offset, (key, _texts) in enumerate(items):
            if key in self._ids:
                raise ValueError(f"already indexed: {key!r}")
            self._keys.append(key)
            self._ids[key] = first + offset
        end = len(self._keys)
        if end > len(self._alive):
            size = max(end, 2 * len(self._alive))
            grow = size - len(self._alive)
            width = len(self.fields)
            self._lengths = np.vstack([self._lengths, np.zeros((grow, width))])
            self._bigram_lengths = np.vstack([self._bigram_lengths, np.zeros((grow, width))])
            self._alive = np.concatenate([self._alive, np.zeros(grow, dtype=bool)])
        self._alive[first:end] = True

        use_bigrams = self.config.use_bigrams
        numbers: dict[str, int] = {}  # term -> its number in this batch
        analysed: dict[str, tuple[np.ndarray, int, int]] = {}  # text -> (term numbers, words, grams)
        empty = np.zeros(0, dtype=np.int64)
        pieces: list[np.ndarray] = []
        docs: list[int] = []
        slots: list[int] = []
        sizes: list[int] = []
        length_docs: list[int] = []
        length_slots: list[int] = []
        word_counts: list[int] = []
        gram_counts: list[int] = []
        for offset, (_key, texts) in enumerate(items):
            doc_id = first + offset
            for name, text in texts.items():
                if not text:
                    continue
                slot = self._field_of[name]
                found = analysed.get(text)
                if found is None:
                    words, grams = analysis.analyse(text)
                    terms = list(words)
                    if use_bigrams:
                        terms.extend(_BIGRAM + gram for gram in grams)
                    found = (
                        np.fromiter(
                            (numbers.setdefault(t, len(numbers)) for t in terms),
                            dtype=np.int64,
                            count=len(terms),
                        )
                        if terms
                        else empty,
                        len(words),
                        len(grams),
                    )
                    analysed[text] = found
                term_numbers, n_words, n_grams = found
                length_docs.append(doc_id)
                length_slots.append(slot)
                word_counts.append(n_words)
                gram_counts.append(n_grams)
                if len(term_numbers):
                    pieces.append(term_numbers)
                    docs.append(doc_id)
                    slots.append(slot)
                    sizes.append(len(term_numbers))
        where = (np.asarray(length_docs, dtype=np.int64), np.asarray(length_slots, dtype=np.int64))
        np.add.at(self._lengths, where, np.asarray(word_counts, dtype=float))
        if use_bigrams:
            np.add.at(self._bigram_lengths, where, np.asarray(gram_counts, dtype=float))
        if pieces:
            self._add_postings(numbers, pieces, docs, slots, sizes)
        self._changed()
        return list(range(first, end))

    def _add_postings(
        self,
        numbers: dict[str, int],
        pieces: list[np.ndarray],
        docs: list[int],
        slots: list[int],
        sizes: list[int],
    ) -> None:
        n_slots = len(self.fields)
        span = len(self._keys) + 1
        term = np.concatenate(pieces)
        repeat = np.asarray(sizes, dtype=np.int64)
        doc = np.repeat(np.asarray(docs, dtype=np.int64), repeat)
        slot = np.repeat(np.asarray(slots, dtype=np.int64), repeat)
        # one sort gives each (term, document, field) and its count, in term then document order
        combined, counts = np.unique((term * span + doc) * n_slots + slot, return_counts=True)
        slot = combined % n_slots
        pair = combined // n_slots  # term * span + doc, sorted
        packed = np.minimum(counts, self._MAX_TF).astype(np.uint64) << (
            slot.astype(np.uint64) * np.uint64(self._BITS)
        )
        starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
        values = np.bitwise_or.reduceat(packed, starts)  # fields of one (term, document) are distinct slots
        pair = pair[starts]
        term, doc = pair // span, pair % span
        bounds = np.flatnonzero(np.concatenate(([True], term[1:] != term[:-1], [True])))
        names = list(numbers)
        doc_bytes, value_bytes = doc.astype(np.int64).tobytes(), values.tobytes()
        postings = self._postings
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            name = names[int(term[lo])]
            ids = doc_bytes[lo * 8 : hi * 8]
            vals = value_bytes[lo * 8 : hi * 8]
            existing = postings.get(name)
            if existing is None:
                postings[name] = (array("q", ids), array("Q", vals))
            else:
                existing[0].frombytes(ids)
                existing[1].frombytes(vals)

    def remove(self, key: Any) -> int:
        doc_id = self._ids.pop(key)
        self._alive[doc_id] = False
        self._lengths[doc_id] = 0
        self._bigram_lengths[doc_id] = 0
        self._dead += 1
        if self._dead > max(1000, len(self._ids) // 4):
            self._compact()
        self._changed()
        return doc_id

    def _compact(self) -> None:
        alive = self._alive
        for term in list(self._postings):
            ids, values = self._postings[term]
            id_array = np.frombuffer(ids, dtype=np.int64)
            keep = alive[id_array]
            if keep.all():
                continue
            if not keep.any():
                del self._postings[term]
                continue
            self._postings[term] = (
                array("q", id_array[keep].tobytes()),
                array("Q", np.frombuffer(values, dtype=np.uint64)[keep].tobytes()),
            )
        self._dead = 0

    def _changed(self) -> None:
        self._compiled.clear()
        self._norms = None

    def _length_norms(self) -> tuple[np.ndarray, np.ndarray]:
        if self._norms is None:
            n = max(len(self._ids), 1)
            size = self.capacity
            norms = []
            for lengths in (self._lengths[:size], self._bigram_lengths[:size]):
                average = lengths.sum(axis=0) / n
                safe = np.where(average > 0, average, 1.0)
                norms.append(1.0 - self._b + self._b * lengths / safe)
            self._norms = (norms[0], norms[1])
        return self._norms

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Live document ids holding ``term`` and the term's BM25F contribution to each."""
        cached = self._compiled.get(term)
        if cached is not None:
            return cached
        postings = self._postings.get(term)
        if postings is None:
            return None
        # A copy, not a view: the result is kept (and handed to callers), and a view would pin
        # the postings' buffer, so the next ``add`` of that term could not grow it (BufferError).
        ids = np.array(postings[0], dtype=np.int64)
        values = np.frombuffer(postings[1], dtype=np.uint64)
        if self._dead:
            keep = self._alive[ids]
            ids, values = ids[keep], values[keep]
        if len(ids) == 0:
            return None
        tf = ((values[:, None] >> self._shifts) & np.uint64(self._MAX_TF)).astype(float)
        norms = self._length_norms()[1 if term.startswith(_BIGRAM) else 0]
        weighted = (tf / norms[ids]) @ self._weights
        n, df = len(self._ids), len(ids)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        k1 = self.config.k1
        scores = idf * weighted * (k1 + 1.0) / (k1 + weighted)
        self._compiled[term] = (ids, scores)
        return ids, scores

    def scores(self, weighted_terms: Mapping[str, float]) -> np.ndarray:
        total = np.zeros(self.capacity)
        for term, weight in weighted_terms.items():
            compiled = self.term_scores(term)
            if compiled is not None:
                ids, scores = compiled
                total[ids] += weight * scores
        return total

    def has_term(self, doc_id: int, term: str, *, content_only: bool = False) -> bool:
        """Whether the document holds ``term``; with ``content_only``, outside the code-label fields."""
        postings = self._postings.get(term)
        if postings is None or not self._alive[doc_id]:
            return False
        position = bisect_left(postings[0], doc_id)
        if position == len(postings[0]) or postings[0][position] != doc_id:
            return False
        return not content_only or bool(postings[1][position] & self._content_mask)


class _Query(NamedTuple):
    terms: dict[str, float]
    typed: list[str]  # the query's own words, in order
    expanded: list[tuple[str, int]]  # synonyms that are whole index terms, with their group
    # synonym groups the query touches: each alternative as its words, minus the typed ones
    concepts: list[tuple[tuple[str, ...], ...]]


class SearchIndex:
    """The catalogue's search index: services, and the bases that offer them.

    ``chains``, ``kinds`` and ``divisions`` are the vocabularies (code → Chinese label); a code also
    counts as known when an indexed document uses it, so a retired chain code still filters.
    """

    def __init__(
        self,
        *,
        synonyms: SynonymTable | None = None,
        chains: Mapping[str, str] = vocabulary.INDUSTRY_CHAINS,
        kinds: Mapping[str, str] = vocabulary.KINDS,
        divisions: Mapping[str, str] = vocabulary.DIVISIONS,
        config: RankingConfig | None = None,
    ) -> None:
        self.config = config or RankingConfig()
        self.synonyms = synonyms if synonyms is not None else load_synonyms()
        self.chains = dict(chains)
        self.kinds = dict(kinds)
        self.divisions = dict(divisions)
        if self.config.use_synonyms:
            analysis.add_words(self.synonyms.terms)
        self._services = _FieldIndex(SERVICE_FIELDS, self.config)
        self._bases = _FieldIndex(BASE_FIELDS, self.config)
        self._service_docs: dict[ServiceKey, ServiceDocument] = {}
        self._base_docs: dict[str, BaseDocument] = {}
        # (filter, code) -> internal ids, for the services and for the bases
        self._service_facets: dict[tuple[str, str], set[int]] = {}
        self._base_facets: dict[tuple[str, str], set[int]] = {}
        self._label_texts: dict[tuple[int, tuple[str, ...]], str] = {}

    # -- services -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._service_docs)

    def __contains__(self, key: object) -> bool:
        return key in self._service_docs

    def get(self, key: ServiceKey | tuple[str, str]) -> ServiceDocument:
        return self._service_docs[ServiceKey(*key)]

    def services(self) -> list[ServiceDocument]:
        return list(self._service_docs.values())

    def add(self, service: ServiceDocument) -> None:
        """Index a new service; raises ``ValueError`` when its (base, ref) is already indexed."""
        if service.key in self._service_docs:
            raise ValueError(f"服务已在索引中：{service.base} / {service.ref}")
        doc_id = self._services.add(service.key, self._service_texts(service))
        self._service_docs[service.key] = service
        for facet in self._service_facet_keys(service):
            self._service_facets.setdefault(facet, set()).add(doc_id)

    def add_many(self, services: Iterable[ServiceDocument]) -> None:
        """Index many new services at once (the full rebuild); same result as ``add`` one by one."""
        batch: list[ServiceDocument] = []
        seen: set[ServiceKey] = set()
        for service in services:
            key = service.key
            if key in self._service_docs or key in seen:
                raise ValueError(f"服务已在索引中：{service.base} / {service.ref}")
            seen.add(key)
            batch.append(service)
        ids = self._services.add_many([(s.key, self._service_texts(s)) for s in batch])
        facets = self._service_facets
        for service, doc_id in zip(batch, ids, strict=True):
            self._service_docs[service.key] = service
            for facet in self._service_facet_keys(service):
                facets.setdefault(facet, set()).add(doc_id)

    def update(self, service: ServiceDocument) -> None:
        """Replace an indexed service; raises ``KeyError`` when it is not indexed."""
        self.remove(service.key)
        self.add(service)

    def upsert(self, service: ServiceDocument) -> None:
        if service.key in self._service_docs:
            self.remove(service.key)
        self.add(service)

    def remove(self, key: ServiceKey | tuple[str, str]) -> None:
        """Withdraw a service so that no search returns it; raises ``KeyError`` when not indexed."""
        key = ServiceKey(*key)
        service = self._service_docs.pop(key)
        doc_id = self._services.remove(key)
        for facet in self._service_facet_keys(service):
            ids = self._service_facets[facet]
            ids.discard(doc_id)
            if not ids:
                del self._service_facets[facet]

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        chain: str | None = None,
        kind: str | None = None,
        division: str | None = None,
    ) -> list[Hit]:
        """Services best matching ``query``, best first; ties are broken by (base, ref).

        An empty or blank query gives an empty list (the caller shows a message); a long one is cut
        to ``analysis.MAX_QUERY_CHARS`` characters. Raises ``UnknownFilter`` for an unknown code.
        """
        scores, _query = self.service_scores(query, chain=chain, kind=kind, division=division)
        return self._top(self._services, scores, _query, limit)

    def service_scores(
        self, query: str, *, chain: str | None = None, kind: str | None = None, division: str | None = None
    ) -> tuple[np.ndarray, _Query]:
        """The relevance of every internal service id (0 for filtered out or not matching)."""
        mask = self._mask(self._services, self._service_facets, chain=chain, kind=kind, division=division)
        parsed = self._parse(query)
        if not parsed.terms:
            return np.zeros(self._services.capacity), parsed
        scores = self._score(self._services, parsed)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return scores, parsed

    def ranked(self, query: str, *, limit: int) -> list[tuple[ServiceKey, float]]:
        """The ``limit`` most relevant services and their raw scores, without matched terms (cheap)."""
        scores, _parsed = self.service_scores(query)
        positive = np.flatnonzero(scores > 0)
        if len(positive) > limit:
            positive = positive[np.argpartition(-scores[positive], limit - 1)[:limit]]
        return [(self._services.key_of(int(i)), float(scores[i])) for i in positive]

    def matched_terms(self, keys: Iterable[ServiceKey], query: str) -> dict[ServiceKey, tuple[str, ...]]:
        """For each service, the words that tie it to ``query`` (as in ``Hit.matched_terms``)."""
        parsed = self._parse(query)
        found: dict[ServiceKey, tuple[str, ...]] = {}
        for key in keys:
            doc_id = self._services.id_of(ServiceKey(*key))
            found[ServiceKey(*key)] = () if doc_id is None else self._matched(self._services, doc_id, parsed)
        return found

    def keys_with(self, *, chains: Iterable[str] = (), kinds: Iterable[str] = ()) -> set[ServiceKey]:
        """Services having any of ``chains`` or any of ``kinds`` (structured candidates for matching)."""
        ids: set[int] = set()
        for code in chains:
            ids |= self._service_facets.get(("chain", code), set())
        for code in kinds:
            ids |= self._service_facets.get(("kind", code), set())
        return {self._services.key_of(i) for i in ids}

    # -- bases ----------------------------------------------------------------------------------

    def get_base(self, filing_number: str) -> BaseDocument:
        return self._base_docs[filing_number]

    def add_base(self, base: BaseDocument) -> None:
        """Index a base for the directory; raises ``ValueError`` when already indexed."""
        if base.filing_number in self._base_docs:
            raise ValueError(f"基地已在索引中：{base.filing_number}")
        doc_id = self._bases.add(base.filing_number, self._base_texts(base))
        self._base_docs[base.filing_number] = base
        for facet in self._base_facet_keys(base):
            self._base_facets.setdefault(facet, set()).add(doc_id)

    def update_base(self, base: BaseDocument) -> None:
        self.remove_base(base.filing_number, with_services=False)
        self.add_base(base)

    def remove_base(self, filing_number: str, *, with_services: bool = True) -> None:
        """Take a base out of the directory and, by default, withdraw its services too (revocation)."""
        base = self._base_docs.pop(filing_number)
        doc_id = self._bases.remove(filing_number)
        for facet in self._base_facet_keys(base):
            ids = self._base_facets[facet]
            ids.discard(doc_id)
            if not ids:
                del self._base_facets[facet]
        if with_services:
            for key in [k for k in self._service_docs if k.base == filing_number]:
                self.remove(key)

    def search_bases(
        self, query: str, *, limit: int = 10, chain: str | None = None, division: str | None = None
    ) -> list[Hit]:
        """Bases best matching ``query``: their own text plus their best-matching service."""
        mask = self._mask(self._bases, self._base_facets, chain=chain, kind=None, division=division)
        parsed = self._parse(query)
        if not parsed.terms:
            return []
        scores = self._score(self._bases, parsed)
        service_scores = self._score(self._services, parsed)
        # the best service speaks for its base; a sum would favour long catalogues over good ones
        best: dict[int, float] = {}
        for service_id in np.flatnonzero(service_scores):
            base_id = self._bases.id_of(self._services.key_of(int(service_id)).base)
            if base_id is not None:
                best[base_id] = max(best.get(base_id, 0.0), float(service_scores[service_id]))
        for base_id, score in best.items():
            scores[base_id] += score
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return self._top(self._bases, scores, parsed, limit)

    # -- internals ------------------------------------------------------------------------------

    def _labels(
        self, codes: Iterable[str], labels: Mapping[str, str], cues: Mapping[str, tuple[str, ...]]
    ) -> str:
        # a catalogue uses few combinations of codes: each one's text is built once
        cache_key = (id(labels), tuple(codes))
        text = self._label_texts.get(cache_key)
        if text is None:
            text = self._label_texts[cache_key] = self._label_text(cache_key[1], labels, cues)
        return text

    def _label_text(
        self, codes: Iterable[str], labels: Mapping[str, str], cues: Mapping[str, tuple[str, ...]]
    ) -> str:
        parts: list[str] = []
        for code in codes:
            parts.append(labels.get(code, code))
            if self.config.use_cues:
                parts.extend(cues.get(code, ()))
        return " ".join(parts)

    def _service_texts(self, service: ServiceDocument) -> dict[str, str]:
        return {
            "title": service.title,
            "kinds": self._labels(service.kinds, self.kinds, vocabulary.KIND_CUES),
            "chains": self._labels(service.industry_chains, self.chains, vocabulary.CHAIN_CUES),
            "equipment": "；".join(service.equipment),
            "description": service.description,
            "capacity": " ".join(p for p in (service.capacity, service.fee) if p),
            "base": " ".join(p for p in (service.base_name, service.base_description) if p),
        }

    def _base_texts(self, base: BaseDocument) -> dict[str, str]:
        return {
            "name": " ".join(p for p in (base.name, base.organisation) if p),
            "chains": self._labels(base.industry_chains, self.chains, vocabulary.CHAIN_CUES),
            "description": base.description,
        }

    @staticmethod
    def _service_facet_keys(service: ServiceDocument) -> list[tuple[str, str]]:
        facets = [("chain", c) for c in service.industry_chains] + [("kind", k) for k in service.kinds]
        if service.base_division:
            facets.append(("division", service.base_division))
        return facets

    @staticmethod
    def _base_facet_keys(base: BaseDocument) -> list[tuple[str, str]]:
        facets = [("chain", c) for c in base.industry_chains]
        if base.division:
            facets.append(("division", base.division))
        return facets

    def _known(self, name: str, code: str) -> bool:
        vocabularies = {"chain": self.chains, "kind": self.kinds, "division": self.divisions}
        return (
            code in vocabularies[name]
            or (name, code) in self._service_facets
            or (name, code) in self._base_facets
        )

    def _mask(
        self,
        index: _FieldIndex,
        facets: Mapping[tuple[str, str], set[int]],
        *,
        chain: str | None,
        kind: str | None,
        division: str | None,
    ) -> np.ndarray | None:
        mask: np.ndarray | None = None
        for name, code in (("chain", chain), ("kind", kind), ("division", division)):
            if code is None or code == "":
                continue
            if not self._known(name, code):
                raise UnknownFilter(name, code)
            allowed = np.zeros(index.capacity, dtype=bool)
            ids = facets.get((name, code), ())
            if ids:
                allowed[np.fromiter(ids, dtype=np.int64, count=len(ids))] = True
            mask = allowed if mask is None else mask & allowed
        return mask

    def _score(self, index: _FieldIndex, parsed: _Query) -> np.ndarray:
        """Typed words add up; each synonym group adds only its best-matching alternative.

        Summing every alternative would let a concept with many synonyms (放大/扩试/中试放大/…)
        outweigh the subject of the request (番茄酱), which has few.
        """
        total = index.scores(parsed.terms)
        for alternatives in parsed.concepts:
            best = np.zeros(index.capacity)
            for words in alternatives:
                np.maximum(best, index.scores(dict.fromkeys(words, 1.0)), out=best)
            total += self.config.synonym_weight * best
        return total

    def _parse(self, query: str) -> _Query:
        text = analysis.prepare_query(query)
        if not text:
            return _Query({}, [], [], [])
        terms: dict[str, float] = {}
        typed: list[str] = []
        expanded: list[tuple[str, int]] = []
        concepts: dict[int, list[tuple[str, ...]]] = {}
        words = analysis.words(text)
        whole = set(analysis.phrase_words(text))
        for word in words:
            if word not in terms:
                part = word not in whole and any(word != o and word in o for o in words)
                terms[word] = self.config.subword_weight if part and self.config.use_fields else 1.0
                typed.append(word)
        if self.config.use_synonyms:
            for term, group in self.synonyms.find(text):
                for alternative in self.synonyms.alternatives(group, term):
                    words = tuple(w for w in analysis.phrase_words(alternative) if w not in terms)
                    if words and words not in concepts.setdefault(group, []):
                        concepts[group].append(words)
                    if words == (alternative,):
                        expanded.append((alternative, group))
        if self.config.use_bigrams:
            for gram in dict.fromkeys(analysis.bigrams(text)):
                term = _BIGRAM + gram
                terms[term] = max(terms.get(term, 0.0), self.config.bigram_weight)
        return _Query(terms, typed, expanded, [tuple(alts) for alts in concepts.values()])

    @staticmethod
    def _matched(index: _FieldIndex, doc_id: int, parsed: _Query) -> tuple[str, ...]:
        """The words that tie the document to the query, for people to read.

        Only matches in the document's own text count (a cue word in the kind field is not a
        reason anyone would quote); a synonym counts when the document has it whole, once per group.
        """
        found = [w for w in parsed.typed if index.has_term(doc_id, w, content_only=True)]
        groups: set[int] = set()
        for phrase, group in parsed.expanded:
            if group not in groups and index.has_term(doc_id, phrase, content_only=True):
                found.append(phrase)
                groups.add(group)
        # 番茄 and 番茄酱 both match a 番茄酱 service; the longer word alone says it
        return tuple(w for w in dict.fromkeys(found) if not any(w != o and w in o for o in found))

    def _top(self, index: _FieldIndex, scores: np.ndarray, parsed: _Query, limit: int) -> list[Hit]:
        if limit <= 0:
            return []
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > limit:
            kth = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            candidates = candidates[scores[candidates] >= kth]
        rounded = {int(i): round(float(scores[i]), 6) for i in candidates}
        ordered = sorted(rounded, key=lambda i: (-rounded[i], index.key_of(i)))[:limit]
        return [Hit(index.key_of(i), rounded[i], self._matched(index, i, parsed)) for i in ordered]
