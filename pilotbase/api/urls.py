"""The JSON API under /api/v1/, its OpenAPI schema at /api/v1/openapi.json.

Each part of the domain contributes ``pilotbase.<app>.api.router``; routes need a session or a
bearer token unless they say ``auth=None`` (public by design)."""

import importlib

from django.urls import path
from ninja import NinjaAPI

from . import errors
from .auth import AUTH

api = NinjaAPI(
    title="PilotBase 兵团科技成果转化中试基地备案管理系统 API",
    version="1.0",
    urls_namespace="api",
    auth=AUTH,
    docs_url=None,  # no CDN-hosted Swagger UI on an intranet; the schema is served as JSON
)
errors.install(api)

ROUTER_APPS = [
    "accounts",
    "rules",
    "workdays",
    "applications",
    "experts",
    "notices",
    "bases",
    "evaluations",
    "catalogue",
    "documents",
    "portal",
]

for app in ROUTER_APPS:
    try:
        module = importlib.import_module(f"pilotbase.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"pilotbase.{app}.api":
            raise
        continue
    api.add_router(getattr(module, "PREFIX", f"/{app}/"), module.router)

urlpatterns = [path("", api.urls)]
