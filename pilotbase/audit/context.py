"""Where the current request came from, for the audit trail; services never take ``request``."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    path: str = ""


NO_REQUEST = RequestContext()
current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "pilotbase_request", default=NO_REQUEST
)
