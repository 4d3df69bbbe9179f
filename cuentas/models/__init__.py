"""The models of a Cuenta Pública, one module per section of the document."""

from .access import RegionMembership
from .budget import BudgetExecution, ProgramBudgetExecution
from .catalogues import (
    ActivityKind,
    BudgetSubtitle,
    Comuna,
    ContactType,
    IntermediationChannel,
    IntermediationIndicator,
    ProductiveSector,
    ProgramLine,
    PublicationCategory,
    Region,
    SocialNetwork,
    Subsidy,
)
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
from .cuenta import Authority, Cuenta, Quote, SectionKey, SectionText
from .figures import DeclaredFigure, Metric
from .fiscal_years import FiscalYear, NationalSubsidyTotal
from .history import AUDITED
from .intermediation import EmploymentActivity, FomilAgreement, FomilSummary, IntermediationResult
from .participation import CosocActivity, CosocCouncil, CosocMember, FieldEvent, ParticipatoryDialogue
from .participation_process import (
    Answer,
    CosocObservation,
    CosocSession,
    ParticipationProcess,
    ParticipationTopic,
    Question,
)
from .subsidies import SubsidyResult
from .training import CertificationResult, Initiative, TaxFranchise, TrainingParticipation, TrainingSummary
from .versions import CuentaVersion

__all__ = [
    "AUDITED",
    "ActivityKind",
    "Answer",
    "Authority",
    "BudgetExecution",
    "BudgetSubtitle",
    "CertificationResult",
    "Comuna",
    "ContactType",
    "ContactsByMonth",
    "ContactsByProgram",
    "ContactsBySex",
    "ContactsByType",
    "CosocActivity",
    "CosocCouncil",
    "CosocMember",
    "CosocObservation",
    "CosocSession",
    "Cuenta",
    "CuentaVersion",
    "DeclaredFigure",
    "Efemeride",
    "EmploymentActivity",
    "FieldEvent",
    "FiscalYear",
    "FollowerCount",
    "FomilAgreement",
    "FomilSummary",
    "Initiative",
    "IntermediationChannel",
    "IntermediationIndicator",
    "IntermediationResult",
    "Metric",
    "Milestone",
    "NationalSubsidyTotal",
    "ParticipationProcess",
    "ParticipationTopic",
    "ParticipatoryDialogue",
    "Partnership",
    "ProductiveSector",
    "ProgramBudgetExecution",
    "ProgramLine",
    "PublicationCategory",
    "PublicationCount",
    "Question",
    "Quote",
    "Region",
    "RegionMembership",
    "SectionKey",
    "SectionText",
    "SocialNetwork",
    "StrategicAxis",
    "Subsidy",
    "SubsidyResult",
    "TaxFranchise",
    "TeamMember",
    "TrainingParticipation",
    "TrainingSummary",
]
