from ninja import Router, Schema

from pilotbase.api.schema import errors

router = Router(tags=["账号"])
PREFIX = "/me/"


class Me(Schema):
    username: str
    display_name: str
    role: str
    organisation: str | None
    recommending_unit: str | None


@router.get("", response={200: Me, **errors(401)}, summary="当前用户")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "organisation": user.organisation.name if user.organisation_id else None,
        "recommending_unit": user.recommending_unit.code if user.recommending_unit_id else None,
    }
