"""Who hosts and who builds the base with the applicant: the host unit (依托单位, Art. 7(二)) and
the co-builders (共建单位), linked to registered organisations by their unified credit code."""

from __future__ import annotations

import re

from pilotbase.accounts import creditcode
from pilotbase.accounts.models import Organisation, User
from pilotbase.accounts.services import InvalidInput
from pilotbase.accounts.services import create_organisation as register_organisation

CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")


def resolve_host_unit(application, data, *, register: bool, by: User) -> dict[str, str]:
    """Set ``application.host_unit`` (not saved) from the posted code and name. A registered
    organisation is found by its code (or by its exact name); an unknown valid code is registered
    with the name given, but only on an explicit save (``register``), never from an autosave of a
    half-typed name. Returns {field: message} for what could not be used."""
    via = ((application.facts or {}).get("applicant") or {}).get("via_host_unit")
    if via is not True:
        application.host_unit = None
        return {}
    code = (data.get("host_unit.credit_code") or "").strip()
    name = (data.get("host_unit.name") or "").strip()[:200]
    if not code and not name:
        application.host_unit = None
        return {}
    host = None
    if code:
        result = creditcode.check(code)
        if result.error or result.warning:
            return {"host_unit.credit_code": result.error or result.warning}
        host = Organisation.objects.filter(credit_code=result.code).first()
        if host is None:
            if not name:
                return {"host_unit.name": "该统一社会信用代码尚未登记，请填写依托单位名称以登记该单位"}
            if not register:
                return {"host_unit.name": "该依托单位尚未登记，点击“保存并下一步”时将以所填名称和代码登记"}
            try:
                host = register_organisation(
                    name=name, credit_code=result.code, recommending_unit=None, by=by
                )
            except InvalidInput as exc:
                return {f"host_unit.{exc.field}": exc.message}
    else:
        matches = list(Organisation.objects.filter(name=name)[:2])
        if len(matches) != 1:
            return {"host_unit.credit_code": f"未找到唯一名为“{name}”的已登记单位，请填写其统一社会信用代码"}
        host = matches[0]
    if host.pk == application.organisation_id:
        return {"host_unit.credit_code": "依托单位不能是申报单位本身"}
    application.host_unit = host
    return {}


def link_co_builders(lines: list[str]) -> tuple[list[str], list[Organisation], dict[str, str]]:
    """Each line is a name, optionally with a credit code. A code of a registered organisation
    links it (its registered name is kept); other lines stay free text as typed."""
    names: list[str] = []
    linked: list[Organisation] = []
    errors: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = CODE.search(line)
        if match:
            result = creditcode.check(match.group(0))
            if result.error or result.warning:
                errors[f"app.co_builders[{i}]"] = f"“{line}”：{result.error or result.warning}"
            else:
                org = Organisation.objects.filter(credit_code=result.code).first()
                if org is not None:
                    names.append(org.name)
                    linked.append(org)
                    continue
        names.append(line)
    return names, linked, errors
