from datetime import date

import pytest

from pilotbase.evaluations.fixtures import make_base


@pytest.fixture
def base_div1(world):
    """applicant_b's base, recommended by division 1, filed on 28 February 2023."""
    return make_base(
        world.applicant_b.organisation, name="阿拉尔棉籽蛋白中试基地", filed_on=date(2023, 2, 28)
    )


@pytest.fixture
def base_div8(world):
    """applicant_a's base, recommended by division 8, filed on 29 February 2024."""
    return make_base(world.applicant_a.organisation, name="天业节水材料中试基地", filed_on=date(2024, 2, 29))
