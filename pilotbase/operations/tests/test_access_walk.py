"""Every URL pattern and every API route is either public by design or refused to an anonymous
visitor. A new public page must be added to PUBLIC on purpose; anything else that answers an
anonymous visitor with content fails this test."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# url name -> why it is public (the measure's public: Art. 8(三) 门户网站公示, Art. 11 服务清单与供需对接)
PUBLIC = {
    "portal:home": "门户首页",
    "portal:healthz": "负载均衡健康检查",
    "accounts:login": "登录页",
    "set_language": "界面语言切换",
    "rules:self_check": "申报条件自评（公开）",
    "notices:public_list": "公示公告（Art. 8(三)）",
    "notices:public_detail": "公示详情与异议（Art. 8(三)）",
    "notices:objection_new": "公示期内提出异议",
    "portal:base_directory": "中试基地名录（Art. 11）",
    "portal:base_profile": "中试基地简介（Art. 11）",
    "portal:catalogue": "中试服务清单检索（Art. 11）",
    "portal:case_list": "经验做法（Art. 11）",
    "portal:case_detail": "经验做法（Art. 11）",
    "portal:investors": "欢迎投资的中试基地（Art. 13）",
    "portal:investor_contact": "投资意向联系（Art. 13）",
    "portal:open_data": "开放数据下载（Art. 11）",
    "portal:demand_new": "企业发布需求入口（未登录时引导登录）",
    "applications:bench_bare": "基准测试用的空视图",
    "documents:public_notice": "公示公文的 DOCX/PDF 文本（公示即公开，Art. 8(三)）",
}
PUBLIC_API = {
    "/api/v1/eligibility/check": "申报条件自评（公开）",
    "/api/v1/services": "中试服务清单检索（公开）",
    "/api/v1/notices/": "公示公告（公开）",
    "/api/v1/notices/{pk}": "公示详情（公开）",
    "/api/v1/bases/directory": "中试基地名录（公开）",
    "/api/v1/calendar/notice-end": "公示期计算（公开）",
    "/api/v1/calendar/is-workday": "工作日查询（公开）",
}

SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else None), p.callback


def concrete(route: str) -> str:
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    return "/" + route


def page_routes():
    for route, name, callback in walk(get_resolver().url_patterns):
        if route.startswith("api/") or route.startswith("static/"):
            continue
        yield pytest.param(route, name, callback, id=name or route)


@pytest.mark.parametrize(("route", "name", "callback"), list(page_routes()))
def test_every_page_is_public_by_design_or_refused(client, db, route, name, callback):
    url = concrete(route)
    is_public = getattr(callback, "login_required", True) is False
    if is_public:
        assert name in PUBLIC, f"{url} ({name}) is public (@login_not_required) but not listed in PUBLIC"
        response = client.get(url)
        assert response.status_code < 500, url
        return
    assert name not in PUBLIC, f"{name} is listed as public but requires login"
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 401, 403, 404, 405), (
            f"{method.upper()} {url} -> {response.status_code}"
        )
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url


def api_operations():
    from pilotbase.api.urls import api

    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield pytest.param(path, method, bool(op.get("security")), id=f"{method.upper()} {path}")


@pytest.mark.parametrize(("path", "method", "secured"), list(api_operations()))
def test_every_api_route_is_public_by_design_or_refused(client, db, path, method, secured):
    url = re.sub(r"\{[^}]+\}", "1", path)
    if not secured:
        assert path in PUBLIC_API, (
            f"{method.upper()} {path} has no authentication but is not listed in PUBLIC_API"
        )
        return
    response = getattr(client, method)(url, content_type="application/json")
    assert response.status_code == 401, f"{method.upper()} {url} -> {response.status_code}"
    assert response.json()["detail"]


def test_openapi_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")
