"""Public directory of filed bases (Art. 11), for other systems."""

from __future__ import annotations

from ninja import Query, Router, Schema

from pilotbase.api.schema import errors
from pilotbase.catalogue.api import Filters

from . import directory

router = Router(tags=["门户"])
PREFIX = "/bases/directory"


class DirectoryEntry(Schema):
    filing_number: str
    name: str
    organisation: str
    division: str
    division_name: str
    filed_on: str
    document_number: str
    industry_chains: list[str]
    description: str
    contact_name: str
    contact_phone: str
    published_services: int | None


class Directory(Schema):
    results: list[DirectoryEntry]


@router.get("", response={200: Directory, **errors(422)}, auth=None, summary="中试基地名录（公开）")
def base_directory(request, filters: Query[Filters]):
    bases = directory.count_published(directory.filtered(**filters.dict()))
    return {"results": [directory.row(b) for b in bases]}
