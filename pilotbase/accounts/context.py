"""Navigation by role: each person sees the menu of their own job and nothing else."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Role

OFF, REV, APP, EXP, EVA = Role.OFFICER, Role.REVIEWER, Role.APPLICANT, Role.EXPERT, Role.EVALUATOR

# (group, label, url name, roles allowed; empty = every signed-in person). Items of one group that a
# person sees become one drop-down when there are several, so a bureau officer's menu fits a line.
MENU: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("", _("工作台"), "accounts:dashboard", ()),
    (_("申报备案"), _("申报通知"), "applications:call_list", (OFF, APP, REV)),
    (_("申报备案"), _("申报管理"), "applications:application_list", (OFF, APP, REV)),
    (_("申报备案"), _("公示管理"), "notices:manage", (OFF,)),
    (_("申报备案"), _("失信记录"), "bases:misconduct_list", (OFF,)),
    ("", _("专家评审"), "experts:workspace", (EXP,)),
    ("", _("绩效评价审核"), "evaluations:expert_reviews", (EXP,)),
    (_("专家"), _("专家库"), "experts:expert_list", (OFF,)),
    (_("专家"), _("组建评审专家组"), "experts:round_new", (OFF,)),
    (_("专家"), _("评分细则"), "experts:rubric_list", (OFF,)),
    (_("基地管理"), _("中试基地"), "bases:base_list", (OFF, REV, APP)),
    (_("基地管理"), _("绩效评价"), "evaluations:campaign_list", (OFF, REV, APP, EVA)),
    (_("服务与对接"), _("服务清单"), "catalogue:manage", (APP, OFF)),
    (_("服务与对接"), _("供需对接"), "catalogue:engagements", (APP, Role.PUBLIC, OFF)),
    (_("服务与对接"), _("对接统计"), "catalogue:overview", (OFF,)),
    (_("服务与对接"), _("经验做法"), "catalogue:case_manage", (OFF,)),
    ("", _("统计分析"), "documents:dashboard", (OFF, REV)),
    (_("系统配置"), _("节假日"), "workdays:manage", (Role.SYSADMIN,)),
    (_("系统配置"), _("产业链目录"), "rules:chains", (Role.SYSADMIN,)),
    (_("系统配置"), _("检索同义词"), "catalogue:synonyms", (Role.SYSADMIN,)),
    (_("系统配置"), _("公文模板"), "documents:template_list", (Role.SYSADMIN,)),
    (_("系统配置"), _("单位与推荐单位"), "accounts:units", (Role.SYSADMIN,)),
    ("", _("账号安全"), "accounts:users", (Role.SECADMIN,)),
    ("", _("审计日志"), "audit:event_list", (Role.AUDITADMIN,)),
]


# Public pages (no login), shown to everyone: (label, url name, one-line description)
PUBLIC_MENU: list[tuple[str, str, str]] = [
    (_("中试基地名录"), "portal:base_directory", "已备案中试基地及其服务能力"),
    (_("中试服务清单"), "portal:catalogue", "按工艺、设备、产业链检索中试服务"),
    (_("公示公告"), "notices:public_list", "备案与绩效评价结果公示，可在公示期内提出异议"),
    (_("发布中试需求"), "portal:demand_new", "企业发布中试需求，系统推荐匹配的中试基地"),
    (_("申报条件自评"), "rules:self_check", "对照《办法》第七条逐项自评"),
    (_("经验做法"), "portal:case_list", "可复制、可推广的中试基地建设经验"),
]


_URLS: dict[str, str | None] = {}


def _url(name: str) -> str | None:
    """URL names resolve to the same path for the life of the process: reverse each once."""
    if name not in _URLS:
        try:
            _URLS[name] = reverse(name)
        except NoReverseMatch:
            _URLS[name] = None  # that part of the system is not installed
    return _URLS[name]


_PUBLIC_ITEMS: list[dict] | None = None


def _public_items():
    """The public menu, built once per process (labels are lazy: translated when shown)."""
    global _PUBLIC_ITEMS
    if _PUBLIC_ITEMS is None:
        items = []
        for label, name, detail in PUBLIC_MENU:
            url = _url(name)
            if url is not None:
                items.append({"label": label, "url": url, "detail": detail})
        _PUBLIC_ITEMS = items
    return _PUBLIC_ITEMS


def menu_entries(role: str, path: str) -> list[dict]:
    """The menu of one role, with the entry for ``path`` marked active."""
    entries: list[dict] = []
    groups: dict[str, dict] = {}
    for group, label, name, roles in MENU:
        if roles and role not in roles:
            continue
        url = _url(name)
        if url is None:
            continue
        item = {"label": label, "url": url, "active": path == url}
        if not group:
            entries.append(item)
            continue
        if group not in groups:
            groups[group] = {"label": group, "children": []}
            entries.append(groups[group])
        groups[group]["children"].append(item)
    for entry in entries:
        children = entry.get("children")
        if children is not None:
            entry["active"] = any(child["active"] for child in children)
            if len(children) == 1:  # a group of one is just a link
                entry.update(children[0], children=None)
    return entries


def _menu_html(entries: list[dict]) -> str:
    parts = []
    for item in entries:
        active = " active" if item["active"] else ""
        if item.get("children"):
            children = format_html_join(
                "",
                '<li><a class="dropdown-item{}" href="{}">{}</a></li>',
                ((" active" if c["active"] else "", c["url"], c["label"]) for c in item["children"]),
            )
            parts.append(
                format_html(
                    '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle{}" href="#" role="button"'
                    ' data-bs-toggle="dropdown" aria-expanded="false">{}</a><ul class="dropdown-menu">{}</ul></li>',
                    active,
                    item["label"],
                    children,
                )
            )
        else:
            parts.append(
                format_html(
                    '<li class="nav-item"><a class="nav-link{}" href="{}">{}</a></li>',
                    active,
                    item["url"],
                    item["label"],
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html output  # nosec B308 B703


# The signed-in menu depends only on the role, the page (which entry is active) and the language:
# rendered once per such triple in the process and reused. Nothing of the person is in it.
_MENU_HTML: dict[tuple[str, str, str], str] = {}


_MENU_PATHS: frozenset[str] | None = None


def menu_html(role: str, path: str) -> str:
    global _MENU_PATHS
    if _MENU_PATHS is None:
        _MENU_PATHS = frozenset(url for _g, _l, name, _r in MENU if (url := _url(name)) is not None)
    if path not in _MENU_PATHS:
        path = ""  # no menu entry is active on this page: one copy for all such pages
    key = (role, path, get_language() or "")
    html = _MENU_HTML.get(key)
    if html is None:
        html = _MENU_HTML[key] = _menu_html(menu_entries(role, path))
    return html


# The page frame's fixed parts: asset links, titles and labels. They depend only on the language
# (and the static files' names, fixed for the life of the process), so each language's copy is
# built once; base.html then outputs strings instead of running six {% static %} and five
# {% translate %} tags on every page.
_CHROME: dict[str, dict] = {}

_STYLES = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "pilotbase/app.css",
)
_SCRIPTS = ("vendor/bootstrap/bootstrap.bundle.min.js", "vendor/htmx/htmx.min.js", "pilotbase/app.js")


def chrome() -> dict:
    from django.templatetags.static import static

    language = get_language() or ""
    frame = _CHROME.get(language)
    if frame is None:
        frame = _CHROME[language] = {
            "lang": language or "zh-hans",
            "site_title": str(_("兵团科技成果转化中试基地备案管理系统")),
            "brand": str(_("兵团中试基地备案管理系统")),
            "logout": str(_("退出")),
            "login": format_html(
                '<a class="nav-link" href="{}"><i class="bi bi-box-arrow-in-right"></i> {}</a>',
                _url("accounts:login"),
                _("登录"),
            ),
            "language_switch": mark_safe(  # noqa: S308 - fixed markup  # nosec B308 B703
                '<a class="nav-link" href="?lang=zh-hans" rel="nofollow">中文</a>'
                if language == "en"
                else '<a class="nav-link" href="?lang=en" rel="nofollow">English</a>'
            ),
            "footer": str(_("新疆生产建设兵团科学技术局 · 依据《兵团科技成果转化中试基地备案管理暂行办法》")),
            "styles": format_html_join(
                "\n", '<link rel="stylesheet" href="{}">', ((static(p),) for p in _STYLES)
            ),
            "scripts": format_html_join("\n", '<script src="{}"></script>', ((static(p),) for p in _SCRIPTS)),
            "roles": {value: str(label) for value, label in Role.choices},
        }
    return frame


def navigation(request):
    user = getattr(request, "user", None)
    frame = chrome()
    context = {"public_nav_items": _public_items(), "chrome": frame}
    if user is not None and user.is_authenticated:
        context["nav_html"] = menu_html(user.role, request.path)
        context["role_label"] = frame["roles"].get(user.role, user.role)
        context["nav_urls"] = {
            "dashboard": _url("accounts:dashboard"),
            "profile": _url("accounts:profile"),
            "logout": _url("accounts:logout"),
        }
    return context
