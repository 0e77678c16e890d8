"""Reading the park's Chinese text, the same way everywhere: one normalisation, one segmenter
that knows the park's own words, one list of synonyms, one weighting of terms.

- ``normalise``: NFKC (full-width letters and digits become half-width), traditional
  characters become simplified (OpenCC), lower case, runs of spaces become one.
- ``tokens``: jieba's words (search mode, so 大门口 also gives 大门 and 门口), with the park's
  words added: unit and enterprise names, chain and industry terms, the synonym list.
- ``terms``: what a text is about, as a set: each token that is not a word every request
  uses (园区, 企业, 申请…) becomes the first word of its synonym group (照明灯 → 路灯), so two
  enterprises' words for one problem meet. Requests keep their terms in a GIN-indexed column.
- ``weight``: how much a shared term says. jieba's IDF table (learned from a large general
  corpus, shipped in the package) blended with the term's frequency among the park's own
  requests, refitted by a beat task: 企业 says little anywhere, 塔筒 says much, and in this
  park 园区 says nothing.
- ``similarity``: the weighted cosine of two term sets with their characters at half weight
  (``features``: 漏水 and 漏雨 share 漏), and the terms they share.

No network, no model download: jieba's dictionary and IDF table and OpenCC's tables ship in
their packages. docs/text.md says what was tried and measured.
"""

from .core import (
    GENERIC,
    Match,
    ParkCounts,
    characters,
    features,
    marked,
    normalise,
    similarity,
    terms,
    tokens,
    weight,
    words_naming,
)
from .dictionary import add_park_words, synonym_groups

__all__ = [
    "GENERIC",
    "Match",
    "ParkCounts",
    "add_park_words",
    "characters",
    "features",
    "marked",
    "normalise",
    "similarity",
    "synonym_groups",
    "terms",
    "tokens",
    "weight",
    "words_naming",
]
