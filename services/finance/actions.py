"""Every change to financing goes through one of these functions: the right is checked, the
row locked, the state checked, the change saved and the people concerned told.

Enterprise users post needs, give and withdraw consent, accept an offer or decline them all;
a bank (identified by its API key, never by a session) makes, updates and withdraws offers
and records loans.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.selectors import enterprise_of
from portal.calendar import add_working_days
from portal.errors import StepRefused
from portal.notifications import notify

from .choices import NeedStatus, OfferStatus
from .models import (
    Bank,
    BankAPIKey,
    FinancingNeed,
    Loan,
    MatchmakingMeeting,
    MeetingRegistration,
    NeedConsent,
    Offer,
)

CONSENT_WORDING = gettext_lazy(
    "I agree that the park party-service center shares this financing need, with my "
    "enterprise's name, unified social credit code, chain, scale and labels, with %(banks)s, "
    "so that they can make offers. Contact mobile and ID numbers are shown to banks only "
    "masked. Each bank's reading is logged and I can see it. I can withdraw this consent at "
    "any time; the need then disappears from the banks' view at once."
)
OFFER_FIELDS = ["amount", "rate", "term_months", "conditions", "valid_until", "bank_contact"]


# --- what a bank may see --------------------------------------------------------------------


def _shared_with(bank: Bank) -> Q:
    """A consent in force covers this bank: to all banks, or to this one by name. One
    ``EXISTS`` probe on the need's consent (the bank's name looked up inside it), so that a
    page of the newest needs is found by walking the newest needs and stopping after one
    page: two probes joined by OR made PostgreSQL hash every consent on each call."""
    named = NeedConsent.banks.through.objects.filter(needconsent=OuterRef("pk"), bank=bank)
    active = NeedConsent.objects.filter(need=OuterRef("pk"), withdrawn_at__isnull=True)
    return Q(Exists(active.filter(Q(to_all_banks=True) | Q(Exists(named)))))


def open_needs_shared_with(bank: Bank):
    """What the bank's needs list shows: open needs shared with it."""
    return FinancingNeed.objects.open().filter(_shared_with(bank))


def needs_shared_with(bank: Bank):
    """Needs this bank may read: shared with it by a consent in force, and either open or
    settled on this bank's own offer. Everything else is outside its scope (404)."""
    own_offer = Offer.objects.filter(need=OuterRef("pk"), bank=bank, status=OfferStatus.ACCEPTED)
    return FinancingNeed.objects.filter(_shared_with(bank)).filter(
        Q(status=NeedStatus.OPEN) | Q(Exists(own_offer))
    )


# --- the enterprise's side ------------------------------------------------------------------


def acting_enterprise(actor):
    """The enterprise the actor acts for, or None (staff, banks' people, visitors)."""
    enterprise = enterprise_of(actor)
    if enterprise is None or not actor.has_perm("portal.act_for_enterprise"):
        return None
    return enterprise


def needs_visible_to(user):
    """The financing needs a portal user sees: their own enterprise's, nobody else's."""
    enterprise = acting_enterprise(user)
    if enterprise is None:
        return FinancingNeed.objects.none()
    return FinancingNeed.objects.filter(enterprise=enterprise)


def _own_need(actor, need_id: int) -> FinancingNeed:
    """The actor's enterprise's need, locked; another enterprise's need does not exist."""
    if acting_enterprise(actor) is None:
        raise StepRefused(_("Only a user of the enterprise can do this."), status=403)
    need = needs_visible_to(actor).select_for_update().filter(pk=need_id).first()
    if need is None:
        raise StepRefused(_("No such financing need."), status=404)
    return need


