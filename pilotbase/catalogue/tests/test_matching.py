"""Matchmaking of demands with services (供需对接, Article 11)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pilotbase.catalogue.matching import Demand, fee_yuan, match

TODAY = date(2026, 3, 2)


def test_reasons_name_kind_chain_keywords_deadline_and_division(small_index):
    demand = Demand(
        text="番茄酱杀菌工艺放大",
        kinds=("scale_up",),
        chains=("fruit_vegetable",),
        needed_by=date(2026, 5, 1),
        division="division-8",
        budget_yuan=Decimal("30000"),
    )
    best = match(demand, small_index, today=TODAY)[0]
    assert best.key.ref == "tomato"
    assert best.reasons[0] == "服务类型匹配：工艺放大熟化"
    assert best.reasons[1] == "产业链匹配：绿色有机果蔬"
    assert best.reasons[2].startswith("关键词：") and "杀菌" in best.reasons[2]
    assert "周期 30 天，可在需求期限前完成" in best.reasons
    assert "同属第八师石河子市" in best.reasons
    assert any(r.startswith("收费 2万元/批次起，在预算") for r in best.reasons)


def test_a_service_too_slow_for_the_deadline_says_so_and_ranks_lower(small_index):
    demand = Demand(text="放大", kinds=("scale_up",), needed_by=date(2026, 4, 1))
    matches = match(demand, small_index, today=TODAY)
    order = [m.key.ref for m in matches]
    assert order.index("tomato") < order.index("cathode")
    cathode = next(m for m in matches if m.key.ref == "cathode")
    assert any(r.startswith("注意：周期 90 天") for r in cathode.reasons)


def test_structured_demand_without_matching_words_still_finds_services(small_index):
    demand = Demand(text="想找合作", kinds=("product_testing",), chains=("seed_industry",))
    matches = match(demand, small_index, today=TODAY)
    assert [m.key.ref for m in matches] == ["seed"]
    assert matches[0].reasons == ["服务类型匹配：产品性能检测", "产业链匹配：种业"]


def test_kind_and_chain_lift_the_service_that_has_them(small_index):
    text = "发酵 放大"
    plain = [m.key.ref for m in match(Demand(text=text), small_index, today=TODAY)]
    lifted = [
        m.key.ref for m in match(Demand(text=text, kinds=("trial_production",)), small_index, today=TODAY)
    ]
    assert lifted[0] == "wine"
    assert plain != lifted or plain[0] == "wine"


def test_limit_and_empty_demand(small_index):
    assert match(Demand(text=""), small_index, today=TODAY) == []
    assert len(match(Demand(text="放大 检测 发酵 番茄"), small_index, limit=2, today=TODAY)) == 2


def test_fee_text_is_read_as_an_amount():
    assert fee_yuan("2万元/批次起") == Decimal("20000")
    assert fee_yuan("800元/样品") == Decimal("800")
    assert fee_yuan("面议") is None
