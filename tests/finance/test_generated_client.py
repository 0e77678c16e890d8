"""A partner bank's developer generates a client from the published schema with
openapi-python-client: it generates without a warning, every module imports, the names are
the same whichever language the schema was fetched in, and the bank's whole journey runs
through it against a live server, with no hand-written HTTP."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from services.finance import actions
from services.finance.models import BankAPIKey, FinancingNeed, Loan, Offer

from .conftest import MOBILE, post_need

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bank_journey_through_a_generated_client(
    generated_api, live_server, user_a, user_b, bank_a
):
    from penglai_park_party_service_portal_api_client import AuthenticatedClient
    from penglai_park_party_service_portal_api_client.api.bank import (
        bank_loans_create,
        bank_loans_list,
        bank_needs_list,
        bank_needs_retrieve,
        bank_offers_create,
        bank_offers_list,
        bank_offers_partial_update,
        bank_offers_withdraw_create,
        bank_stats_retrieve,
    )  # fmt: skip
    from penglai_park_party_service_portal_api_client.models import (
        LoanRequest,
        Need,
        OfferRequest,
        PaginatedNeedList,
        PatchedOfferChangeRequest,
    )  # fmt: skip
    from penglai_park_party_service_portal_api_client.models import (
        Offer as OfferModel,
    )

    for user in (user_a, user_b):
        need = post_need(user)
        actions.give_consent(actor=user, need_id=need.pk, to_all_banks=True)
    key = BankAPIKey.objects.create_key(bank=bank_a, name="generated")[1]
    client = AuthenticatedClient(
        base_url=live_server.url, token=key, auth_header_name="X-Api-Key", prefix=""
    )

    first = bank_needs_list.sync(client=client, page_size=1)
    assert isinstance(first, PaginatedNeedList) and len(first.results) == 1
    cursor = parse_qs(urlsplit(first.next_).query)["cursor"][0]
    second = bank_needs_list.sync(client=client, page_size=1, cursor=cursor)
    assert len(second.results) == 1 and second.results[0].id != first.results[0].id

    need = bank_needs_retrieve.sync(client=client, id=first.results[0].id)
    assert isinstance(need, Need)
    assert need.contact_mobile == f"{MOBILE[:3]}****{MOBILE[-4:]}"
    assert need.enterprise.chains == [] or need.enterprise.chains[0].code

    body = OfferRequest(
        need=need.id, amount="300.00", rate="3.45", term_months=12,
        valid_until=datetime.date.today() + datetime.timedelta(days=30),
    )  # fmt: skip
    first = bank_offers_create.sync_detailed(client=client, body=body, idempotency_key="journey-1")
    replay = bank_offers_create.sync_detailed(client=client, body=body,
                                              idempotency_key="journey-1")  # fmt: skip
    offer = first.parsed
    assert isinstance(offer, OfferModel) and replay.parsed.id == offer.id
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.content == first.content  # the stored bytes, keys in the same order
    assert Offer.objects.count() == 1
    assert offer.id in [o.id for o in bank_offers_list.sync(client=client).results]

    # On the other need: an offer, changed, then withdrawn.
    other = bank_offers_create.sync(client=client, body=OfferRequest(
        need=second.results[0].id, amount="200.00", rate="3.90", term_months=24,
        valid_until=datetime.date.today() + datetime.timedelta(days=30),
    ))  # fmt: skip
    changed = bank_offers_partial_update.sync(
        client=client, id=str(other.id), body=PatchedOfferChangeRequest(rate="3.60")
    )
    assert (changed.id, changed.rate, changed.amount) == (other.id, "3.60", "200.00")
    withdrawn = bank_offers_withdraw_create.sync(client=client, id=str(other.id))
    assert withdrawn.status == "withdrawn"
    assert Offer.objects.get(pk=other.id).status == "withdrawn"

    owner = FinancingNeed.objects.get(pk=need.id).posted_by
    actions.accept_offer(actor=owner, offer_id=offer.id)  # the enterprise's side, on the portal
    loan = bank_loans_create.sync(client=client, body=LoanRequest(
        offer=offer.id, amount="300.00", granted_on=datetime.date.today(), term_months=12,
    ), idempotency_key="loan-1")  # fmt: skip
    assert Loan.objects.get().pk == loan.id
    assert [item.id for item in bank_loans_list.sync(client=client).results] == [loan.id]
    stats = bank_stats_retrieve.sync(client=client)
    assert (stats.loans, stats.financed_enterprises, stats.amount) == (1, 1, "300.00")
    # Offers by status as named, typed fields (nothing arrives as an untyped extra).
    assert (stats.offers.accepted, stats.offers.withdrawn, stats.offers.open_) == (1, 1, 0)
    assert not stats.additional_properties and not stats.offers.additional_properties
    assert [(m.loans, m.amount) for m in stats.by_month] == [(1, "300.00")]
