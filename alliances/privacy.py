"""What the registry holds about a person, for their own page (``portal.privacy``)."""

from django.utils.translation import gettext as _

from portal.privacy import local_time

from .models import EnterpriseChange, EnterpriseMembership, JoinApplication


def rows(user) -> list[dict]:
    found = []
    membership = EnterpriseMembership.objects.filter(user=user).select_related("enterprise")
    for m in membership:
        e = m.enterprise
        found.append({
            _("What"): _("You act for this enterprise"), _("Enterprise"): e.name,
            _("Details"): _("administrator of its users") if m.is_admin else "",
            _("When"): local_time(m.joined_at),
        })  # fmt: skip
        found.append({
            _("What"): _("The enterprise's contact on record"), _("Enterprise"): e.name,
            _("Details"): " ".join(v for v in (e.contact_person, e.contact_mobile) if v),
            _("When"): local_time(e.updated_at),
        })  # fmt: skip
    for a in JoinApplication.objects.filter(applicant=user):
        found.append({
            _("What"): _("Your application to join"), _("Enterprise"): a.enterprise_name,
            _("Details"): " ".join(v for v in (a.position, a.note) if v),
            _("When"): local_time(a.created_at),
        })  # fmt: skip
    changes = EnterpriseChange.objects.filter(actor=user).select_related("enterprise")[:500]
    for c in changes:
        found.append({
            _("What"): _("A profile change you made"), _("Enterprise"): c.enterprise.name,
            _("Details"): f"{c.field_label}: {c.old_display} → {c.new_display}",
            _("When"): local_time(c.created_at),
        })  # fmt: skip
    return found


def on_erasure(user) -> str:
    applications = list(JoinApplication.objects.filter(applicant=user))
    for application in applications:
        application.position = application.note = ""
        application.save(update_fields=["position", "note"])
        application.history.update(position="", note="")  # the record kept the old text
    notes = len(applications)
    return _(
        "Registry: what you wrote in %(count)s join applications removed. Kept: that you "
        "acted for your enterprise and the profile changes you made, as the enterprise's "
        "record of who acted for it (now under the anonymised name)."
    ) % {"count": notes}
