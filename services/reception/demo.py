"""Demo data for the reception day: the days of this month and the next two, hosted by the
demo supervisor (the party working committee's secretary) in the center's reception room."""

from .models import ReceptionDay
from .services import ensure_reception_days

PLACE = "党群服务中心一楼企业家接待室"


def seed_reception_days(done=None) -> int:
    host = ((done or {}).get("accounts") or {}).get("supervisor")
    made = ensure_reception_days(months=3)
    ReceptionDay.objects.filter(pk__in=[d.pk for d in made], host=None).update(
        host=host, place=PLACE
    )
    return len(made)
