"""Scores and opinions of expert reviews (评分、评审意见).

Article 8(二) has experts evaluate applications "按照相关评价标准" (against evaluation
standards); Article 9(二) has experts review evaluation materials.  A rubric (评价标准) is data:
criteria with weights, score ranges and an optional blocking threshold.  This module validates a
rubric, scores one expert's review against it and aggregates the reviews of a panel.

Conventions:
- Weights are positive and sum to exactly 100; the weighted total is then on a 0–100 scale.
  Each criterion's score is first placed on its own range: total = Σ weight × (score − min) /
  (max − min).  A rubric whose criteria are scored in points (0–20 with weight 20) gives the
  plain sum of points.
- A criterion with ``blocking_below`` flags a review whose score is strictly below it
  (低于该分值即一票否决).
- All arithmetic is Decimal; ``display`` rounds half up to two places for people, never for sums.
- The spread's standard deviation is the population one: a panel's reviews are all there is.
- The trimmed mean (去掉一个最高分和一个最低分) is given only when there are at least five reviews.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

__all__ = [
    "TRIM_MIN_REVIEWS",
    "WEIGHT_TOTAL",
    "Aggregate",
    "Criterion",
    "ReviewScore",
    "Rubric",
    "RubricError",
    "ScoreError",
    "aggregate",
    "display",
    "score_review",
    "validate_rubric",
]

WEIGHT_TOTAL = Decimal(100)
TRIM_MIN_REVIEWS = 5
# Enough digits that every division met here is exact whenever its decimal expansion ends.
_CONTEXT = Context(prec=50)


class RubricError(ValueError):
    """A rubric that cannot be used; ``criterion`` is the code at fault, or None for the whole."""

    def __init__(self, message: str, criterion: str | None = None) -> None:
        super().__init__(message)
        self.criterion = criterion


class ScoreError(ValueError):
    """A review's scores do not fit the rubric; ``criterion`` names the code at fault."""

    def __init__(self, message: str, criterion: str | None = None) -> None:
        super().__init__(message)
        self.criterion = criterion


def _decimal(value: object, what: str, error: type[ValueError]) -> Decimal:
    if isinstance(value, bool):
        raise error(f"{what}不是数值：{value!r}")
    if isinstance(value, float):
        # Through the decimal text, never the binary value: 0.1 means 0.1.
        value = repr(value)
    try:
        number = Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise error(f"{what}不是数值：{value!r}") from None
    if not number.is_finite():
        raise error(f"{what}不是有限数值：{value!r}")
    return number


def _tidy(value: Decimal) -> Decimal:
    # Drop the trailing zeros that division leaves (85.5000 → 85.5) without changing the value,
    # and keep whole numbers as 80 rather than 8E+1.
    value = value.normalize(_CONTEXT)
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    weight: Decimal
    min: Decimal
    max: Decimal
    blocking_below: Decimal | None = None

    def __post_init__(self) -> None:
        name = f"评分项“{self.label or self.code}”"
        for attr in ("weight", "min", "max"):
            object.__setattr__(self, attr, _decimal(getattr(self, attr), f"{name}的 {attr} ", RubricError))
        if self.blocking_below is not None:
            object.__setattr__(
                self, "blocking_below", _decimal(self.blocking_below, f"{name}的否决线", RubricError)
            )


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(self.criteria))


def validate_rubric(rubric: Rubric) -> Rubric:
    """Check a rubric before experts score with it; returns it, or raises ``RubricError``."""
    if not rubric.criteria:
        raise RubricError("评价标准没有任何评分项")
    seen: set[str] = set()
    for criterion in rubric.criteria:
        name = f"评分项“{criterion.label or criterion.code}”（{criterion.code}）"
        if not criterion.code.strip():
            raise RubricError(f"评分项“{criterion.label}”缺少代码", criterion.code)
        if criterion.code in seen:
            raise RubricError(f"{name}的代码重复", criterion.code)
        seen.add(criterion.code)
        if criterion.weight <= 0:
            raise RubricError(f"{name}的权重必须为正数，现为 {criterion.weight}", criterion.code)
        if criterion.min < 0:
            raise RubricError(f"{name}的最低分不能为负数，现为 {criterion.min}", criterion.code)
        if criterion.max <= criterion.min:
            raise RubricError(
                f"{name}的最高分 {criterion.max} 必须大于最低分 {criterion.min}", criterion.code
            )
        below = criterion.blocking_below
        if below is not None and not (criterion.min < below <= criterion.max):
            raise RubricError(
                f"{name}的否决线 {below} 必须大于最低分 {criterion.min} 且不超过最高分 {criterion.max}",
                criterion.code,
            )
    total = sum((c.weight for c in rubric.criteria), Decimal(0))
    if total != WEIGHT_TOTAL:
        raise RubricError(f"各评分项权重之和须为 {WEIGHT_TOTAL}，现为 {total}")
    return rubric


