"""The public directory of filed bases (Art. 11): filters shared by the page, the API and open data.

Only bases whose filing is in force are listed; a revoked or withdrawn base disappears at once
because the status is read on every request.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from pilotbase.accounts.models import RecommendingUnit
from pilotbase.accounts.services import InvalidInput
from pilotbase.bases.models import PilotBase
from pilotbase.catalogue import permissions
from pilotbase.catalogue.models import PilotService
from pilotbase.catalogue.vocabulary import INDUSTRY_CHAINS, KINDS


def filtered(
    *, division: str | None = None, chain: str | None = None, kind: str | None = None
) -> QuerySet[PilotBase]:
    qs = (
        permissions.listed_bases()
        .select_related("organisation", "recommending_unit")
        .order_by("recommending_unit__sort_order", "filing_number")
    )
    if division:
        if not RecommendingUnit.objects.filter(code=division).exists():
            raise InvalidInput("division", f"未知的师市或推荐单位代码：{division}")
        qs = qs.filter(recommending_unit__code=division)
    if chain:
        if chain not in INDUSTRY_CHAINS:
            raise InvalidInput("chain", f"未知的产业链代码：{chain}")
        # JSON lists are matched as text so that SQLite and PostgreSQL behave the same
        qs = qs.filter(industry_chains__icontains=f'"{chain}"')
    if kind:
        if kind not in KINDS:
            raise InvalidInput("kind", f"未知的服务类型代码：{kind}")
        with_kind = PilotService.objects.filter(
            status=PilotService.Status.PUBLISHED, kinds__icontains=f'"{kind}"'
        ).values("base_id")
        qs = qs.filter(pk__in=with_kind)
    return qs


def count_published(bases) -> list[PilotBase]:
    """Each base's number of published services, in one grouped query for the given (paged) bases."""
    bases = list(bases)
    counts = dict(
        PilotService.objects.filter(base__in=[b.pk for b in bases], status=PilotService.Status.PUBLISHED)
        .values_list("base_id")
        .annotate(n=Count("pk"))
        .values_list("base_id", "n")
    )
    for base in bases:
        base.published_count = counts.get(base.pk, 0)
    return bases


def with_published_services(qs: QuerySet[PilotBase]) -> QuerySet[PilotBase]:
    return qs.prefetch_related(
        Prefetch(
            "services",
            queryset=PilotService.objects.filter(status=PilotService.Status.PUBLISHED).order_by("ref"),
            to_attr="published_services",
        )
    )


def chain_labels(codes) -> list[str]:
    return [INDUSTRY_CHAINS.get(c, c) for c in codes or ()]


def row(base: PilotBase) -> dict:
    return {
        "filing_number": base.filing_number,
        "name": base.name,
        "organisation": base.organisation.name,
        "division": base.recommending_unit.code,
        "division_name": base.recommending_unit.name,
        "filed_on": base.filed_on.isoformat(),
        "document_number": base.document_number,
        "industry_chains": list(base.industry_chains or []),
        "description": base.description,
        "contact_name": base.contact_name,
        "contact_phone": base.contact_phone,
        "published_services": getattr(base, "published_count", None),
    }


def service_row(service: PilotService) -> dict:
    return {
        "base": service.base.filing_number,
        "base_name": service.base.name,
        "ref": service.ref,
        "title": service.title,
        "kinds": list(service.kinds or []),
        "industry_chains": list(service.industry_chains or []),
        "description": service.description,
        "equipment": list(service.equipment or []),
        "capacity": service.capacity,
        "lead_time_days": service.lead_time_days,
        "fee": service.fee,
    }


def published_services() -> QuerySet[PilotService]:
    return (
        PilotService.objects.filter(status=PilotService.Status.PUBLISHED, base__in=permissions.listed_bases())
        .select_related("base")
        .order_by("base__filing_number", "ref")
    )