@transaction.atomic
def post_need(*, actor, **fields) -> FinancingNeed:
    enterprise = acting_enterprise(actor)
    if enterprise is None:
        raise StepRefused(_("Only a user of an enterprise can post a financing need."), status=403)
    need = FinancingNeed(enterprise=enterprise, posted_by=actor, **fields)
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def give_consent(*, actor, need_id: int, to_all_banks: bool, bank_ids=()) -> NeedConsent:
    """Share the need with all partner banks or with the chosen ones. A new consent replaces
    the one in force (which is recorded as withdrawn)."""
    need = _own_need(actor, need_id)
    if need.status != NeedStatus.OPEN:
        raise StepRefused(_("Only an open need can be shared."))
    banks = list(Bank.objects.filter(pk__in=bank_ids, is_active=True)) if not to_all_banks else []
    if not to_all_banks and not banks:
        raise StepRefused(_("Choose at least one bank, or share with all partner banks."),
                          code="invalid", status=400)  # fmt: skip
    now = timezone.now()
    need.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_by=actor)
    names = _("all partner banks") if to_all_banks else "、".join(str(b) for b in banks)
    consent = NeedConsent.objects.create(
        need=need, to_all_banks=to_all_banks, given_by=actor,
        wording=str(CONSENT_WORDING) % {"banks": names},
    )  # fmt: skip
    consent.banks.set(banks)
    return consent


@transaction.atomic
def withdraw_consent(*, actor, need_id: int) -> NeedConsent:
    """From this moment no bank reads the need; the withdrawal is recorded."""
    need = _own_need(actor, need_id)
    consent = need.consents.select_for_update().filter(withdrawn_at__isnull=True).first()
    if consent is None:
        raise StepRefused(_("This need is not shared with any bank."))
    consent.withdrawn_at, consent.withdrawn_by = timezone.now(), actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return consent


def _tell_bank(bank_id: int, *, kind: str, context: dict, dedupe_key: str) -> None:
    staff = Bank.objects.get(pk=bank_id).staff.filter(is_active=True)
    notify(recipients=staff, kind=kind, context=context, dedupe_key=dedupe_key)


@transaction.atomic
def accept_offer(*, actor, offer_id: int) -> Offer:
    """Accept one bank's offer; the other banks are told politely that another was chosen."""
    offer = Offer.objects.select_related("bank").filter(pk=offer_id).first()
    if offer is None:
        raise StepRefused(_("No such offer."), status=404)
    need = _own_need(actor, offer.need_id)
    offer = Offer.objects.select_for_update().get(pk=offer_id)
    if need.status != NeedStatus.OPEN:
        raise StepRefused(_("This need has already been settled."))
    if offer.status != OfferStatus.OPEN:
        raise StepRefused(_("This offer is no longer open."))
    if offer.valid_until < timezone.localdate():
        raise StepRefused(_("This offer expired on %(date)s.") % {"date": offer.valid_until})
    now = timezone.now()
    offer.status, offer.decided_at = OfferStatus.ACCEPTED, now
    offer.save(update_fields=["status", "decided_at", "updated_at"])
    need.status = NeedStatus.ACCEPTED
    need.save(update_fields=["status", "updated_at"])
    others = list(need.offers.select_for_update().filter(status=OfferStatus.OPEN))
    need.offers.filter(pk__in=[o.pk for o in others]).update(
        status=OfferStatus.NOT_CHOSEN, decided_at=now
    )
    context = {"need": need.pk, "enterprise": need.enterprise.name}
    _tell_bank(offer.bank_id, kind="offer_accepted", context=context,
               dedupe_key=f"offer-accepted:{offer.pk}")  # fmt: skip
    for other in others:
        _tell_bank(other.bank_id, kind="offer_not_chosen", context=context,
                   dedupe_key=f"offer-not-chosen:{other.pk}")  # fmt: skip
    return offer


@transaction.atomic
def close_need(*, actor, need_id: int) -> FinancingNeed:
    """Decline every offer and close the need without financing."""
    need = _own_need(actor, need_id)
    if need.status != NeedStatus.OPEN:
        raise StepRefused(_("This need has already been settled."))
    now = timezone.now()
    open_offers = list(need.offers.select_for_update().filter(status=OfferStatus.OPEN))
    need.offers.filter(pk__in=[o.pk for o in open_offers]).update(
        status=OfferStatus.DECLINED, decided_at=now
    )
    need.status, need.closed_at = NeedStatus.CLOSED, now
    need.save(update_fields=["status", "closed_at", "updated_at"])
    context = {"need": need.pk, "enterprise": need.enterprise.name}
    for offer in open_offers:
        _tell_bank(offer.bank_id, kind="offer_not_chosen", context=context,
                   dedupe_key=f"offer-not-chosen:{offer.pk}")  # fmt: skip
    return need


