from __future__ import annotations

from .context import RequestContext, current


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current.set(RequestContext(ip=client_ip(request), path=request.path[:200]))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
