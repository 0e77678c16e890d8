"""The same problem told twice: for a dispatcher, the open requests of any enterprise that may
be the same problem as this one; for an enterprise typing a new request, its own open requests
and the published typical cases like it (never another enterprise's requests).

A request keeps its ``terms`` (``portal.text.terms``: its content words, each synonym group as
one term), GIN-indexed over the open requests. The rows sharing one of a text's weightiest
terms are fetched (the newest CANDIDATES of them), and each is scored in Python by the
weighted cosine of the two term sets and their characters (``portal.text.similarity``), with
the park's own counts of terms and characters (``TermCount``, refitted nightly) telling how
much sharing one says. Two queries,
whatever the number of requests. From THRESHOLD on, a row is shown with the terms it shares.

The threshold and the method were chosen on tests/loop/data/similar_pairs.yaml (36 pairs of
one problem in two enterprises' words, 36 pairs of different problems sharing generic words);
docs/text.md has the numbers of each method tried and of three held-out sets.
"""

from portal.text import ParkCounts, characters, similarity, weight
from portal.text.core import SETTING

from .choices import State

THRESHOLD = 0.22
# At most this many of the newest rows sharing a key term are scored: a duplicate is told
# near the time of the first report, and the work stays bounded however many open requests
# share a common word.
CANDIDATES = 300
# The weightiest terms of a text that fetch candidates (a row sharing none of them would need
# most of the rest in common to reach the threshold).
KEY_TERMS = 8


def key_terms(terms: list[str]) -> list[str]:
    """The terms that fetch candidates: the weightiest, without the words that say where."""
    useful = [t for t in terms if t not in SETTING]
    return sorted(useful, key=lambda t: -weight(t))[:KEY_TERMS]


def park_counts(terms) -> ParkCounts:
    """The park's counts of ``terms`` and their characters (one query; the row of the empty
    term holds how many requests were counted)."""
    from .models import TermCount

    terms = set(terms)
    wanted = {"", *terms, *characters(terms)}
    rows = dict(TermCount.objects.filter(term__in=wanted).values_list("term", "requests"))
    return ParkCounts(documents=rows.pop("", 0), frequency=rows)


def rank(rows, text_terms: list[str], *, limit: int, threshold: float = THRESHOLD) -> list:
    """``rows`` (each with ``terms``) scored against ``text_terms``: those from ``threshold``
    on, best first, each with ``similarity`` and ``shared`` (the terms in common, the
    weightiest first)."""
    rows = list(rows)
    if not rows:
        return []
    counts = park_counts({t for row in rows for t in row.terms or ()} | set(text_terms))
    found = []
    for row in rows:
        match = similarity(text_terms, row.terms or [], counts)
        if match.score >= threshold:
            row.similarity, row.shared = match.score, match.shared
            found.append(row)
    found.sort(key=lambda r: (-r.similarity, -r.pk))
    return found[:limit]


def similar(queryset, text_terms: list[str], *, limit: int = 5, threshold: float = THRESHOLD):
    """The rows of ``queryset`` most like ``text_terms`` (see ``rank``)."""
    keys = key_terms(text_terms)
    if not keys:
        return []
    candidates = queryset.filter(terms__overlap=keys).order_by("-pk")[:CANDIDATES]
    return rank(candidates, text_terms, limit=limit, threshold=threshold)


def similar_open(item, *, limit: int = 6) -> list:
    """For the staff on a request: the open requests of any enterprise (its own included)
    that may be the same problem, best first, each with its ``similarity`` and ``shared``
    terms. Staff only: the rows name other enterprises."""
    from .models import Request

    open_rows = (
        Request.objects.filter(state__in=sorted(State.open_states()))
        .exclude(pk=item.pk)
        .select_related("enterprise")
        .only("id", "number", "title", "state", "submitted_at", "terms", "enterprise__name",
              "enterprise_id", "category_id")
    )  # fmt: skip
    return similar(open_rows, item.terms or [], limit=limit)