@dataclass(frozen=True)
class ReviewScore:
    """One expert's scored review: the scores, the weighted total (0–100) and blocking criteria."""

    scores: Mapping[str, Decimal]
    total: Decimal
    blocking: tuple[str, ...]
    opinion: str = ""
    expert_id: str | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)


def score_review(
    rubric: Rubric,
    scores: Mapping[str, object],
    *,
    opinion: str = "",
    expert_id: str | None = None,
) -> ReviewScore:
    """Score one review against ``rubric``; raises ``ScoreError`` for a missing, unknown or
    out-of-range score, naming the criterion, and ``RubricError`` for an invalid rubric."""
    validate_rubric(rubric)
    codes = {c.code for c in rubric.criteria}
    unknown = sorted(set(scores) - codes)
    if unknown:
        raise ScoreError(f"评分表中有评价标准之外的评分项：{'、'.join(unknown)}", unknown[0])
    values: dict[str, Decimal] = {}
    blocking: list[str] = []
    total = Decimal(0)
    with localcontext(_CONTEXT):
        for criterion in rubric.criteria:
            name = f"评分项“{criterion.label or criterion.code}”"
            if scores.get(criterion.code) is None:
                raise ScoreError(f"{name}未评分", criterion.code)
            value = _decimal(scores[criterion.code], name, ScoreError)
            if not criterion.min <= value <= criterion.max:
                raise ScoreError(
                    f"{name}的得分 {value} 超出范围 {criterion.min}–{criterion.max}", criterion.code
                )
            values[criterion.code] = value
            if criterion.blocking_below is not None and value < criterion.blocking_below:
                blocking.append(criterion.code)
            total += criterion.weight * (value - criterion.min) / (criterion.max - criterion.min)
    return ReviewScore(values, _tidy(total), tuple(blocking), opinion, expert_id)


@dataclass(frozen=True)
class Aggregate:
    """A panel's result.  ``mean`` is weighted by ``weights`` (equal when none were given);
    ``trimmed_mean`` is None below five reviews; ``blocked`` is True when any review hit a
    blocking criterion, listed in ``blocking`` as (review index, criterion code)."""

    count: int
    mean: Decimal | None
    trimmed_mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    range: Decimal | None
    std_dev: Decimal | None
    blocked: bool
    blocking: tuple[tuple[int, str], ...]

    def display(self) -> dict[str, str | int | bool | None]:
        """The figures as people see them: two decimal places."""
        return {
            "count": self.count,
            "mean": display(self.mean),
            "trimmed_mean": display(self.trimmed_mean),
            "minimum": display(self.minimum),
            "maximum": display(self.maximum),
            "range": display(self.range),
            "std_dev": display(self.std_dev),
            "blocked": self.blocked,
        }


def aggregate(reviews: Sequence[ReviewScore], weights: Sequence[object] | None = None) -> Aggregate:
    """Combine a panel's reviews.  ``weights`` (one per review, positive) lets, say, the panel
    leader count double; they affect only ``mean``.  Raises ``ScoreError`` for bad weights."""
    count = len(reviews)
    blocking = tuple((k, code) for k, review in enumerate(reviews) for code in review.blocking)
    if count == 0:
        return Aggregate(0, None, None, None, None, None, None, False, ())
    if weights is None:
        factors = [Decimal(1)] * count
    else:
        if len(weights) != count:
            raise ScoreError(f"权重个数 {len(weights)} 与评审意见数 {count} 不一致")
        factors = [_decimal(w, "评审权重", ScoreError) for w in weights]
        if any(f <= 0 for f in factors):
            raise ScoreError("评审权重必须为正数")
    totals = [review.total for review in reviews]
    with localcontext(_CONTEXT):
        weighted = sum((f * t for f, t in zip(factors, totals, strict=True)), Decimal(0))
        mean = weighted / sum(factors, Decimal(0))
        trimmed = None
        if count >= TRIM_MIN_REVIEWS:
            kept = sorted(totals)[1:-1]
            trimmed = sum(kept, Decimal(0)) / len(kept)
        plain_mean = sum(totals, Decimal(0)) / count
        variance = sum(((t - plain_mean) ** 2 for t in totals), Decimal(0)) / count
        std_dev = variance.sqrt()
    low, high = min(totals), max(totals)
    return Aggregate(
        count=count,
        mean=_tidy(mean),
        trimmed_mean=None if trimmed is None else _tidy(trimmed),
        minimum=low,
        maximum=high,
        range=_tidy(high - low),
        std_dev=_tidy(std_dev),
        blocked=bool(blocking),
        blocking=blocking,
    )


def display(value: Decimal | None) -> str | None:
    """Two decimal places, half up — 80.125 shows as 80.13 — for people only, never for sums."""
    if value is None:
        return None
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
