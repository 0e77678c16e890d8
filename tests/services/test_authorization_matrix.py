"""Who may open what: every URL of the portal and the API (read from the URL conf) × GET and
POST × thirteen kinds of caller, against the expected outcome kept in
``authorization_matrix.yaml``. A new URL without its row fails here, and so does any change
of who gets in.

After a deliberate change of access, write the file anew with
``AUTHZ_MATRIX_WRITE=1 pytest tests/services/test_authorization_matrix.py`` and read the diff
line by line before committing it: it is the review of who may do what.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from alliances.models import Alliance, Chain, EnterpriseChange, Invitation, JoinApplication
from portal.models import ImportJob, Notification
from services.finance import actions
from services.finance.models import BankAPIKey, MatchmakingMeeting
from services.loop import steps
from services.loop.models import Attachment
from services.reception.models import ReceptionDay

from ..factories import UserFactory, credit_code
from ..finance.conftest import bank_a, bank_b, offer_body, post_need  # noqa: F401 - fixtures
from ..samples import PDF

pytestmark = pytest.mark.django_db

MATRIX = Path(__file__).with_name("authorization_matrix.yaml")
PRINCIPALS = [
    "anonymous", "user_a", "admin_a", "user_b", "dispatcher", "handler_x", "handler_y",
    "supervisor", "park_admin", "bank_1", "bank_2", "bank_revoked", "bank_expired",
]  # fmt: skip


def _patterns(resolver=None, prefix=""):
    """(route as written, URL name) of every URL but the administration's (Django's own
    admin checks staff and permissions; its pages are covered by the admin tests)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name


