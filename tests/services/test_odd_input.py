"""No input makes a server error: every form on every page of each kind of user, and the query
strings of the lists, are filled by Hypothesis with odd Unicode, NUL, huge and out-of-range
values. The forms and their fields are read from the pages themselves, so a new form or
field is covered without naming it here."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.loop import steps
from services.reception.models import ReceptionDay

pytestmark = pytest.mark.django_db

ODD = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from([
        "\x00", "a\x00b", "²", "٣", "𝟘", "1e400", "-1", "0", "99999999999999999999999", "NaN",
        "9999-12-31", "0001-01-01", "2026-02-30", "null", "[]", "{}", "' OR 1=1 --", "长" * 6000,
        "=HYPERLINK(\"http://evil.example\")", "../../etc/passwd", " ", "\u202e", "true",
    ]),
)  # fmt: skip
EXAMPLES = settings(
    max_examples=12, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


class _Forms(HTMLParser):
    """The forms of a page: (method, action, field names)."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = [(attrs.get("method") or "get").lower(), attrs.get("action"), set()]
            self.forms.append(self._current)
        elif (
            tag in ("input", "select", "textarea")
            and self._current is not None
            and attrs.get("name")
            and attrs.get("type") not in ("file", "submit")
        ):
            self._current[2].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _forms_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    parser = _Forms()
    parser.feed(response.content.decode())
    found = []
    for method, action, names in parser.forms:
        target = urlsplit(action).path if action else path
        names.discard("csrfmiddlewaretoken")
        if target.startswith(("/i18n/", "/accounts/logout")):
            continue  # the language switch and signing out have nothing to break
        found.append((method, target, sorted(names | {"after", "q", "page"} if method == "get"
                                             else names)))  # fmt: skip
    return found


def _fuzz(client, user, paths):
    forms = []
    for path in paths:
        client.force_login(user)
        forms += _forms_of(client, path)
    assert forms, "no forms found on the pages"

    for method, target, names in forms:
        client.force_login(user)
        _check_form(client, method, target, names)


def _check_form(client, method, target, names):
    send = client.get if method == "get" else client.post

    @EXAMPLES
    @given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(names, ODD)))
    def check(values):
        response = send(target, values)
        assert response.status_code < 500, (method, target, values)

    check()


@pytest.fixture
def request_in_progress(submit, dispatcher, handler, unit_x):
    item = submit()
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=item.pk)
    return item


def test_enterprise_pages_never_fail_on_odd_input(client, user_a, submit, category):
    item = submit()
    ReceptionDay.objects.create(
        month="2026-12", date=timezone.localdate() + datetime.timedelta(days=10)
    )
    _fuzz(client, user_a, [
        "/requests/", "/requests/new/", f"/requests/{item.pk}/", "/enterprise/edit/",
        "/reception/", "/finance/", "/finance/new/", "/notifications/", "/me/data/",
    ])  # fmt: skip


def test_staff_pages_never_fail_on_odd_input(
    client, dispatcher, handler, park_admin, user_a, submit, request_in_progress
):
    from alliances import services as registry
    from alliances.models import JoinApplication

    from ..factories import UserFactory, credit_code

    waiting = submit(title="待派单")
    day = ReceptionDay.objects.create(
        month="2026-12", date=timezone.localdate() + datetime.timedelta(days=10)
    )
    registry.update_profile(actor=user_a, enterprise_id=user_a.enterprise_membership.enterprise_id,
                            changes={"scale": "above"})  # fmt: skip
    JoinApplication.objects.create(applicant=UserFactory(), credit_code=credit_code(777),
                                   enterprise_name="申请企业")  # fmt: skip
    _fuzz(client, dispatcher, [
        "/staff/requests/", "/staff/requests/?queue=submitted", "/staff/figures/",
        f"/requests/{waiting.pk}/", "/staff/enterprises/", "/staff/reception/",
        f"/staff/reception/{day.pk}/",
    ])  # fmt: skip
    _fuzz(client, handler, [f"/requests/{request_in_progress.pk}/"])
    _fuzz(client, park_admin, ["/staff/enterprises/", "/staff/applications/",
                               "/staff/changes/", "/imports/enterprises/"])  # fmt: skip
