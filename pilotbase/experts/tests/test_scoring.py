from decimal import Context, Decimal

import pytest

from pilotbase.experts.scoring import (
    Criterion,
    Rubric,
    RubricError,
    ScoreError,
    aggregate,
    display,
    score_review,
    validate_rubric,
)

RUBRIC = Rubric(
    (
        Criterion("technology", "技术先进性", 40, 0, 10, blocking_below=4),
        Criterion("management", "管理制度", 30, 0, 10),
        Criterion("finance", "财务状况", 30, 0, 3),
    )
)


def review(technology, management=7, finance=3):
    return score_review(RUBRIC, {"technology": technology, "management": management, "finance": finance})


def test_weighted_total_is_exact():
    # 40 × 8.5/10 + 30 × 7/10 + 30 × 2/3 = 34 + 21 + 20
    result = score_review(RUBRIC, {"technology": "8.5", "management": 7, "finance": 2})
    assert result.total == Decimal("75")
    assert result.scores["technology"] == Decimal("8.5")
    assert not result.blocked


def test_points_rubric_gives_the_plain_sum():
    rubric = Rubric((Criterion("a", "甲", 60, 0, 60), Criterion("b", "乙", 40, 0, 40)))
    assert score_review(rubric, {"a": "45.5", "b": "33.25"}).total == Decimal("78.75")


def test_decimal_not_binary_float():
    rubric = Rubric((Criterion("a", "甲", 100, 0, 1),))
    assert score_review(rubric, {"a": 0.1}).total == Decimal("10")
    assert score_review(rubric, {"a": "0.3"}).total == Decimal("30")


def test_score_below_the_blocking_line_flags_the_review():
    assert review(Decimal("3.99")).blocking == ("technology",)
    assert review(4).blocking == ()


@pytest.mark.parametrize(
    ("criteria", "code", "words"),
    [
        ((Criterion("a", "甲", 0, 0, 10), Criterion("b", "乙", 100, 0, 10)), "a", "权重必须为正数"),
        ((Criterion("a", "甲", -10, 0, 10), Criterion("b", "乙", 110, 0, 10)), "a", "权重必须为正数"),
        (
            (Criterion("a", "甲", 50, 0, 10), Criterion("b", "乙", 40, 0, 10)),
            None,
            "权重之和须为 100，现为 90",
        ),
        ((Criterion("a", "甲", 50, 10, 10), Criterion("b", "乙", 50, 0, 10)), "a", "必须大于最低分"),
        ((Criterion("a", "甲", 50, -1, 10), Criterion("b", "乙", 50, 0, 10)), "a", "不能为负数"),
        ((Criterion("a", "甲", 50, 0, 10, 11), Criterion("b", "乙", 50, 0, 10)), "a", "否决线"),
        ((Criterion("a", "甲", 50, 0, 10), Criterion("a", "乙", 50, 0, 10)), "a", "代码重复"),
        ((), None, "没有任何评分项"),
    ],
)
def test_invalid_rubrics_name_the_criterion(criteria, code, words):
    with pytest.raises(RubricError, match=words) as error:
        validate_rubric(Rubric(criteria))
    assert error.value.criterion == code
    if code == "a" and "代码重复" not in words:
        assert "甲" in str(error.value)


def test_weights_summing_to_one_are_refused():
    with pytest.raises(RubricError, match="100"):
        validate_rubric(Rubric((Criterion("a", "甲", "0.5", 0, 10), Criterion("b", "乙", "0.5", 0, 10))))


def test_out_of_range_score_names_the_criterion():
    with pytest.raises(ScoreError, match="财务状况.*3.5.*0–3") as error:
        review(8, finance="3.5")
    assert error.value.criterion == "finance"
    with pytest.raises(ScoreError, match="技术先进性"):
        review(-1)


def test_missing_unknown_and_non_numeric_scores_are_refused():
    with pytest.raises(ScoreError, match="管理制度”未评分"):
        score_review(RUBRIC, {"technology": 8, "finance": 3})
    with pytest.raises(ScoreError, match="innovation"):
        score_review(RUBRIC, {"technology": 8, "management": 7, "finance": 3, "innovation": 5})
    with pytest.raises(ScoreError, match="不是数值"):
        review("八")
    with pytest.raises(ScoreError, match="有限"):
        review("NaN")


def test_trimmed_mean_drops_one_highest_and_one_lowest_at_five_reviews():
    # Totals: technology t gives 4t + 21 + 30 → 91, 87, 83, 63, 75.
    reviews = [review(t) for t in (10, 9, 8, 3, 6)]
    result = aggregate(reviews)
    assert [r.total for r in reviews] == [Decimal(91), Decimal(87), Decimal(83), Decimal(63), Decimal(75)]
    assert result.count == 5
    assert result.mean == Decimal("79.8")
    # (87 + 83 + 75) / 3, carried to 50 significant digits
    assert result.trimmed_mean == Decimal("81.666666666666666666666666666666666666666666666667")
    assert display(result.trimmed_mean) == "81.67"
    assert result.range == Decimal(28)
    # Population variance: (11.2² + 7.2² + 3.2² + 16.8² + 4.8²) / 5 = 98.56
    assert result.std_dev == Decimal("98.56").sqrt(Context(prec=50))
    assert display(result.std_dev) == "9.93"
    assert result.blocked and result.blocking == ((3, "technology"),)


def test_no_trimmed_mean_below_five_reviews():
    result = aggregate([review(t) for t in (10, 9, 8, 6)])
    assert result.trimmed_mean is None
    assert result.mean == Decimal("84")
    assert not result.blocked


def test_weighted_mean_lets_the_panel_leader_count_double():
    result = aggregate([review(10), review(5)], weights=[2, 1])
    # (2 × 91 + 71) / 3
    assert result.mean == Decimal("84.333333333333333333333333333333333333333333333333")
    assert display(result.mean) == "84.33"
    with pytest.raises(ScoreError):
        aggregate([review(10)], weights=[0])
    with pytest.raises(ScoreError):
        aggregate([review(10)], weights=[1, 1])


def test_empty_panel_and_display_rounding():
    assert aggregate([]).count == 0
    assert aggregate([]).mean is None
    assert display(Decimal("80.125")) == "80.13"
    assert display(Decimal("80.124")) == "80.12"
    assert aggregate([review(10)]).display()["mean"] == "91.00"
