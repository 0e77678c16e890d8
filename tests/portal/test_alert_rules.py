"""The alerting rules an operator loads into Prometheus (deploy/prometheus/alerts.yml): valid
for Prometheus's own promtool, each alert proven by promtool's unit tests to fire on what
should raise it and stay quiet on a healthy portal, and every metric they read exported by
the portal's /metrics (a renamed metric would otherwise silence its alert)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


def _promtool() -> str:
    found = shutil.which("promtool")
    if not found:
        pytest.skip("promtool not installed: apt-get install prometheus (CI installs it)")
    return found


def test_promtool_checks_the_rules_and_their_unit_tests_pass():
    promtool = _promtool()
    checked = subprocess.run([promtool, "check", "rules", "alerts.yml"], cwd=RULES,
                             capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run([promtool, "test", "rules", "alerts.test.yml"], cwd=RULES,
                            capture_output=True, text=True)  # fmt: skip
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_every_alert_has_a_unit_test_that_makes_it_fire():
    rules = yaml.safe_load((RULES / "alerts.yml").read_text())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    tests = yaml.safe_load((RULES / "alerts.test.yml").read_text())["tests"]
    fired = {
        case["alertname"]
        for test in tests
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert alerts == fired
    assert {"PortalDown", "BeatSilent", "QueueBackingUp", "TasksFailing", "PagesFailing",
            "OverdueRequestsGrowing", "CertificateExpiresSoon"} <= alerts  # fmt: skip


@pytest.mark.django_db
def test_every_metric_the_rules_read_is_exported(client):
    from portal.models import Heartbeat
    from portal.tasks import BEAT_HEARTBEAT

    Heartbeat.objects.create(name=BEAT_HEARTBEAT, stamped_at=timezone.now())
    client.get("/")
    exported = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    samples = set(re.findall(r"^([a-zA-Z_:][\w:]*)[{ ]", exported, re.M))
    types = dict(re.findall(r"^# TYPE (\w+) (\w+)", exported, re.M))

    def is_exported(name):  # a family with no sample yet still declares its type
        if name in samples:
            return True
        for suffix, kind in (("_bucket", "histogram"), ("_total", "counter")):
            if name.endswith(suffix) and types.get(name.removesuffix(suffix)) == kind:
                return True
        return types.get(name) in ("gauge", "counter")

    rules = yaml.safe_load((RULES / "alerts.yml").read_text())
    expressions = " ".join(rule["expr"] for group in rules["groups"] for rule in group["rules"])
    read = set(re.findall(r"\b((?:portal|django)_\w+)", expressions))
    assert len(read) >= 6, read
    assert not {name for name in read if not is_exported(name)}
    assert re.search(r"^portal_beat_heartbeat_age_seconds \d", exported, re.M)
