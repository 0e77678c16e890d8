"""Validation and masking of personal data: mainland mobile numbers and resident ID numbers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value: str) -> str:
    """Strip spaces, dashes and a leading +86 / 0086 country code."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def mobile_index(value: str | None) -> str | None:
    """The blind index a mobile number is found by (sign-in, uniqueness), or None."""
    from .crypto import blind_index

    number = normalize_mobile(value)
    return blind_index(number, purpose="mobile") if number else None


def looks_like_mobile(value: str | None) -> bool:
    return bool(_MOBILE.match(normalize_mobile(value)))


def mask_name(value: str | None) -> str:
    """张** : the family name stays, the given name does not."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def validate_mobile(value: str) -> None:
    if not _MOBILE.match(normalize_mobile(value)):
        raise ValidationError(
            _("Enter a valid mainland mobile number of 11 digits, such as 13812345678."),
            code="invalid_mobile",
        )


def mask_mobile(value: str | None) -> str:
    """138****5678: enough to recognise a number, not enough to call it."""
    if not value:
        return ""
    value = normalize_mobile(value)
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def _resident_id_problem(value: str) -> str | None:
    """What is wrong with a resident identity number, in words, or None. The area code is
    not checked against the year it was created: people born before their county's current
    code was issued (Penglai's among them) carry it all the same."""
    number = ric.compact(value or "").upper()
    if (
        len(number) != 18
        or not number[:-1].isdigit()
        or not (number[-1].isdigit() or number[-1] == "X")
    ):
        return _("A resident ID number has 18 characters: 17 digits, then a digit or X.")
    try:
        born = ric.get_birth_date(number)
    except ValueError:  # stdnum's InvalidComponent: no such date
        born = None
    if born is None or not datetime.date(1900, 1, 1) <= born <= datetime.date.today():
        return _("Characters 7 to 14 of a resident ID number are a birth date; this one is not.")
    if number[-1] != ric.calc_check_digit(number):
        return _(
            "The last character of this resident ID number does not match the others (its "
            "check character): look for a mistyped digit."
        )
    return None


def _is_resident_id(value: str) -> bool:
    return _resident_id_problem(value) is None


def validate_resident_id(value: str) -> None:
    """An 18-character resident identity number with a real birth date and a valid check
    character; the message says which of them is wrong."""
    problem = _resident_id_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_resident_id")


def mask_resident_id(value: str | None) -> str:
    """370684********1234: the region code and the last four characters stay visible."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def log_read(*, request, subject: str, fields: list[str], rows: int = 1) -> None:
    """Record that the person behind ``request`` saw ``fields`` of ``subject`` unmasked."""
    from .models import PersonalDataRead  # models import this module's validators

    PersonalDataRead.objects.create(
        reader=request.user, subject=subject[:200], fields=", ".join(fields)[:200], rows=rows,
        url=request.get_full_path()[:300],
    )  # fmt: skip


class LogsPersonalDataReads:
    """A ModelAdmin mixin: opening an object whose ``personal_fields`` the form shows
    unmasked, or exporting them, is logged (``PersonalDataRead``)."""

    personal_fields: list[str] = []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and obj is not None and response.status_code == 200:
            log_read(request=request, subject=f"{obj._meta.verbose_name}: {obj}",
                     fields=self.personal_fields)  # fmt: skip
        return response

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        log_read(
            request=request, subject=str(self.model._meta.verbose_name_plural),
            fields=self.personal_fields, rows=queryset.count(),
        )  # fmt: skip
        return data
