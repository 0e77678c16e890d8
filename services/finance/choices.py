from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("financing need", "Open")
    ACCEPTED = "accepted", _("Offer accepted")
    FINANCED = "financed", _("Financed")
    CLOSED = "closed", _("Closed without financing")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer", "Open")
    WITHDRAWN = "withdrawn", _("Withdrawn by the bank")
    ACCEPTED = "accepted", _("Accepted")
    NOT_CHOSEN = "not_chosen", _("Not chosen")
    DECLINED = "declined", _("Declined")
