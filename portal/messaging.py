"""Adapters for outbound channels other than e-mail (SMS, WeChat).

A real gateway implements :class:`OutboundBackend` and is named in ``SMS_BACKEND`` /
``WECHAT_BACKEND``; the logging backend only writes a log line, for development and tests.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from .personal_data import mask_mobile

logger = logging.getLogger(__name__)


class OutboundBackend:
    channel = ""

    def __init__(self, channel: str):
        self.channel = channel

    def send(self, *, address: str, title: str, body: str) -> None:
        raise NotImplementedError


class LoggingBackend(OutboundBackend):
    """Writes what would have been sent, with the address masked."""

    def send(self, *, address: str, title: str, body: str) -> None:
        logger.info("%s message to %s: %s", self.channel, mask_mobile(address), title)


def get_backend(channel: str) -> OutboundBackend:
    path = {"sms": settings.SMS_BACKEND, "wechat": settings.WECHAT_BACKEND}[channel]
    return import_string(path)(channel)
