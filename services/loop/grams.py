"""The first way the portal compared texts (until 2026-12): a text as its set of characters
and character pairs, two texts scored by the mean of the two sets' Dice coefficients.
Superseded by ``portal.text`` (words, synonyms, weights; docs/text.md has both methods'
numbers). Kept because migration 0016 fills the ``grams`` column with it and installs the
SQL function, and because bench/text_quality.py measures it beside the new method."""

import re

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
TERM_THRESHOLD = 0.25


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
