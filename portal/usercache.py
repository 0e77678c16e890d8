"""What every signed-in page asks of its user, from the cache: the roles and permissions
(the navigation, every permission check) and the unread notifications (the bell).

Roles and permissions are kept under a version that any change of a user's groups or
permissions, a group's permissions, a group or a permission, or a migration bumps: the next
page reads them afresh. The unread count is dropped when a notification is made for the
user or the user reads some, and lives five minutes at most, so a path that forgets to say
so (an administrator deleting rows) is right again soon.
"""

import logging
from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

logger = logging.getLogger(__name__)
VERSION_KEY = "auth:version"
FACTS_SECONDS = 3600
UNREAD_SECONDS = 300
# Further facts of a user kept with the roles, declared by the apps that own them (the units
# a user works in, the enterprise a user acts for): name -> compute(user).
_FACTS: dict[str, Callable] = {}


def user_fact(name: str):
    """Declare ``name`` a fact kept with the user's roles, computed by the decorated function.
    Whoever changes what it reads connects ``forget_auth`` to that change."""

    def register(compute):
        _FACTS[name] = compute
        return compute

    return register


def fact_of(user, name: str):
    """A declared fact of the signed-in ``user``, from the cache like the roles."""
    facts = auth_facts(user)
    if name not in facts:  # kept before the fact was declared: read it, keep it on the user
        facts = user._auth_facts = {**facts, name: _FACTS[name](user)}
    return facts[name]


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _unread_key(user_id: int, version: int) -> str:
    return f"unread:{user_id}:{version}"


def _load(user) -> None:
    """Roles, permissions and the unread count in one round trip after the version's."""
    version = _version()
    facts_key = f"auth:{user.pk}:{version}:{int(user.is_superuser)}"
    unread_key = _unread_key(user.pk, version)
    found = cache.get_many([facts_key, unread_key])
    facts = found.get(facts_key)
    if facts is None:
        facts = {"roles": frozenset(user.groups.values_list("name", flat=True)),
                 "perms": _permissions_of(user),
                 **{name: compute(user) for name, compute in _FACTS.items()}}  # fmt: skip
        cache.set(facts_key, facts, FACTS_SECONDS)
    user._auth_facts, user._unread, user._unread_key = facts, found.get(unread_key), unread_key


def auth_facts(user) -> dict:
    """{"roles": frozenset of group names, "perms": frozenset of "app.codename"}, read once
    per request (kept on the user object) and from the cache across requests."""
    if not hasattr(user, "_auth_facts"):
        _load(user)
    return user._auth_facts


def _permissions_of(user) -> frozenset[str]:
    perms = Permission.objects.all()
    if not user.is_superuser:
        perms = perms.filter(Q(user=user) | Q(group__user=user))
    return frozenset(
        f"{app_label}.{codename}"
        for app_label, codename in perms.values_list(
            "content_type__app_label", "codename"
        ).distinct()
    )


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)
    except Exception:  # a cache that is down must not stop the change
        logger.warning("could not bump the cached roles' version", exc_info=True)


def forget_auth(**_kwargs) -> None:
    """Everyone's roles and permissions are read afresh on their next page: from now, and
    again once the change commits (a page read in between saw the roles from before it and
    may have kept them under the new version)."""
    _bump_version()
    transaction.on_commit(_bump_version)


def unread_count(user) -> int:
    from .models import Notification

    if not hasattr(user, "_auth_facts"):
        _load(user)
    if user._unread is None:
        user._unread = Notification.objects.for_user(user).unread().count()
        cache.set(user._unread_key, user._unread, UNREAD_SECONDS)
    return user._unread


def forget_unread(user_ids) -> None:
    """Drop these users' unread counts now (this transaction's later reads count afresh) and
    again once it commits (a page read meanwhile may have cached the count from before)."""
    user_ids = list(user_ids)

    def forget():
        cache.delete_many([_unread_key(pk, _version()) for pk in user_ids])

    if user_ids:
        forget()
        transaction.on_commit(forget)


def connect() -> None:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through,
                    Group.permissions.through):  # fmt: skip
        m2m_changed.connect(forget_auth, sender=through, dispatch_uid=f"forget-auth-{through}")
    for model in (Group, Permission):
        post_save.connect(forget_auth, sender=model, dispatch_uid=f"forget-auth-save-{model}")
        post_delete.connect(forget_auth, sender=model, dispatch_uid=f"forget-auth-del-{model}")
    post_migrate.connect(forget_auth, dispatch_uid="forget-auth-migrate")
