"""Who should handle a submitted request, suggested to the dispatcher from the park's own
dispatch history (never dispatched by itself), and what the portal learns from the park's
requests (``refit``: the term counts similarity reads and the profiles suggestions read).

A profile is the centroid of the requests a unit led (or co-handled, or that were filed
under a category): for each term, the share of those requests using it times the term's
weight (``portal.text.weight``), scaled to length 1. A new request's terms, weighted the same
way, are compared with every profile (the cosine); the best lead unit is suggested with its
confidence (its share of the scores of the three best), the co-handling units whose profile
is close, and, where the enterprise chose the catch-all category (其他), the category.
The past requests that support the suggestion are the unit's most similar ones
(``similarity.similar``). docs/text.md has how it was measured.
"""

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from portal.text import ParkCounts, weight
from portal.text.core import CHARACTER, SINGLE_STOP

from .choices import State
from .models import (
    Category,
    DispatchSuggestion,
    HandlingUnit,
    ProfileTerm,
    Request,
    TermCount,
    TextFit,
)
from .similarity import park_counts, similar

# Terms kept per profile (the rest weigh little and only slow the reading).
PROFILE_TERMS = 400
# Requests that say nothing of who handles what: merged into another, withdrawn, or
# returned by the unit they were sent to (their lead unit is the one that gave them back).
UNLEARNED = (State.MERGED, State.WITHDRAWN, State.RETURNED)
# A co-handling unit is suggested from this cosine on.
CO_UNIT_MINIMUM = 0.2
# Learn from the newest requests only: what units do changes, and a refit stays bounded.
FIT_WINDOW = 200_000
# A unit's remit counts as this many requests of its own in its profile.
REMIT_WEIGHT = 3
# How much the enterprise's chosen category says beside the words: the score of a unit
# gains this much times the share of the category's past requests the unit led.
CATEGORY_PRIOR = 0.25


def _grouped_counts(kind, exclude_ids):
    """(key → term → requests, key → requests) for lead units, co-handling units or
    categories, over the newest FIT_WINDOW requests dispatched (merged and withdrawn ones
    left out: no unit handled them)."""
    table = Request._meta.db_table
    if kind == ProfileTerm.Kind.LEAD:
        source = (
            f"SELECT r.lead_unit_id AS key, r.id, r.terms FROM {table} r "  # noqa: S608
            "WHERE r.terms IS NOT NULL AND r.lead_unit_id IS NOT NULL"
        )
    elif kind == ProfileTerm.Kind.CO:
        through = Request.co_units.through._meta.db_table
        source = (
            f"SELECT c.handlingunit_id AS key, r.id, r.terms FROM {through} c "  # noqa: S608
            f"JOIN {table} r ON r.id = c.request_id WHERE r.terms IS NOT NULL"
        )
    else:
        source = (
            f"SELECT r.category_id AS key, r.id, r.terms FROM {table} r "  # noqa: S608
            f"JOIN {Category._meta.db_table} c ON c.id = r.category_id "
            "WHERE r.terms IS NOT NULL AND NOT c.is_catch_all AND r.lead_unit_id IS NOT NULL"
        )
    # A returned request's lead unit is the one that gave it back: not who handles it.
    source += " AND r.state NOT IN ('merged', 'withdrawn', 'returned')"
    params = []
    if exclude_ids:
        source += " AND NOT (r.id = ANY(%s))"
        params.append(list(exclude_ids))
    rows, sizes = defaultdict(dict), {}
    with connection.cursor() as cur:
        cur.execute(
            f"WITH s AS ({source} ORDER BY r.id DESC LIMIT {FIT_WINDOW}) "  # noqa: S608
            "SELECT key, t, count(*) FROM s, unnest(s.terms) t GROUP BY 1, 2",
            params,
        )
        for key, term, n in cur.fetchall():
            rows[key][term] = n
        cur.execute(
            f"WITH s AS ({source} ORDER BY r.id DESC LIMIT {FIT_WINDOW}) "  # noqa: S608
            "SELECT key, count(*) FROM s GROUP BY 1",
            params,
        )
        sizes = dict(cur.fetchall())
    return rows, sizes


def _add_remits(counts, sizes) -> None:
    """Each unit's remit, as REMIT_WEIGHT requests of its own: a unit with no history yet is
    suggested from what it says it handles."""
    from portal.text import terms

    for pk, remit in HandlingUnit.objects.exclude(remit="").values_list("pk", "remit"):
        unit_terms = counts.setdefault(pk, {})
        for term in terms(remit, limit=2000):
            unit_terms[term] = unit_terms.get(term, 0) + REMIT_WEIGHT
        sizes[pk] = sizes.get(pk, 0) + REMIT_WEIGHT


