"""Public directory of filed bases (Art. 11), for other systems."""

from __future__ import annotations

from ninja import Router

from . import directory

router = Router(tags=["门户"])
PREFIX = "/bases/directory"


@router.get("", auth=None, summary="中试基地名录（公开）")
def base_directory(request, division: str | None = None, chain: str | None = None, kind: str | None = None):
    bases = directory.count_published(directory.filtered(division=division, chain=chain, kind=kind))
    return {"results": [directory.row(b) for b in bases]}
