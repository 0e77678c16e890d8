"""What financing holds about a person, for their own page (``portal.privacy``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FinancingNeed


def rows(user) -> list[dict]:
    needs = FinancingNeed.objects.filter(posted_by=user).select_related("enterprise")[:500]
    return [
        {_("Posted"): timezone.localtime(n.created_at).strftime("%Y-%m-%d"),
         _("Enterprise"): n.enterprise.name, _("Amount (10k yuan)"): str(n.amount),
         _("Contact person"): n.contact_name, _("Contact mobile"): n.contact_mobile,
         _("Contact ID number"): n.contact_id_number, _("Status"): n.get_status_display()}
        for n in needs
    ]  # fmt: skip


def on_erasure(user) -> str:
    count = FinancingNeed.objects.filter(posted_by=user).count()
    return _(
        "Financing: the %(count)s needs you posted are kept, with the contact given on each, "
        "as the record banks and the park must keep of financing offered and granted; the "
        "enterprise can change the contact on an open need."
    ) % {"count": count}
