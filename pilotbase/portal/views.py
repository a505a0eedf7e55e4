"""Public pages: no login (Art. 11: the portal is for the public and enterprises; Art. 13: investors)."""

from __future__ import annotations

import csv
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from pilotbase.accounts.models import RecommendingUnit
from pilotbase.accounts.permissions import Refused
from pilotbase.accounts.services import InvalidInput
from pilotbase.catalogue import analysis, permissions, services
from pilotbase.catalogue.forms import Styled
from pilotbase.catalogue.models import BaseProfile, PilotService
from pilotbase.catalogue.vocabulary import INDUSTRY_CHAINS, KINDS

from . import directory
from .caching import anonymous_page_cache


def _filters(request) -> dict:
    return {
        "units": RecommendingUnit.objects.filter(active=True),
        "chains": list(INDUSTRY_CHAINS.items()),
        "kinds": list(KINDS.items()),
        "chosen": {k: request.GET.get(k, "") for k in ("division", "chain", "kind", "q")},
    }


def _latest_notices():
    try:
        from pilotbase.notices.models import PublicNotice
    except ImportError:
        return []
    return list(PublicNotice.objects.order_by("-starts_on", "-pk")[:5])


@login_not_required
def home(request):
    listed = permissions.listed_bases()
    figures = {
        "bases": listed.count(),
        "services": directory.published_services().count(),
        "divisions": listed.values("recommending_unit").distinct().count(),
        "cases": permissions.published_cases().count(),
    }
    context = {
        "figures": figures,
        "notices": _latest_notices(),
        "cases": list(permissions.published_cases()[:3]),
    }
    return render(request, "portal/home.html", context)


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
@anonymous_page_cache
def base_directory(request):
    context = _filters(request)
    chosen = context["chosen"]
    status = 200
    try:
        bases = directory.filtered(division=chosen["division"], chain=chosen["chain"], kind=chosen["kind"])
    except InvalidInput as exc:
        context["error"] = exc.message
        bases = directory.filtered()
        status = 422
    page = Paginator(bases, 20).get_page(request.GET.get("page"))
    page.object_list = directory.count_published(page.object_list)
    context.update(page_obj=page, query=urlencode({k: v for k, v in chosen.items() if v}))
    return render(request, "portal/base_directory.html", context, status=status)


def _listed_base(filing_number: str):
    base = (
        permissions.listed_bases()
        .select_related("organisation", "recommending_unit")
        .filter(filing_number=filing_number)
        .first()
    )
    if base is None:
        raise Http404("该中试基地不存在或已不在备案有效期内")
    return base


@login_not_required
@anonymous_page_cache
def base_profile(request, filing_number: str):
    base = _listed_base(filing_number)
    offered = list(base.services.filter(status=PilotService.Status.PUBLISHED).order_by("ref"))
    equipment = list(dict.fromkeys(e for s in offered for e in (s.equipment or [])))
    return render(
        request,
        "portal/base_profile.html",
        {
            "base": base,
            "services": offered,
            "equipment": equipment,
            "chains": directory.chain_labels(base.industry_chains),
            "profile": services.profile_of(base),
        },
    )


@login_not_required
@anonymous_page_cache
def catalogue(request):
    context = _filters(request)
    chosen = context["chosen"]
    status = 200
    query = chosen["q"].strip()
    rows = []
    if len(query) > analysis.MAX_QUERY_CHARS:
        context["notice"] = f"检索词过长，已只按前 {analysis.MAX_QUERY_CHARS} 个字检索。"
    if query:
        try:
            results = services.search(
                query, limit=20, chain=chosen["chain"], kind=chosen["kind"], division=chosen["division"]
            )
            rows = services.service_rows(results)
            if not rows and "notice" not in context:
                context["notice"] = "没有找到匹配的中试服务，请换个说法或减少筛选条件。"
        except InvalidInput as exc:
            context["error"] = exc.message
            status = 422
    else:
        try:
            services.check_filters(chain=chosen["chain"], kind=chosen["kind"], division=chosen["division"])
        except InvalidInput as exc:
            context["error"] = exc.message
            status = 422
        if "q" in request.GET and status == 200:
            context["notice"] = "请输入要检索的工艺、设备、产品或需求，例如：番茄酱杀菌工艺放大。"
    context["rows"] = rows
    return render(request, "portal/catalogue.html", context, status=status)


@login_not_required
def case_list(request):
    page = Paginator(permissions.published_cases(), 20).get_page(request.GET.get("page"))
    return render(request, "portal/case_list.html", {"page_obj": page})


@login_not_required
def case_detail(request, pk: int):
    case = get_object_or_404(permissions.published_cases(), pk=pk)
    return render(request, "portal/case_detail.html", {"case": case})


@login_not_required
def investors(request):
    welcoming = BaseProfile.objects.filter(welcomes_investment=True).values("base_id")
    bases = (
        permissions.listed_bases()
        .filter(pk__in=welcoming)
        .select_related("recommending_unit", "organisation", "portal_profile")
    )
    return render(request, "portal/investors.html", {"bases": bases})


class InvestorContactForm(Styled, forms.Form):
    name = forms.CharField(label="联系人", max_length=50)
    organisation = forms.CharField(label="单位", max_length=200, required=False)
    contact = forms.CharField(label="联系电话或邮箱", max_length=100)
    message = forms.CharField(label="投资合作意向", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


@login_not_required
@require_http_methods(["GET", "POST"])
def investor_contact(request, filing_number: str):
    base = _listed_base(filing_number)
    profile = services.profile_of(base)
    if not profile.welcomes_investment:
        raise Http404("该基地目前未开放投资意向联系")
    form = InvestorContactForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.enquire_investment(base, **form.cleaned_data)
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已将您的投资意向转给该基地，基地将通过您留下的方式联系您。")
                return redirect("portal:investors")
        return render(request, "portal/investor_contact.html", {"base": base, "form": form}, status=422)
    return render(request, "portal/investor_contact.html", {"base": base, "form": form})


DATASETS = {"directory": "中试基地名录", "catalogue": "中试服务清单"}


@login_not_required
def open_data(request):
    dataset = request.GET.get("dataset")
    fmt = request.GET.get("format", "json")
    if not dataset:
        return render(request, "portal/open_data.html", {"datasets": DATASETS})
    if dataset not in DATASETS or fmt not in ("csv", "json"):
        return render(
            request,
            "portal/open_data.html",
            {"datasets": DATASETS, "error": "未知的数据集或格式"},
            status=422,
        )
    if dataset == "directory":
        rows = [directory.row(b) for b in directory.count_published(directory.filtered())]
    else:
        rows = [directory.service_row(s) for s in directory.published_services()]
    filename = f"pilotbase-{dataset}.{fmt}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"dataset": dataset, "results": rows}, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        if rows:
            writer = csv.DictWriter(response, fieldnames=list(rows[0]))
            writer.writeheader()
            for item in rows:
                writer.writerow({k: "、".join(v) if isinstance(v, list) else v for k, v in item.items()})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
def demand_new(request):
    """Entry point: an enterprise posts a demand once signed in; everyone else is told how."""
    target = reverse("catalogue:demand_new")
    if request.user.is_authenticated:
        if permissions.can_post_demand(request.user):
            return redirect(target)
        return render(request, "portal/demand_entry.html", {"wrong_role": True})
    return render(
        request,
        "portal/demand_entry.html",
        {"login_url": f"{reverse('accounts:login')}?{urlencode({'next': target})}"},
    )
