from __future__ import annotations

import pytest

from pilotbase.catalogue import evaluation
from pilotbase.catalogue.search import SearchIndex, ServiceDocument


def service(ref: str, title: str, **fields) -> ServiceDocument:
    defaults = {
        "base": "BTZS-2025-0001",
        "kinds": ("scale_up",),
        "industry_chains": ("fruit_vegetable",),
        "base_division": "division-8",
    }
    return ServiceDocument(ref=ref, title=title, **{**defaults, **fields})


@pytest.fixture(scope="session")
def labelled_index() -> SearchIndex:
    return evaluation.build_index()


@pytest.fixture
def small_index() -> SearchIndex:
    index = SearchIndex()
    index.add_many(
        [
            service(
                "tomato",
                "番茄酱无菌灌装与杀菌工艺放大",
                description="依托管式杀菌机，将番茄酱杀菌工艺从小试放大到日处理鲜番茄20吨的中试线。",
                equipment=("管式杀菌机", "无菌大袋灌装机"),
                lead_time_days=30,
                fee="2万元/批次起",
            ),
            service(
                "cathode",
                "磷酸铁锂正极材料工艺放大",
                base="BTZS-2025-0002",
                industry_chains=("new_energy",),
                description="将实验室小试的正极材料配方放大到吨级，开展辊道窑烧结。",
                equipment=("辊道窑", "喷雾干燥机"),
                base_division="division-6",
                lead_time_days=90,
            ),
            service(
                "wine",
                "干红葡萄酒小批量试生产",
                base="BTZS-2025-0003",
                kinds=("trial_production",),
                description="控温不锈钢发酵罐组，可开展酒精发酵与苹果酸乳酸发酵。",
                equipment=("控温发酵罐", "橡木桶"),
                base_division="division-4",
                lead_time_days=60,
                fee="面议",
            ),
            service(
                "seed",
                "农作物种子质量检验",
                base="BTZS-2025-0004",
                kinds=("product_testing",),
                industry_chains=("seed_industry",),
                description="检测发芽率、净度、水分和品种纯度，出具检验报告。",
                equipment=("种子发芽箱", "PCR仪"),
                base_division="division-8",
            ),
        ]
    )
    return index


from pilotbase.catalogue.tests.db_fixtures import filed  # noqa: E402,F401 - shared fixture
