"""The public self-check page (申报条件自评): the form becomes the facts document and goes through
the same door into the engine as the API and the CLI (`policy_store.check_document`)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from pilotbase.accounts.models import RecommendingUnit
from pilotbase.operations import clock

from . import FactsError, policy_store
from .forms import INCIDENTS, STAFF, YES_NO, SelfCheckForm

STATUS_LABELS = {
    "pass": "通过",
    "fail": "不通过",
    "manual": "需人工判断",
    "not_applicable": "不适用",
    "missing": "缺少信息",
}
VERDICTS = {
    "meets_thresholds": (
        "达到申报条件",
        "success",
        "可自动判断的条件全部满足；标为“需人工判断”的各项由推荐单位和专家评审核实。",
    ),
    "ineligible": ("不符合申报条件", "danger", "有条件未满足，见下表“不通过”各项。"),
    "incomplete": ("信息不完整", "warning", "没有不满足的条件，但有些事实尚未填写，见下表“缺少信息”各项。"),
}


@login_not_required
def self_check(request):
    """Anyone may check a would-be base against Article 7 before applying; nothing is saved."""
    chains = policy_store.vocabulary()
    units = RecommendingUnit.objects.filter(active=True).only("code", "name")
    status = 200
    result = None
    unit = ""
    if request.method == "POST":
        form = SelfCheckForm(chains, request.POST)
        unit = request.POST.get("unit", "")
        facts = form.facts()
        try:
            result = policy_store.check_document(facts, jurisdiction=unit or None, chains=chains)
        except FactsError as exc:
            form.add_error(exc.field_path, exc.message_zh)
            status = 422
    else:
        form = SelfCheckForm(chains, initial={"as_of": clock.today().isoformat()})
    context = {
        "form": form,
        "sections": form.bound_sections(),
        "staff": STAFF,
        "staff_rows": form.row_cells(STAFF),
        "incidents": INCIDENTS,
        "incident_rows": form.row_cells(INCIDENTS),
        "blank_staff": [{"column": c, "value": c.default, "error": ""} for c in STAFF.columns],
        "blank_incident": [{"column": c, "value": c.default, "error": ""} for c in INCIDENTS.columns],
        "units": units,
        "unit": unit,
        "result": result,
        "yes_no": YES_NO,
    }
    if result is not None:
        title, tone, explanation = VERDICTS[result["verdict"]]
        context["verdict"] = {"title": title, "tone": tone, "explanation": explanation}
        context["checks"] = [
            {**check, "status_label": STATUS_LABELS[check["status"]]} for check in result["checks"]
        ]
        context["counts"] = {
            status_id: sum(1 for check in result["checks"] if check["status"] == status_id)
            for status_id in STATUS_LABELS
        }
    return render(request, "rules/self_check.html", context, status=status)


def chains(request):
    """系统管理员维护产业链目录（第七条第（一）项）."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from pilotbase.accounts.permissions import can_manage_system, require
    from pilotbase.accounts.services import InvalidInput

    from . import services as chain_services
    from .models import IndustryChain

    require(can_manage_system(request.user), "只有系统管理员可以维护产业链目录")
    error = None
    if request.method == "POST":
        try:
            chain_services.save_chain(
                code=request.POST.get("code", ""),
                label=request.POST.get("label", ""),
                retired=request.POST.get("retired") == "on",
                sort_order=int(request.POST.get("sort_order") or 0),
                by=request.user,
            )
            messages.success(request, "已保存")
            return redirect("rules:chains")
        except (InvalidInput, ValueError) as exc:
            error = getattr(exc, "message", "排序应为整数")
    return render(
        request,
        "rules/chains.html",
        {"chains": IndustryChain.objects.all(), "error": error, "posted": request.POST},
        status=422 if error else 200,
    )
