from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProcedureKind(models.TextChoices):
    PERMIT = "permit", _("Permit or licence")
    REGISTRATION = "registration", _("Registration or filing")
    PROJECT = "project", _("Project approval")
    SUBSIDY = "subsidy", _("Subsidy or policy application")
    CERTIFICATION = "certification", _("Qualification or certification")
    OTHER = "other", pgettext_lazy("procedure", "Other")


class CaseState(models.TextChoices):
    ASKED = "asked", _("Asked for (awaiting a cadre)")
    IN_PROGRESS = "in_progress", pgettext_lazy("paperwork", "In progress")
    DONE = "done", pgettext_lazy("paperwork", "Done")
    NOT_POSSIBLE = "not_possible", _("Could not be done")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.ASKED, cls.IN_PROGRESS]
