"""Search quality on the labelled set: NDCG@10 (Järvelin & Kekäläinen, graded relevance).

Article 11's 供需对接 is only as good as the order of the results an enterprise sees, so changes to
the ranking are judged by this figure. ``python -m pilotbase.catalogue.evaluation`` prints it for the
baseline (plain BM25 over the whole text) and for each improvement added on top.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pilotbase.catalogue.search import RankingConfig, SearchIndex, ServiceDocument

LABELLED_DIR = Path(__file__).with_name("labelled")


@dataclass(frozen=True)
class LabelledQuery:
    query: str
    relevance: Mapping[str, int]  # "base/ref" -> grade 0..3


@dataclass(frozen=True)
class EvaluationReport:
    ndcg_at_10: float
    per_query: tuple[tuple[str, float], ...]


def dcg(grades: Sequence[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int = 10) -> float:
    """NDCG@k of one ranked list of "base/ref" keys; 0 when nothing is relevant."""
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([relevance.get(key, 0) for key in ranked[:k]]) / ideal


def load_services(path: Path | None = None) -> list[ServiceDocument]:
    with open(path or LABELLED_DIR / "catalogue.jsonl", encoding="utf-8") as handle:
        return [ServiceDocument.from_mapping(json.loads(line)) for line in handle if line.strip()]


def load_queries(path: Path | None = None) -> list[LabelledQuery]:
    with open(path or LABELLED_DIR / "queries.json", encoding="utf-8") as handle:
        return [LabelledQuery(q["query"], q["relevance"]) for q in json.load(handle)]


def evaluate(index: SearchIndex, queries: Sequence[LabelledQuery], k: int = 10) -> EvaluationReport:
    per_query = []
    for labelled in queries:
        ranked = [f"{hit.key.base}/{hit.key.ref}" for hit in index.search(labelled.query, limit=k)]
        per_query.append((labelled.query, ndcg_at_k(ranked, labelled.relevance, k)))
    mean = sum(score for _q, score in per_query) / len(per_query) if per_query else 0.0
    return EvaluationReport(mean, tuple(per_query))


def build_index(
    config: RankingConfig | None = None, services: Sequence[ServiceDocument] | None = None
) -> SearchIndex:
    index = SearchIndex(config=config)
    index.add_many(services if services is not None else load_services())
    return index


def configurations() -> dict[str, RankingConfig]:
    """The baseline and each improvement added on top of the previous one."""
    baseline = RankingConfig.baseline()
    fields = replace(baseline, use_fields=True)
    cues = replace(fields, use_cues=True)
    synonyms = replace(cues, use_synonyms=True)
    return {
        "baseline: BM25, whole text": baseline,
        "+ field weights (BM25F)": fields,
        "+ kind/chain cue words": cues,
        "+ synonyms": synonyms,
        "+ character bigrams (final)": RankingConfig(),
    }


def main() -> None:
    queries = load_queries()
    services = load_services()
    for name, config in configurations().items():
        report = evaluate(build_index(config, services), queries)
        print(f"{name:32s} NDCG@10 = {report.ndcg_at_10:.4f}")


if __name__ == "__main__":
    main()