def _category_leads(exclude_ids) -> dict[int, dict[str, float]]:
    """unit → category id (as text) → the share of that category's requests the unit led."""
    rows = (
        Request.objects.filter(lead_unit__isnull=False)
        .exclude(state__in=UNLEARNED).exclude(pk__in=exclude_ids)
        .values_list("category_id", "lead_unit_id").annotate(n=Count("id"))
    )  # fmt: skip
    totals, found = defaultdict(int), defaultdict(dict)
    for category, unit, n in rows:
        totals[category] += n
        found[unit][str(category)] = n
    return {unit: {c: n / totals[int(c)] for c, n in by.items()} for unit, by in found.items()}


def _profiles(counts, sizes, park: ParkCounts) -> dict[int, dict[str, float]]:
    profiles = {}
    for key, terms in counts.items():
        size = sizes.get(key) or 1
        vector = {t: (n / size) * weight(t, park) for t, n in terms.items()}
        top = sorted(vector.items(), key=lambda kv: -kv[1])[:PROFILE_TERMS]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        profiles[key] = {t: v / norm for t, v in top}
    return profiles


def _count_terms(exclude_ids) -> ParkCounts:
    table = Request._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"WITH s AS MATERIALIZED (SELECT id, terms FROM {table} "  # noqa: S608
            "WHERE terms IS NOT NULL AND NOT (id = ANY(%s)) ORDER BY id DESC LIMIT %s) "
            "SELECT t, count(*) FROM s, unnest(s.terms) t GROUP BY 1 "
            # the characters of the terms of two or more, counted once per request
            "UNION ALL SELECT %s || c, count(DISTINCT s.id) FROM s, unnest(s.terms) t, "
            "regexp_split_to_table(t, '') c WHERE length(t) > 1 "
            "AND c ~ '[\u3400-\u9fff]' AND NOT (c = ANY(%s)) GROUP BY c",
            [list(exclude_ids), FIT_WINDOW, CHARACTER, sorted(SINGLE_STOP)],
        )
        frequency = dict(cur.fetchall())
        cur.execute(
            f"SELECT count(*) FROM (SELECT id FROM {table} WHERE terms IS NOT NULL "  # noqa: S608
            "AND NOT (id = ANY(%s)) ORDER BY id DESC LIMIT %s) s",
            [list(exclude_ids), FIT_WINDOW],
        )
        documents = cur.fetchone()[0]
    return ParkCounts(documents=documents, frequency=frequency)


@transaction.atomic
def refit(*, exclude_ids=()) -> TextFit:
    """Learn again from the park's requests (the newest FIT_WINDOW): the term counts and the
    lead-unit, co-unit and category profiles. ``exclude_ids`` leaves requests out (a
    held-out set when measuring)."""
    started = time.monotonic()
    exclude_ids = list(exclude_ids)
    park = _count_terms(exclude_ids)
    TermCount.objects.all().delete()
    TermCount.objects.bulk_create(
        [TermCount(term="", requests=park.documents)]
        + [TermCount(term=t[:40], requests=n) for t, n in park.frequency.items() if t],
        batch_size=5000,
    )
    profiles = {}
    for kind in (ProfileTerm.Kind.LEAD, ProfileTerm.Kind.CO, ProfileTerm.Kind.CATEGORY):
        counts, sizes = _grouped_counts(kind, exclude_ids)
        if kind == ProfileTerm.Kind.LEAD:
            dispatched = sum(sizes.values())
            _add_remits(counts, sizes)
        profiles[kind] = _profiles(counts, sizes, park)
    profiles[ProfileTerm.Kind.CATEGORY_LEAD] = _category_leads(exclude_ids)
    ProfileTerm.objects.all().delete()
    ProfileTerm.objects.bulk_create(
        [
            ProfileTerm(kind=kind, key=key, term=term, weight=value)
            for kind, by_key in profiles.items()
            for key, vector in by_key.items()
            for term, value in vector.items()
        ],
        batch_size=5000,
    )
    return TextFit.objects.create(
        requests=park.documents, dispatched=dispatched, seconds=time.monotonic() - started
    )


@dataclass
class Suggestion:
    lead_unit: HandlingUnit | None
    confidence: float = 0.0
    ranked: list = field(default_factory=list)  # [(unit, score)] best first, three at most
    co_units: list = field(default_factory=list)
    category: Category | None = None
    support: list = field(default_factory=list)  # past requests of the lead unit like it

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def _scores(kind, terms: list[str], park: ParkCounts) -> list[tuple[int, float]]:
    if not terms:
        return []
    vector = {t: weight(t, park) for t in terms}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    totals = defaultdict(float)
    for key, term, value in ProfileTerm.objects.filter(kind=kind, term__in=terms).values_list(
        "key", "term", "weight"
    ):
        totals[key] += value * vector[term] / norm
    return sorted(totals.items(), key=lambda kv: -kv[1])


