from django.contrib import messages
from django.shortcuts import redirect, render

from pilotbase.accounts.permissions import can_manage_system, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.operations import clock

from . import services
from .calendar import ScheduleError, YearNotCovered, parse_schedule
from .forms import DayForm, ImportForm
from .models import CoveredYear, HolidayDay


def manage(request):
    """The system administrator keeps the holiday table: enter a new year, correct a day."""
    require(can_manage_system(request.user), "只有系统管理员可以维护节假日安排")
    services.ensure_seeded()
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    import_form = ImportForm(prefix="imp")
    day_form = DayForm(prefix="day")
    status = 200
    if request.method == "POST":
        try:
            if "imp-format" in request.POST:
                import_form = ImportForm(request.POST, request.FILES, prefix="imp")
                if import_form.is_valid():
                    schedule = parse_schedule(import_form.content(), import_form.cleaned_data["format"])
                    services.import_schedule(schedule, by=request.user)
                    messages.success(
                        request, f"已导入 {schedule.year} 年节假日安排（{len(schedule.days)} 天）"
                    )
                    return redirect(f"{request.path}?year={schedule.year}")
            else:
                day_form = DayForm(request.POST, prefix="day")
                if day_form.is_valid():
                    d = day_form.cleaned_data
                    services.set_day(
                        d["date"], kind=d["kind"] or None, name=d["name"], source=d["source"], by=request.user
                    )
                    messages.success(request, f"已更正 {d['date']}")
                    return redirect(f"{request.path}?year={d['date'].year}")
        except (ScheduleError, InvalidInput, YearNotCovered) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        status = 422
    return render(
        request,
        "workdays/manage.html",
        {
            "years": CoveredYear.objects.all(),
            "year": year,
            "covered": CoveredYear.objects.filter(year=year).exists(),
            "days": HolidayDay.objects.filter(date__year=year),
            "import_form": import_form,
            "day_form": day_form,
        },
        status=status,
    )
