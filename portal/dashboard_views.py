"""The staff dashboard: every chart this person may see, drawn, tabled and downloadable."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import dashboard


@login_required
@permission_required("portal.view_workbench", raise_exception=True)
@require_safe
def dashboard_page(request):
    shown = []
    for chart in dashboard.charts_for(request.user):
        data = chart.data()
        shown.append({
            "chart": chart, "data": data, "svg": dashboard.svg(chart, data),
            "rows": dashboard.table_rows(data),
        })  # fmt: skip
    return render(request, "portal/dashboard.html", {"charts": shown})


@login_required
@permission_required("portal.view_workbench", raise_exception=True)
@require_safe
def dashboard_xlsx(request, key):
    chart = dashboard.chart_by_key(request.user, key)
    if chart is None:
        raise Http404
    response = HttpResponse(
        dashboard.xlsx(chart, chart.data()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{key}-{stamp}.xlsx"'
    return response


@require_safe
@cache_control(max_age=3600, public=True)
def dashboard_css(request):
    """The charts' stylesheet (the same for every chart and every person)."""
    return HttpResponse(dashboard.stylesheet(), content_type="text/css; charset=utf-8")