def rank_units(
    terms: list[str], category_id: int | None = None, park: ParkCounts | None = None
) -> list[tuple[int, float]]:
    """Lead units' ids by how well their profile fits ``terms`` (and how often they led
    requests of the category chosen), best first."""
    scores = dict(_scores(ProfileTerm.Kind.LEAD, terms, park or park_counts(terms)))
    if category_id is not None:
        for unit, share in ProfileTerm.objects.filter(
            kind=ProfileTerm.Kind.CATEGORY_LEAD, term=str(category_id)
        ).values_list("key", "weight"):
            scores[unit] = scores.get(unit, 0.0) + CATEGORY_PRIOR * share
    return sorted(scores.items(), key=lambda kv: -kv[1])


def suggest(request: Request, *, with_support: bool = True) -> Suggestion:
    """The suggestion for ``request`` from the last refit (nothing when there is none)."""
    terms = request.terms or []
    park = park_counts(terms)
    # The catch-all category (其他) says nothing of who handles it.
    category_id = None if request.category.is_catch_all else request.category_id
    ranked = rank_units(terms, category_id, park)[:3]
    active = HandlingUnit.objects.filter(is_active=True).in_bulk(
        [k for k, _ in ranked] + [k for k, _ in _scores(ProfileTerm.Kind.CO, terms, park)[:3]]
    )
    ranked = [(active[k], s) for k, s in ranked if k in active]
    if not ranked:
        return Suggestion(lead_unit=None)
    total = sum(s for _, s in ranked) or 1.0
    lead, best = ranked[0]
    co = [
        active[k] for k, s in _scores(ProfileTerm.Kind.CO, terms, park)[:3]
        if k in active and k != lead.pk and s >= CO_UNIT_MINIMUM
    ][:2]  # fmt: skip
    category = None
    if request.category.is_catch_all:
        found = _scores(ProfileTerm.Kind.CATEGORY, terms, park)
        if found:
            category = Category.objects.filter(pk=found[0][0], is_active=True).first()
    support = []
    if with_support:
        past = (
            Request.objects.filter(lead_unit=lead).exclude(pk=request.pk)
            .exclude(state__in=UNLEARNED)
            .only("id", "number", "title", "terms", "state", "submitted_at")
        )  # fmt: skip
        support = similar(past, terms, limit=3, threshold=0.1)
    return Suggestion(
        lead_unit=lead, confidence=round(best / total, 2), ranked=ranked, co_units=co,
        category=category, support=support,
    )  # fmt: skip


def record_shown(request: Request, suggestion: Suggestion) -> None:
    """Keep what the dispatcher was shown (once per request), to learn whether it is taken."""
    if suggestion.lead_unit is None:
        return
    row, made = DispatchSuggestion.objects.get_or_create(
        request=request,
        defaults={"lead_unit": suggestion.lead_unit, "confidence": suggestion.confidence,
                  "category": suggestion.category},
    )  # fmt: skip
    if made and suggestion.co_units:
        row.co_units.set(suggestion.co_units)


def record_dispatch(request: Request) -> None:
    """The request was dispatched: was the suggested lead unit taken? (The first dispatch
    only; a re-dispatch after a return says nothing of the suggestion.)"""
    waiting = DispatchSuggestion.objects.filter(request=request, taken__isnull=True)
    waiting.filter(lead_unit_id=request.lead_unit_id).update(taken=True)
    waiting.update(taken=False)  # the rest: another unit was chosen


def taken_by_month(start, end=None) -> list[dict]:
    """Per month: suggestions followed by a dispatch, and how many were taken."""
    rows = DispatchSuggestion.objects.filter(taken__isnull=False, made_at__gte=start)
    if end is not None:
        rows = rows.filter(made_at__lt=end)
    return list(
        rows.annotate(month=TruncMonth("made_at")).values("month")
        .annotate(shown=Count("id"), taken=Count("id", filter=Q(taken=True)))
        .order_by("month")
    )  # fmt: skip


def measure(held_out_ids) -> dict:
    """How often the suggestion names the unit that handled each held-out request first, and
    among its three best, when learned from every request but those (the fit is restored
    from all requests afterwards)."""
    held_out = list(
        Request.objects.filter(pk__in=list(held_out_ids), lead_unit__isnull=False)
        .exclude(state__in=UNLEARNED)
        .values_list("pk", "terms", "lead_unit_id", "category_id", "category__is_catch_all")
    )  # fmt: skip
    try:
        refit(exclude_ids=[row[0] for row in held_out])
        top1 = top3 = 0
        for _pk, terms, unit, category, catch_all in held_out:
            ranked = [key for key, _ in rank_units(terms or [], None if catch_all else category)]
            top1 += ranked[:1] == [unit]
            top3 += unit in ranked[:3]
    finally:
        refit()
    n = len(held_out)
    return {"requests": n, "top1": top1 / n if n else 0.0, "top3": top3 / n if n else 0.0}
