"""What the apps above ``portal`` contribute to the shared floor.

``portal`` never imports an app above it. Each app says, in its ``AppConfig.ready``, which
URLs it serves, which API routes it adds, which cards and figures it puts on the home page,
which panels on the staff workbench, which links in the navigation and which demo data it
seeds; the portal's pages read them from here. Adding an app never edits portal code beyond
``INSTALLED_APPS``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

# The home page's headline figures are counted at most once a minute, never per visit.
HOME_FIGURES_SECONDS = 60


@dataclass(frozen=True)
class Block:
    """A piece of a portal page drawn by an app: its template and the context it needs.
    ``context`` returns None when the block is not for this visitor."""

    template: str
    context: Callable[[HttpRequest], dict | None] = lambda request: {}
    order: int = 100
    # For blocks the same for every visitor (the home page's figures): how long their
    # context may be served from the cache, per language; 0 computes it on every visit.
    cache_seconds: int = 0


@dataclass(frozen=True)
class EnterprisePanel:
    """A piece of an enterprise's page (its own, and the staff's page of it) drawn by an app:
    ``context(request, enterprise)`` returns None when it has nothing to show."""

    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    shown_to: Callable[[Any], bool]
    order: int = 100
    in_more: bool = False  # listed under the bar's "More" menu, not in the bar itself


@dataclass(frozen=True)
class ApiRoute:
    prefix: str
    viewset: Any
    basename: str


@dataclass(frozen=True)
class DemoSeeder:
    """Seeds an app's demo data; gets what earlier seeders returned (by their name, and the
    command's options under ``"options"``) and returns what later ones need, plus lines to
    print once."""

    name: str
    seed: Callable[[dict], tuple[Any, list[str]]]
    order: int = 100


@dataclass(frozen=True)
class Importer:
    """A spreadsheet import an app offers (``portal.imports``): a django-import-export
    resource, who may run it, and where its rows are listed afterwards."""

    kind: str
    label: Any  # a lazy translation
    resource: Callable[[], Any]
    permissions: tuple[str, ...]
    done_url_name: str


@dataclass(frozen=True)
class PersonalDataSource:
    """What an app holds about a person (``portal.privacy``): ``rows(user)`` lists it as
    dicts of column label → text for the person's own page and export; ``on_erasure(user)``
    does what an approved deletion request asks of the app and returns one sentence saying
    what was removed and what is kept, and why."""

    key: str
    title: Any  # a lazy translation
    rows: Callable[[Any], list[dict]]
    on_erasure: Callable[[Any], str]
    order: int = 100


@dataclass
class Registry:
    url_modules: list[str] = field(default_factory=list)
    api_routes: list[ApiRoute] = field(default_factory=list)
    api_urls: list[Any] = field(default_factory=list)
    home_cards: list[Block] = field(default_factory=list)
    home_figures: list[Block] = field(default_factory=list)
    workbench_panels: list[Block] = field(default_factory=list)
    # The staff dashboard's charts (portal.dashboard.Chart), each from its app's figures.
    dashboard_charts: list[Any] = field(default_factory=list)
    enterprise_panels: list[EnterprisePanel] = field(default_factory=list)
    nav_items: list[NavItem] = field(default_factory=list)
    # The first things a signed-in person comes to do (the home page's and the enterprise
    # page's buttons): "Submit a request", "Post a financing need"...; the first is primary.
    actions: list[NavItem] = field(default_factory=list)
    demo_seeders: list[DemoSeeder] = field(default_factory=list)
    importers: dict[str, Importer] = field(default_factory=dict)
    personal_data: list[PersonalDataSource] = field(default_factory=list)
    # Prometheus metric families an app reads when /metrics is scraped (portal.metrics):
    # callables yielding prometheus_client metric families; kept cheap (an indexed count).
    metric_sources: list[Callable[[], Any]] = field(default_factory=list)
    # Words the text segmenter keeps whole (portal.text): each callable yields the names and
    # terms an app knows (units, enterprises and their short forms, chains, industries).
    text_words: list[Callable[[], Any]] = field(default_factory=list)
    # What the anonymiser removes (portal.text.anonymise): each callable yields
    # (kind, text) pairs, kind one of "person", "enterprise", "place".
    identifying_names: list[Callable[[], Any]] = field(default_factory=list)
    # The enterprise a user acts for (the registry app knows), or None.
    enterprise_of: Callable[[Any], Any] = lambda user: None

    def ordered(self, items):
        return sorted(items, key=lambda item: item.order)


registry = Registry()


def _block_key(block: Block, language: str) -> str:
    return f"block:{block.template}:{language}"


def forget_cached_blocks() -> None:
    """Drop every cached block context, in every language (the next visit counts afresh)."""
    from django.conf import settings

    every = [*registry.home_cards, *registry.home_figures, *registry.workbench_panels]
    cache.delete_many(
        [_block_key(b, code) for b in every if b.cache_seconds for code, _n in settings.LANGUAGES]
    )


def render_blocks(request, blocks: list[Block]) -> list[tuple[str, dict]]:
    """The blocks shown to this visitor, in order, with their contexts (those the same for
    everyone from the cache, all read in one round trip)."""
    ordered = registry.ordered(blocks)
    language = get_language()
    keys = {b.template: _block_key(b, language) for b in ordered if b.cache_seconds}
    cached = cache.get_many(list(keys.values())) if keys else {}
    shown = []
    for block in ordered:
        key = keys.get(block.template)
        if key in cached:
            context = cached[key]
        else:
            context = block.context(request)
            if key:
                cache.set(key, context, block.cache_seconds)
        if context is not None:
            shown.append((block.template, context))
    return shown


def render_enterprise_panels(request, enterprise) -> list[tuple[str, dict]]:
    """The apps' panels on an enterprise's page, in order, with their contexts."""
    shown = []
    for panel in registry.ordered(registry.enterprise_panels):
        context = panel.context(request, enterprise)
        if context is not None:
            shown.append((panel.template, context))
    return shown