@transaction.atomic
def register_for_meeting(*, actor, meeting_id: int, attendees: str) -> MeetingRegistration:
    """Register the actor's enterprise for an upcoming matchmaking meeting, once."""
    enterprise = acting_enterprise(actor)
    if enterprise is None:
        raise StepRefused(_("Only a user of the enterprise can do this."), status=403)
    meeting = MatchmakingMeeting.objects.filter(
        pk=meeting_id, date__gte=timezone.localdate()
    ).first()
    if meeting is None:
        raise StepRefused(_("No such meeting."), status=404)
    if not meeting.registration_open:
        raise StepRefused(_("Registration for this meeting is closed."))
    if not attendees.strip():
        raise StepRefused(_("Say who is coming."), code="invalid", status=400)
    try:
        with transaction.atomic():
            return MeetingRegistration.objects.create(
                meeting=meeting, enterprise=enterprise, registered_by=actor,
                attendees=attendees.strip(),
            )  # fmt: skip
    except IntegrityError:
        raise StepRefused(_("Your enterprise is already registered for this meeting.")) from None


# --- the bank's side ------------------------------------------------------------------------


def _clean_offer(offer: Offer) -> None:
    offer.full_clean(exclude=["need", "bank"])
    if offer.valid_until < timezone.localdate():
        raise StepRefused(_("An offer must be valid until today or later."), code="invalid",
                          status=400)  # fmt: skip


@transaction.atomic
def make_offer(*, bank: Bank, need_id: int, **fields) -> Offer:
    need = needs_shared_with(bank).select_for_update(of=("self",)).filter(pk=need_id).first()
    if need is None:
        raise StepRefused(_("No such financing need."), status=404)
    if need.status != NeedStatus.OPEN:
        raise StepRefused(_("This need has already been settled."))
    if need.offers.filter(bank=bank, status=OfferStatus.OPEN).exists():
        raise StepRefused(_("Your bank already has an open offer on this need: update it instead."))
    offer = Offer(need=need, bank=bank, **fields)
    _clean_offer(offer)
    offer.save()
    notify(
        recipients=[need.posted_by], kind="offer_received",
        context={"bank": str(bank), "amount": str(offer.amount), "rate": str(offer.rate)},
        url=reverse("finance:finance_need", args=[need.pk]),
        dedupe_key=f"offer-received:{offer.pk}",
    )  # fmt: skip
    return offer


def _own_offer(bank: Bank, offer_id: int) -> Offer:
    offer = Offer.objects.select_for_update().filter(pk=offer_id, bank=bank).first()
    if offer is None:
        raise StepRefused(_("No such offer."), status=404)
    return offer


def _still_shared(bank: Bank, offer: Offer) -> None:
    """An offer on a need the enterprise no longer shares with the bank is frozen."""
    if not needs_shared_with(bank).filter(pk=offer.need_id).exists():
        raise StepRefused(
            _("The enterprise no longer shares this need with your bank: the offer is frozen.")
        )


@transaction.atomic
def update_offer(*, bank: Bank, offer_id: int, **fields) -> Offer:
    offer = _own_offer(bank, offer_id)
    _still_shared(bank, offer)
    if offer.status != OfferStatus.OPEN:
        raise StepRefused(_("Only an open offer can be changed."))
    for name, value in fields.items():
        setattr(offer, name, value)
    _clean_offer(offer)
    offer.save()
    return offer


@transaction.atomic
def withdraw_offer(*, bank: Bank, offer_id: int) -> Offer:
    offer = _own_offer(bank, offer_id)
    _still_shared(bank, offer)
    if offer.status != OfferStatus.OPEN:
        raise StepRefused(_("Only an open offer can be withdrawn."))
    offer.status, offer.decided_at = OfferStatus.WITHDRAWN, timezone.now()
    offer.save(update_fields=["status", "decided_at", "updated_at"])
    return offer


