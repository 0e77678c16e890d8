"""What an operator watches: one JSON log line per request with its id, the metrics page
(and who may read it), error reports that carry the request id and no personal data."""

import gzip
import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
import sentry_sdk
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from portal.logs import PortalJsonFormatter, RequestIdFilter


@pytest.fixture
def json_lines():
    """The portal's request log as the production handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(PortalJsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("portal.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_is_logged_once_as_json_with_the_id_it_answers_with(client, json_lines):
    response = client.get("/accounts/login/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = json_lines()
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/accounts/login/", 200)
    assert line["level"] == "INFO" and line["logger"] == "portal.request"
    assert line["duration_ms"] >= 0 and line["user_id"] is None


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client, json_lines):
    nginx_id = "6c1e0f3a9b2d4e5f8a7b6c5d4e3f2a1b"
    assert client.get("/", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id
    odd = client.get("/", HTTP_X_REQUEST_ID='"><script>')["X-Request-ID"]
    assert odd != '"><script>' and len(odd) == 32
    assert [x["request_id"] for x in json_lines()] == [nginx_id, odd]


@pytest.mark.django_db
def test_probes_are_not_logged(client, json_lines):
    client.get("/healthz")
    client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert json_lines() == []


# --- metrics -------------------------------------------------------------------------------


@pytest.fixture
def open_requests(user_a):
    from services.loop.choices import Light
    from services.loop.models import Category, HandlingUnit
    from services.loop.services import submit_request

    unit = HandlingUnit.objects.create(name="企业服务科", kind="department")
    category = Category.objects.create(name="土地与建设", default_unit=unit, time_limit_days=10)
    made = [
        submit_request(
            actor=user_a, category_id=category.pk, title=f"诉求{n}", description="厂区道路破损"
        )
        for n in range(3)
    ]
    type(made[0]).objects.filter(pk=made[0].pk).update(light=Light.RED)
    return made


def _metrics(client, **extra):
    return client.get("/metrics", REMOTE_ADDR=extra.pop("REMOTE_ADDR", "127.0.0.1"), **extra)


@pytest.mark.django_db
def test_metrics_count_open_requests_by_light(client, open_requests):
    response = _metrics(client)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'portal_requests_open{light="green"} 2.0' in text
    assert 'portal_requests_open{light="red"} 1.0' in text
    assert 'portal_requests_open{light="yellow"} 0.0' in text
    assert "portal_celery_queue_length" in text
    assert "django_http_requests_total_by_method_total" in text  # django-prometheus's own


@pytest.mark.django_db
def test_metrics_are_for_the_operators_network_only(client):
    assert _metrics(client, REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through the proxy, whatever the address the proxy connects from.
    assert _metrics(client, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    with override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"]):
        from portal.metrics import _allowed_networks

        _allowed_networks.cache_clear()
        try:
            assert _metrics(client, REMOTE_ADDR="10.1.2.3").status_code == 200
            assert _metrics(client, REMOTE_ADDR="127.0.0.1").status_code == 404
        finally:
            _allowed_networks.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_notifications_are_counted_by_kind_once_committed(client, user_a, user_b):
    from portal.metrics import KEY, _client
    from portal.notifications import notify

    _client().delete(f"{KEY}:counters")
    notify(recipients=[user_a, user_b], kind="welcome", dedupe_key="w")
    notify(recipients=[user_a, user_b], kind="welcome", dedupe_key="w")  # nobody new
    text = _metrics(client).content.decode()
    assert 'portal_notifications_total{kind="welcome"} 2.0' in text


# --- error reports -------------------------------------------------------------------------


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def _fails(request):
    id_number = request.POST["id_number"]  # a local variable of the failing frame
    raise RuntimeError(f"the ledger could not be written ({len(id_number)})")


def _fine(request):
    return HttpResponse("ok")


urlpatterns = [path("fails/", _fails), path("fine/", _fine)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_error_is_reported_with_its_request_id_and_no_personal_data(client, user_a):
    from portal.sentry import init_sentry

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Collector.received = []
    init_sentry(f"http://publickey@127.0.0.1:{server.server_port}/7", environment="test",
                traces_sample_rate=0.0)  # fmt: skip
    try:
        client.force_login(user_a)
        client.raise_request_exception = False
        response = client.post("/fails/?mobile=13800001111", {"id_number": "370684199001011234",
                                                             "note": "13800001111"})  # fmt: skip
        assert response.status_code == 500
        assert client.post("/fine/").status_code == 200  # nothing is sent for a success
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init(dsn=None)
        server.shutdown()
    [envelope] = _Collector.received
    text = envelope.decode()
    assert "the ledger could not be written (18)" in text
    event = next(json.loads(line) for line in text.splitlines() if '"exception"' in line)
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    for personal in ("370684199001011234", "13800001111", "firm_a_user", "sessionid"):
        assert personal not in text
