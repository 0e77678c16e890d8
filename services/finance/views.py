"""The enterprise's financing pages: post a need, decide which banks see it, compare the
offers and accept one, see which banks read it; register for matchmaking meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import StepRefused

from . import actions, figures
from .choices import OfferStatus
from .forms import ConsentForm, NeedForm, RegistrationForm
from .models import BankAccessLog, MatchmakingMeeting, Offer


def _enterprise(request):
    """The enterprise the user acts for; everyone else has no financing pages (404)."""
    enterprise = actions.acting_enterprise(request.user)
    if enterprise is None:
        raise Http404
    return enterprise


@login_required
def need_list(request):
    enterprise = _enterprise(request)
    needs = (
        actions.needs_visible_to(request.user)
        .annotate(open_offers=Count("offers", filter=Q(offers__status=OfferStatus.OPEN)))
        .select_related("loan__bank")
    )
    meetings = (
        MatchmakingMeeting.objects.filter(date__gte=timezone.localdate())
        .prefetch_related("banks")
        .annotate(mine=Count("registrations", filter=Q(registrations__enterprise=enterprise)))
        .order_by("date")
    )
    return render(request, "finance/need_list.html", {
        "needs": needs, "meetings": meetings, "registration_form": RegistrationForm(),
    })  # fmt: skip


@login_required
def need_new(request):
    _enterprise(request)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = actions.post_need(actor=request.user, **form.cleaned_data)
        except StepRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Your need is posted. Choose which banks may see it to get offers.")
            )
            return redirect("finance:finance_need", pk=need.pk)
    return render(request, "finance/need_new.html", {"form": form})


def _consent_initial(consent, banks) -> dict:
    if consent is None:
        return {}
    if consent.to_all_banks:
        return {"scope": "all"}
    return {"scope": "chosen", "banks": [bank.pk for bank in banks]}


@login_required
def need_detail(request, pk):
    _enterprise(request)
    offers = Offer.objects.select_related("bank").order_by("rate", "-amount")
    need = get_object_or_404(
        actions.needs_visible_to(request.user)
        .select_related("loan__bank")
        .prefetch_related(
            Prefetch("consents", to_attr="consent_history"),
            Prefetch("offers", queryset=offers, to_attr="all_offers"),
        ),
        pk=pk,
    )
    consent = next((c for c in need.consent_history if c.withdrawn_at is None), None)
    banks = list(consent.banks.all()) if consent and not consent.to_all_banks else []
    reads = (
        BankAccessLog.objects.filter(need_ids__contains=[need.pk], status_code__lt=400)
        .select_related("bank")
        .order_by("-at")[:50]
    )
    return render(request, "finance/need_detail.html", {
        "need": need, "consent": consent,
        "consent_banks": banks,
        # The form starts from the consent in force: what is shared shows as chosen.
        "consent_form": ConsentForm(initial=_consent_initial(consent, banks)),
        "wording": actions.CONSENT_WORDING % {"banks": _("the banks you choose below")},
        "offers": [o for o in need.all_offers if o.status != OfferStatus.WITHDRAWN],
        "reads": reads, "today": timezone.localdate(),
    })  # fmt: skip


def _run(request, pk, call, success):
    try:
        call()
    except StepRefused as exc:
        if exc.status == 404:
            raise Http404 from None  # another enterprise's need: not there, as on its page
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("finance:finance_need", pk=pk)


@login_required
@require_POST
def need_consent(request, pk):
    _enterprise(request)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose all partner banks, or at least one bank."))
        return redirect("finance:finance_need", pk=pk)
    to_all = form.cleaned_data["scope"] == "all"
    banks = [] if to_all else [b.pk for b in form.cleaned_data["banks"]]
    return _run(
        request, pk,
        lambda: actions.give_consent(actor=request.user, need_id=pk, to_all_banks=to_all,
                                     bank_ids=banks),
        _("Shared: the banks you chose can now see this need and make offers."),
    )  # fmt: skip


@login_required
@require_POST
def need_withdraw(request, pk):
    _enterprise(request)
    return _run(
        request, pk, lambda: actions.withdraw_consent(actor=request.user, need_id=pk),
        _("Consent withdrawn: no bank can see this need any more."),
    )  # fmt: skip


@login_required
@require_POST
def offer_accept(request, pk, offer_pk):
    _enterprise(request)
    return _run(
        request, pk, lambda: actions.accept_offer(actor=request.user, offer_id=offer_pk),
        _("Offer accepted. The bank will contact you; the other banks are told."),
    )  # fmt: skip


@login_required
@require_POST
def need_close(request, pk):
    _enterprise(request)
    return _run(
        request, pk, lambda: actions.close_need(actor=request.user, need_id=pk),
        _("The need is closed and the banks' offers declined."),
    )  # fmt: skip


@login_required
@require_POST
def meeting_register(request, pk):
    _enterprise(request)
    form = RegistrationForm(request.POST)
    try:
        actions.register_for_meeting(
            actor=request.user, meeting_id=pk,
            attendees=form.cleaned_data["attendees"] if form.is_valid() else "",
        )  # fmt: skip
    except StepRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Registered for the meeting."))
    return redirect("finance:finance")


@login_required
def staff_figures(request):
    """Financing figures for park staff, counted from needs, offers and loans."""
    if not request.user.has_perm("finance.view_loan"):
        raise Http404
    return render(request, "finance/staff_figures.html", {
        "totals": figures.totals(), "banks": figures.by_bank(), "chains": figures.by_chain(),
        "months": figures.by_month(),
    })  # fmt: skip
