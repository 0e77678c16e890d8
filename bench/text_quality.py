"""How well the portal reads Chinese text, measured on the labelled sets in tests/loop/data/.

    .venv/bin/python bench/text_quality.py            # every method, every set
    .venv/bin/python bench/text_quality.py --sweep    # recall / false alarms per threshold

Similar requests: for each method, recall on the pairs that are one problem and the false-
alarm rate on the pairs that are not, at the method's threshold. The portal uses
``services.loop.similarity.THRESHOLD`` with the method "terms + synonyms, weighted cosine";
both were chosen on similar_pairs.yaml only. Needs no database: the park's term counts are
those of the labelled texts themselves (as the nightly refit counts the park's requests).
docs/text.md keeps the numbers.
"""

import argparse
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "loop" / "data"
SETS = (
    "similar_pairs.yaml",
    "similar_pairs_holdout.yaml",
    "similar_pairs_unseen.yaml",
    "similar_pairs_fresh.yaml",
)


def pairs(name):
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return data["same"], data["different"]


def park_counts(texts):
    from portal.text import ParkCounts, terms

    return ParkCounts.of([terms(text) for text in texts])


def methods(counts):
    from portal.text import core, dictionary, similarity, terms
    from services.loop.grams import grams, score

    def characters(a, b):
        return score(grams(a), grams(b))

    def words(a, b):
        ta = {w for w in core.tokens(a) if w not in core.GENERIC and len(w) > 1}
        tb = {w for w in core.tokens(b) if w not in core.GENERIC and len(w) > 1}
        return 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0

    def weighted_words(a, b):
        saved, saved_features = dictionary.heads(), core.features
        dictionary._state["heads"], core.features = {}, frozenset
        try:
            return similarity(terms(a), terms(b), counts).score
        finally:
            dictionary._state["heads"], core.features = saved, saved_features

    def weighted_terms(a, b):
        return similarity(terms(a), terms(b), counts).score

    def words_only(a, b):
        saved = core.features
        core.features = frozenset
        try:
            return similarity(terms(a), terms(b), counts).score
        finally:
            core.features = saved

    return [
        ("characters and pairs, Dice (until 2026-12)", characters, 0.3),
        ("jieba words, Dice", words, 0.22),
        ("jieba words, weighted cosine", weighted_words, 0.22),
        (
            "terms + synonyms, weighted cosine, whole terms only (until 2026-12-08)",
            words_only,
            0.22,
        ),
        (
            "terms + synonyms + their characters at half weight, weighted cosine (the portal)",
            weighted_terms,
            None,
        ),
    ]


def evaluate(method, same, different, threshold):
    hits = sum(method(a, b) >= threshold for a, b in same)
    alarms = sum(method(a, b) >= threshold for a, b in different)
    return hits / len(same), alarms / len(different)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    from services.loop.similarity import THRESHOLD

    sets = {name: pairs(name) for name in SETS}
    texts = [t for same, diff in sets.values() for pair in same + diff for t in pair]
    counts = park_counts(texts)
    print("| method | threshold | " + " | ".join(f"{n} recall / false alarms" for n in SETS) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in SETS) + " |")
    for label, method, threshold in methods(counts):
        threshold = THRESHOLD if threshold is None else threshold
        cells = []
        for same, different in sets.values():
            recall, alarms = evaluate(method, same, different, threshold)
            cells.append(f"{recall:.2f} / {alarms:.2f}")
        print(f"| {label} | {threshold} | " + " | ".join(cells) + " |")
    if args.sweep:
        same, different = sets[SETS[0]]
        for label, method, _threshold in methods(counts):
            print(f"\n{label} on {SETS[0]}")
            for step in range(10, 42, 2):
                recall, alarms = evaluate(method, same, different, step / 100)
                print(f"  {step / 100:.2f}: recall {recall:.2f}, false alarms {alarms:.2f}")


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    main()
