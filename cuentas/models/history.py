"""The audit trail: django-simple-history keeps a row per create, change and delete.

Every model that holds a Cuenta's data is registered here rather than in its
own module, so the list of what is audited reads in one place and the section
modules stay as they are. A historical row stores the whole record as it was,
who changed it (``history_user``), when, and an optional reason
(``history_change_reason``, set by the workflow). tests/test_audit.py checks
that every row model of the section registry is in ``AUDITED``.
"""

from simple_history import register

from .access import RegionMembership
from .budget import BudgetExecution, ProgramBudgetExecution
from .closing import Milestone, Partnership, StrategicAxis, TeamMember
from .communications import (
    ContactsByMonth,
    ContactsByProgram,
    ContactsBySex,
    ContactsByType,
    Efemeride,
    FollowerCount,
    PublicationCount,
)
from .cuenta import Authority, Cuenta, Quote, SectionText
from .figures import DeclaredFigure
from .intermediation import EmploymentActivity, FomilAgreement, FomilSummary, IntermediationResult
from .participation import CosocActivity, CosocCouncil, CosocMember, FieldEvent, ParticipatoryDialogue
from .participation_process import Answer, CosocObservation, CosocSession, ParticipationProcess, Question
from .subsidies import SubsidyResult
from .training import CertificationResult, Initiative, TaxFranchise, TrainingParticipation, TrainingSummary

AUDITED = (
    Cuenta,
    Authority,
    Quote,
    SectionText,
    DeclaredFigure,
    BudgetExecution,
    ProgramBudgetExecution,
    TrainingSummary,
    TrainingParticipation,
    TaxFranchise,
    Initiative,
    CertificationResult,
    IntermediationResult,
    FomilAgreement,
    FomilSummary,
    EmploymentActivity,
    SubsidyResult,
    CosocCouncil,
    CosocMember,
    CosocActivity,
    ParticipatoryDialogue,
    FieldEvent,
    PublicationCount,
    FollowerCount,
    Efemeride,
    ContactsByType,
    ContactsBySex,
    ContactsByMonth,
    ContactsByProgram,
    Milestone,
    Partnership,
    StrategicAxis,
    TeamMember,
    RegionMembership,
    # Participation: every moderation and answer step, with who and when.
    ParticipationProcess,
    Question,
    Answer,
    CosocSession,
    CosocObservation,
)

#: Per-model options: a timestamp Django keeps is not a change of the data;
#: the comunas an initiative names are a many-to-many list, tracked as such.
OPTIONS = {
    Cuenta: {"excluded_fields": ["updated_at"]},
    Initiative: {"m2m_fields": ["comunas"]},
    CosocSession: {"m2m_fields": ["attendees"]},
    ParticipationProcess: {"excluded_fields": ["updated_at"]},
}

for _model in AUDITED:
    register(_model, app="cuentas", **OPTIONS.get(_model, {}))
