"""The Chinese catalogue says what the English says: every translation carries the same
placeholders as its message, every plural form reads the count, and no two counted messages
share one translation (as "%(counter)s working day" once read "项资料变更待审核", another
message's words)."""

import gettext
import re
from pathlib import Path

from django.conf import settings

NAMED = re.compile(r"%\((\w+)\)[sd]")
POSITIONAL = re.compile(r"%[sd]")


def _catalogue() -> dict:
    mo = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_every_translation_has_its_messages_placeholders():
    wrong = []
    for key, text in _catalogue().items():
        if not key or not text:
            continue  # the header
        plural = isinstance(key, tuple)
        message = (key[0] if plural else key).split("\x04")[-1]  # without its context
        want, got = set(NAMED.findall(message)), set(NAMED.findall(text))
        if (
            (got - want)
            or (not plural and got != want)
            or len(POSITIONAL.findall(message)) != len(POSITIONAL.findall(text))
        ):
            wrong.append(f"{message!r} → {text!r}")
    assert not wrong, "\n".join(wrong)


def test_plural_forms_name_the_count():
    missing = [
        f"{key[0]!r} → {text!r}"
        for key, text in _catalogue().items()
        if isinstance(key, tuple) and NAMED.findall(key[0]) and not NAMED.findall(text)
    ]
    assert not missing, "\n".join(missing)


def test_no_two_counted_messages_share_a_translation():
    seen: dict[str, str] = {}
    shared = []
    for key, text in _catalogue().items():
        if isinstance(key, tuple) and text:
            if text in seen and seen[text] != key[0]:
                shared.append(f"{seen[text]!r} and {key[0]!r} → {text!r}")
            seen.setdefault(text, key[0])
    assert not shared, "\n".join(shared)
