"""The words the segmenter and the synonym list know: jieba's own dictionary, the synonym list
that ships here (synonyms.txt), the groups staff keep in the admin, and the park's names
(units, enterprises and their short forms, chains, industries), which each app contributes
through ``portal.registry.registry.text_words``.

The park's part changes while the portal runs: a process reloads it when the version in the
cache moved (``forget`` moves it: a synonym group or an enterprise saved), at most once every
RELOAD_SECONDS."""

import logging
import threading
import time
from pathlib import Path

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
RELOAD_SECONDS = 60
VERSION_KEY = "text:dictionary-version"
PARK_FREQ = 50000

_lock = threading.Lock()
_tokenizer = jieba.Tokenizer()
_tagger = jieba.posseg.POSTokenizer(_tokenizer)
_state = {"heads": None, "qualities": frozenset(), "added": set(), "version": None, "checked": 0.0}


def tokenizer() -> jieba.Tokenizer:
    _reload_if_stale()
    return _tokenizer


def tagger() -> jieba.posseg.POSTokenizer:
    """The segmenter that also tags each word's part of speech (a person's name is ``nr``)."""
    _reload_if_stale()
    return _tagger


def _file_groups() -> list[list[str]]:
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].removeprefix("!").split()
        if len(words) > 1:
            groups.append(words)
    return groups


def qualities() -> frozenset[str]:
    """The heads of the groups marked ``!``: how a thing is, not a thing (no hot topic)."""
    _reload_if_stale()
    return _state["qualities"]


def _file_qualities() -> frozenset[str]:
    from .core import normalise

    return frozenset(
        normalise(line[1:].split()[0])
        for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
        if line.startswith("!") and line[1:].split()
    )


def synonym_groups() -> list[list[str]]:
    """Every synonym group: the shipped list, then the park's own (staff's win on a word both
    name, since the park knows its words)."""
    return _file_groups() + _park_groups()


def _park_groups() -> list[list[str]]:
    from django.apps import apps

    if not apps.ready:
        return []
    from django.db import transaction

    from portal.models import SynonymGroup

    try:
        # In a savepoint: inside a migration the table may not be there yet, and a failed
        # query must not abort the migration's transaction.
        with transaction.atomic():
            return [g.word_list() for g in SynonymGroup.objects.all() if len(g.word_list()) > 1]
    except Exception:
        logging.getLogger(__name__).debug("synonym groups unavailable", exc_info=True)
        return []


def _park_words() -> set[str]:
    from django.apps import apps

    if not apps.ready:
        return set()
    from django.db import transaction

    from portal.registry import registry

    words: set[str] = set()
    for source in registry.text_words:
        try:
            with transaction.atomic():  # a savepoint, as above
                words.update(w for w in source() if w and 1 < len(w) <= 30)
        except Exception:
            logging.getLogger(__name__).debug("park words unavailable", exc_info=True)
    return words


def heads() -> dict[str, str]:
    """Word → the first word of its group."""
    _reload_if_stale()
    return _state["heads"]


def add_park_words(words, tag: str | None = "n") -> None:
    """Teach the segmenter words (names, terms) so they stay whole, with their part of speech
    (``n`` a thing, ``nt`` an organisation, ``nr`` a person)."""
    from .core import normalise

    with _lock:
        _tokenizer.check_initialized()
        for word in words:
            word = normalise(word).replace(" ", "")
            if word and word not in _state["added"]:
                # Frequent enough to stay whole: above what jieba would suggest for a name
                # made of common words (suggest_freq, which segments each word: seconds for
                # the tens of thousands of names a large park has).
                _tokenizer.add_word(
                    word, freq=max(_tokenizer.FREQ.get(word, 0), PARK_FREQ), tag=tag
                )
                _state["added"].add(word)


def _current_version():
    from django.apps import apps

    if not apps.ready:
        return 0
    from django.core.cache import cache

    try:
        return cache.get(VERSION_KEY, 0)
    except Exception:
        return _state["version"]


def _reload_if_stale() -> None:
    now = time.monotonic()
    if _state["heads"] is not None and now - _state["checked"] < RELOAD_SECONDS:
        return
    version = _current_version()
    _state["checked"] = now
    if _state["heads"] is not None and version == _state["version"]:
        return
    load()
    _state["version"] = version


def load() -> None:
    """(Re)read the synonyms and the park's words now."""
    from .core import normalise

    groups = [[normalise(w).replace(" ", "") for w in g] for g in synonym_groups()]
    mapping: dict[str, str] = {}
    for group in groups:
        for word in group:
            mapping[word] = group[0]
    _state["heads"] = mapping
    _state["qualities"] = _file_qualities()
    _state["checked"] = time.monotonic()
    # Synonyms keep the part of speech jieba's dictionary gives them (a quality stays one).
    add_park_words([w for g in groups for w in g if len(w) > 1], tag=None)
    add_park_words(_park_words())


def forget() -> None:
    """Say that the park's words changed: every process reloads them within RELOAD_SECONDS."""
    from django.core.cache import cache

    try:
        cache.set(VERSION_KEY, time.time(), None)
    except Exception:
        logging.getLogger(__name__).warning("could not announce new park words", exc_info=True)
    _state["checked"] = 0.0
