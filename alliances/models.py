"""Enterprises of the park and the people who act for them.

This is the minimal registry every app scopes data by; the registry issue extends it with the
chains, alliances, labels and party organisations.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import normalize_credit_code, validate_credit_code


class Enterprise(models.Model):
    """A company in the park (链上企业), identified by its unified social credit code."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is already registered.")},
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.credit_code = normalize_credit_code(self.credit_code)


class EnterpriseMembership(models.Model):
    """That a user acts for an enterprise; an enterprise administrator may manage colleagues.

    A person acts for one enterprise at a time, so "my enterprise" is never ambiguous.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_membership",
        verbose_name=_("user"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("enterprise"),
    )
    is_admin = models.BooleanField(
        _("enterprise administrator"),
        default=False,
        help_text=_("May invite and remove colleagues of the same enterprise."),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")

    def __str__(self):
        return f"{self.user} @ {self.enterprise}"
