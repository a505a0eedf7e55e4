"""What every router documents besides its own success: the one error body (``errors.py`` writes
it) and the statuses a route may answer with it."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    """Every refusal of the API: a message for a person, the field it concerns when there is one,
    and each field's complaint when a body was checked as a whole."""

    detail: str
    field: str | None = None
    errors: list[FieldError] | None = None


# What a signed-in route may answer besides its success: 401 without a session or token, 403
# refused (or a session's CSRF check failed), 404 not there or not visible, 422 bad input.
# ``response={200: Thing, **ERRORS}``; a route that cannot give all four names its own: ``errors(401, 422)``.
ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}


def errors(*statuses: int) -> dict[int, type[Error]]:
    return {status: Error for status in statuses}


# Text that must not be blank. The schema says so; the service checks it (after the object's
# visibility, so a hidden object is still a 404) and names the field with its own Chinese message.
NonBlank = Annotated[str, Field(json_schema_extra={"pattern": r"\S"})]
