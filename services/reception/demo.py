"""Demo data for the reception day: the days of this month and the next two."""

from .services import ensure_reception_days


def seed_reception_days() -> int:
    return len(ensure_reception_days(months=3))
