"""One error format for the whole API: {"detail": message, "field": name} with the right status."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from pilotbase.accounts.permissions import NotVisible
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit


def install(api) -> None:
    def _user(request):
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None

    def _denied(request, status):
        user = _user(request)
        audit.record(
            ("request", "", request.path[:200]),
            "permission_denied",
            by=user,
            actor_label="" if user else "anonymous",
            data={"path": request.path[:200], "method": request.method, "status": status},
        )

    @api.exception_handler(NotVisible)
    def not_visible(request, exc):
        _denied(request, 404)
        return api.create_response(request, {"detail": "不存在或无权查看"}, status=404)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "不存在或无权查看"}, status=404)

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        _denied(request, 403)
        return api.create_response(
            request, {"detail": getattr(exc, "message", None) or "无权执行此操作"}, status=403
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": "请先登录或提供有效的访问令牌"}, status=401)

    @api.exception_handler(InvalidInput)
    def invalid(request, exc):
        return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=422)

    @api.exception_handler(ValidationError)
    def django_invalid(request, exc):
        fields = getattr(exc, "message_dict", None)
        if fields:
            field, msgs = next(iter(fields.items()))
            # the same list of {"field", "message"} as a schema refusal below, so one Error schema holds
            listed = [{"field": name, "message": m} for name, ms in fields.items() for m in ms]
            return api.create_response(
                request, {"detail": "；".join(msgs), "field": field, "errors": listed}, status=422
            )
        return api.create_response(request, {"detail": "；".join(exc.messages)}, status=422)

    @api.exception_handler(NinjaValidationError)
    def schema_invalid(request, exc):
        errors = []
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
            errors.append({"field": ".".join(loc), "message": err.get("msg", "")})
        first = errors[0] if errors else {"field": "", "message": "请求格式错误"}
        return api.create_response(
            request,
            {"detail": f"{first['field']}: {first['message']}", "field": first["field"], "errors": errors},
            status=422,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
