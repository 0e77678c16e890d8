"""The request loop through a client generated from the published schema, for each person who
calls it: the enterprise submits with a file, adds material, chases and rates; the dispatcher
lists, reads and dispatches; the handler signs for it, posts progress, asks for more time
(which the dispatcher grants) and resolves it. Every answer is parsed by the generated
models (a value the schema does not allow fails here), and no HTTP is written by hand."""

import datetime

import pytest
import time_machine

from alliances.models import Honour
from services.loop.models import Attachment, Request

from ..clients import signed_in
from ..factories import PASSWORD, AllianceFactory
from ..samples import PDF

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_request_loop_through_generated_clients(
    generated_api, live_server, user_a, dispatcher, handler, unit_x, category
):
    from penglai_park_party_service_portal_api_client.api.alliances import alliances_list
    from penglai_park_party_service_portal_api_client.api.me import me_retrieve
    from penglai_park_party_service_portal_api_client.api.requests import (
        requests_add_material_create,
        requests_apply_extension_create,
        requests_chase_create,
        requests_create,
        requests_dispatch_create,
        requests_list,
        requests_progress_create,
        requests_rate_create,
        requests_resolve_create,
        requests_retrieve,
        requests_review_extension_create,
        requests_sign_for_create,
    )  # fmt: skip
    from penglai_park_party_service_portal_api_client.models import (
        DecisionEnum,
        DispatchInputRequest,
        ExtensionInputRequest,
        GivenRatingEnum,
        MaterialInputRequest,
        ProgressInputRequest,
        RateInputRequest,
        RequestDetail,
        RequestsListState,
        ResolveInputRequest,
        ReviewInputRequest,
        SubmitInputRequest,
    )  # fmt: skip
    from penglai_park_party_service_portal_api_client.types import File

    def pdf(name):
        import io

        return File(payload=io.BytesIO(PDF), file_name=name, mime_type="application/pdf")

    url = live_server.url
    firm_a = user_a.enterprise_membership.enterprise
    firm = signed_in(generated_api, url, user_a.username, PASSWORD)
    desk = signed_in(generated_api, url, dispatcher.username, PASSWORD)
    unit = signed_in(generated_api, url, handler.username, PASSWORD)

    # Who am I: the enterprise user acts for a firm, the staff for none (null, as the schema
    # says it may be).
    assert (
        me_retrieve.sync(client=firm).enterprise.name
        == user_a.enterprise_membership.enterprise.name
    )
    assert me_retrieve.sync(client=desk).enterprise is None

    # An alliance's honours as named, typed figures (nothing arrives as an untyped extra).
    alliance = AllianceFactory()
    for kind, benefit in (("craftsman", "1000000.00"), ("craftsman", "500000.50")):
        Honour.objects.create(kind=kind, title="红领工匠", enterprise=firm_a, alliance=alliance,
                              year=2026, economic_benefit=benefit)  # fmt: skip
    [listed] = alliances_list.sync(client=firm)
    honours = listed.honours
    assert (honours.craftsman, honours.model_post, honours.red_workshop) == (2, 0, 0)
    assert honours.economic_benefit == "1500000.50" and not honours.additional_properties

    submitted = requests_create.sync(client=firm, body=SubmitInputRequest(
        category=category.pk, title="厂区路灯不亮", description="北门外三盏路灯坏了一周。",
        files=[pdf("路灯照片说明.pdf")], idempotency_key="lamp-1",
    ))  # fmt: skip
    assert isinstance(submitted, RequestDetail) and submitted.state == "submitted"
    assert submitted.events[0].from_state is None  # the first event comes from no state
    assert Attachment.objects.filter(request_id=submitted.id).count() == 1
    again = requests_create.sync(client=firm, body=SubmitInputRequest(
        category=category.pk, title="厂区路灯不亮", description="北门外三盏路灯坏了一周。",
        idempotency_key="lamp-1",
    ))  # fmt: skip
    assert again.id == submitted.id and Request.objects.count() == 1

    waiting = requests_list.sync(client=desk, state=RequestsListState.SUBMITTED)
    assert [row.id for row in waiting.results] == [submitted.id]
    read = requests_retrieve.sync(client=desk, id=str(submitted.id))
    assert read.enterprise == user_a.enterprise_membership.enterprise.name
    dispatched = requests_dispatch_create.sync(
        client=desk, id=str(submitted.id), body=DispatchInputRequest(lead_unit=unit_x.pk)
    )
    assert dispatched.state == "dispatched" and dispatched.lead_unit == unit_x.name

    mine = requests_list.sync(client=unit)
    assert [row.id for row in mine.results] == [submitted.id]
    signed = requests_sign_for_create.sync(client=unit, id=str(submitted.id))
    assert signed.state == "in_progress" and signed.handler == handler.get_full_name()
    requests_progress_create.sync(client=unit, id=str(submitted.id), body=ProgressInputRequest(
        note="已联系供电所，备件下周到。", files=[pdf("维修单.pdf")],
    ))  # fmt: skip

    material = requests_add_material_create.sync(
        client=firm, id=str(submitted.id),
        body=MaterialInputRequest(note="补充：南门也有一盏不亮。", files=[pdf("南门.pdf")]),
    )  # fmt: skip
    assert material.events[-1].step == "add_material"
    assert Attachment.objects.filter(request_id=submitted.id).count() == 3

    later = datetime.datetime.fromisoformat(str(signed.deadline)) - datetime.timedelta(days=1)
    asked = requests_apply_extension_create.sync(
        client=unit, id=str(submitted.id),
        body=ExtensionInputRequest(reason="备件到货晚一周。",
                                   requested_deadline=later + datetime.timedelta(days=8)),
    )  # fmt: skip
    assert asked.events[-1].step == "apply_extension"
    granted = requests_review_extension_create.sync(
        client=desk, id=str(submitted.id), body=ReviewInputRequest(decision=DecisionEnum.APPROVE)
    )
    assert granted.deadline > signed.deadline

    # Past half its time the enterprise may chase (the clock moved for the whole server).
    with time_machine.travel(later, tick=True):
        chased = requests_chase_create.sync(client=firm, id=str(submitted.id))
        assert chased.events[-1].step == "chase"
        resolved = requests_resolve_create.sync(
            client=unit, id=str(submitted.id), body=ResolveInputRequest(result="四盏灯已换新。")
        )
        assert resolved.state == "resolved" and resolved.result == "四盏灯已换新。"
        rated = requests_rate_create.sync(client=firm, id=str(submitted.id), body=RateInputRequest(
            rating=GivenRatingEnum.SATISFIED, comment="修得快。",
        ))  # fmt: skip
    assert rated.state == "closed" and rated.rating == "satisfied"
    # The enterprise reads its own timeline: the public steps in order (the unit's request
    # for more time is the staff's; its approval, which moved the deadline, is shown).
    timeline = requests_retrieve.sync(client=firm, id=str(submitted.id)).events
    assert [event.step for event in timeline] == [
        "submit", "dispatch", "sign_for", "progress", "add_material", "approve_extension",
        "chase", "resolve", "rate",
    ]  # fmt: skip
