"""The Django project package and the parts every app shares."""

from .celery import app as celery_app

__all__ = ("celery_app",)
