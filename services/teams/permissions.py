"""Who may do what with the teams' work: cadres log visits and handle paperwork for their
team; park staff assign liaisons, plan visits and push policies; an enterprise asks for
help and reads its own cases."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role


def is_cadre(user) -> bool:
    """The user holds the cadre role (from the cached roles: no query); ``cadre_of`` reads
    their record."""
    return user.is_authenticated and user.has_role(Role.CADRE)


def cadre_of(user):
    """The user's active cadre record, or None (read once per request)."""
    if not is_cadre(user):
        return None
    if not hasattr(user, "_cadre"):
        from .models import Cadre

        user._cadre = (
            Cadre.objects.select_related("team__unit", "team__chain")
            .filter(user=user, is_active=True)
            .first()
        )
    return user._cadre


def manages_teams(user) -> bool:
    """Park staff who assign liaisons, plan visits and push policies."""
    return user.is_authenticated and user.has_perm("teams.change_liaison")


def reads_teams(user) -> bool:
    return user.is_authenticated and user.has_perm("teams.view_visit")


def acts_for_case(user, case) -> bool:
    return (
        user.is_authenticated and user.has_role(Role.ENTERPRISE_USER)
        and enterprise_id_of(user) == case.enterprise_id
    )  # fmt: skip


def in_case_team(user, case) -> bool:
    cadre = cadre_of(user)
    return cadre is not None and cadre.team_id == case.team_id


def holds_case(user, case) -> bool:
    """The cadre handling the case, or the leader of its team."""
    cadre = cadre_of(user)
    if cadre is None or cadre.team_id != case.team_id:
        return False
    return case.cadre_id == cadre.pk or cadre.team.unit.leader_id == user.pk
