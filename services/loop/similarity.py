"""The same problem told twice: similar open requests (for a dispatcher, or for an enterprise
among its own), and typical cases like the one being typed.

Chinese text has no spaces, and PostgreSQL's ``pg_trgm`` hashes CJK trigrams so that two
people's words for one problem ("厂区门口道路破损，货车通行困难" / "厂区东门道路损坏影响
货车") score 0.07. What two such texts share is characters and character pairs: 厂区, 道路,
货车, 门, 损. So a text is kept as its set of characters and of character pairs (``grams``,
words of Latin letters or digits whole), without the words every request uses (申请, 需要,
问题…), and two texts score the mean of the Dice coefficients of the two sets. Pairs a
person would call the same problem score 0.35 and more; different problems of one category
score under 0.3 (tests/services/test_similarity.py pins both). Texts that share no character
at all ("用电负荷不足" / "电力容量不够") are not found: the same enterprise's open requests
are shown whatever their words.

The score is one SQL function (migration 0016), read over the open requests' GIN-indexed
grams, and ``score`` here is the same formula for tests and small sets.
"""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, FloatField, Func, Value

# Words nearly every request uses; they say nothing of which problem it is.
GENERIC_WORDS = (
    "园区", "申请", "需要", "问题", "时间", "办理", "咨询", "困难", "企业", "公司", "太长", "希望",
    "如何", "哪些", "严重", "影响", "情况", "反映", "相关", "目前", "我们", "我司", "解决",
    "协调", "帮助", "请求", "能否", "是否", "可以",
)  # fmt: skip
# Characters that join words rather than name things.
FUNCTION_CHARS = frozenset(
    "的了和与及或在是有对为把被将就也都而且但并等个这那其之于以由从向到请问能否可"
)
RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
# The first characters of each text are enough to name the problem; a long description
# would only dilute the score, and the index stays small.
TEXT_CHARS = 300

# Shown from this score on.
THRESHOLD = 0.3


def grams(*texts: str) -> list[str]:
    """The characters and character pairs of the first TEXT_CHARS of each of ``texts`` (Latin
    and digit words whole, from two characters on), sorted."""
    found: set[str] = set()
    for text in texts:
        text = (text or "")[:TEXT_CHARS].lower()
        for word in GENERIC_WORDS:
            text = text.replace(word, " ")
        for run in RUNS.findall(text):
            if run.isascii():
                if len(run) > 1:
                    found.add(run[:40])
                continue
            found.update(c for c in run if c not in FUNCTION_CHARS)
            found.update(run[i : i + 2] for i in range(len(run) - 1))
    return sorted(found)


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def score(a: list[str], b: list[str]) -> float:
    """The mean of the Dice coefficients of the characters and of the pairs (and words)."""
    a_chars, b_chars = {g for g in a if len(g) == 1}, {g for g in b if len(g) == 1}
    a_pairs, b_pairs = set(a) - a_chars, set(b) - b_chars
    return round((_dice(a_chars, b_chars) + _dice(a_pairs, b_pairs)) / 2, 4)


# The same formula in the database (installed by migration 0016).
SQL_FUNCTION = """
CREATE OR REPLACE FUNCTION services_text_similarity(a text[], b text[]) RETURNS float
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH x AS (SELECT DISTINCT g FROM unnest(a) g), y AS (SELECT DISTINCT g FROM unnest(b) g),
    n AS (
        SELECT (SELECT count(*) FROM x WHERE length(g) = 1) AS xc,
               (SELECT count(*) FROM x WHERE length(g) > 1) AS xp,
               (SELECT count(*) FROM y WHERE length(g) = 1) AS yc,
               (SELECT count(*) FROM y WHERE length(g) > 1) AS yp,
               (SELECT count(*) FROM x JOIN y USING (g) WHERE length(g) = 1) AS bc,
               (SELECT count(*) FROM x JOIN y USING (g) WHERE length(g) > 1) AS bp
    )
    SELECT round(((CASE WHEN xc > 0 AND yc > 0 THEN 2.0 * bc / (xc + yc) ELSE 0 END
                 + CASE WHEN xp > 0 AND yp > 0 THEN 2.0 * bp / (xp + yp) ELSE 0 END) / 2)::numeric,
                 4)::float
    FROM n
$$;
"""


class Similarity(Func):
    function = "services_text_similarity"
    output_field = FloatField()


# At most this many of the newest rows sharing a word are scored: a duplicate is told near
# the time of the first report, and scoring stays bounded however many open requests share
# a common word (bench: 1,800 of a million did).
CANDIDATES = 300


def similar(queryset, text_grams: list[str], *, limit: int = 5, field: str = "grams"):
    """The rows of ``queryset`` most like ``text_grams`` (score at least THRESHOLD), best
    first, each with its ``similarity``. Only the newest CANDIDATES rows sharing a pair of
    characters (or a word) are scored: the index finds them, and a text that shares none
    with another would need nearly all its characters in common to reach the threshold."""
    pairs = [g for g in text_grams if len(g) > 1]
    if not pairs:
        return queryset.none()
    mine = Value(text_grams, output_field=ArrayField(models.TextField()))
    sharing = queryset.filter(**{f"{field}__overlap": pairs}).order_by("-pk").values("pk")
    return (
        queryset.filter(pk__in=sharing[:CANDIDATES])
        .annotate(similarity=Similarity(F(field), mine))
        .filter(similarity__gte=THRESHOLD)
        .order_by("-similarity", "-pk")[:limit]
    )


def similar_open(item, *, limit: int = 5) -> list:
    """For a dispatcher on a request: the other open requests that may be the same problem,
    those of the same enterprise first (whatever their words), then those of the same
    category whose text is like this one's, each with its ``similarity`` (None for the
    enterprise's own that share no words)."""
    from .choices import State
    from .models import Request

    open_rows = Request.objects.filter(state__in=sorted(State.open_states())).exclude(pk=item.pk)
    open_rows = open_rows.select_related("enterprise").only(
        "id", "number", "title", "state", "submitted_at", "enterprise__name", "enterprise_id",
        "category_id",
    )  # fmt: skip
    found = {r.pk: r for r in similar(open_rows.filter(category_id=item.category_id),
                                      item.grams or [], limit=limit)}  # fmt: skip
    own = open_rows.filter(enterprise_id=item.enterprise_id).order_by("-submitted_at")[:limit]
    for row in own:
        if row.pk not in found:
            row.similarity = None
            found[row.pk] = row
    rows = list(found.values())
    rows.sort(key=lambda r: (r.enterprise_id != item.enterprise_id, -(r.similarity or 0)))
    return rows[: 2 * limit]
