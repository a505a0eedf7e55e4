"""Filed bases for tests and the demo, made as the filing service would leave them."""

from __future__ import annotations

from datetime import date

from pilotbase.bases.models import PilotBase
from pilotbase.bases.services import next_filing_number


def make_base(organisation, *, name: str, filed_on: date, status: str = PilotBase.Status.ACTIVE) -> PilotBase:
    return PilotBase.objects.create(
        name=name,
        filing_number=next_filing_number(filed_on.year),
        filed_on=filed_on,
        document_number=f"兵科发〔{filed_on.year}〕3号",
        organisation=organisation,
        recommending_unit=organisation.recommending_unit,
        status=status,
        description=f"{name}面向兵团重点产业链提供中试熟化服务。",
    )
