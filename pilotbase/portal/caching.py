"""Public pages served from a cache to anonymous visitors, keyed by what they show.

The directory, base profiles and catalogue search are read far more than they change. A rendered
page is kept under a key that includes the data's fingerprint — the catalogue's search version,
bumped in the same transaction as every publish, withdrawal, filing, import and base status change —
so a revoked base or a withdrawn service is gone from the next request, whichever worker answers it. Signed-in people always get a fresh page."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.utils import translation

TIMEOUT_SECONDS = 600


def fingerprint() -> str:
    """The catalogue's search version: bumped in the transaction of every change a public page
    shows — a base filed, imported or moved to another status (``bases.lifecycle.move``), a
    service published, edited or withdrawn. One row by key, whatever the number of bases."""
    from pilotbase.catalogue.models import SearchVersion

    return SearchVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def anonymous_page_cache(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = f"{translation.get_language()}|{fingerprint()}|{request.get_full_path()}"
        key = "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        # Only a plain 200 page without a per-visitor CSRF token or cookie can be shared.
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and b"csrfmiddlewaretoken" not in response.content
            and b'name="csrf-token"' not in response.content
        ):
            cache.set(key, response, TIMEOUT_SECONDS)
        return response

    return wrapper
