"""Navigation by role: each person sees the menu of their own job and nothing else."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# (label, url name, roles allowed; empty = every signed-in person)
MENU: list[tuple[str, str, tuple[str, ...]]] = [
    (_("工作台"), "accounts:dashboard", ()),
    (_("申报通知"), "applications:call_list", (Role.OFFICER, Role.APPLICANT, Role.REVIEWER)),
    (_("申报管理"), "applications:application_list", (Role.OFFICER, Role.APPLICANT, Role.REVIEWER)),
    (_("专家评审"), "experts:workspace", (Role.EXPERT,)),
    (_("专家库"), "experts:expert_list", (Role.OFFICER,)),
    (_("中试基地"), "bases:base_list", (Role.OFFICER, Role.REVIEWER, Role.APPLICANT)),
    (
        _("绩效评价"),
        "evaluations:campaign_list",
        (Role.OFFICER, Role.REVIEWER, Role.APPLICANT, Role.EVALUATOR),
    ),
    (_("服务清单"), "catalogue:manage", (Role.APPLICANT, Role.OFFICER)),
    (_("供需对接"), "catalogue:engagements", (Role.APPLICANT, Role.PUBLIC, Role.OFFICER)),
    (_("公示管理"), "notices:manage", (Role.OFFICER,)),
    (_("对接统计"), "catalogue:overview", (Role.OFFICER,)),
    (_("统计分析"), "documents:dashboard", (Role.OFFICER, Role.REVIEWER)),
    (_("经验做法"), "catalogue:case_manage", (Role.OFFICER,)),
    (_("节假日"), "workdays:manage", (Role.SYSADMIN,)),
    (_("产业链目录"), "rules:chains", (Role.SYSADMIN,)),
    (_("检索同义词"), "catalogue:synonyms", (Role.SYSADMIN,)),
    (_("公文模板"), "documents:template_list", (Role.SYSADMIN,)),
    (_("单位与推荐单位"), "accounts:units", (Role.SYSADMIN,)),
    (_("账号安全"), "accounts:users", (Role.SECADMIN,)),
    (_("审计日志"), "audit:event_list", (Role.AUDITADMIN,)),
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


def _public_items():
    items = []
    for label, name, detail in PUBLIC_MENU:
        try:
            items.append({"label": label, "url": reverse(name), "detail": detail})
        except NoReverseMatch:
            continue
    return items


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, name, roles in MENU:
            if roles and user.role not in roles:
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue  # that part of the system is not installed yet
            items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items, "public_nav_items": _public_items()}
