"""The talent app's pages run a fixed number of queries, however many rows."""

import pytest

from talent import services
from talent.models import Course, Matchmaking, Platform, TalentDemand, University

from ..pages import queries_of
from .conftest import id_number, make_session, make_talent

pytestmark = pytest.mark.django_db


def _grow(n, *, firm, user, course, session, start):
    for i in range(start, start + n):
        make_talent(firm, number=id_number(serial=f"{i:03d}"), name=f"人才{i}")
        TalentDemand.objects.create(enterprise=firm, title=f"岗位{i}", field=f"领域{i}", number=1,
                                    requirements="x", salary_min=1, salary_max=2)  # fmt: skip
        services.post_problem(actor=user, enterprise=firm, title=f"难题{i}", field="f",
                              description="d")  # fmt: skip
        university = University.objects.create(name=f"大学{i}", kind="university", city="烟台")
        Platform.objects.create(name=f"平台{i}", type="key_lab", level="municipal",
                                enterprise=firm, university=university, year=2020)  # fmt: skip
        event = Matchmaking.objects.create(title=f"对接会{i}", held_on="2026-01-01")
        event.enterprises.add(firm)
        event.universities.add(university)
        make_session(Course.objects.create(title=f"课程{i}", topic="policy"), in_days=3 + i)
        services.enrol(actor=user, session_id=session.pk, enterprise=firm,
                       people=[{"name": f"学员{i}", "mobile": f"137{i:08d}"}])  # fmt: skip


@pytest.mark.parametrize("url,who", [
    ("/talent/", "officer"), ("/talent/", "user_a"), ("/talent/positions/", "officer"),
    ("/talent/positions/", "user_a"), ("/innovation/", "anonymous"),
    ("/innovation/problems/", "officer"), ("/innovation/problems/", "user_a"),
    ("/lectures/", "anonymous"), ("/lectures/sessions/{session}/", "officer"),
    ("/lectures/sessions/{session}/", "user_a"), ("/staff/talent/", "officer"),
    ("/lectures/certificates/", "officer"),
])  # fmt: skip
def test_fixed_queries(client, firm_a, user_a, officer, course, url, who):
    people = {"officer": officer, "user_a": user_a}
    if who in people:
        client.force_login(people[who])
    session = make_session(course, capacity=100)
    url = url.format(session=session.pk)
    grow = {"firm": firm_a, "user": user_a, "course": course, "session": session}
    _grow(2, start=0, **grow)
    client.get(url)  # warm the caches a first visit fills
    few = queries_of(client, url)
    _grow(6, start=10, **grow)
    client.get(url)  # the bell's count after the new notifications
    assert queries_of(client, url) == few, url