@pytest.fixture
def world(settings, tmp_path, user_a, user_b, dispatcher, handler, handler_y, supervisor,
          park_admin, unit_x, unit_y, submit, bank_a, bank_b):  # noqa: F811  # fmt: skip
    """One of everything the URLs name, owned by enterprise A, unit X and bank 1."""
    from services.loop.uploads import store_files

    settings.MEDIA_ROOT = tmp_path
    settings.BANK_API_RATE = "1000000/min"
    firm_a = user_a.enterprise_membership.enterprise
    admin_a = UserFactory(username="admin_a", roles=["enterprise_user"])
    firm_a.memberships.create(user=admin_a, is_admin=True)
    colleague = firm_a.memberships.get(user=user_a)

    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    with transaction.atomic():
        store_files(request, None, [_pdf()], user_a)
    attachment = Attachment.objects.get(request=request)
    notification = Notification.objects.create(recipient=user_a, kind="message", title="通知")
    need = post_need(user_a)
    actions.give_consent(actor=user_a, need_id=need.pk, to_all_banks=False,
                         bank_ids=[bank_a.pk])  # fmt: skip
    offer = actions.make_offer(bank=bank_a, need_id=need.pk, **{
        k: v for k, v in offer_body(need).items() if k != "need"
    })  # fmt: skip
    actions.accept_offer(actor=user_a, offer_id=offer.pk)
    loan = actions.record_loan(bank=bank_a, offer_id=offer.pk, amount="500.00",
                               granted_on=timezone.localdate(), term_months=12)  # fmt: skip
    meeting = MatchmakingMeeting.objects.create(title="政银企对接会", date=timezone.localdate())
    day = ReceptionDay.objects.create(
        month="2026-12", date=timezone.localdate() + datetime.timedelta(days=10)
    )
    invitation = Invitation.objects.create(
        enterprise=firm_a, invited_by=admin_a, token="t" * 40,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    application = JoinApplication.objects.create(
        applicant=UserFactory(), credit_code=credit_code(4242), enterprise_name="申请企业"
    )
    change = EnterpriseChange.objects.create(
        enterprise=firm_a, field="scale", old_value="", new_value="above", status="pending",
        actor=user_a,
    )  # fmt: skip
    job = ImportJob.objects.create(kind="enterprises", file="imports/x.xlsx",
                                   original_name="x.xlsx", created_by=park_admin)  # fmt: skip
    chain = Chain.objects.create(code="matrix", name="矩阵链", order=99)
    alliance = Alliance.objects.create(name="矩阵联盟", slug="matrix", chain=chain)
    talent = _talent_world(firm_a, user_a)
    center = _center_world(user_a, park_admin)
    booking = center["booking"]

    keys = {}
    for name, bank, changes in (
        ("bank_1", bank_a, {}), ("bank_2", bank_b, {}),
        ("bank_revoked", bank_a, {"revoked": True}),
        ("bank_expired", bank_a, {"expiry_date": timezone.now() - datetime.timedelta(days=1)}),
    ):  # fmt: skip
        key, raw = BankAPIKey.objects.create_key(bank=bank, name=name)
        BankAPIKey.objects.filter(pk=key.pk).update(**changes)
        keys[name] = raw

    users = {"user_a": user_a, "admin_a": admin_a, "user_b": user_b, "dispatcher": dispatcher,
             "handler_x": handler, "handler_y": handler_y, "supervisor": supervisor,
             "park_admin": park_admin}  # fmt: skip
    sessions = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[name] = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    params = {
        "pk": None,  # by URL name below
        "slug": alliance.slug, "token": invitation.token, "membership_id": colleague.pk,
        "step": "sign_for", "offer_pk": offer.pk, "kind": "enterprises", "fmt": "json",
        "uidb64": "MQ", "membership": colleague.pk, "decision": "approve",
        "code": talent["session"].check_in_code, "number": talent["certificate"].number,
        "key": "requests-by-state",
    }  # fmt: skip
    pk_by_name = {
        "notification_open": notification.pk, "import_job": job.pk, "import_confirm": job.pk,
        "staff_enterprise": firm_a.pk, "staff_growth_step": firm_a.pk,
        "staff_application_review": application.pk, "staff_change_review": change.pk,
        "request_detail": request.pk, "request_step": request.pk,
        "attachment_download": attachment.pk, "reception_sheet": day.pk,
        "finance_need": need.pk, "finance_consent": need.pk, "finance_withdraw": need.pk,
        "finance_close": need.pk, "finance_accept": need.pk,
        "finance_meeting_register": meeting.pk, "bank-need-detail": need.pk,
        "bank-offer-detail": offer.pk, "bank-offer-withdraw": offer.pk,
        "bank-loan-detail": loan.pk, "api-notification-detail": notification.pk,
        "api-notification-read": notification.pk, "api-enterprise-detail": firm_a.pk,
        "talent_detail": talent["talent"].pk, "talent_edit": talent["talent"].pk,
        "talent_identity": talent["talent"].pk, "demand_close": talent["demand"].pk,
        "problem_detail": talent["problem"].pk, "problem_step": talent["problem"].pk,
        "session_detail": talent["session"].pk, "session_enrol": talent["session"].pk,
        "session_mark": talent["session"].pk, "session_qr": talent["session"].pk,
        "enrolment_cancel": talent["enrolment"].pk,
        "venue": booking.venue_id, "cancel": booking.pk, "decide": booking.pk,
        "event": center["event"].pk, "event_register": center["event"].pk,
        "event_unregister": center["event"].pk, "event_attendance": center["event"].pk,
        "event_cancel": center["event"].pk, "stay_withdraw": center["waiting"].pk,
        "stay_allocate": center["waiting"].pk, "stay_refuse": center["waiting"].pk,
        "stay_check_out": center["staying"].pk,
    }  # fmt: skip
    return {"sessions": sessions, "keys": keys, "params": params, "pks": pk_by_name,
            "request": request}  # fmt: skip


def _talent_world(firm_a, user_a) -> dict:
    """Enterprise A's talent, position, problem and trainee with a certificate, in a course
    session still to come."""
    from talent import services as talent_services
    from talent.models import Certificate, Course, TalentDemand

    from ..talent.conftest import make_session, make_talent

    course = Course.objects.create(title="矩阵课程", topic="policy")
    session = make_session(course, capacity=5)
    person = {"name": "学员", "mobile": "13700000001"}
    [enrolment] = talent_services.enrol(
        actor=user_a, session_id=session.pk, enterprise=firm_a, people=[person]
    )
    demand = TalentDemand.objects.create(
        enterprise=firm_a, title="焊接工程师", field="焊接", number=1, requirements="x",
        salary_min=1, salary_max=2,
    )  # fmt: skip
    problem = talent_services.post_problem(
        actor=user_a, enterprise=firm_a, title="难题", field="焊接", description="x"
    )
    certificate = Certificate.objects.create(
        course=course, trainee=enrolment.trainee, number="HM-MATRIX",
        issued_on=timezone.localdate(),
    )  # fmt: skip
    return {"talent": make_talent(firm_a), "demand": demand, "problem": problem,
            "session": session, "enrolment": enrolment, "certificate": certificate}  # fmt: skip


def _center_world(user_a, park_admin) -> dict:
    """Enterprise A's booking, waiting for approval, of a venue of the center; an event to
    come that A is registered for; A's application for a bed and a stay allocated to A."""
    from services.center import services as center
    from services.center.models import Bed, Floor, Room, Venue

    from ..center.conftest import at

    floor = Floor.objects.create(number=3, name="会议培训中心")
    hall = Venue.objects.create(floor=floor, name="报告厅", kind="hall", capacity=200,
                                needs_approval=True)  # fmt: skip
    room = Venue.objects.create(floor=floor, name="培训室一", kind="training", capacity=40)
    booking = center.book_venue(actor=user_a, venue_id=hall.pk, starts_at=at(5, 14),
                                ends_at=at(5, 16), purpose="发布会", attendees=50)  # fmt: skip
    event = center.schedule_event(actor=park_admin, venue_id=room.pk, title="读书会",
                                  kind="reading", starts_at=at(6, 9), ends_at=at(6, 11),
                                  capacity=10)  # fmt: skip
    center.register(actor=user_a, event_id=event.pk)
    flat = Room.objects.create(building="人才公寓", number="101", kind="double", monthly_rent=1)
    Bed.objects.bulk_create([Bed(room=flat, label="A"), Bed(room=flat, label="B")])
    day = timezone.localdate()
    waiting = center.apply_for_stay(actor=user_a, occupant="王伟", occupant_kind="talent",
                                    starts=day, ends=day + datetime.timedelta(days=30))  # fmt: skip
    staying = center.apply_for_stay(actor=user_a, occupant="李娜", occupant_kind="staff",
                                    starts=day, ends=day + datetime.timedelta(days=30))  # fmt: skip
    center.allocate_stay(actor=park_admin, application_id=staying.pk, room_id=flat.pk,
                         starts=day, ends=day + datetime.timedelta(days=30))  # fmt: skip
    return {"booking": booking, "event": event, "waiting": waiting, "staying": staying}


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("报告.pdf", PDF)


def _url(route: str, name: str, world) -> str:
    """The route with its parameters filled from the world."""

    def value(match):
        param = match.group("name")
        if param == "pk":
            return str(world["pks"].get(name, world["request"].pk))
        return str(world["params"].get(param, "x"))

    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, route)  # regex routes first
    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def _outcome(response) -> str:
    code = response.status_code
    if 300 <= code < 400:
        return "login" if response["Location"].startswith("/accounts/login/") else "redirect"
    return "ok" if code < 300 else str(code)