@transaction.atomic
def record_loan(*, bank: Bank, offer_id: int, amount, granted_on: datetime.date,
                term_months: int) -> Loan:  # fmt: skip
    """The loan on the offer the enterprise accepted; the need is then financed."""
    offer = _own_offer(bank, offer_id)
    if offer.status != OfferStatus.ACCEPTED:
        raise StepRefused(_("A loan can only be recorded on an offer the enterprise accepted."))
    need = FinancingNeed.objects.select_for_update().get(pk=offer.need_id)
    if hasattr(need, "loan"):
        raise StepRefused(_("The loan for this need is already recorded."))
    if granted_on > timezone.localdate():
        raise StepRefused(_("The grant date cannot be in the future."), code="invalid",
                          status=400)  # fmt: skip
    loan = Loan(need=need, offer=offer, bank=bank, enterprise_id=need.enterprise_id,
                amount=amount, granted_on=granted_on, term_months=term_months)  # fmt: skip
    loan.full_clean(exclude=["need", "offer", "bank", "enterprise"])
    loan.save()
    need.status, need.closed_at = NeedStatus.FINANCED, timezone.now()
    need.save(update_fields=["status", "closed_at", "updated_at"])
    notify(
        recipients=[need.posted_by], kind="loan_recorded",
        context={"bank": str(bank), "amount": str(loan.amount), "date": granted_on.isoformat()},
        url=reverse("finance:finance_need", args=[need.pk]), dedupe_key=f"loan-recorded:{loan.pk}",
    )  # fmt: skip
    return loan


KEY_ROTATION_GRACE = datetime.timedelta(days=7)


def issue_key(key: BankAPIKey) -> str:
    """Save a new (unsaved) key for its bank; the plain key is returned once, only its hash
    is kept."""
    raw = BankAPIKey.objects.assign_key(key)
    key.save()
    return raw


@transaction.atomic
def rotate_key(*, key_id: int) -> tuple[BankAPIKey, str]:
    """Issue a key in place of this one; the old key works for KEY_ROTATION_GRACE more."""
    old = BankAPIKey.objects.select_for_update().get(pk=key_id)
    if old.revoked:
        raise StepRefused(_("A revoked key cannot be rotated."))
    new = BankAPIKey(bank=old.bank, name=old.name, expiry_date=old.expiry_date)
    raw = issue_key(new)
    grace_end = timezone.now() + KEY_ROTATION_GRACE
    if old.expiry_date is None or old.expiry_date > grace_end:
        old.expiry_date = grace_end
        old.save(update_fields=["expiry_date"])
    return new, raw


# --- the schedule ---------------------------------------------------------------------------


def remind_unanswered_banks(*, now=None) -> int:
    """Tell each bank's staff about shared open needs it has not answered within its
    response time (working days from the consent). Once per need, bank and consent."""
    now = now or timezone.now()
    active_banks = list(Bank.objects.filter(is_active=True))
    consents = (
        NeedConsent.objects.filter(withdrawn_at__isnull=True, need__status=NeedStatus.OPEN)
        .select_related("need__enterprise")
        .prefetch_related(
            "banks", Prefetch("need__offers", queryset=Offer.objects.only("need_id", "bank_id"))
        )
    )
    sent = 0
    for consent in consents.iterator(chunk_size=200):
        answered = {offer.bank_id for offer in consent.need.offers.all()}
        covered = active_banks if consent.to_all_banks else [
            bank for bank in consent.banks.all() if bank.is_active
        ]  # fmt: skip
        for bank in covered:
            if bank.pk in answered or add_working_days(consent.given_at, bank.response_days) > now:
                continue
            context = {
                "need": consent.need_id,
                "enterprise": consent.need.enterprise.name,
                "days": bank.response_days,
            }
            with transaction.atomic():
                sent += len(
                    notify(
                        recipients=bank.staff.filter(is_active=True),
                        kind="need_unanswered",
                        context=context,
                        dedupe_key=f"need-unanswered:{consent.pk}:{bank.pk}",
                    )
                )
    return sent
