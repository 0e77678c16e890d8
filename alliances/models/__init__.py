"""The park's map: industry chains, their party alliances, and the enterprises on them.

Everything else in the portal scopes its data by ``Enterprise`` and reads chains from here.
"""

from portal.history import track_history

from .alliance import (
    Alliance,
    AllianceMember,
    Campaign,
    ChairTerm,
    Honour,
    InvestmentEvent,
    InvestmentProject,
    JointMeeting,
    MeetingDecision,
)
from .chain_map import Chain, ChainLink, ChainSegment
from .common import MONEY, DateRange
from .registry import (
    Enterprise,
    EnterpriseChange,
    EnterpriseMembership,
    GrowthStep,
    Invitation,
    JoinApplication,
    PartyOrganization,
)

__all__ = [
    "MONEY",
    "Alliance",
    "AllianceMember",
    "Campaign",
    "Chain",
    "ChainLink",
    "ChainSegment",
    "ChairTerm",
    "DateRange",
    "Enterprise",
    "EnterpriseChange",
    "EnterpriseMembership",
    "GrowthStep",
    "Honour",
    "InvestmentEvent",
    "InvestmentProject",
    "Invitation",
    "JoinApplication",
    "JointMeeting",
    "MeetingDecision",
    "PartyOrganization",
]

# Every change of the registry and the alliances on record (portal/history.py).
track_history(
    Chain, ChainSegment, ChainLink, PartyOrganization, Enterprise, GrowthStep,
    EnterpriseMembership, JoinApplication, Invitation, EnterpriseChange, Alliance,
    AllianceMember, ChairTerm, JointMeeting, MeetingDecision, Campaign, Honour,
    InvestmentProject, InvestmentEvent,
    # The contact's name and mobile are personal data: they stay out of the record.
    exclude={"Enterprise": ["contact_person", "contact_mobile"]},
)  # fmt: skip