def _call(world, principal, method, path):
    client = Client()
    headers = {}
    if principal in world["sessions"]:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world["sessions"][principal]
    elif principal in world["keys"]:
        headers["HTTP_X_API_KEY"] = world["keys"][principal]
    with transaction.atomic():  # whatever the call changes is undone for the next caller
        send = client.get if method == "GET" else client.post
        response = send(path, **headers)
        transaction.set_rollback(True)
    return _outcome(response)


def test_who_may_open_what(world):
    seen = {}
    for route, name in _patterns():
        if name in ("api-schema", "api-docs", "healthz"):
            continue  # public by design and checked on their own
        path = _url(route, name, world)
        row = {}
        for method in ("GET", "POST"):
            row[method] = " ".join(f"{who}={_call(world, who, method, path)}" for who in PRINCIPALS)
        seen[f"{name} {route}"] = row
    if os.environ.get("AUTHZ_MATRIX_WRITE"):
        MATRIX.write_text(
            "# Who may open what: outcome per caller for GET and POST of every URL.\n"
            "# ok = answered, login = sent to sign in, redirect = done and sent on,\n"
            "# 4xx = refused with that status. Regenerate: see the test's docstring.\n"
            + yaml.safe_dump(seen, allow_unicode=True, sort_keys=True, width=200)
        )
    expected = yaml.safe_load(MATRIX.read_text())
    missing = sorted(set(seen) - set(expected))
    assert not missing, f"URLs without a row in {MATRIX.name}: {missing}"
    gone = sorted(set(expected) - set(seen))
    assert not gone, f"rows for URLs that no longer exist: {gone}"
    changed = {
        url: {m: (expected[url][m], seen[url][m]) for m in seen[url]
              if seen[url][m] != expected[url][m]}
        for url in seen if seen[url] != expected[url]
    }  # fmt: skip
    assert not changed, changed
