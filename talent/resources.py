"""Excel import of the talent registry (through ``portal.imports``: a check listing every bad
row with its reason, then all rows in one transaction or none) and the columns of its
export, where ID numbers and mobiles go out masked unless the reader may see them."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from stdnum.cn import ric

from alliances.models import Enterprise
from alliances.resources import ChoiceWidget, NumberWidget
from alliances.validators import normalize_credit_code

from .choices import Education, Gender, Level, TalentStatus
from .models import Talent, resident_id_index


class EnterpriseWidget(widgets.Widget):
    """An enterprise by its unified social credit code or its registered name."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("Name the enterprise (its name or credit code)."))
        found = list(
            Enterprise.objects.filter(Q(name=text) | Q(credit_code=normalize_credit_code(text)))[:2]
        )
        if len(found) != 1:
            raise ValueError(_("No enterprise of the registry is called “%(value)s”.")
                             % {"value": text[:60]})  # fmt: skip
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class TextWidget(widgets.CharWidget):
    """Text as typed; a number cell (an ID number or mobile typed as a number) as its digits."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


def _choice(name, choices):
    return fields.Field(attribute=name, column_name=name, widget=ChoiceWidget(choices))


class TalentResource(resources.ModelResource):
    id_number = fields.Field(attribute="id_number", column_name="id_number", widget=TextWidget())
    mobile = fields.Field(attribute="mobile", column_name="mobile", widget=TextWidget())
    enterprise = fields.Field(
        attribute="enterprise", column_name="enterprise", widget=EnterpriseWidget()
    )
    gender = _choice("gender", Gender)
    education = _choice("education", Education)
    level = _choice("level", Level)
    status = _choice("status", TalentStatus)
    birth_year = fields.Field(
        attribute="birth_year", column_name="birth_year", widget=NumberWidget(whole=True)
    )
    programme_year = fields.Field(
        attribute="programme_year", column_name="programme_year", widget=NumberWidget(whole=True)
    )

    class Meta:
        model = Talent
        fields = [
            "name", "gender", "birth_year", "id_number", "mobile", "education", "title",
            "field", "enterprise", "level", "programme", "programme_year", "status",
        ]  # fmt: skip
        import_id_fields = ["id_number"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        self._seen = set()

    def before_import_row(self, row, **kwargs):
        row["id_number"] = ric.compact(str(TextWidget().clean(row.get("id_number")))).upper()
        if not row.get("status"):
            row["status"] = TalentStatus.ACTIVE

    def get_instance(self, instance_loader, row):
        """The talent of this ID number (found by its keyed hash: the column is encrypted)."""
        index = resident_id_index(row.get("id_number"))
        return Talent.objects.filter(id_index=index).first() if index else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        number = row.get("id_number")
        if number and number in self._seen:
            errors.setdefault("id_number", []).append(
                _("Duplicate: this ID number appears twice in the file.")
            )
        self._seen.add(number)
        if errors:
            raise ValidationError(errors)


# The export's columns: the import's own, headed as the import reads them (the fields'
# names in the reader's language), so that a full export can be imported back as it is.
EXPORT_FIELDS = [
    "name", "gender", "birth_year", "id_number", "mobile", "education", "title", "field",
    "enterprise", "level", "programme", "programme_year", "status",
]  # fmt: skip
EXPORT_WIDTHS = [10, 6, 8, 22, 14, 10, 14, 14, 30, 14, 18, 8, 10]


def export_headings() -> list[str]:
    return [capfirst(str(Talent._meta.get_field(name).verbose_name)) for name in EXPORT_FIELDS]


def export_row(talent: Talent, *, full: bool) -> list:
    return [
        talent.name, talent.get_gender_display(), talent.birth_year,
        talent.id_number if full else talent.masked_id_number,
        talent.mobile if full else talent.masked_mobile,
        talent.get_education_display(), talent.title, talent.field, talent.enterprise.name,
        talent.get_level_display(), talent.programme, talent.programme_year or "",
        talent.get_status_display(),
    ]  # fmt: skip
