"""The Red Alliance Lectures on the staff dashboard: attendances (person-times) and distinct
trainees per month of the sessions, each month leading to its sessions."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.dashboard import Chart, ChartData, Series
from services.loop.charts import last_months

from .models import Enrolment


def trainees_by_month() -> ChartData:
    months = last_months()
    rows = (
        Enrolment.objects.filter(attended_at__isnull=False, session__starts_at__date__gte=months[0])
        .annotate(month=TruncMonth("session__starts_at", tzinfo=timezone.get_current_timezone()))
        .values("month").annotate(times=Count("pk"), people=Count("trainee", distinct=True))
        .order_by()
    )  # fmt: skip
    found = {timezone.localtime(row["month"]).date(): row for row in rows}
    empty = {"times": 0, "people": 0}
    return ChartData(
        labels=[f"{month:%Y-%m}" for month in months],
        series=[Series(_("Person-times"), [found.get(m, empty)["times"] for m in months]),
                Series(_("Trainees"), [found.get(m, empty)["people"] for m in months])],
        links=[reverse("admin:talent_session_changelist") + "?" + urlencode(
            {"starts_at__year": m.year, "starts_at__month": m.month}) for m in months],
    )  # fmt: skip


def charts() -> list[Chart]:
    return [
        Chart("trainees-by-month", _("Trainees by month"), "bar", trainees_by_month,
              lambda user: user.is_authenticated and user.has_perm("talent.view_session"),
              order=50,
              note=_("Check-ins at the Red Alliance Lectures' sessions of each month, and the "
                     "people they were.")),
    ]  # fmt: skip
