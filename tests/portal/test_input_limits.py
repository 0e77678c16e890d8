"""Every text a user types has a length limit in the form or serializer that reads it, so an
over-long value is a clear 400, never a database error. A new form or serializer with an
unbounded text field fails here."""

import importlib
import inspect
import pkgutil

from django import forms
from rest_framework import serializers

APPS = ("portal", "alliances", "services", "talent")


def _classes():
    seen = set()
    for package in APPS:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in module.name or module.name.endswith(".prod"):
                continue
            for obj in vars(importlib.import_module(module.name)).values():
                if inspect.isclass(obj) and obj.__module__.startswith(APPS) and obj not in seen:
                    seen.add(obj)
                    yield obj


def _unbounded():
    found = []
    for cls in _classes():
        if issubclass(cls, forms.BaseForm):
            try:
                fields = cls().fields  # some forms set their limits as they are made
            except (TypeError, KeyError, ValueError):
                fields = cls.base_fields  # a form that needs arguments
            for name, field in fields.items():
                if isinstance(field, forms.CharField) and field.max_length is None:
                    found.append(f"{cls.__module__}.{cls.__name__}.{name}")
        elif issubclass(cls, serializers.BaseSerializer):
            try:
                fields = cls().fields
            except (AssertionError, TypeError):
                continue  # a base class meant to be subclassed
            for name, field in fields.items():
                child = getattr(field, "child", None)
                for each in (field, child):
                    if (
                        isinstance(each, serializers.CharField)
                        and not field.read_only
                        and each.max_length is None
                    ):
                        found.append(f"{cls.__module__}.{cls.__name__}.{name}")
    return found


def test_every_typed_text_has_a_length_limit():
    assert _unbounded() == []


def test_an_overlong_sheet_description_is_a_clear_400():
    from services.reception.forms import SheetForm

    form = SheetForm(data={"description": "长" * 100_000, "title": "标题" * 100})
    assert not form.is_valid()
    assert "description" in form.errors and "title" in form.errors
