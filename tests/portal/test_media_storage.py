"""Uploaded files on S3-compatible object storage once several web hosts serve them: the
switch is a setting (MEDIA_STORAGE=s3), and the portal's own upload and permission-checked
download work through it (an S3 endpoint in the test process, moto)."""

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from moto import mock_aws

from ..factories import EnterpriseFactory, MembershipFactory, UserFactory
from ..samples import PDF
from .stack import ROOT

S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "S3_BUCKET": "portal-media",
    "S3_REGION": "us-east-1",
    "S3_ACCESS_KEY_ID": "operator-access-key",
    "S3_SECRET_ACCESS_KEY": "operator-secret-key",
}


def _storages_from_environment(env) -> dict:
    """STORAGES as the settings make them from the environment, in a fresh process."""
    code = ("import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.STORAGES['default']))")  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", **env},
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_local_disk_stays_the_default():
    default = _storages_from_environment({"MEDIA_STORAGE": ""})
    assert default["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.django_db
def test_files_go_to_the_bucket_and_come_back_only_to_who_may_see_them(client):
    from portal.roles import Role
    from services.loop.models import Category, HandlingUnit
    from services.loop.services import submit_request

    default = _storages_from_environment(S3_ENV)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="portal-media")
        with override_settings(STORAGES={
            "default": default,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }):  # fmt: skip
            owner = UserFactory(username="tower_clerk", roles=[Role.ENTERPRISE_USER])
            MembershipFactory(user=owner, enterprise=EnterpriseFactory(name="塔筒企业"))
            other = UserFactory(username="other_clerk", roles=[Role.ENTERPRISE_USER])
            MembershipFactory(user=other, enterprise=EnterpriseFactory(name="另一家企业"))
            unit = HandlingUnit.objects.create(name="企业服务科", kind="department")
            category = Category.objects.create(name="土地与建设", default_unit=unit,
                                               time_limit_days=10)  # fmt: skip
            item = submit_request(
                actor=owner, category_id=category.pk, title="堆场不足", description="无处堆放",
                files=[SimpleUploadedFile("照片.pdf", PDF, content_type="application/pdf")],
            )  # fmt: skip
            attachment = item.attachments.get()
            stored = s3.list_objects_v2(Bucket="portal-media")["Contents"]
            assert [o["Key"] for o in stored] == [attachment.file.name]
            assert (
                s3.get_object(Bucket="portal-media", Key=attachment.file.name)["Body"].read() == PDF
            )

            url = reverse("services:attachment_download", args=[attachment.pk])
            client.force_login(owner)
            response = client.get(url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == PDF
            client.force_login(other)
            assert client.get(url).status_code == 404
