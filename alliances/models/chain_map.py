"""The industry chains and their panorama: segments and links (产业链全景图)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    SegmentPosition,
)


class Chain(models.Model):
    """An industry chain the park builds (产业链), e.g. offshore engineering equipment."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ChainSegment(models.Model):
    """Upstream, midstream or downstream part of a chain, holding its links."""

    chain = models.ForeignKey(
        Chain, on_delete=models.CASCADE, related_name="segments", verbose_name=_("chain")
    )
    position = models.CharField(_("position"), max_length=12, choices=SegmentPosition.choices)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain segment")
        verbose_name_plural = _("chain segments")
        ordering = ["chain", "order", "id"]

    def __str__(self):
        return f"{self.chain} · {self.name}"


class ChainLink(models.Model):
    """One link of a chain (环节), e.g. tower manufacturing; a link with no local enterprise
    is a gap, i.e. an investment-attraction target."""

    segment = models.ForeignKey(
        ChainSegment, on_delete=models.CASCADE, related_name="links", verbose_name=_("segment")
    )
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["segment", "order", "id"]

    def __str__(self):
        return f"{self.segment.chain} · {self.name}"
