"""URLs: each part of the domain mounts its own, under its own prefix and namespace."""

import importlib

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

# (app, prefix). The public portal owns the site root.
APP_PREFIXES = [
    ("accounts", "accounts/"),
    ("audit", "audit/"),
    ("workdays", "workdays/"),
    ("rules", "eligibility/"),
    ("applications", "applications/"),
    ("experts", "experts/"),
    ("notices", "notices/"),
    ("bases", "bases/"),
    ("evaluations", "evaluations/"),
    ("catalogue", "catalogue/"),
    ("documents", "documents/"),
]

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

for app, prefix in APP_PREFIXES:
    try:
        importlib.import_module(f"pilotbase.{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"pilotbase.{app}.urls":
            raise
        continue
    urlpatterns.append(path(prefix, include(f"pilotbase.{app}.urls")))

urlpatterns += [
    path("api/v1/", include("pilotbase.api.urls")),
    path("", include("pilotbase.portal.urls")),
]

handler400 = "pilotbase.accounts.views.error_400"
handler403 = "pilotbase.accounts.views.error_403"
handler404 = "pilotbase.accounts.views.error_404"
handler500 = "pilotbase.accounts.views.error_500"
