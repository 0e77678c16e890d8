"""List rows and page parts drawn once and reused.

A list page spends most of its time in the template engine drawing the same rows again.
``rows_html`` keeps each row's HTML in the cache under a digest of everything the row can
show: the values of the row's object and of its related objects as they were read, the
language, the extra context and the code that draws it (the row template, the tag
libraries it loads and the compiled translations). A row whose request changed has another
digest and is drawn anew; nothing has to remember to forget a row. Rows of the same page
are read in one round trip.

A row template receives ``r`` and the extra context only, never the request or the user:
whatever depends on who is asking belongs in the extra context, where it is part of the key.

``fragment_html`` keeps any other part of a page under a key its caller names (what the part
shows besides code and language); a ``Stamp`` is a number that changes whenever the rows a
part is drawn from change, for keys that cannot name those rows.
"""

import hashlib
import inspect
import re
import sys
from functools import cache as once
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template import engines
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

ROW_SECONDS = 24 * 3600
_LOADS = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@once
def _translations_digest() -> str:
    files = sorted(p for root in settings.LOCALE_PATHS for p in Path(root).rglob("*.mo"))
    return _digest(*[(str(p), p.read_bytes()) for p in files])


@lru_cache(maxsize=64)
def _code_digest(template_name: str) -> str:
    """The row template, the modules of the tag libraries it loads and the translations."""
    template = get_template(template_name).template
    libraries = engines["django"].engine.template_libraries
    modules = set()
    for names in _LOADS.findall(template.source):
        for name in names.split():
            library = libraries.get(name)
            if library is None:
                continue
            for function in [*library.tags.values(), *library.filters.values()]:
                module = getattr(function, "__module__", None)
                if module and not module.startswith("django."):
                    modules.add(module)
    sources = [inspect.getsource(sys.modules[m]) for m in sorted(modules)]
    return _digest(template_name, template.source, sources, _translations_digest())


def _state(obj) -> list:
    """Every value read for ``obj`` and, recursively, for the related objects read with it."""
    values = [type(obj).__name__]
    values += sorted(
        (key, value) for key, value in obj.__dict__.items() if not key.startswith("_")
    )  # fmt: skip
    for name, related in sorted(obj._state.fields_cache.items()):
        values.append((name, None if related is None else _state(related)))
    return values


def rows_html(template_name: str, rows, **context) -> list[SafeString]:
    """The HTML of each row of ``rows`` drawn by ``template_name`` (with ``r`` the row and the
    extra ``context``), from the cache where the row has not changed since it was drawn."""
    rows = list(rows)
    if not rows:
        return []
    base = f"row:{_code_digest(template_name)}:{get_language()}:{_digest(sorted(context.items()))}"
    keys = [f"{base}:{_digest(_state(row))}" for row in rows]
    found = cache.get_many(keys)
    drawn, template = {}, None
    html = []
    for key, row in zip(keys, rows, strict=True):
        text = found.get(key)
        if text is None:
            template = template or get_template(template_name)
            # The engine's own SafeString: escaped as drawn, and kept as such in the cache.
            text = drawn[key] = template.render({"r": row, **context})
        html.append(text)
    if drawn:
        cache.set_many(drawn, ROW_SECONDS)
    return html


def fragment_html(template_name: str, key, context, seconds: int = ROW_SECONDS) -> SafeString:
    """``template_name`` drawn with ``context`` (a dict, or a callable giving it, called only
    when the part is drawn), from the cache under ``key``: everything the part shows that is
    neither its code nor the language."""
    full = f"part:{_code_digest(template_name)}:{get_language()}:{_digest(key)}"
    text = cache.get(full)
    if text is None:
        context = context() if callable(context) else context
        text = get_template(template_name).render(context)
        cache.set(full, text, seconds)
    return text


class Stamp:
    """A number kept in the cache that ``bump`` changes: cached parts put it in their keys,
    and whatever changes their rows bumps it (connect ``bump`` to the models' signals)."""

    def __init__(self, name: str):
        self.key = f"stamp:{name}"

    def read(self) -> int:
        stamp = cache.get(self.key)
        if stamp is None:
            cache.add(self.key, 1, timeout=None)
            stamp = cache.get(self.key, 1)
        return stamp

    def _bump_now(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 1, timeout=None)

    def bump(self, **_kwargs) -> None:
        """Now, and again after the transaction commits (a page read meanwhile may have kept
        a part drawn from the rows before the change)."""
        self._bump_now()
        transaction.on_commit(self._bump_now)
