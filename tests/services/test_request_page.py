"""A request's page puts the likely next step first and open, folds the others under their
names, and has a step that cannot be undone ask first."""

import re

import pytest

from services.loop import steps

pytestmark = pytest.mark.django_db


def offered(page):
    """[(step, emphasis, open?)] in the page's order."""
    return [
        (name, emphasis, tag == "div")
        for tag, name, emphasis in re.findall(
            r'<(div|details) class="card[^"]*" data-step="([a-z_]+)" data-emphasis="([a-z]+)"', page
        )
    ]


def test_the_likely_next_step_leads_and_the_rest_fold(client, submit, dispatcher, handler, unit_x):
    item = submit()
    client.force_login(dispatcher)
    page = client.get(f"/requests/{item.pk}/").content.decode()
    assert offered(page)[0] == ("dispatch", "primary", True)
    assert ("reject", "destructive", False) in offered(page)
    reject = page.split('data-step="reject"', 1)[1].split("</form>", 1)[0]
    assert "data-confirm=" in reject and "btn-outline-danger" in reject

    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=item.pk)
    client.force_login(handler)
    page = client.get(f"/requests/{item.pk}/").content.decode()
    shown = offered(page)
    assert shown[0] == ("resolve", "primary", True)
    assert {name for name, _e, is_open in shown if not is_open} >= {"progress", "apply_extension"}
    assert page.count("btn-danger") == 1  # one red button: the primary step's


def test_a_refused_step_comes_back_open_with_what_was_typed(client, submit, dispatcher):
    item = submit()
    client.force_login(dispatcher)
    answer = client.post(f"/requests/{item.pk}/reject/", {"reason": " "})
    assert answer.status_code == 400
    assert ("reject", "destructive", True) in offered(answer.content.decode())
