"""Who may do what with talents, innovation and lectures: an enterprise's users keep their
own enterprise's talents, positions, problems and trainees; talent officers (and park
administrators) keep the registry, match problems and run the lectures; only talent
officers see ID numbers and mobiles unmasked, and every such view is logged."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role


def acts_for_enterprise(user) -> bool:
    """An enterprise user attached to an enterprise (they act for it)."""
    return (
        user.is_authenticated
        and user.has_role(Role.ENTERPRISE_USER)
        and enterprise_id_of(user) is not None
    )


def acts_for(user, enterprise_id) -> bool:
    return acts_for_enterprise(user) and enterprise_id_of(user) == enterprise_id


def reads_talents(user) -> bool:
    """Park staff who read the whole registry (masked unless ``sees_identity``)."""
    return user.is_authenticated and user.has_perm("talent.view_talent")


def manages_talents(user) -> bool:
    return user.is_authenticated and user.has_perm("talent.change_talent")


def sees_identity(user) -> bool:
    """May see a talent's ID number and mobile in full (each view is logged)."""
    return user.is_authenticated and user.has_perm("talent.view_identity")


def manages_problems(user) -> bool:
    """Park staff who match joint technical problems and record their progress."""
    return user.is_authenticated and user.has_perm("talent.change_problem")


def runs_lectures(user) -> bool:
    """Park staff who mark attendance and see every enrolment of a session."""
    return user.is_authenticated and user.has_perm("talent.change_enrolment")


def handles_problem(user, problem) -> bool:
    """Park staff take a problem's steps (match, progress, solution)."""
    return manages_problems(user)


def posted_problem(user, problem) -> bool:
    return acts_for(user, problem.enterprise_id)
