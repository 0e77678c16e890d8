"""Excel import and export of the enterprise registry (django-import-export).

The import runs through ``portal.imports`` (registered in ``contributions.py``): a check that
lists every bad row with its reason, then a confirmed import of all rows in one transaction,
or none. Every value that cannot be read says what was expected.
"""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .choices import EnterpriseLabel, GrowthStage, Scale
from .models import Chain, Enterprise
from .validators import normalize_credit_code


class ChainsWidget(widgets.ManyToManyWidget):
    """Chains by name, separated by "、" or ","; an unknown name is an error, not a silent drop."""

    def __init__(self):
        super().__init__(Chain, separator="、", field="name")

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in str(value or "").replace(",", "、").split("、") if n.strip()]
        chains = list(Chain.objects.filter(name__in=names))
        unknown = sorted(set(names) - {c.name for c in chains})
        if unknown:
            raise ValueError(_("Unknown chain: %(names)s") % {"names": "、".join(unknown)})
        return chains


class NumberWidget(widgets.Widget):
    """A number (an amount in yuan, or a whole count): a clear message for anything else."""

    def __init__(self, *, whole: bool):
        self.whole = whole
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            number = decimal.Decimal(text)
            if not number.is_finite():
                raise decimal.InvalidOperation
        except decimal.InvalidOperation:
            number = None
        if number is None or (self.whole and number != number.to_integral_value()):
            expected = (
                _("a whole number, such as 320")
                if self.whole
                else _("an amount in yuan, such as 12500000 or 12500000.50")
            )
            raise ValueError(
                _("“%(value)s” is not a number: write %(expected)s.")
                % {"value": str(value)[:40], "expected": expected}
            )
        return int(number) if self.whole else number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DayWidget(widgets.Widget):
    """A date: an Excel date cell or text such as 2015-06-30."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as 2015-06-30 or use a date cell.")
                % {"value": str(value)[:40]}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label (either language)."""

    def __init__(self, choices, *, many=False):
        self.choices = choices
        self.many = many
        super().__init__()

    def _one(self, text):
        text = text.strip()
        for code, label in self.choices.choices:
            if text in (code, str(label)):
                return code
        # A short form such as 规下 for "规模以下（规下）", when it names one choice only.
        partial = [code for code, label in self.choices.choices if text and text in str(label)]
        if len(partial) == 1:
            return partial[0]
        raise ValueError(_("Unknown value: %(value)s") % {"value": text})

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return [] if self.many else ""
        if self.many:
            parts = str(value).replace(",", "、").split("、")
            return sorted({self._one(p) for p in parts if p.strip()})
        return self._one(str(value))

    def render(self, value, obj=None, **kwargs):
        labels = dict(self.choices.choices)
        if self.many:
            return "、".join(str(labels.get(v, v)) for v in value or [])
        return str(labels.get(value, value or ""))


class EnterpriseResource(resources.ModelResource):
    chains = fields.Field(attribute="chains", column_name="chains", widget=ChainsWidget())
    scale = fields.Field(attribute="scale", column_name="scale", widget=ChoiceWidget(Scale))
    labels = fields.Field(
        attribute="labels", column_name="labels", widget=ChoiceWidget(EnterpriseLabel, many=True)
    )
    growth_stage = fields.Field(
        attribute="growth_stage", column_name="growth_stage", widget=ChoiceWidget(GrowthStage)
    )
    founded_on = fields.Field(attribute="founded_on", column_name="founded_on", widget=DayWidget())
    employees = fields.Field(
        attribute="employees", column_name="employees", widget=NumberWidget(whole=True)
    )
    annual_output = fields.Field(
        attribute="annual_output", column_name="annual_output", widget=NumberWidget(whole=False)
    )
    annual_tax = fields.Field(
        attribute="annual_tax", column_name="annual_tax", widget=NumberWidget(whole=False)
    )

    class Meta:
        model = Enterprise
        import_id_fields = ["credit_code"]
        fields = [
            "credit_code", "name", "legal_representative", "contact_person", "contact_mobile",
            "address", "founded_on", "employees", "annual_output", "annual_tax", "scale",
            "chains", "labels", "growth_stage",
        ]  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        self._seen_codes = set()

    def before_import_row(self, row, **kwargs):
        row["credit_code"] = normalize_credit_code(str(row.get("credit_code") or ""))

    def import_instance(self, instance, row, **kwargs):
        """Report every problem of a row as a validation error, so the preview lists each bad
        row with its reasons (chains are many-to-many and would otherwise fail only on save)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        code = row["credit_code"]
        if code in self._seen_codes:
            errors.setdefault("credit_code", []).append(
                _("Duplicate: credit code %(code)s appears twice in the file.") % {"code": code}
            )
        self._seen_codes.add(code)
        try:
            self.fields["chains"].widget.clean(row.get("chains"))
        except ValueError as exc:
            errors.setdefault("chains", []).append(str(exc))
        if errors:
            raise ValidationError(errors)
